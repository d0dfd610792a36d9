// npm run bench [-- --quick] [--json FILE]: the emulator's speed, each figure beside its baseline measured
// in the same run on the same machine (issue 9's table): signatures through the daemon's socket and
// through azcloudhsm_util's line mode against node:crypto in one process, durable changes against raw
// SQLite with the journal's settings, catch-up replay against reading the journal, start-up against
// `node -e 0`, the daemon's memory, and completion latency. --quick (under a minute, what CI runs) uses
// shorter runs and leaves out the 100,000-key partitions. Prints a table and writes a JSON file. The
// published per-partition figures of Azure Cloud HSM are context, not a target: they are an HSM's.
import { spawn } from 'node:child_process';
import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { readClientConfig } from '../client/daemon.ts';
import { copyHome, homePaths, openHome } from '../home.ts';
import { openSession } from '../pkpspeed/daemon-session.ts';
import { runThroughput } from '../pkpspeed/throughput.ts';
import { CURVE, SIGN_MECHANISM, type Work } from '../pkpspeed/work.ts';
import { UTIL_PROMPT } from '../prompts.ts';
import { RunningProgram } from '../replay/program.ts';
import { untilSocketAnswers } from '../replay/run-recording.ts';
import { completionLatency, liveWithKeys } from './completion.ts';
import { addAesKeys, addChurn, addRsaPairs, cryptoUserSession, makeKey } from './partition.ts';
import { loopRate, median } from './stats.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const DIST = join(ROOT, 'dist');
const argv = process.argv.slice(2);
const QUICK = argv.includes('--quick');
const jsonAt = argv.indexOf('--json');
const JSON_FILE = jsonAt >= 0 && argv[jsonAt + 1] ? argv[jsonAt + 1]! : join(ROOT, '.tmp', 'bench.json');
/** Seconds per throughput figure. */
const SECONDS = QUICK ? 2 : 5;
const CU1 = { user: 'cu1', password: 'user1234' };
const started = performance.now();
const LOAD_AT_START = loadavg()[0]!;

// ---- the rows of the table -----------------------------------------------------------------------

interface Figure {
  readonly value: number;
  readonly unit: string;
}

interface Row {
  readonly what: string;
  readonly emulator: Figure;
  readonly baseline?: Figure & { readonly what: string };
  /** emulator / baseline, or the comparison the target names. */
  readonly ratio?: number;
  readonly target?: { readonly text: string; readonly met: boolean };
  readonly note?: string;
}

const rows: Row[] = [];

function row(r: Row): void {
  rows.push(r);
  const base = r.baseline ? `   vs ${fmt(r.baseline)} ${r.baseline.what}` : '';
  process.stderr.write(`  ${r.what}: ${fmt(r.emulator)}${base}${r.target ? `   [${r.target.met ? 'met' : 'not met'}: ${r.target.text}]` : ''}\n`);
}

/** A figure beside its baseline: the ratio, and whether it meets the target (a rule on the ratio). */
interface Target {
  readonly text: string;
  readonly met: (value: number, ratio: number) => boolean;
}

function versus(what: string, emulator: Figure, baseline: Figure & { readonly what: string }, target?: Target, note?: string): void {
  const ratio = emulator.value / baseline.value;
  row({ what, emulator, baseline, ratio, ...(target ? { target: { text: target.text, met: target.met(emulator.value, ratio) } } : {}), ...(note ? { note } : {}) });
}

const atLeast = (x: number, text: string): Target => ({ text, met: (_, ratio) => ratio >= x });
const atMost = (x: number, text: string): Target => ({ text, met: (_, ratio) => ratio <= x });
const below = (limit: number, text: string): Target => ({ text, met: (value) => value < limit });
const tenKeys = (value: number, unit: string) => ({ what: 'the same with 10 keys', unit, value });

