// Fuzzing (issue 8, proof): both tools' line mode with command lines built from their grammar (every
// command and flag, values of every kind and of none), the daemon's socket with protocol-shaped and
// shapeless frames, every file the tools read (PEM keys, CSR, certificates, wrapped keys, masked objects,
// .cfg files, recordings) damaged byte by byte. Nothing may crash, print a stack trace, hang, or change
// the cluster while nobody is logged in; fsck passes afterwards. The corpus in test/fuzz-corpus/ is tried
// first on every run (seed files, and inputs that once broke something: a failure writes its input
// there). FUZZ_SCALE=n makes n times as many runs, FUZZ_LINES the lines of each; FUZZ_SEED repeats one.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Socket } from 'node:net';
import test, { type ExecutionContext } from 'ava';
import fc from 'fast-check';
import { utilCommands } from '../grammar/azcloudhsm_util/index.ts';
import { mgmtCommands } from '../grammar/mgmt_util/index.ts';
import { daemonOperations, PROTOCOL_VERSION } from '../src/client/protocol.ts';
import { copyHome, openHome } from '../src/home.ts';
import { describeNode } from '../src/proof/model.ts';
import { parseRecording } from '../src/replay/format.ts';
import { RecordingError } from '../src/replay/errors.ts';
import { LOGIN_CU1, startDaemon } from './helpers/daemon.ts';
import { commandLine, corpus, CRASH_SIGN, keepInCorpus, mutated, SCALE, SEED, socketFrame } from './helpers/fuzz.ts';
import { ownedHome } from './helpers/ownership.ts';
import { ROOT, run, tempHome } from './helpers/tools.ts';

const LINES_PER_RUN = Number(process.env.FUZZ_LINES ?? 250);
// One home taken through STEP 11 (with cu1), copied for each test.
let owned: string;
test.before(() => {
  owned = ownedHome({ withCu1: true });
});
function freshHome(): string {
  const home = join(tempHome('azhsm-fuzz-home-'), 'home');
  copyHome(owned, home);
  return home;
}
let fuzzed = 0;
test.after.always(() => {
  if (process.env.RELIABILITY_FIGURES) process.stdout.write(`FIGURE commands-fuzzed ${fuzzed}\n`);
});

/** Every node's users and keys, as text: what may not change while nobody is logged in. */
function clusterContents(home: string): string {
  const { cluster } = openHome(home);
  try {
    return cluster.state.nodes.map((n) => describeNode(n.partition?.users ?? [], Object.values(n.partition?.keys ?? {}))).join('\n');
  } finally {
    cluster.close();
  }
}

/** Runs a tool on lines; a problem is described (and the lines kept in the corpus) or undefined. */
function tryLines(tool: 'azcloudhsm_util' | 'azcloudhsm_mgmt_util', home: string, lines: readonly string[], folder: string): string | undefined {
  const args = tool === 'azcloudhsm_mgmt_util' ? ['./azcloudhsm_resource.cfg'] : [];
  const r = spawnSync(process.execPath, [join(ROOT, 'dist', `${tool}.js`), ...args], {
    cwd: join(home, 'bin'),
    input: lines.join('\n') + '\n',
    encoding: 'utf8',
    env: { ...process.env, AZCLOUDHSM_EMU_HOME: home, NO_COLOR: '1' },
    timeout: 120_000,
    maxBuffer: 256 * 1024 * 1024,
  });
  fuzzed += lines.length;
  const output = `${r.stdout}\n${r.stderr}`;
  const problem =
    r.error?.message ?? (r.signal ? `killed by ${r.signal}` : r.status !== 0 && r.status !== 1 ? `exit status ${r.status}` : CRASH_SIGN.test(output) ? `a stack trace or JavaScript error: ${CRASH_SIGN.exec(output)![0]}` : undefined);
  if (!problem) return undefined;
  const kept = keepInCorpus(folder, lines.join('\n') + '\n', '.txt');
  return `${tool}: ${problem} (seed ${SEED}; the lines are kept in ${kept})`;
}

