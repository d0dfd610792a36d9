// azcloudhsm_emu chaos: a seeded run of random commands (the proof operations of model.ts) with node
// faults among them and, with --daemon-restarts, the client daemon killed (kill -9 or SIGTERM) and
// started again between commands; azcloudhsm_util's commands go through that daemon, mgmt_util's run
// in-process on the journal. Every step is checked against the reference model; at the end every node
// is brought back and checked, a replay of the journal from scratch is compared with the live state,
// and fsck runs. The same seed gives the same run.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Cluster } from '../../emulator/cluster.ts';
import type { Session } from '../../emulator/operations/operation.ts';
import { login, logout } from '../../emulator/operations/users.ts';
import { DaemonConnection } from '../client/connection.ts';
import { readClientConfig } from '../client/daemon.ts';
import { fsck } from '../emu/fsck.ts';
import { type HomePaths, openHome, packageRoot } from '../home.ts';
import { activate } from './activate.ts';
import { ProofDriver } from './driver.ts';
import { describeOp, opFromNumbers, SERVERS } from './model.ts';

export const CHAOS_USAGE = `Usage: azcloudhsm_emu [--home DIR] chaos --seed S --steps N [--daemon-restarts] [--quiet]
  Runs N random commands (users and keys, global and server scope, syncUser/syncKey) with node faults
  among them; --daemon-restarts: azcloudhsm_util's commands go through the client daemon, which is
  killed (kill -9 or SIGTERM) and started again at random. Each step is checked against a reference
  model of the rules; at the end every node is brought back and must hold what the rules say, a replay
  of the journal from scratch must equal the live state, and fsck must pass. Exit 0 only without a
  problem. Without --home it runs on a temporary home of its own (removed unless a problem is found);
  with --home, on that home (set up and activated if new; its admin's password must be adminpassword).
  --quiet: the summary only.`;

export interface ChaosOptions {
  readonly seed: number;
  readonly steps: number;
  readonly daemonRestarts: boolean;
  /** The home to run on; a temporary one when absent. */
  readonly home?: string;
  readonly out: (line: string) => void;
}

export interface ChaosReport {
  readonly steps: number;
  readonly faults: number;
  readonly restarts: number;
  readonly eventsVerified: number;
  readonly problems: readonly string[];
}