const fmt = (f: Figure): string => `${f.value >= 100 ? Math.round(f.value).toLocaleString('en-US') : f.value.toFixed(f.value >= 10 ? 1 : 2)} ${f.unit}`;
const perSec = (value: number): Figure => ({ value, unit: '/s' });
const millis = (value: number): Figure => ({ value, unit: 'ms' });
const megabytes = (value: number): Figure => ({ value, unit: 'MB' });

function step(text: string): void {
  process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(1)} s] ${text}\n`);
}

// ---- homes and programs --------------------------------------------------------------------------

const scratch = mkdtempSync(join(tmpdir(), 'azhsm-bench-'));
let homes = 0;
const newDir = (): string => join(scratch, `home-${++homes}`);

/** A home taken through the guide's STEP 11 with cu1 created: the recordings' own way there. */
async function ownedHome(): Promise<string> {
  const home = newDir();
  mkdirSync(home);
  const r = await timedRun([join(DIST, 'azcloudhsm_emu.js'), 'replay', join(ROOT, 'recordings', 'step11.md'), join(ROOT, 'recordings', 'owned.md'), '--home', home], '', home);
  if (r.status !== 0) throw new Error(`bench: building the owned home failed:\n${r.stdout}`);
  return home;
}

function copyOf(home: string): string {
  const to = newDir();
  copyHome(home, to);
  return to;
}

/** Opens a home's cluster in this process to append to its journal, then closes it. */
function withCluster<T>(home: string, work: (opened: ReturnType<typeof openHome>) => T): T {
  const opened = openHome(home);
  try {
    return work(opened);
  } finally {
    opened.cluster.close();
  }
}

interface Daemon {
  readonly program: RunningProgram;
  readonly socket: string;
  rssMb(): number;
  stop(): Promise<unknown>;
}

async function startDaemon(home: string): Promise<Daemon> {
  const socket = readClientConfig(homePaths(home)).socketPath;
  const program = new RunningProgram(`exec "${process.execPath}" "${join(DIST, 'azcloudhsm_client.js')}"`, {
    cwd: home,
    env: { ...process.env, AZCLOUDHSM_EMU_HOME: home },
    input: false,
  });
  if ((await untilSocketAnswers(program, socket, 120_000)) !== 'ready') throw new Error(`bench: the daemon did not start: ${program.stdout}${program.stderr}`);
  return {
    program,
    socket,
    rssMb: () => {
      const status = readFileSync(`/proc/${program.pid}/status`, 'utf8');
      return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? NaN) / 1024;
    },
    stop: () => program.stop(),
  };
}

/** Runs a program (node + args) with `input`; its wall time in ms, from spawn to exit. */
function timedRun(args: readonly string[], input: string, home: string, cwd = home): Promise<{ ms: number; status: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, args, { cwd, env: { ...process.env, AZCLOUDHSM_EMU_HOME: home, NO_COLOR: '1' }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.resume();
    child.on('error', reject);
    child.on('close', (status) => resolve({ ms: performance.now() - t0, status, stdout }));
    child.stdin.end(input);
  });
}

// ---- what is measured ----------------------------------------------------------------------------

const RSA_SIGN: Work = { kind: 'sign', key: { kind: 'rsa', modulusBits: 2048 }, mechanism: SIGN_MECHANISM.SHA256_RSA_PKCS, messageBytes: 32 };
const P256_SIGN: Work = { kind: 'sign', key: { kind: 'ec', curveId: CURVE.P256 }, mechanism: SIGN_MECHANISM.ECDSA_SHA256, messageBytes: 32 };
const AES_KEYGEN: Work = { kind: 'generate', key: { kind: 'secret', keyType: 31, bytes: 32 }, token: true };

/** Operations per second through the daemon's socket, `threads` connections (pkpspeed's runner). */
async function socketRate(daemon: Daemon, work: Work, threads: number, seconds = SECONDS): Promise<number> {
  const r = await runThroughput({
    plan: { threads, seconds, work, keys: { kind: 'per-thread', token: false }, title: '' },
    open: () => openSession(daemon.socket, 'bench'),
    credentials: CU1,
  });
  if (r.failures > 0) throw new Error(`bench: ${r.firstFailure}`);
  return r.operations / r.seconds;
}

/**
 * azcloudhsm_util in line mode, its commands piped in: ms per command. Line mode echoes each command when
 * it reads it, after the one before has finished, so the time from the first command's echo to the echo
 * of `exit` is the `n` commands alone (no start-up, no login).
 */
function utilPerCommand(home: string, command: string, n: number): Promise<number> {
  const cwd = join(home, 'bin');
  writeFileSync(join(cwd, 'msg.bin'), randomBytes(32));
  const input = ['loginHSM -u CU -s cu1 -p user1234', ...Array.from({ length: n }, () => command), 'exit', ''].join('\n');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(DIST, 'azcloudhsm_util.js')], { cwd, env: { ...process.env, AZCLOUDHSM_EMU_HOME: home, NO_COLOR: '1' } });
    let out = '';
    let first: number | undefined;
    let last: number | undefined;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      first ??= out.includes(`${UTIL_PROMPT}${command}\n`) ? performance.now() : undefined;
      last ??= out.includes(`${UTIL_PROMPT}exit\n`) ? performance.now() : undefined;
    });
    child.stderr.resume();
    child.on('error', reject);
    child.on('close', () => {
      const done = out.split('HSM Return: SUCCESS').length - 1;
      if (first === undefined || last === undefined || done < n) reject(new Error(`bench: azcloudhsm_util failed:\n${out.slice(-2000)}`));
      else resolve((last - first) / n);
    });
    child.stdin.end(input);
  });
}

/** Raw SQLite with the journal's settings (WAL, synchronous=FULL), one transaction per row of `body`. */
function sqliteRate(seconds: number, body: string): number {
  const dir = mkdtempSync(join(scratch, 'sqlite-'));
  const db = new Database(join(dir, 'raw.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE events (seq INTEGER PRIMARY KEY, body TEXT NOT NULL)');
  const insert = db.prepare('INSERT INTO events (body) VALUES (?)');
  const rate = loopRate(seconds, () => db.transaction(() => insert.run(body)).immediate());
  db.close();
  return rate;
}

/** Reading the journal's rows as SQLite hands them over (no checksum, no JSON): events per second. */
function rawJournalRead(home: string, after: number): number {
  const db = new Database(homePaths(home).journal, { readonly: true });
  const t0 = performance.now();
  let n = 0;
  for (const _ of db.prepare('SELECT seq, time, type, body, checksum FROM events WHERE seq > ? ORDER BY seq').iterate(after)) n++;
  const rate = n / ((performance.now() - t0) / 1000);
  db.close();
  return rate;
}

async function startupMs(home: string, runs: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push((await timedRun([join(DIST, 'azcloudhsm_mgmt_util.js')], 'quit\n', home, join(home, 'bin'))).ms);
  return median(times);
}

/** azcloudhsm_util's whole life for one command: start, connect, hello, the command, exit. */
async function utilSinglecmdMs(home: string, runs: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push((await timedRun([join(DIST, 'azcloudhsm_util.js'), 'singlecmd', 'getHSMInfo'], '', home, join(home, 'bin'))).ms);
  return median(times);
}

async function nodeStartMs(runs: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push((await timedRun(['-e', '0'], '', scratch)).ms);
  return median(times);
}

// ---- the run -------------------------------------------------------------------------------------

async function main(): Promise<void> {
  step(`${QUICK ? 'quick' : 'full'} run; scratch homes in ${scratch}`);
  const base = await ownedHome();
  const signer = withCluster(base, ({ cluster }) => {
    // Durable-change runs make thousands of keys (deleted after each run): the bench raises the capacity.
    cluster.setKeyCapacity(1_000_000);
    const cu = cryptoUserSession(cluster);
    return { rsa: makeKey(cluster, cu, 'rsa2048', 'bench-rsa')[1]!, p256: makeKey(cluster, cu, 'p256', 'bench-p256')[1]! };
  });

  step('baselines in this process: node:crypto, raw SQLite');
  const message = randomBytes(32);
  const rsaKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const p256Key = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey;
  const rawRsa = loopRate(QUICK ? 0.75 : 3, () => sign('sha256', message, rsaKey));
  const rawP256 = loopRate(QUICK ? 0.75 : 3, () => sign('sha256', message, { key: p256Key, dsaEncoding: 'der' }));
  // A change as the journal writes one: the last event, the P-256 key pair just made.
  const eventBody = JSON.stringify(withCluster(base, ({ cluster }) => cluster.records(cluster.journal.head() - 1, 1)[0]!.event));
  const rawSqlite = sqliteRate(QUICK ? 0.75 : 3, eventBody);

  step('signatures and durable changes through the daemon (socket and azcloudhsm_util line mode), 10 keys');
  let daemon = await startDaemon(base);
  const rssBase = daemon.rssMb();
  const rsa1 = await socketRate(daemon, RSA_SIGN, 1);
  const rsa2 = await socketRate(daemon, RSA_SIGN, 2);
  const p1 = await socketRate(daemon, P256_SIGN, 1);
  const p2 = await socketRate(daemon, P256_SIGN, 2);
  const raw = (value: number) => ({ what: 'node:crypto, one process', unit: '/s', value });
  versus('RSA-2048 sign, socket, 1 connection', perSec(rsa1), raw(rawRsa));
  versus('RSA-2048 sign, socket, 2 connections', perSec(rsa2), raw(rawRsa), atLeast(1.3, '>= 1.3x single-core node:crypto'));
  versus('P-256 sign, socket, 1 connection', perSec(p1), raw(rawP256));
  versus('P-256 sign, socket, 2 connections', perSec(p2), raw(rawP256));
  const n = QUICK ? 60 : 400;
  const utilRsaMs = await utilPerCommand(base, `sign -f msg.bin -k ${signer.rsa} -m 1 -out sig.bin`, n);
  const utilP256Ms = await utilPerCommand(base, `sign -f msg.bin -k ${signer.p256} -m 17 -out sig.bin`, n);
  versus('RSA-2048 sign, azcloudhsm_util line mode', perSec(1000 / utilRsaMs), raw(rawRsa), atLeast(0.6, '>= 0.6 of raw'));
  versus('P-256 sign, azcloudhsm_util line mode', perSec(1000 / utilP256Ms), raw(rawP256), atLeast(0.3, '>= 0.3 of raw'));
  const sqlite = { what: 'raw SQLite (WAL, synchronous=FULL), a transaction per change', unit: '/s', value: rawSqlite };
  const durable = atLeast(0.6, '>= 0.6 of raw SQLite');
  // Durable changes are bound by fsync, steady from the first second: a quick run gives them one.
  const durableSeconds = QUICK ? 1 : SECONDS;
  versus('durable changes (AES-256 token key made), socket, 1 connection', perSec(await socketRate(daemon, AES_KEYGEN, 1, durableSeconds)), sqlite, durable);
  versus('durable changes, socket, 2 connections', perSec(await socketRate(daemon, AES_KEYGEN, 2, durableSeconds)), sqlite, durable);
  versus('durable changes, azcloudhsm_util line mode (genSymKey)', perSec(1000 / (await utilPerCommand(base, 'genSymKey -t 31 -s 32 -l bench', n))), sqlite);
  const startRuns = QUICK ? 5 : 9;
  versus('start-up, azcloudhsm_util singlecmd getHSMInfo (through the daemon)', millis(await utilSinglecmdMs(base, startRuns)), { what: 'node -e 0', unit: 'ms', value: await nodeStartMs(startRuns) });
  await daemon.stop();

  // Sign rate and util command latency from 10 keys to a full partition (and, in full runs, 100k keys).
  const scale: { keys: number; home: string }[] = [];
  step('a full partition: 3,200 key handles');
  const full = copyOf(base);
  withCluster(full, ({ cluster }) => addAesKeys(cluster, cryptoUserSession(cluster), 3200 - 8 - cluster.state.nodes[0]!.partition!.keyCount));
  scale.push({ keys: 3200, home: full });
  if (!QUICK) {
    step('100,000 AES-256 keys (capacity raised)');
    const big = copyOf(base);
    withCluster(big, ({ cluster }) => {
      addAesKeys(cluster, cryptoUserSession(cluster), 100_000);
    });
    scale.push({ keys: 100_000, home: big });
  }
  for (const { keys, home } of scale) {
    daemon = await startDaemon(home);
    const rate = await socketRate(daemon, RSA_SIGN, 1);
    const latency = await utilPerCommand(home, `sign -f msg.bin -k ${signer.rsa} -m 1 -out sig.bin`, keys > 10_000 ? 20 : n);
    const within = keys > 10_000 ? 0.25 : 0.1;
    const flat = `within ${within * 100}% of 10 keys`;
    versus(`RSA-2048 sign, socket, 1 connection, ${keys.toLocaleString('en-US')} keys`, perSec(rate), tenKeys(rsa1, '/s'), atLeast(1 - within, flat));
    versus(`azcloudhsm_util sign, ms per command, ${keys.toLocaleString('en-US')} keys`, millis(latency), tenKeys(utilRsaMs, 'ms'), atMost(1 + within, flat));
    if (keys === 100_000) versus('daemon RSS, 100,000 AES-256 keys', megabytes(daemon.rssMb()), tenKeys(rssBase, 'MB'), below(150, '< 150 MB'));
    await daemon.stop();
  }

  step('daemon memory');
  const tenK = copyOf(base);
  withCluster(tenK, ({ cluster }) => addAesKeys(cluster, cryptoUserSession(cluster), 10_000));
  daemon = await startDaemon(tenK);
  versus('daemon RSS, 10,000 AES-256 keys', megabytes(daemon.rssMb()), tenKeys(rssBase, 'MB'));
  await daemon.stop();
  if (!QUICK) {
    const rsaHome = copyOf(base);
    withCluster(rsaHome, ({ cluster }) => addRsaPairs(cluster, cryptoUserSession(cluster), 10_000));
    daemon = await startDaemon(rsaHome);
    versus('daemon RSS, 10,000 RSA-2048 key pairs (20,000 handles)', megabytes(daemon.rssMb()), tenKeys(rssBase, 'MB'));
    await daemon.stop();
  }

  step('start-up: azcloudhsm_mgmt_util, `quit` piped, against journals of 1k / 10k / 100k events (3,200 live keys at most)');
  const runs = QUICK ? 3 : 7;
  const nodeMs = await nodeStartMs(runs);
  for (const events of QUICK ? [1_000, 10_000] : [1_000, 10_000, 100_000]) {
    const home = copyOf(base);
    withCluster(home, ({ cluster }) => addChurn(cluster, cryptoUserSession(cluster), events, 3200 - 8));
    const ms = await startupMs(home, runs);
    const node = { what: 'node -e 0', unit: 'ms', value: nodeMs };
    versus(`start-up, mgmt_util \`quit\`, ${events.toLocaleString('en-US')} events`, millis(ms), node, events === 100_000 ? below(250, '< 250 ms') : undefined);
    rmSync(home, { recursive: true, force: true });
  }

  // Timed in this process on the cluster, the code `azcloudhsm_emu node 1 up` runs: the difference of two
  // program runs (up less status) drowns 10,000 events in start-up noise on a busy machine.
  step('catch-up: a node down while the journal grows, then brought up (Cluster.setNodeUp, as `azcloudhsm_emu node 1 up`)');
  const missed = QUICK ? 10_000 : 100_000;
  const lagging = copyOf(base);
  const from = withCluster(lagging, ({ cluster }) => {
    cluster.setNodeUp(1, false);
    addChurn(cluster, cryptoUserSession(cluster), missed, 3200 - 8);
    return cluster.state.nodes[1]!.appliedSeq;
  });
  const catchUp: number[] = [];
  let total = 0;
  for (let i = 0; i < 3; i++) {
    const home = copyOf(lagging);
    catchUp.push(
      withCluster(home, ({ cluster }) => {
        const t0 = performance.now();
        cluster.setNodeUp(1, true);
        const ms = performance.now() - t0;
        total = cluster.state.nodes[1]!.appliedSeq - from;
        return total / (ms / 1000);
      }),
    );
    rmSync(home, { recursive: true, force: true });
  }
  if (total < missed) throw new Error(`bench: catch-up replayed ${total} events, not the ${missed} missed`);
  const read = rawJournalRead(lagging, from);
  versus(
    `catch-up replay onto a node, ${total.toLocaleString('en-US')} events`,
    { value: median(catchUp), unit: 'events/s' },
    { what: 'reading those rows from SQLite', unit: 'events/s', value: read },
    { text: '>= 50,000 events/s', met: (value) => value >= 50_000 },
  );

  step('completion latency (grammar/complete.ts, what the TUI runs per key)');
  completionLatency(liveWithKeys(10), 5); // warm-up: the first calls compile the grammar's code paths
  const few = completionLatency(liveWithKeys(10), 5);
  for (const keys of [3200, 10_000]) {
    const c = completionLatency(liveWithKeys(keys), QUICK ? 3 : 20);
    const worst = Math.max(c.hintAndCandidates.p99, c.allKeys.ms);
    versus(
      `completion, ${keys.toLocaleString('en-US')} keys: hint + Tab p99 / Tab listing every key`,
      millis(worst),
      tenKeys(Math.max(few.hintAndCandidates.p99, few.allKeys.ms), 'ms'),
      keys === 3200 ? below(16, '< 16 ms') : undefined,
      `p99 ${c.hintAndCandidates.p99.toFixed(2)} ms, every key ${c.allKeys.ms.toFixed(2)} ms`,
    );
  }

  report();
  rmSync(scratch, { recursive: true, force: true });
}

