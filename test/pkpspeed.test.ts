// pkpspeed through the real daemon: driven by piped answers the way the published vendor scripts drive
// it, and by the emulator's own flags; its lines parsed the way those scripts parse them.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import { type RunningDaemon, singlecmd, startDaemon } from './helpers/daemon.ts';
import { ownedHome } from './helpers/ownership.ts';
import { TmuxSession, withTmux } from './helpers/tmux.ts';
import { ROOT, run, type RunResult, tempHome } from './helpers/tools.ts';

let home: string;
let daemon: RunningDaemon;

test.before(async () => {
  home = ownedHome({ withCu1: true });
  daemon = await startDaemon(home);
});

test.after.always(async () => {
  await daemon?.stop();
});

/** Runs pkpspeed from <home>/bin with `input` on stdin (without a final newline, as printf sends it). */
function pkpspeed(args: readonly string[], input: string, on = home): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(ROOT, 'dist', 'pkpspeed.js'), ...args], {
      cwd: existsSync(join(on, 'bin')) ? join(on, 'bin') : on,
      env: { ...process.env, AZCLOUDHSM_EMU_HOME: on, NO_COLOR: '1' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.on('close', (status) => resolve({ stdout, stderr, status }));
    child.stdin.end(input);
  });
}

const CU1 = ['-s', 'cu1', '-p', 'user1234'];

const BANNER = 'login as USER\nInitializing Cfm2 library\n\tSDK Version: 2.09.07.02\n\n Current FIPS mode is: 00000000\n';

const VENDOR_MENU = `

Please select the test you want to run

RSA non-CRT------------------->A
RSA CRT----------------------->B
Basic 3DES CBC---------------->C
Basic AES--------------------->D
FIPS Random------------------->H
Random------------------------>I
AES GCM ---------------------->K
`;

/** What the vendor scripts take from the output: each second's count (`awk '{print $NF}' | cut -d/ -f1`). */
function perSecond(stdout: string): number[] {
  return stdout
    .split('\n')
    .filter((l) => l.includes('OPERATIONS'))
    .map((l) => Number(l.split(/\s+/).at(-1)!.split('/')[0]));
}

/** The summary's count of operations. */
function summaryTotal(stdout: string): number {
  const m = /^\[emulator\] (\d+) operations, [\d.]+ operations\/second on this host through the emulator/m.exec(stdout);
  return m ? Number(m[1]) : NaN;
}

// Serial tests run first, alone: they change the capacity and count the keys left behind. The others then
// run side by side.

/** A public vendor test suite marks a run failed when its output holds one of these. */
const FAILURE_WORDS = ['fail', 'error', 'Fail', 'Error', 'Can not'];

test('piped answers, as the published scripts send them: the menu, the questions, a line per second, a summary', async (t) => {
  // AWS's pkpspeed_blocking sample: threads, seconds, B (RSA CRT), mod size, Token key, static key; then X.
  const r = await pkpspeed(CU1, '2\n2\nB\n2048\nn\nn\nX');
  t.is(r.status, 0, r.stdout + r.stderr);
  t.true(r.stdout.startsWith(BANNER + 'Please enter the number of threads [MAX=400] : 2\nPlease enter the time in seconds to run the test [MAX=600]: 2\n' + VENDOR_MENU), r.stdout);
  t.true(
    r.stdout.includes(
      '\neXit------------------------>X\nB\n\nRunning 2 threads for 2 sec\n\nEnter mod size(2048/3072):2048\nDo you want to use Token key[y/n]n\nDo you want to use static key[y/n] (Make sure that KEK is available)?  n\nOPERATIONS/second',
    ),
    r.stdout,
  );
  t.true(r.stdout.includes("\nThis emulator's own tests (not in the vendor's tool):\nECDSA (emulator)-------------->P\n"));
  const lines = r.stdout.split('\n').filter((l) => l.startsWith('OPERATIONS'));
  t.is(lines.length, 2);
  for (const l of lines) t.regex(l, /^OPERATIONS\/second {16}\d+\/1$/);
  const counts = perSecond(r.stdout);
  t.true(counts.reduce((a, b) => a + b, 0) > 0, 'real signatures were made');
  t.is(counts.reduce((a, b) => a + b, 0), summaryTotal(r.stdout), 'the summary adds up the seconds');
  t.regex(r.stdout, /\n\[emulator\] RSA CRT, 2048-bit modulus, SHA256_RSA_PKCS sign: 2 thread\(s\), each a daemon session of its own, 2 s\n/);
  t.true(r.stdout.includes('\n[emulator] published for one Azure Cloud HSM partition: RSA-2048 sign 1100/s (up to 3x with all three partitions)\n'));
  t.is(r.stdout.split('Please select the test you want to run').length, 3, 'the menu again after the test');
  t.true(r.stdout.endsWith('eXit------------------------>X\nX\n'));
  for (const w of FAILURE_WORDS) t.false(r.stdout.includes(w), `no '${w}' in a good run`);
});