/** A small seeded generator (mulberry32): the same seed, the same run, on any machine. */
export function seededNumbers(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** The client daemon of a home, as a child process this run starts and stops. */
class ChaosDaemon {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();

  constructor(
    private readonly paths: HomePaths,
    readonly socket: string,
  ) {}

  async start(): Promise<void> {
    const child = spawn(process.execPath, [join(packageRoot(), 'dist', 'azcloudhsm_client.js'), this.paths.resourceCfg], {
      cwd: this.paths.bin,
      env: { ...process.env, AZCLOUDHSM_EMU_HOME: this.paths.root },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let errors = '';
    child.stderr!.on('data', (b: Buffer) => (errors += b.toString()));
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    for (let i = 0; i < 400; i++) {
      if (child.exitCode !== null) break;
      if (existsSync(this.socket)) {
        try {
          const c = await DaemonConnection.connect(this.socket);
          await c.hello('azcloudhsm_emu chaos');
          c.close();
          return;
        } catch {
          // Not answering yet.
        }
      }
      await new Promise((r) => setTimeout(r, 25));
    }
    child.kill('SIGKILL');
    throw new Error(`the client daemon did not start${errors ? `: ${errors.trim()}` : ''}`);
  }

  async stop(signal: 'SIGKILL' | 'SIGTERM'): Promise<void> {
    if (this.child && this.child.exitCode === null) this.child.kill(signal);
    await this.exited;
    this.child = undefined;
  }
}

/** Sets up (or opens) the home, runs the seeded steps, and checks the rules; never throws for a problem found. */
export async function runChaos(options: ChaosOptions): Promise<ChaosReport> {
  const temporary = options.home === undefined;
  const root = options.home ?? mkdtempSync(join(tmpdir(), 'azcloudhsm-chaos-'));
  const say = options.out;
  say(`chaos: seed ${options.seed}, ${options.steps} steps${options.daemonRestarts ? ', daemon restarts' : ''}, on ${temporary ? 'a temporary home' : 'the home'} ${root}`);
  const { cluster, paths } = openHome(root);
  const problems: string[] = [];
  let restarts = 0;
  let daemon: ChaosDaemon | undefined;
  let driver: ProofDriver | undefined;
  let eventsVerified = 0;
  try {
    if (!cluster.state.nodes.every((n) => n.activated)) activate(cluster, paths.cert);
    for (const s of SERVERS) if (!cluster.state.nodes[s]!.up) cluster.setNodeUp(s, true);
    // The driver acts as the CO admin with the guide's password; a home where it differs cannot be used.
    const officer: Session = { scope: { kind: 'global' }, connected: [...SERVERS] };
    const probe = cluster.execute(login, { type: 'CO', name: 'admin', password: 'adminpassword' }, officer);
    if (!probe.login) throw new Error('the CO admin cannot log in with the password adminpassword: chaos needs a new home, or one it set up');
    cluster.execute(logout, {}, { ...officer, login: probe.login });
    if (options.daemonRestarts) {
      daemon = new ChaosDaemon(paths, readClientConfig(paths).socketPath);
      await daemon.start();
    }
    const socket = daemon?.socket;
    driver = new ProofDriver(cluster, socket ? { kind: 'daemon', connect: () => DaemonConnection.connect(socket) } : { kind: 'in-process' });
    const next = seededNumbers(options.seed);
    for (let i = 1; i <= options.steps; i++) {
      if (daemon && next() % 8 === 0) {
        const signal = next() % 2 === 0 ? 'SIGKILL' : 'SIGTERM';
        await daemon.stop(signal);
        await daemon.start();
        restarts++;
        say(`  daemon restarted (${signal === 'SIGKILL' ? 'kill -9' : 'SIGTERM'})`);
      }
      const op = opFromNumbers([next(), next(), next(), next()], driver.model);
      const before = driver.mismatches.length;
      const step = await driver.perform(op);
      const accepted = op.kind === 'down' || op.kind === 'up' ? '' : `: servers [${step.actual.join(',')}] accept`;
      say(`  ${i}. ${describeOp(op)}${accepted}${driver.mismatches.length > before ? '  <- differs from the model' : ''}`);
    }
    eventsVerified = (await driver.finish(() => Cluster.open(paths.journal, cluster.env))).eventsVerified;
    problems.push(...driver.mismatches);
  } catch (e) {
    problems.push(`the run stopped: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    await daemon?.stop('SIGTERM');
    cluster.close();
  }
  const checked = fsck(paths);
  if (checked.problems > 0) problems.push(...checked.lines.filter((l) => l.startsWith('problem: ')).map((l) => `fsck: ${l.slice('problem: '.length)}`));
  const faults = driver?.steps.filter((s) => s.op.kind === 'down').length ?? 0;
  say(`steps ${driver?.steps.length ?? 0} (commands ${options.steps}), node faults ${faults}, daemon restarts ${restarts}, events verified ${eventsVerified}, problems ${problems.length}`);
  for (const p of problems) say(`problem: ${p}`);
  if (temporary) {
    if (problems.length === 0) rmSync(root, { recursive: true, force: true });
    else say(`the home is kept for a look: ${root}`);
  }
  return { steps: options.steps, faults, restarts, eventsVerified, problems };
}

/** The command line: --seed S --steps N [--daemon-restarts] [--quiet]; the exit code. */
export async function chaosCommand(args: readonly string[], home: string | undefined, out: (line: string) => void, err: (line: string) => void): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    out(CHAOS_USAGE);
    return 0;
  }
  let seed: number | undefined;
  let steps: number | undefined;
  let daemonRestarts = false;
  let quiet = false;
  const whole = (v: string | undefined, max: number): number | undefined => (v !== undefined && /^\d{1,10}$/.test(v) && Number(v) <= max ? Number(v) : undefined);
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--seed') seed = whole(args[++i], 0xffffffff);
    else if (a === '--steps') steps = whole(args[++i], 1_000_000);
    else if (a === '--daemon-restarts') daemonRestarts = true;
    else if (a === '--quiet') quiet = true;
    else {
      err(`azcloudhsm_emu chaos: unknown option '${a}'\n${CHAOS_USAGE}`);
      return 2;
    }
  }
  if (seed === undefined || steps === undefined) {
    err(`azcloudhsm_emu chaos: --seed S (0 to 4294967295) and --steps N (0 to 1000000) are needed\n${CHAOS_USAGE}`);
    return 2;
  }
  const report = await runChaos({ seed, steps, daemonRestarts, ...(home === undefined ? {} : { home }), out: quiet ? (l) => (l.startsWith('  ') ? undefined : out(l)) : out });
  return report.problems.length === 0 ? 0 : 1;
}
