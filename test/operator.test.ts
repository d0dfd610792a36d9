// The operator's side of issue 13 that needs no terminal: the programs' options, closed pipes, how a
// session picks TUI or line mode, the status line's forms, display widths, recalled passwords, util's
// -s completion, the partial result of a key made on some nodes only, and the client daemon signing its
// applications in on a node that comes back, writing critical_err_info when a node refuses, and
// azcloudhsm_util connecting again to a daemon that came back.
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { utilGrammar } from '../grammar/azcloudhsm_util/index.ts';
import { complete } from '../grammar/complete.ts';
import { redactedWords, redactSecrets } from '../grammar/parse.ts';
import { keyMade } from '../src/azcloudhsm_util/render.ts';
import { success } from '../src/output.ts';
import { editedAnswer } from '../src/line/line-mode.ts';
import { programArgs, sessionMode } from '../src/program.ts';
import { RunningProgram } from '../src/replay/program.ts';
import type { StatusView } from '../src/shell.ts';
import { candidateCounter } from '../src/tui/candidate-list.tsx';
import { makePaint } from '../src/tui/paint.ts';
import { cursorCell, fitHint, keepTrailingSpaces, shownHint } from '../src/tui/prompt-line.tsx';
import { withRecalledSecrets } from '../src/tui/recalled.ts';
import { statusLineText } from '../src/tui/status.ts';
import { startDaemon } from './helpers/daemon.ts';
import { ownedHome } from './helpers/ownership.ts';
import { mgmt, ROOT, run, tempHome } from './helpers/tools.ts';

// ---- the programs' command lines -------------------------------------------------------------------

test('--help and --version on every program, before anything else runs; an unknown option is refused with the usage', (t) => {
  const home = tempHome('azhsm-options-');
  for (const tool of ['azcloudhsm_mgmt_util', 'azcloudhsm_util', 'azcloudhsm_client', 'azcloudhsm_emu'] as const) {
    const help = run(tool, ['--help'], { home });
    t.is(help.status, 0, tool);
    t.regex(help.stdout, new RegExp(`^Usage: ${tool} `), tool);
    const version = run(tool, ['--version'], { home });
    t.is(version.status, 0, tool);
    t.regex(version.stdout, /2\.0\.1\.0|2\.09/, tool);
  }
  t.deepEqual(readdirSync(home), [], 'no home was made for --help or --version');
  // The vendor's util prints its version lines (major.minor) for any first argument starting with -v;
  // the client's line only when a daemon answers, and none runs here.
  t.is(run('azcloudhsm_util', ['-v'], { home }).stdout, 'Util Version\t\t\t:\t2.09\nSDK API Version\t\t\t:\t2.09\n');
  const bad = run('azcloudhsm_mgmt_util', ['--bogus'], { home });
  t.is(bad.status, 2);
  t.regex(bad.stderr, /^azcloudhsm_mgmt_util: unknown option '--bogus'\nUsage: azcloudhsm_mgmt_util /);
  t.notRegex(bad.stderr, /No such file|\n\s+at /);
});

test('options count anywhere but after singlecmd, which keeps every word after it', (t) => {
  const env = { AZCLOUDHSM_EMU_HOME: '/h' };
  t.like(programArgs(['--no-tui', './cfg', '--no-color', '--dry-run'], env), { home: '/h', words: ['./cfg'], noTui: true, noColor: true, dryRun: true, help: false });
  t.like(programArgs(['singlecmd', 'findKey', '-h', '--help'], env), { words: ['singlecmd', 'findKey', '-h', '--help'], help: false });
  t.like(programArgs(['--home', '/x', '--version'], env), { home: '/x', version: true, words: [] });
  t.like(programArgs(['--frobnicate'], env), { unknownOption: '--frobnicate' });
});

test('a session runs the TUI only on a terminal that reports its size, TERM not dumb, and nobody asking for line mode', (t) => {
  const tty = { stdin: { isTTY: true }, stdout: { isTTY: true, columns: 100, rows: 30 } };
  const xterm = { TERM: 'xterm-256color' };
  t.is(sessionMode(tty, xterm, false), 'tui');
  t.is(sessionMode({ ...tty, stdin: { isTTY: false } }, xterm, false), 'pipe');
  t.is(sessionMode({ ...tty, stdout: { isTTY: false } }, xterm, false), 'pipe');
  t.is(sessionMode({ ...tty, stdout: { isTTY: true, columns: 0, rows: 0 } }, xterm, false), 'terminal', "expect's pty without a size");
  t.is(sessionMode(tty, { TERM: 'dumb' }, false), 'terminal');
  t.is(sessionMode(tty, {}, false), 'terminal', 'TERM unset');
  t.is(sessionMode(tty, xterm, true), 'terminal', '--no-tui');
  t.is(sessionMode(tty, { ...xterm, AZCLOUDHSM_EMU_NO_TUI: '1' }, false), 'terminal');
  t.is(sessionMode(tty, { ...xterm, AZCLOUDHSM_EMU_NO_TUI: '0' }, false), 'tui');
});