/** The seed files and damaged copies of them, written to `dir`; their paths. */
function fuzzFiles(dir: string, extra: readonly string[]): string[] {
  const seeds = [...corpus('files').map((f) => f.bytes), ...extra.map((p) => readFileSync(p))];
  const paths = corpus('files').map((f) => {
    writeFileSync(join(dir, f.name), f.bytes);
    return join(dir, f.name);
  });
  fc.sample(mutated(seeds), { numRuns: 12 * SCALE, seed: SEED }).forEach((bytes, i) => {
    writeFileSync(join(dir, `damaged-${i}`), bytes);
    paths.push(join(dir, `damaged-${i}`));
  });
  return [...paths, ...extra];
}

/** The corpus's line files of a tool, then `runs` generated batches. */
function batches(folder: string, specs: Parameters<typeof commandLine>[0], files: readonly string[], handles: readonly number[], runs: number, offset: number): string[][] {
  const kept = corpus(folder).map((f) => f.bytes.toString('utf8').split('\n').filter((l) => l !== ''));
  const made = fc.sample(fc.array(commandLine(specs, files, handles), { minLength: LINES_PER_RUN, maxLength: LINES_PER_RUN }), { numRuns: runs, seed: SEED + offset });
  return [...kept, ...made];
}

function fsckPasses(t: ExecutionContext, home: string): void {
  const r = run('azcloudhsm_emu', ['fsck'], { home });
  t.is(r.status, 0, r.stdout + r.stderr);
}

test.serial('fuzz: azcloudhsm_util line mode, logged out and as a crypto user, with damaged input files', async (t) => {
  const home = freshHome();
  const daemon = await startDaemon(home);
  t.teardown(() => void daemon.stop());
  const work = tempHome('azhsm-fuzz-util-');
  // Files of the cluster's own making to damage: a wrapped key, a masked object, a fake PEM.
  const made = run('azcloudhsm_util', [], {
    home,
    cwd: work,
    input: [LOGIN_CU1, 'genSymKey -t 31 -s 32 -l kek -wrap_with_trusted 0', 'genSymKey -t 31 -s 16 -l aes -wrap_with_trusted 0', 'genECCKeyPair -i 2 -l ec', ''].join('\n'),
  });
  const handles = [...made.stdout.matchAll(/(?:Key Handle|key handle): (\d+)/gi)].map((m) => Number(m[1]));
  t.true(handles.length >= 4, made.stdout);
  const [kek, aes, , ecPrivate] = handles;
  run('azcloudhsm_util', [], { home, cwd: work, input: [LOGIN_CU1, `wrapKey -k ${aes} -w ${kek} -out seed.wrapped -m 4`, `extractMaskedObject -o ${aes} -out seed.masked`, `getCaviumPrivKey -k ${ecPrivate} -out seed.fake.pem`, ''].join('\n') });
  const extra = ['seed.wrapped', 'seed.masked', 'seed.fake.pem'].map((f) => join(work, f)).filter((p) => existsSync(p));
  t.is(extra.length, 3, readdirSync(work).join(' '));
  const files = fuzzFiles(work, extra);
  const problems: string[] = [];
  const before = clusterContents(home);
  for (const lines of batches('util-lines', utilCommands, files, handles, SCALE, 1)) {
    const p = tryLines('azcloudhsm_util', home, lines.filter((l) => !/^loginHSM\b.*\bcu1\b.*\buser1234\b/i.test(l)), 'util-lines');
    if (p) problems.push(p);
  }
  t.is(clusterContents(home), before, 'logged out, nothing changed');
  for (const lines of batches('util-lines', utilCommands, files, handles, SCALE, 2)) {
    const p = tryLines('azcloudhsm_util', home, [LOGIN_CU1, ...lines], 'util-lines');
    if (p) problems.push(p);
  }
  t.deepEqual(problems, []);
  t.notRegex(daemon.log(), CRASH_SIGN);
  t.is(daemon.child.exitCode, null, 'the daemon is still running');
  await daemon.stop();
  fsckPasses(t, home);
});