test.serial('the unified build: first answer B, the RSA sub-choice, a static key (deleted after the test); credentials asked', async (t) => {
  // A vendor script for the unified pkpspeed: B(locking), threads, seconds, test letter, A, mod size, static key.
  const r = await pkpspeed([], 'cu1\nuser1234\nB\n1\n1\nB\nA\n2048\ny\nX');
  t.is(r.status, 0, r.stdout);
  t.true(r.stdout.startsWith('login as USER\nPlease enter the CU user name : cu1\nPlease enter the CU password : \nInitializing Cfm2 library\n'), 'the password is not echoed');
  t.false(r.stdout.includes('user1234'));
  t.true(r.stdout.includes('Please enter the number of threads [MAX=400] : B\nPlease enter the number of threads [MAX=400] : 1\n'));
  t.true(
    r.stdout.includes(
      'Running 1 threads for 1 sec\n\nEnter the RSA operation (A: private key sign, B: public key verify):A\nEnter mod size(2048/3072):2048\nDo you want to use static key[y/n] (Make sure that KEK is available)?  y\nOPERATIONS/second',
    ),
    r.stdout,
  );
  t.is(perSecond(r.stdout).length, 1);
  const keys = singlecmd(home, ['loginHSM', '-u', 'CU', '-s', 'cu1', '-p', 'user1234', 'findKey'], tempHome());
  t.true(keys.stdout.includes('Total number of keys present: 0'), 'the static token key was deleted');
});

test('flags answer the questions ahead: the same transcript as piped answers, one test, then it exits', async (t) => {
  const flags = await pkpspeed([...CU1, '--threads', '1', '--time', '1', '--test', 'D', '--key-size', '256', '--packet', '4096'], '');
  const piped = await pkpspeed(CU1, '1\n1\nD\n256\n4096\nX\n');
  t.is(flags.status, 0, flags.stdout);
  const figures = (s: string): string => s.replace(/^OPERATIONS\/second {16}\d+\/1$/gm, 'OPERATIONS/second N').replace(/\d+ operations, [\d.]+ operations/g, 'N operations, N operations');
  const firstTest = figures(piped.stdout).split('\n\n\nPlease select the test you want to run\n').slice(0, 2).join('\n\n\nPlease select the test you want to run\n');
  t.is(figures(flags.stdout), firstTest + '\n');
  t.true(flags.stdout.includes('Enter the key size(128/192/256):256\nEnter the size of the packet in bytes[1-16200]:4096\n'));
  t.regex(flags.stdout, /\[emulator\] AES-256-CBC encrypt, 4096-byte packets: 1 thread\(s\)/);
  t.true(flags.stdout.includes('published for one Azure Cloud HSM partition: AES encrypt (4 KB packets) 10000/s'));
});

test("the emulator's own tests run real operations: ECDSA curves, Ed25519, HMAC, random bytes, key generation", async (t) => {
  const tests: [string[], RegExp][] = [
    [['--test', 'P', '--curve', 'secp256k1'], /ECDSA secp256k1 sign \(ECDSA_SHA256\)/],
    [['--test', 'P', '--curve', 'P384'], /ECDSA P-384 sign \(ECDSA_SHA384\)/],
    [['--test', 'T'], /Ed25519 sign \(EDDSA\)/],
    [['--test', 'M', '--packet', '256'], /HMAC-SHA256, 256-byte packets/],
    [['--test', 'H'], /FIPS Random, 32 bytes/],
    [['--test', 'C', '--packet', '100'], /3DES-CBC encrypt, 100-byte packets/],
    [['--test', 'K', '--key-size', '128', '--packet', '100'], /AES-128-GCM encrypt/],
    // Session keys: a token key waits for its fsync, which a busy disk can stretch past this 2-second
    // window (token keys are generated, to the capacity, by the serial test below, alone).
    [['--test', 'L', '--key-type', 'P256', '--token', 'n'], /EC P-256 session key generation/],
  ];
  const runs = await Promise.all(tests.map(([args]) => pkpspeed([...CU1, '--threads', '1', '--time', '2', ...args], '')));
  runs.forEach((r, i) => {
    t.is(r.status, 0, r.stdout);
    t.regex(r.stdout, tests[i]![1]);
    t.is(perSecond(r.stdout).length, 2);
    t.true(summaryTotal(r.stdout) > 0, r.stdout);
  });
});