test('a hidden answer typed with the echo off: Backspace edits it, Ctrl-C or Ctrl-D gives none', (t) => {
  t.is(editedAnswer('user12345\u007f'), 'user1234');
  t.is(editedAnswer('us\berx'), 'uerx');
  t.is(editedAnswer('abc\u0003'), null);
  t.is(editedAnswer('\u0004'), null);
});

test('writing to a closed pipe ends the tool quietly (status 141, no stack trace)', (t) => {
  const home = tempHome('azhsm-epipe-');
  run('azcloudhsm_emu', ['init'], { home });
  // Enough output to fill the pipe after head has gone.
  const r = spawnSync('bash', ['-c', `yes listUsers | head -3000 | node ${join(ROOT, 'dist', 'azcloudhsm_mgmt_util.js')} 2>"$ERR" | head -1; echo "status \${PIPESTATUS[2]}"`], {
    env: { ...process.env, AZCLOUDHSM_EMU_HOME: home, ERR: join(home, 'stderr') },
    encoding: 'utf8',
  });
  t.regex(r.stdout, /^Liquidsec MGMT Util Version .*\nstatus 141\n$/);
  t.is(readFileSync(join(home, 'stderr'), 'utf8'), '', 'nothing on stderr');
});

// ---- the TUI's pure parts ----------------------------------------------------------------------------

const STATUS: StatusView = {
  scope: 'cloudmgmt',
  login: { name: 'admin', type: 'CO' },
  nodes: [
    { server: 0, state: 'connected' },
    { server: 1, state: 'lagging', lag: 12 },
    { server: 2, state: 'restoring', done: 40, total: 100 },
  ],
  e2e: true,
};

test('the status line takes the longest form that fits, and is cut only when even the shortest does not', (t) => {
  const plain = makePaint(0);
  const at = (columns: number, status: StatusView = STATUS): string => statusLineText(status, new Map(), plain, columns);
  t.is(at(120), 'cloudmgmt │ admin (CO) │ server0 connected · server1 lagging 12 events · server2 restoring [####......] 40/100 │ E2E on');
  t.is(at(90), 'cloudmgmt │ admin (CO) │ server0 ok · server1 lag 12 · server2 restoring 40% │ E2E on');
  t.is(at(80), 'cloudmgmt │ admin (CO) │ s0 ok · s1 lag 12 · s2 restoring 40% │ E2E');
  t.is(at(30), 'cloudmgmt │ admin (CO) │ s0 o…');
  t.is(at(25), 'cloudmgmt │ admin (CO) │…', 'cut right after a whole segment: the … still fits');
  for (const columns of [120, 90, 80, 30]) t.true(at(columns).length <= columns);
  t.is(at(80, { scope: 'azcloudhsm_util', nodes: [], e2e: false, daemon: 'lost' }), 'azcloudhsm_util │ not logged in │ azcloudhsm_client not reachable │ E2E off');
});

test('the candidate counter: how many until one is selected, then which', (t) => {
  t.is(candidateCounter(-1, 16), '16 candidates');
  t.is(candidateCounter(2, 16), '3/16');
});

test('the hint without colour is bracketed, never passing for typed text; widths are display widths', (t) => {
  t.is(shownHint(makePaint(0), ' <user type> <user name>', 40), '[ <user type> <user name>]');
  t.is(shownHint(makePaint(1), ' <user type>', 40), '\u001B[90m <user type>\u001B[39m');
  t.is(shownHint(makePaint(0), ' <user type> <user name>', 10), '[ <user …]');
  t.is(fitHint('日本語のヒント', 7), '日本語…', 'two columns each');
  t.deepEqual(cursorCell('cloudmgmt>', { text: 'listUsers 日本語', cursor: 13 }, 80), { x: 26, y: 0 });
  t.deepEqual(cursorCell('cloudmgmt>', { text: 'listUsers 日本語', cursor: 11 }, 80), { x: 22, y: 0 });
  t.deepEqual(cursorCell('cloudmgmt>', { text: '日本語'.repeat(10), cursor: 30 }, 40), { x: 30, y: 1 });
  t.is(keepTrailingSpaces('Command:  '), '\u001B]8;;\u001B\\', "Ink trims a line's trailing spaces: an invisible OSC keeps them");
  t.is(keepTrailingSpaces('cloudmgmt>'), '');
});