test.serial('fuzz: azcloudhsm_mgmt_util line mode, logged out and as a crypto officer', (t) => {
  const home = freshHome();
  const work = tempHome('azhsm-fuzz-mgmt-');
  const files = fuzzFiles(work, [join(home, 'cert', 'PO.crt'), join(home, 'cert', 'POAC.crt'), join(home, 'cert', 'P1.csr')]);
  const handles = [262150, 262151, 1, 2, 3];
  const problems: string[] = [];
  const before = clusterContents(home);
  for (const lines of batches('mgmt-lines', mgmtCommands, files, handles, SCALE, 3)) {
    const p = tryLines('azcloudhsm_mgmt_util', home, lines.filter((l) => !/^loginHSM\b/i.test(l)), 'mgmt-lines');
    if (p) problems.push(p);
  }
  t.is(clusterContents(home), before, 'logged out, nothing changed');
  for (const lines of batches('mgmt-lines', mgmtCommands, files, handles, SCALE, 4)) {
    const p = tryLines('azcloudhsm_mgmt_util', home, ['loginHSM CO admin adminpassword', ...lines], 'mgmt-lines');
    if (p) problems.push(p);
  }
  t.deepEqual(problems, []);
  fsckPasses(t, home);
});

/** Sends frames on one connection and collects what comes back until the daemon answers or closes. */
function sendFrames(socket: string, frames: readonly string[]): Promise<string> {
  return new Promise((resolve) => {
    const c = new Socket();
    let replies = '';
    const done = (): void => {
      c.destroy();
      resolve(replies);
    };
    c.on('data', (b) => (replies += b.toString('utf8')));
    c.on('error', done);
    c.on('close', done);
    c.connect(socket, () => {
      c.write(frames.map((f) => f + '\n').join(''));
      setTimeout(() => c.end(), 300);
    });
    setTimeout(done, 5000);
  });
}

test.serial('fuzz: the daemon socket, protocol-shaped and shapeless frames', async (t) => {
  const home = freshHome();
  const daemon = await startDaemon(home);
  t.teardown(() => void daemon.stop());
  const socket = join(home, 'run', 'azcloudhsm_client.sock');
  const kept = corpus('socket').map((f) => f.bytes.toString('utf8').split('\n').filter((l) => l !== ''));
  const made = fc.sample(fc.array(socketFrame(Object.keys(daemonOperations)), { minLength: 40, maxLength: 40 }), { numRuns: 8 * SCALE, seed: SEED + 5 });
  const before = clusterContents(home);
  const problems: string[] = [];
  const loginFrame = JSON.stringify({ id: 0, op: 'execute', operation: 'login', input: { type: 'CU', name: 'cu1', password: 'user1234' } });
  const all = [...kept, ...made];
  for (const [i, frames] of all.entries()) {
    // The second half as a logged-in crypto user: the operations past the login check get odd inputs too.
    const loggedIn = i >= all.length / 2;
    if (loggedIn && i === Math.ceil(all.length / 2)) t.is(clusterContents(home), before, 'nobody logged in: nothing changed');
    const replies = await sendFrames(socket, loggedIn ? [loginFrame, ...frames] : frames);
    fuzzed += frames.length;
    const bad = CRASH_SIGN.exec(replies);
    const alive = daemon.child.exitCode === null && (await sendFrames(socket, [JSON.stringify({ id: 1, op: 'hello', client: 'fuzz', pid: 1, protocol: PROTOCOL_VERSION })])).includes('"ok":true');
    if (bad || !alive) problems.push(`${bad ? `a reply shows ${bad[0]}` : 'the daemon stopped answering'} (seed ${SEED}; the frames are kept in ${keepInCorpus('socket', frames.join('\n') + '\n', '.jsonl')})`);
    if (!alive) break;
  }
  t.deepEqual(problems, []);
  t.notRegex(daemon.log(), CRASH_SIGN);
  await daemon.stop();
  fsckPasses(t, home);
});