test.serial('at the partition capacity key generation stops with the HSM error, exit status 1', async (t) => {
  t.is(run('azcloudhsm_emu', ['capacity', '5'], { home }).stdout, "A partition holds at most 5 key handles (raised from Azure's 3200: an emulator setting)\n");
  const r = await pkpspeed([...CU1, '--threads', '2', '--time', '2', '--test', 'L', '--key-type', 'AES256', '--token', 'y'], '');
  t.is(r.status, 1, r.stdout);
  t.regex(r.stdout, /\[emulator\] 2 of 2 thread\(s\) stopped: operation failed: 0xef : HSM Error: Already maximum number of key handles are in use in the partition\n/);
  t.is(summaryTotal(r.stdout), 5, 'five keys fit');
  t.is(run('azcloudhsm_emu', ['capacity', 'default'], { home }).stdout, 'A partition holds at most 3200 key handles (as on Azure Cloud HSM)\n');
  const keys = singlecmd(home, ['loginHSM', '-u', 'CU', '-s', 'cu1', '-p', 'user1234', 'findKey'], tempHome());
  t.true(keys.stdout.includes('Total number of keys present: 0'));
});

test('refusals: a wrong password, bad answers asked again, bad flags, no daemon; nothing crashes', async (t) => {
  const wrong = await pkpspeed(['-p', 'wrongpass', '-s', 'cu1'], '');
  t.is(wrong.status, 1);
  t.true(wrong.stdout.endsWith(' Current FIPS mode is: 00000000\nCfm2LoginHSM returned: 0xa3 : HSM Error: RET_USER_LOGIN_FAILURE\n'), wrong.stdout);

  const bad = await pkpspeed(CU1, '0\nmany\n1\n1\nZ\nB\n1024\n2048\nn\nn\nX');
  t.is(bad.status, 0, bad.stdout);
  t.true(bad.stdout.includes("Please enter the number of threads [MAX=400] : 0\nError: invalid number of threads '0': enter a number from 1 to 400\n"));
  t.true(bad.stdout.includes("eXit------------------------>X\nZ\nError: invalid choice 'Z': enter a letter of the menu\n"));
  t.true(bad.stdout.includes("Enter mod size(2048/3072):1024\nError: invalid mod size '1024': enter 2048, 3072\nEnter mod size(2048/3072):2048\n"));
  t.is(perSecond(bad.stdout).length, 1);

  const eof = await pkpspeed(CU1, '1\n1\nB\n2048');
  t.is(eof.status, 0, 'end of input ends it');
  t.is(perSecond(eof.stdout).length, 0);

  const flag = await pkpspeed(['--threads', '401'], '');
  t.is(flag.status, 2);
  t.true(flag.stderr.startsWith("pkpspeed: --threads 401: invalid number of threads '401': enter a number from 1 to 400\nUsage: pkpspeed"));
  t.is((await pkpspeed(['-pname', 'PARTITION_2'], '')).status, 2);
  t.is((await pkpspeed(['--test', 'Q'], '')).status, 2);

  const nowhere = tempHome();
  const none = await pkpspeed(CU1, '1\n', nowhere);
  t.is(none.status, 1);
  t.is(none.stdout, 'Failed to connect socket, LIQUIDSECURITY: Daemon socket connection error\n');
  t.is(none.stderr, '');
});

withTmux('in a terminal: the password is not shown, a progress bar while a test runs, gone when it ends', async (t) => {
  const term = new TmuxSession({ command: [process.execPath, join(ROOT, 'dist', 'pkpspeed.js')], env: { AZCLOUDHSM_EMU_HOME: home }, cwd: join(home, 'bin') });
  t.teardown(() => term.kill());
  const answer = async (prompt: string, text: string): Promise<void> => {
    await term.waitFor((screen) => screen.trimEnd().endsWith(prompt.trimEnd()));
    term.type(text);
    term.press('Enter');
  };
  await answer('Please enter the CU user name :', 'cu1');
  await answer('Please enter the CU password :', 'user1234');
  await answer('Please enter the number of threads [MAX=400] :', '1');
  await answer('Please enter the time in seconds to run the test [MAX=600]:', '3');
  await answer('eXit------------------------>X', 'H');
  const running = await term.waitFor(/^\[#+\.*\] [123]\/3 s$/m);
  t.regex(running, /^OPERATIONS\/second {16}\d+\/1$/m);
  const done = await term.waitFor((screen) => screen.split('eXit------------------------>X').length === 3);
  t.notRegex(done, /\[#+\.*\] \d\/3 s/, 'the bar is erased');
  t.is(done.split('\n').filter((l) => l.startsWith('OPERATIONS/second')).length, 3);
  t.false(done.includes('user1234'));
  t.true(done.includes('Please enter the CU user name : cu1\n'), 'the terminal echoes what is typed');
  term.type('X');
  term.press('Enter');
  t.is(await term.waitForExit(), 0);
});