test('a recalled util login asks for the password its history line stands in for', async (t) => {
  const stored = redactSecrets(utilGrammar, 'loginHSM -u CU -s cu1 -p user1234') ?? '';
  t.is(stored, 'loginHSM -u CU -s cu1 -p ********');
  t.deepEqual(redactedWords(utilGrammar, stored), [6]);
  t.deepEqual(redactedWords(utilGrammar, 'genSymKey -l ******** -t 31 -s 32'), [], 'a label is no secret');
  const asked: string[] = [];
  const ask = async (prompt: string, options: { hidden: boolean }) => {
    asked.push(`${prompt} hidden=${options.hidden}`);
    return 'user1234';
  };
  t.is(await withRecalledSecrets(utilGrammar, stored, undefined, ask), 'loginHSM -u CU -s cu1 -p user1234');
  t.deepEqual(asked, ['Enter password: hidden=true']);
  t.is(await withRecalledSecrets(utilGrammar, 'findKey -l x', undefined, ask), 'findKey -l x');
  t.is(await withRecalledSecrets(utilGrammar, stored, undefined, async () => null), null, 'no answer: nothing runs');
});

test('util completion of -s after -u CU offers crypto users only', (t) => {
  const live = {
    users: [
      { id: 1, name: 'admin', type: 'CO' },
      { id: 2, name: 'app_user', type: 'AU' },
      { id: 3, name: 'cu1', type: 'CU' },
      { id: 4, name: 'cu2', type: 'CU' },
    ],
    keys: [],
    servers: [0, 1, 2],
  };
  const names = (line: string) => complete({ grammar: utilGrammar, live, listFiles: () => [] }, line).candidates.map((c) => c.value);
  t.deepEqual(names('loginHSM -u CU -s '), ['cu1', 'cu2']);
  t.deepEqual(names('loginHSM -s '), ['admin', 'app_user', 'cu1', 'cu2'], 'no type given yet: every user');
});

// ---- a key made on some nodes only ------------------------------------------------------------------

test('a key made on some nodes only: RET_CLUSTER_OPERATION_INCOMPLETE, the handle anyway, each node\'s status', (t) => {
  const lines = keyMade(
    'Cfm3GenerateSymmetricKey',
    [
      { server: 0, code: 'SUCCESS', data: undefined },
      { server: 1, code: 'NOT_LOGGED_IN' },
      { server: 2, code: 'SUCCESS', data: undefined },
    ],
    success('Symmetric Key Created.  Key Handle: 262160'),
  );
  t.deepEqual(
    lines.map((l) => l.text),
    [
      '',
      'Cfm3GenerateSymmetricKey returned: 0x30000087 : HSM CLUSTER ERROR: RET_CLUSTER_OPERATION_INCOMPLETE',
      '',
      'Symmetric Key Created.  Key Handle: 262160',
      '',
      'Cluster Status:',
      'Node id 1 status: 0x00000000 : HSM Return: SUCCESS',
      'Node id 2 status: 0x000000a6 : HSM Error: No user is logged in to do this operation',
      'Node id 3 status: 0x00000000 : HSM Return: SUCCESS',
    ],
  );
  t.deepEqual(lines.map((l) => l.kind), ['data', 'failure', 'data', 'warning', 'data', 'data', 'success', 'failure', 'success']);
  // A node that was down gets the key from the journal: no partial result.
  const down = keyMade('Cfm3GenerateSymmetricKey', [{ server: 0, code: 'SUCCESS', data: undefined }, { server: 1, code: 'SERVER_UNAVAILABLE' }], success('Symmetric Key Created.  Key Handle: 262161'));
  t.is(down[1]!.text, 'Cfm3GenerateSymmetricKey returned: 0x00 : HSM Return: SUCCESS');
  t.deepEqual(down.at(-1), { text: 'Node id 2 status: 0x30000085 : HSM CLUSTER ERROR: Server in cluster is unavailable', kind: 'failure' });
});

// ---- the client daemon: nodes that come back, a daemon that comes back ------------------------------

/** azcloudhsm_util reading from a pipe the test writes to: `command` sends a line and waits for the next prompt. */
function utilSession(home: string): RunningProgram & { command(line: string): Promise<string> } {
  const program = new RunningProgram(`exec node ${join(ROOT, 'dist', 'azcloudhsm_util.js')}`, { cwd: home, env: { ...process.env, AZCLOUDHSM_EMU_HOME: home, NO_COLOR: '1' }, input: true });
  return Object.assign(program, {
    command: async (line: string) => {
      // Each command at a prompt: the first one waits for the start-up lines.
      if ((await program.waitFor(() => program.stdout.endsWith('Command:  '), 30_000)) === 'silent') throw new Error(`no prompt:\n${program.stdout}`);
      const from = program.stdout.length;
      program.write(line + '\n');
      const prompted = (): boolean => /\nCommand: {2}$/.test(program.stdout.slice(from)) || program.exitStatus !== undefined;
      if ((await program.waitFor(prompted, 30_000)) === 'silent') throw new Error(`no prompt after ${line}:\n${program.stdout}\n${program.stderr}`);
      return program.stdout.slice(from);
    },
  });
}