const PUBLISHED = 'Published per partition (Azure Cloud HSM service limits, one partition, one key): RSA-2048 sign about 1,100/s, P-256 sign about 330/s; up to 3x with all three partitions. Those are an HSM\'s figures; these are this host\'s through the emulator.';

function report(): void {
  const machine = {
    cpus: cpus().length,
    cpu: cpus()[0]?.model ?? 'unknown',
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    // Other work on the machine skews every figure: the load before and after the run says how much.
    loadAverage: { atStart: LOAD_AT_START, atEnd: loadavg()[0]! },
  };
  const header = ['what', 'emulator', 'baseline (same run)', 'ratio', 'target (issue 9)'];
  const lines = rows.map((r) => [
    r.what,
    fmt(r.emulator),
    r.baseline ? `${fmt(r.baseline)} (${r.baseline.what})` : '',
    r.ratio !== undefined ? r.ratio.toFixed(2) : '',
    r.target ? `${r.target.text}: ${r.target.met ? 'met' : 'not met'}` : '',
  ]);
  const out = [
    `Benchmark (${QUICK ? 'quick' : 'full'}), ${machine.cpus} CPUs (${machine.cpu}), Node ${machine.node}, ${((performance.now() - started) / 1000).toFixed(0)} s; load average ${LOAD_AT_START.toFixed(1)} at the start, ${machine.loadAverage.atEnd.toFixed(1)} at the end`,
    '',
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...lines.map((l) => `| ${l.join(' | ')} |`),
    '',
    PUBLISHED,
  ];
  process.stdout.write(out.join('\n') + '\n');
  mkdirSync(dirname(JSON_FILE), { recursive: true });
  writeFileSync(JSON_FILE, JSON.stringify({ mode: QUICK ? 'quick' : 'full', date: new Date().toISOString(), machine, seconds: (performance.now() - started) / 1000, published: { rsa2048SignPerSecond: 1100, p256SignPerSecond: 330, note: PUBLISHED }, rows }, null, 2) + '\n');
  process.stdout.write(`(JSON: ${JSON_FILE})\n`);
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`bench: ${(e as Error).message}\n`);
    process.exit(1);
  },
);