test.serial('fuzz: damaged .cfg files: the tools and the daemon refuse or carry on, never crash', async (t) => {
  const home = freshHome();
  const bin = join(home, 'bin');
  const cfgs = ['azcloudhsm_resource.cfg', 'azcloudhsm_mgmt_util.cfg', 'azcloudhsm_client.cfg', 'azcloudhsm_application.cfg'];
  const originals = Object.fromEntries(cfgs.map((c) => [c, readFileSync(join(bin, c))]));
  const seeds = [...Object.values(originals), ...corpus('cfg').map((f) => f.bytes)];
  const samples = [...corpus('cfg').map((f) => f.bytes), ...fc.sample(mutated(seeds), { numRuns: 5 * SCALE, seed: SEED + 6 })];
  const problems: string[] = [];
  // Each damaged file takes the place of one of the four in turn.
  for (const [i, bytes] of samples.entries()) {
    for (const cfg of [cfgs[i % cfgs.length]!]) {
      writeFileSync(join(bin, cfg), bytes);
      const runs = [
        spawnSync(process.execPath, [join(ROOT, 'dist', 'azcloudhsm_mgmt_util.js'), './azcloudhsm_resource.cfg'], { cwd: bin, input: 'getHSMInfo\nquit\n', encoding: 'utf8', env: { ...process.env, AZCLOUDHSM_EMU_HOME: home }, timeout: 30_000 }),
        spawnSync(process.execPath, [join(ROOT, 'dist', 'azcloudhsm_util.js'), 'singlecmd', 'getHSMInfo'], { cwd: bin, encoding: 'utf8', env: { ...process.env, AZCLOUDHSM_EMU_HOME: home }, timeout: 30_000 }),
        // The daemon: refuses the configuration or starts; stopped after a moment either way.
        spawnSync('timeout', ['-s', 'TERM', '1', process.execPath, join(ROOT, 'dist', 'azcloudhsm_client.js'), './azcloudhsm_resource.cfg'], { cwd: bin, encoding: 'utf8', env: { ...process.env, AZCLOUDHSM_EMU_HOME: home }, timeout: 30_000 }),
      ];
      fuzzed += runs.length;
      for (const r of runs) {
        const out = `${r.stdout}\n${r.stderr}`;
        if (r.signal || CRASH_SIGN.test(out)) problems.push(`${cfg}: ${r.signal ?? CRASH_SIGN.exec(out)![0]} (kept in ${keepInCorpus('cfg', bytes, '.cfg')})`);
      }
      writeFileSync(join(bin, cfg), originals[cfg]!);
    }
  }
  t.deepEqual(problems, []);
  fsckPasses(t, home);
});

test.serial('fuzz: damaged recordings are read or refused with a line number, never crash the reader', (t) => {
  const dir = join(ROOT, 'recordings');
  const seeds = [...readdirSync(dir).filter((f) => f.endsWith('.md')).map((f) => readFileSync(join(dir, f))), ...corpus('recordings').map((f) => f.bytes)];
  const samples = [...corpus('recordings').map((f) => f.bytes), ...fc.sample(mutated(seeds), { numRuns: 300 * SCALE, seed: SEED + 7 })];
  const problems: string[] = [];
  for (const bytes of samples) {
    fuzzed++;
    try {
      parseRecording(Buffer.from(bytes).toString('utf8'));
    } catch (e) {
      if (!(e instanceof RecordingError)) problems.push(`${(e as Error).message} (kept in ${keepInCorpus('recordings', bytes, '.md')})`);
    }
  }
  t.deepEqual(problems, []);
  // The program itself on the corpus's recordings (they are vetted: they run no program).
  for (const f of corpus('recordings')) {
    const path = join(tempHome('azhsm-fuzz-rec-'), f.name);
    writeFileSync(path, f.bytes);
    const r = run('azcloudhsm_emu', ['replay', path], { home: tempHome() });
    t.notRegex(r.stdout + r.stderr, CRASH_SIGN, f.name);
  }
});

test.serial('the fuzz corpus holds a seed of every kind of file the tools read', (t) => {
  const names = corpus('files').map((f) => f.name);
  for (const kind of ['rsa-public.pem', 'rsa-private.pem', 'ec-private.pem', 'request.csr', 'certificate.crt', 'certificate.der', 'aes256.key']) t.true(names.includes(kind), kind);
});