const LOGIN = 'loginHSM -u CU -s cu1 -p user1234';

test.serial('the daemon signs a session in on a node that comes back; a node that refuses is written to critical_err_info and left out; a daemon that comes back is connected to again', async (t) => {
  const home = ownedHome({ withCu1: true });
  let daemon = await startDaemon(home);
  t.teardown(() => daemon.stop());
  const emu = (...args: string[]) => run('azcloudhsm_emu', args, { home });

  // The steps: node 1 down, log in, node 1 up, make a key.
  emu('node', '1', 'down');
  const first = utilSession(home);
  t.teardown(() => first.stop());
  t.regex(await first.command(LOGIN), /Cfm3LoginHSM returned: 0x00/);
  emu('node', '1', 'up');
  let out = await first.command('genSymKey -t 31 -s 32 -l repro');
  t.regex(out, /Cfm3GenerateSymmetricKey returned: 0x00 : HSM Return: SUCCESS\n\nSymmetric Key Created\. {2}Key Handle: \d+\n/);
  t.regex(out, /^Node id 2 status: 0x00000000 : HSM Return: SUCCESS$/m, 'the returned node was signed in first');
  t.regex(daemon.log(), /application session \d+: cu1 signed in on returning node\(s\) 2/);
  await first.command('exit');

  // Server 1 gets another password for cu1 (server scope: not copied to the others).
  mgmt(home, ['server 1', 'loginHSM CO admin adminpassword', 'changePswd CU cu1 otherpass1', 'y', 'exit', 'quit']);
  const loginFailures = (): number => emu('journal').stdout.split('\n').filter((l) => /LoginFailed/.test(l)).length;
  emu('node', '1', 'down');
  const second = utilSession(home);
  t.teardown(() => second.stop());
  t.regex(await second.command(LOGIN), /Cfm3LoginHSM returned: 0x00/);
  emu('node', '1', 'up');
  const before = loginFailures();
  out = await second.command('genSymKey -t 31 -s 32 -l partial');
  // The key is made on nodes 1 and 3: said so, with the handle, and each node's status.
  t.regex(out, /Cfm3GenerateSymmetricKey returned: 0x30000087 : HSM CLUSTER ERROR: RET_CLUSTER_OPERATION_INCOMPLETE\n\nSymmetric Key Created\. {2}Key Handle: \d+\n/);
  t.regex(out, /^Node id 2 status: 0x000000a6 : HSM Error: No user is logged in to do this operation$/m);
  const files = readdirSync(home).filter((f) => /^critical_err_info_\d{16}_\d+$/.test(f));
  t.is(files.length, 1);
  t.deepEqual(JSON.parse(readFileSync(join(home, files[0]!), 'utf8')), { Command: 'Login', 'Cluster Status': [{ Node: '2', Status: 'HSM Error: RET_USER_LOGIN_FAILURE' }] });
  await second.command('genSymKey -t 31 -s 32 -l partial2');
  t.is(loginFailures(), before + 1, 'the refused node is not tried again (each try counts towards its lockout)');
  await second.command('exit');

  // The daemon goes away during a session, and comes back. (Server 1 still refuses cu1's password.)
  const third = utilSession(home);
  t.teardown(() => third.stop());
  t.regex(await third.command(LOGIN), /^Node id 1 status: 0x00000000 : HSM Return: SUCCESS$/m);
  await daemon.stop();
  out = await third.command('findKey -l repro');
  t.regex(out, /^\tCfm3FindKey returned: 0x40000040 : LIQUIDSECURITY: Daemon socket connection error$/m);
  // The hint, on stderr (its pipe may deliver after stdout's).
  await third.waitFor(() => third.stderr.includes('Start it with:'), 10_000);
  t.regex(third.stderr, /no azcloudhsm_client daemon answers on .*\. Start it with:/);
  daemon = await startDaemon(home);
  out = await third.command(LOGIN);
  t.regex(out, /^Node id 1 status: 0x00000000 : HSM Return: SUCCESS$/m, 'connected again, and logged in again');
  await third.waitFor(() => third.stderr.includes('answers again'), 10_000);
  t.regex(third.stderr, /azcloudhsm_client answers again: reconnected/);
  await third.command('exit');
  t.is((await third.exited).status, 1, 'a command failed in the session');
});
