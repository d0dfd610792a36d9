// Crash tests (issue 8, proof): a stream of changes from azcloudhsm_mgmt_util (createUser) and
// azcloudhsm_util through the client daemon (genSymKey) runs while kill -9 hits the daemon or one of
// the tools at a random point. After each kill (and the daemon's restart) every user and key whose
// success a tool printed must be on every node, and at the end fsck passes. Seeded (CRASH_SEED);
// CRASH_ROUNDS makes it longer.
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import test from 'ava';
import { openHome } from '../src/home.ts';
import { seededNumbers } from '../src/proof/chaos.ts';
import { LOGIN_CU1, startDaemon, type RunningDaemon } from './helpers/daemon.ts';
import { ownedHome } from './helpers/ownership.ts';
import { ROOT, run } from './helpers/tools.ts';

const rounds = Number(process.env.CRASH_ROUNDS ?? 6);
const seed = Number(process.env.CRASH_SEED ?? Date.now() % 2 ** 31);

interface Running {
  readonly child: ChildProcess;
  readonly output: () => string;
  readonly exited: Promise<void>;
}

function startTool(tool: 'azcloudhsm_mgmt_util' | 'azcloudhsm_util', home: string, lines: readonly string[]): Running {
  const args = tool === 'azcloudhsm_mgmt_util' ? ['./azcloudhsm_resource.cfg'] : [];
  const child = spawn(process.execPath, [join(ROOT, 'dist', `${tool}.js`), ...args], { cwd: join(home, 'bin'), env: { ...process.env, AZCLOUDHSM_EMU_HOME: home, NO_COLOR: '1' }, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
  child.stdin!.on('error', () => undefined);
  child.stdin!.end(lines.join('\n') + '\n');
  return { child, output: () => out, exited: new Promise((resolve) => child.once('close', () => resolve())) };
}

/** The users whose createUser printed success: each `Creating User NAME(CU)` section with a success line. */
function acknowledgedUsers(output: string): string[] {
  return output
    .split(/Creating User /)
    .slice(1)
    .filter((section) => /createUser success on server/.test(section))
    .map((section) => /^([^(]+)\(/.exec(section)![1]!);
}

/** The keys whose genSymKey printed success, as handle and label. */
function acknowledgedKeys(output: string, labels: readonly string[]): { handle: number; label: string }[] {
  const sections = output.split(/Command:\s+genSymKey /).slice(1);
  return sections.flatMap((section) => {
    const m = /returned: 0x00 : HSM Return: SUCCESS[\s\S]*?Key Handle: (\d+)/.exec(section);
    const label = /-l (\S+)/.exec(section)?.[1] ?? labels.find((l) => section.includes(l));
    return m && label ? [{ handle: Number(m[1]), label }] : [];
  });
}

test('kill -9 of the daemon and the tools at random points: every printed success survives, fsck passes', async (t) => {
  const home = ownedHome({ withCu1: true });
  let daemon: RunningDaemon = await startDaemon(home);
  t.teardown(() => void daemon.stop());
  const next = seededNumbers(seed);
  const users: string[] = [];
  const keys: { handle: number; label: string }[] = [];
  const killed: Record<string, number> = { daemon: 0, azcloudhsm_mgmt_util: 0, azcloudhsm_util: 0 };
  for (let round = 0; round < rounds; round++) {
    const names = Array.from({ length: 12 }, (_, i) => `cr${round}x${i}`);
    const labels = Array.from({ length: 12 }, (_, i) => `k${round}x${i}`);
    const mgmt = startTool('azcloudhsm_mgmt_util', home, ['loginHSM CO admin adminpassword', ...names.flatMap((n) => [`createUser CU ${n} password1`, 'y']), 'quit']);
    const util = startTool('azcloudhsm_util', home, [LOGIN_CU1, ...labels.map((l) => `genSymKey -t 31 -s 16 -l ${l}`), 'exit']);
    const victim = (['daemon', 'azcloudhsm_mgmt_util', 'azcloudhsm_util'] as const)[next() % 3]!;
    await new Promise((r) => setTimeout(r, 150 + (next() % 1500)));
    const target = victim === 'daemon' ? daemon.child : victim === 'azcloudhsm_mgmt_util' ? mgmt.child : util.child;
    if (target.exitCode === null && target.signalCode === null) {
      target.kill('SIGKILL');
      killed[victim]!++;
    }
    await Promise.all([mgmt.exited, util.exited]);
    if (victim === 'daemon') {
      await daemon.stop();
      daemon = await startDaemon(home);
    }
    users.push(...acknowledgedUsers(mgmt.output()));
    keys.push(...acknowledgedKeys(util.output(), labels));
    // Every printed success is there, on every node, as another process opening the home sees it.
    const { cluster } = openHome(home);
    try {
      for (const [server, node] of cluster.state.nodes.entries()) {
        const p = node.partition!;
        const missingUsers = users.filter((u) => !p.users.some((x) => x.name === u));
        const missingKeys = keys.filter((k) => p.keys[k.handle]?.label !== k.label);
        t.deepEqual(missingUsers, [], `round ${round} (seed ${seed}): users printed as created are missing on server ${server}`);
        t.deepEqual(missingKeys, [], `round ${round} (seed ${seed}): keys printed as made are missing on server ${server}`);
      }
    } finally {
      cluster.close();
    }
  }
  await daemon.stop();
  const fsck = run('azcloudhsm_emu', ['fsck'], { home });
  t.is(fsck.status, 0, fsck.stdout + fsck.stderr);
  const crashes = killed.daemon! + killed.azcloudhsm_mgmt_util! + killed.azcloudhsm_util!;
  t.log(`seed ${seed}: ${rounds} rounds, kill -9 of the daemon ${killed.daemon}, of mgmt_util ${killed.azcloudhsm_mgmt_util}, of azcloudhsm_util ${killed.azcloudhsm_util}; ${users.length} users and ${keys.length} keys printed as made, all there`);
  if (process.env.RELIABILITY_FIGURES) process.stdout.write(`FIGURE crashes-survived ${crashes}\n`);
  t.true(users.length + keys.length > 0, 'some changes were acknowledged');
});
