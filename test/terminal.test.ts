// Both tools in a terminal, driven the way operators and their scripts drive the real ones:
//  - with `expect`, on a pty without a size (what a CI job gets) and with one, TERM unset, dumb or
//    xterm: the scripts are those of public automation for this tool family (notes: YOLT's
//    aws-cloudhsm-scripts bin/*.exp, AF-demo's expect_script.sh, pexpect drivers), with Azure's names.
//    Without a size or with TERM=dumb the tools run line mode on the terminal: not one escape sequence.
//  - in tmux (the TUI): resize, the status line following other processes, PRECO promoted to CO,
//    display width, Ctrl-L, the candidate counter, Ctrl-D's goodbye, a recalled util login.
// The programs under tmux and expect get CI=false: with CI=true Ink draws only its last frame.
import test, { type ExecutionContext } from 'ava';
import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openHome } from '../src/home.ts';
import { CAUTION_BANNER } from '../src/mgmt_util/inputs.ts';
import { MgmtShell } from '../src/mgmt_util/shell.ts';
import { type Line, linesOf, type Output } from '../src/output.ts';
import { type RunningDaemon, startDaemon } from './helpers/daemon.ts';
import { expectOne, runExpect, tcl, withExpect } from './helpers/expect.ts';
import { claimedHome } from './helpers/ownership.ts';
import { TmuxSession, tmuxAvailable } from './helpers/tmux.ts';
import { mgmt, ROOT, run, tempHome } from './helpers/tools.ts';

const NODE = process.execPath;
const tool = (name: string): string => join(ROOT, 'dist', `${name}.js`);
const ESC = '\u001B';

// ---- fixtures, built once for the whole file ------------------------------------------------------

interface Fixtures {
  /** Claimed, PRECO not promoted: each test takes a copy. */
  readonly claimed: string;
  /** Activated, cu1 created, a daemon running. */
  readonly owned: string;
  readonly daemon: RunningDaemon;
}

let fixtures: Promise<Fixtures> | undefined;
function built(): Promise<Fixtures> {
  fixtures ??= (async () => {
    const claimed = claimedHome();
    const owned = tempHome('azhsm-terminal-');
    copyHomeTo(claimed, owned);
    mgmt(owned, ['server 0', 'loginHSM PRECO admin tenantadmin', 'changePswd PRECO admin adminpassword', 'y', 'exit', 'quit']);
    mgmt(owned, ['loginHSM CO admin adminpassword', 'createUser CU cu1 user1234', 'y', 'quit']);
    const daemon = await startDaemon(owned);
    return { claimed, owned, daemon };
  })();
  return fixtures;
}
test.after.always(async () => {
  if (fixtures) await (await fixtures).daemon.stop();
});

/** A copy of a home no process is using (the configuration files name the home: rewritten). */
function copyHomeTo(from: string, to: string): void {
  cpSync(from, to, { recursive: true });
  for (const dir of ['bin', 'etc']) {
    for (const name of readdirSync(join(to, dir))) {
      const path = join(to, dir, name);
      const text = readFileSync(path, 'utf8');
      if (text.includes(from)) writeFileSync(path, text.split(from).join(to));
    }
  }
}

/** A key made by cu1 for a test, by azcloudhsm_util singlecmd; its handle. */
function keyOfCu1(home: string, label: string): number {
  const made = run('azcloudhsm_util', ['singlecmd', 'loginHSM', '-u', 'CU', '-s', 'cu1', '-p', 'user1234', 'genSymKey', '-t', '31', '-s', '32', '-l', label], { home });
  const m = /Key Handle: (\d+)/.exec(made.stdout);
  if (!m) throw new Error(`no key made: ${made.stdout}${made.stderr}`);
  return Number(m[1]);
}

// ---- expect -----------------------------------------------------------------------------------------

/** How the pty is set up for a run: its size (none: 0 rows, 0 columns) and TERM (undefined: unset). */
interface Pty {
  readonly name: string;
  readonly size?: { readonly rows: number; readonly cols: number };
  readonly term: string | undefined;
  /** Line mode on the terminal: no escape sequence may reach the script. */
  readonly plain: boolean;
}

const PTYS: readonly Pty[] = [
  { name: 'no size, TERM unset', term: undefined, plain: true },
  { name: 'no size, TERM=dumb', term: 'dumb', plain: true },
  { name: 'sized, TERM=dumb', size: { rows: 24, cols: 100 }, term: 'dumb', plain: true },
  { name: 'sized, TERM=xterm-256color (the TUI)', size: { rows: 24, cols: 100 }, term: 'xterm-256color', plain: false },
];

function header(pty: Pty, command: readonly string[], cwd: string): string {
  return [
    'set timeout 60',
    'log_user 1',
    ...(pty.size ? [`set stty_init "rows ${pty.size.rows} cols ${pty.size.cols}"`] : []),
    `cd ${tcl(cwd)}`,
    `spawn ${command.map(tcl).join(' ')}`,
  ].join('\n');
}

/** Runs a script under each pty; every run must end with `RESULT: ok`, and plain ones without an escape sequence. */
async function acrossPtys(t: ExecutionContext, script: (pty: Pty, tag: string) => string, env: Record<string, string>): Promise<string[]> {
  const runs = await Promise.all(PTYS.map((pty, i) => runExpect(script(pty, `v${i}`), { ...env, CI: 'false', TERM: pty.term })));
  return runs.map((r, i) => {
    const pty = PTYS[i]!;
    t.is(r.status, 0, `${pty.name}: ${r.output.slice(-3000)}`);
    t.regex(r.output, /^RESULT: ok/m, pty.name);
    if (pty.plain) t.false(r.output.includes(ESC), `${pty.name}: an escape sequence reached the script`);
    return r.output;
  });
}

const COMMAND = tcl('Command:  ');

withExpect('azcloudhsm_util under expect, with and without a window size: type-ahead, a refused login, log in, make a key, find it, delete it, exit', async (t) => {
  const { owned } = await built();
  const work = tempHome('azhsm-expect-work-');
  // YOLT find-keys-by-label.exp and delete-keys.exp; pexpect drivers (the handle after `private key handle:`).
  const script = (pty: Pty, tag: string): string =>
    [
      header(pty, [NODE, tool('azcloudhsm_util')], work),
      // Typed before the first prompt (delete-keys.exp sends its login at once): it waits its turn.
      `send -- ${tcl('loginHSM -u CU -s cu1 -p wrongpass1\r')}`,
      expectOne('a wrong password is refused', tcl('HSM Error: RET_USER_LOGIN_FAILURE'), [tcl('HSM Return: SUCCESS')]),
      expectOne('the two-space prompt', COMMAND),
      `send -- ${tcl('loginHSM -u CU -s cu1 -p user1234\r')}`,
      expectOne('cu1 logs in', tcl('Cfm3LoginHSM returned: 0x00 : HSM Return: SUCCESS'), [tcl('HSM Error')]),
      expectOne('the prompt after the login', COMMAND),
      `send -- ${tcl(`genSymKey -t 31 -s 32 -l expect-${tag}\r`)}`,
      expectOne('the key is made', '{Symmetric Key Created.  Key Handle: ([0-9]+)}', [tcl('HSM Error')], { regexp: true, then: ' set key $expect_out(1,string) ' }),
      expectOne('the prompt after genSymKey', COMMAND),
      `send -- ${tcl(`findKey -l expect-${tag}\r`)}`,
      // One match. (`Total number of keys present` counts the user's keys, not the matches: issue 12 item 1.)
      expectOne('findKey finds one key', tcl('Number of matching keys from start index 0::0'), [tcl('Description')]),
      expectOne('findKey succeeds', tcl('Cfm3FindKey returned: 0x00 : HSM Return: SUCCESS')),
      expectOne('the prompt after findKey', COMMAND),
      `send -- ${tcl(`genECCKeyPair -i 16 -l expect-ec-${tag}\r`)}`,
      expectOne('the pair is made', '{public key handle: ([0-9]+) +private key handle: ([0-9]+)}', [tcl('HSM Error')], { regexp: true, then: ' set pub $expect_out(1,string); set priv $expect_out(2,string) ' }),
      expectOne('the prompt after genECCKeyPair', COMMAND),
      'send -- "deleteKey -k $key\\r"',
      expectOne('the key is deleted', tcl('Cfm3DeleteKey returned: 0x00 : HSM Return: SUCCESS'), [tcl('Cfm3DeleteKey returned: 0x30000080'), tcl('Error: Key handle (-k) is missing.')]),
      expectOne('the prompt after deleteKey', COMMAND),
      `send -- ${tcl('exit\r')}`,
      'expect eof',
      'puts "\\nRESULT: ok $key $pub $priv"',
    ].join('\n');
  const outputs = await acrossPtys(t, script, { AZCLOUDHSM_EMU_HOME: owned });
  for (const [i, out] of outputs.entries()) {
    const [key, pub, priv] = /^RESULT: ok (\d+) (\d+) (\d+)/m.exec(out)!.slice(1).map(Number);
    t.true(pub! + 1 === priv! && key! < pub!, `${PTYS[i]!.name}: handles ${key} ${pub} ${priv}`);
    if (PTYS[i]!.plain) {
      // The terminal's own echo, once: the command after its prompt, as in the real tool's transcript.
      t.is(out.split('genSymKey -t 31 -s 32 -l expect-').length - 1, 1, `${PTYS[i]!.name}: echoed once`);
      t.regex(out, /^Command: {2}findKey -l expect-v\d\r$/m);
    }
  }
});

withExpect('azcloudhsm_mgmt_util under expect, with and without a window size: enable_e2e, createUser with its confirmation, the R/I/A prompt, changePswd -hpswd, listUsers parsed, getAttribute and setAttribute as the key owner, quit', async (t) => {
  const { owned } = await built();
  const keys = PTYS.map((_, i) => keyOfCu1(owned, `mgmt-v${i}`));
  // YOLT create-crypto-user.exp, share-keys.exp, get-label-for-keyhandle.exp, migrate-keys.exp; pexpect listUsers parser.
  const prompt = tcl('cloudmgmt>');
  const script = (pty: Pty, tag: string): string => {
    const key = keys[Number(tag.slice(1))]!;
    return [
      header(pty, [NODE, tool('azcloudhsm_mgmt_util'), './azcloudhsm_resource.cfg'], join(owned, 'bin')),
      expectOne('the first prompt', prompt),
      `send -- ${tcl('enable_e2e\r')}`,
      expectOne('enable_e2e is accepted', prompt, [tcl('Invalid command')]),
      `send -- ${tcl('loginHSM CO admin adminpassword\r')}`,
      expectOne('the CO logs in', prompt, [tcl('loginHSM failed: HSM Error: RET_USER_LOGIN_FAILURE')]),
      `send -- ${tcl(`createUser CU e7${tag} password1\r`)}`,
      expectOne('the confirmation', tcl('Do you want to continue(y/n)?')),
      `send -- ${tcl('y\r')}`,
      expectOne('the user is created', prompt, [tcl('createUser failed')]),
      `send -- ${tcl(`createUser CU e7${tag} password1\r`)}`,
      expectOne('the confirmation again', tcl('Do you want to continue(y/n)?')),
      `send -- ${tcl('y\r')}`,
      expectOne('the user exists already', tcl('createUser failed: HSM Error: This user is already created'), [prompt]),
      expectOne('Retry/Ignore/Abort', tcl('(R/I/A):')),
      `send -- ${tcl('A\r')}`,
      expectOne('the prompt after Abort', prompt),
      // The -hpswd scripts: both answers hidden, asked before the CAUTION banner and its confirmation.
      `send -- ${tcl(`changePswd CU e7${tag} -hpswd\r`)}`,
      expectOne('the new password', tcl('Enter password:')),
      `send -- ${tcl('secretpass9\r')}`,
      expectOne('the new password again', tcl('Re-enter password:')),
      `send -- ${tcl('secretpass9\r')}`,
      expectOne('the confirmation of changePswd', tcl('Do you want to continue(y/n)?')),
      `send -- ${tcl('y\r')}`,
      expectOne('the password is changed', tcl('changePswd success on server 0'), [tcl('changePswd failed')]),
      expectOne('the prompt after changePswd', prompt),
      `send -- ${tcl('listUsers\r')}`,
      expectOne('server 0\'s users', '{Users on server 0[^\\n]*\\n.*?2FA\\s+(.*?)Users on server 1}', [], { regexp: true, then: ' set table $expect_out(1,string) ' }),
      expectOne('the prompt after listUsers', prompt),
      `send -- ${tcl('logoutHSM\r')}`,
      expectOne('the prompt after logoutHSM', prompt),
      // A hidden password (the -hpswd scripts): asked, read with the terminal's echo off.
      `send -- ${tcl('loginHSM CU cu1 -hpswd\r')}`,
      expectOne('the password question', tcl('Enter password:')),
      `send -- ${tcl('user1234\r')}`,
      expectOne('cu1 logs in', prompt, [tcl('loginHSM failed')]),
      // get-label-for-keyhandle.exp sends a blank before the CR.
      `send -- ${tcl(`getAttribute ${key} 3 \r`)}`,
      expectOne('the label', tcl(`mgmt-${tag}`), [tcl('getAttribute failed')]),
      expectOne('the prompt after getAttribute', prompt),
      `send -- ${tcl(`setAttribute ${key} 3 mgmt-${tag}-new\r`)}`,
      expectOne('the confirmation of setAttribute', tcl('Do you want to continue(y/n)?')),
      `send -- ${tcl('y\r')}`,
      expectOne('the label is set', tcl('setAttribute success'), [tcl('setAttribute failed')]),
      expectOne('the prompt after setAttribute', prompt),
      `send -- ${tcl('quit\r')}`,
      'expect eof',
      // The pexpect driver splits the table into words and reads them six at a time.
      'set words [regexp -all -inline {\\S+} $table]',
      'set found ""',
      'foreach {id type name mofn failures twofa} $words { if {$name eq ' + tcl(`e7${tag}`) + '} { set found "$id $type" } }',
      'puts "\\nRESULT: ok $found"',
    ].join('\n');
  };
  const outputs = await acrossPtys(t, script, { AZCLOUDHSM_EMU_HOME: owned });
  for (const [i, out] of outputs.entries()) {
    t.regex(out, /^RESULT: ok \d+ CU\r?$/m, `${PTYS[i]!.name}: the new user read from listUsers`);
    t.false(out.includes('secretpass9'), `${PTYS[i]!.name}: the new password given with -hpswd is not echoed`);
    t.false(out.includes('user1234'), `${PTYS[i]!.name}: the hidden password is not echoed: ${out.slice(Math.max(0, out.indexOf('user1234') - 300), out.indexOf('user1234') + 50)}`);
  }
});

withExpect('the activation flow of a public provisioning script (LF line ends): PRECO changes its password, becomes CO', async (t) => {
  const { claimed } = await built();
  const home = tempHome('azhsm-afdemo-');
  copyHomeTo(claimed, home);
  const prompt = tcl('cloudmgmt>');
  // AF-demo's expect_script.sh: `send ...\n`, and the real tool's PRECO password is Azure's tenantadmin.
  const script = [
    header(PTYS[0]!, [NODE, tool('azcloudhsm_mgmt_util'), './azcloudhsm_resource.cfg'], join(home, 'bin')),
    expectOne('the first prompt', prompt),
    'send "enable_e2e\\n"',
    expectOne('enable_e2e', prompt),
    'send "listUsers\\n"',
    expectOne('the PRECO is listed', '{PRECO\\s+admin}', [], { regexp: true }),
    expectOne('the prompt after listUsers', prompt),
    'send "loginHSM PRECO admin tenantadmin\\n"',
    expectOne('the PRECO logs in', prompt, [tcl('loginHSM failed')]),
    'send "changePswd PRECO admin adminpassword\\n"',
    expectOne('the confirmation', tcl('Do you want to continue(y/n)?')),
    'send "y\\n"',
    expectOne('the password is changed', prompt, [tcl('changePswd failed')]),
    'send "listUsers\\n"',
    expectOne('admin is a CO now', '{\\sCO\\s+admin}', [tcl('PRECO')], { regexp: true }),
    expectOne('the prompt after listUsers', prompt),
    'send "quit\\n"',
    'expect eof',
    'puts "\\nRESULT: ok"',
  ].join('\n');
  const r = await runExpect(script, { AZCLOUDHSM_EMU_HOME: home, CI: 'false', TERM: undefined });
  t.is(r.status, 0, r.output.slice(-3000));
  t.regex(r.output, /^RESULT: ok/m);
  t.false(r.output.includes(ESC));
});

withExpect('azcloudhsm_util without its daemon: the SDK\'s error, no prompt, the end (pexpect test_connection)', async (t) => {
  const home = tempHome('azhsm-nodaemon-');
  run('azcloudhsm_emu', ['init'], { home });
  const script = [
    header(PTYS[0]!, [NODE, tool('azcloudhsm_util')], home),
    expectOne('the daemon error', tcl('LIQUIDSECURITY: Daemon socket connection error'), [tcl('Command:')]),
    'expect { "Command:" { puts "\\nFAIL: a prompt"; exit 1 } eof {} }',
    'puts "\\nRESULT: ok"',
  ].join('\n');
  const r = await runExpect(script, { AZCLOUDHSM_EMU_HOME: home, CI: 'false', TERM: undefined });
  t.is(r.status, 0, r.output);
  t.regex(r.output, /Start it with:\r?\n {2}cd .*\/bin && \.\/azcloudhsm_client azcloudhsm_resource\.cfg/, 'the hint, on stderr (a terminal shows it)');
});

// ---- colour by meaning ------------------------------------------------------------------------------

test('every line a renderer prints has the kind of what it says (the TUI colours by the kind, never by the words)', async (t) => {
  const { claimed } = await built();
  const home = tempHome('azhsm-kinds-');
  copyHomeTo(claimed, home);
  const opened = openHome(home);
  t.teardown(() => opened.cluster.close());
  const printed: Line[] = [];
  const console = { tui: false, print: (o: Output) => void printed.push(...linesOf(o)), ask: async () => 'y', notify: () => {} };
  const shell = new MgmtShell({ paths: opened.paths, cluster: opened.cluster, console });
  shell.start();
  const linesOfCommand = async (line: string): Promise<Line[]> => {
    const from = printed.length;
    await shell.handle(line);
    return printed.slice(from);
  };
  const kindOf = (lines: readonly Line[], text: string | RegExp): string | undefined => lines.find((l) => (typeof text === 'string' ? l.text === text : text.test(l.text)))?.kind;

  await linesOfCommand('loginHSM PRECO admin tenantadmin');
  const caution = (await linesOfCommand('changePswd PRECO admin adminpassword')).filter((l) => CAUTION_BANNER.includes(l.text) && l.text !== '');
  t.is(caution.length, CAUTION_BANNER.length - 1);
  t.deepEqual([...new Set(caution.map((l) => l.kind))], ['warning'], 'the whole CAUTION banner is a warning');
  await linesOfCommand('logoutHSM');
  await linesOfCommand('loginHSM CO admin adminpassword');
  await linesOfCommand('createUser CU failed password1');
  const users = await linesOfCommand('listUsers');
  t.is(kindOf(users, /^\s+\d+\s+CU\s+failed\s/), 'data', 'a user named failed is data');
  const tooMany = await linesOfCommand('createUser CU userx password1 extra');
  t.is(kindOf(tooMany, 'Too many arguments: extra'), 'failure');
  t.is(kindOf(tooMany, /^Usage: createUser /), 'usage');
  const unknown = await linesOfCommand('creatUser');
  t.deepEqual(unknown.map((l) => l.kind), ['failure', 'warning', 'data']);
  run('azcloudhsm_emu', ['node', '0', 'down'], { home });
  const down = await linesOfCommand('listUsers');
  t.is(kindOf(down, 'listUsers failed: HSM CLUSTER ERROR: Server in cluster is unavailable'), 'failure');
});

// ---- tmux: the TUI ----------------------------------------------------------------------------------

/** Without tmux these tests are skipped on a developer's machine, but fail in CI (CI=true), which must run them. */
function withTmux(title: string, body: (t: ExecutionContext) => Promise<void>): void {
  if (tmuxAvailable()) test(title, body);
  else if (process.env.CI && process.env.CI !== 'false') test(title, (t) => t.fail('tmux is not installed: CI must run the terminal tests (.ci/run installs it)'));
  else test.skip(title, body);
}

function inTmux(command: readonly string[], home: string, cwd: string, width: number, height: number): TmuxSession {
  return new TmuxSession({ command: [NODE, ...command], env: { CI: 'false', AZCLOUDHSM_EMU_HOME: home, TERM: 'xterm-256color' }, cwd, width, height });
}

/** The status line: the last line of the screen while the tool runs. */
const statusLine = (screen: string): string => screen.split('\n').at(-1) ?? '';

withTmux('the TUI in tmux at 80 columns: PRECO promoted to CO on the status line, which fits; display width; the candidate counter; a node taken down from another terminal; resize; Ctrl-L; Ctrl-D says goodbye', async (t) => {
  const { claimed } = await built();
  const home = tempHome('azhsm-tui-op-');
  copyHomeTo(claimed, home);
  const term = inTmux([tool('azcloudhsm_mgmt_util'), './azcloudhsm_resource.cfg'], home, join(home, 'bin'), 80, 24);
  t.teardown(() => term.kill());
  await term.waitFor(/^cloudmgmt>\s*$/m);

  // Item 6: the promotion shows on the status line, and 80 columns hold every server and E2E.
  term.type('loginHSM PRECO admin tenantadmin');
  term.press('Enter');
  await term.waitFor((s) => statusLine(s).includes('admin (PRECO)'));
  term.type('changePswd PRECO admin adminpassword');
  term.press('Enter');
  await term.waitFor(/^Do you want to continue\(y\/n\)\?/m);
  term.type('y');
  term.press('Enter');
  let screen = await term.waitFor((s) => statusLine(s).includes('admin (CO)'));
  t.regex(statusLine(screen), /^cloudmgmt │ admin \(CO\) │ server0 ok · server1 offline · server2 offline │ E2E on$/);

  // Item 9: the cursor after wide characters is where the terminal draws the next one.
  term.type('listUsers 日本語');
  await term.waitFor('listUsers 日本語');
  await until(() => term.cursor().x === 'cloudmgmt>listUsers '.length + 6, 'the cursor after 日本語 (6 columns)');
  term.press('C-u');

  // Item 12: a Tab with many candidates says how many; the next Tab says which.
  term.press('Tab');
  screen = await term.waitFor(/^ {2}\d+ candidates \(Tab for the next\)$/m);
  const total = /^ {2}(\d+) candidates/m.exec(screen)![1];
  term.press('Tab');
  await term.waitFor(new RegExp(`^ {2}1/${total} \\(Tab for the next\\)$`, 'm'));
  term.press('C-c');
  term.press('C-u');
  await term.waitFor((s) => !s.includes('(Tab for the next)'));

  // Item 5: another terminal takes server 0 down and brings it back: the idle status line follows.
  const started = Date.now();
  run('azcloudhsm_emu', ['node', '0', 'down'], { home });
  // (At 80 columns `server0 down · server1 offline · ...` takes the shortest form: `s0 down`.)
  await term.waitFor((s) => /\bs(erver)?0 down\b/.test(statusLine(s)), 5000);
  const followedMs = Date.now() - started;
  run('azcloudhsm_emu', ['node', '0', 'up'], { home });
  await term.waitFor((s) => statusLine(s).includes('server0 ok'), 5000);
  t.log(`the status line showed the node down ${followedMs} ms after it was taken down`);

  // Item 4: a narrower window keeps the transcript and the cursor on the prompt; a wider one gets the whole status line.
  term.type('info server 0');
  term.press('Enter');
  await term.waitFor(/^0 +10\.0\.2\.4 .*Connected/m);
  term.resize(70, 24);
  screen = await term.waitFor((s) => statusLine(s).length <= 70 && statusLine(s).includes('E2E'));
  t.regex(screen, /^0 +10\.0\.2\.4 .*Connected/m, 'the data row of info server 0 is kept');
  t.regex(screen, /^cloudmgmt>loginHSM PRECO admin tenantadmin$/m, 'and the commands before it');
  const visible = term.visible().split('\n');
  await until(() => term.cursor().y === visible.length - 2 && term.cursor().x === 'cloudmgmt>'.length, 'the cursor on the prompt line');
  term.resize(120, 30);
  screen = await term.waitFor((s) => statusLine(s).includes('server0 connected'));
  t.regex(statusLine(screen), /^cloudmgmt │ admin \(CO\) │ server0 connected · server1 not connected · server2 not connected │ E2E on$/);

  // Item 12: Ctrl-L clears the screen: the prompt is on its first line.
  term.press('C-l');
  await until(() => term.visible().split('\n')[0] === 'cloudmgmt>', 'the prompt at the top after Ctrl-L');

  // Item 12: Ctrl-D quits as quit does, goodbye included.
  term.press('C-d');
  t.is(await term.waitForExit(), 0);
  t.regex(term.screen(), /^cloudmgmt>quit\ndisconnecting from servers, please wait\.\.\.$/m);
});

withTmux('azcloudhsm_util\'s TUI in tmux: a login recalled from the history file asks for the password; a typo gets a suggestion, help one command\'s help; -s completes users of the type given', async (t) => {
  const { owned } = await built();
  // Another session left its login in the history file, the password written as ********.
  mkdirSync(join(owned, 'history'), { recursive: true, mode: 0o700 });
  writeFileSync(join(owned, 'history', 'azcloudhsm_util'), 'loginHSM -u CU -s cu1 -p ********\nlistUsers\n', { mode: 0o600, flag: 'a' });
  const work = tempHome('azhsm-tui-util-');
  const term = inTmux([tool('azcloudhsm_util')], owned, work, 120, 40);
  t.teardown(() => term.kill());
  await term.waitFor(/^Command: {2}\s*$/m);

  // Item 2: Ctrl-R finds it; Enter asks for the password instead of sending the marker.
  term.press('C-r');
  term.type('-p ****');
  await term.waitFor("reverse-i-search)'-p ****': loginHSM -u CU -s cu1 -p ********");
  term.press('Enter');
  await term.waitFor(/^Enter password:\s*$/m);
  term.type('user1234');
  term.press('Enter');
  let screen = await term.waitFor('Cfm3LoginHSM returned: 0x');
  t.regex(screen, /^Command: {2}loginHSM -u CU -s cu1 -p \*{8}$/m, 'the line as recalled');
  t.regex(screen, /Cfm3LoginHSM returned: 0x00 : HSM Return: SUCCESS/);
  t.false(screen.includes('user1234'), 'the password is not shown');

  // Item 11: the TUI says what was probably meant, and help names one command.
  term.type('fndKey');
  term.press('Enter');
  screen = await term.waitFor('Did you mean: findKey');
  t.regex(screen, /^Invalid command: fndKey$/m);
  term.type('help genSymKey');
  term.press('Enter');
  screen = await term.waitFor(/^Syntax: genSymKey /m);
  t.false(screen.split('Command:  help genSymKey')[1]!.includes('Help Commands Available'), 'one command, not the list');

  // Item 10: user names after -u CU are crypto users only.
  term.type('loginHSM -u CU -s ');
  term.press('Tab');
  screen = await term.waitFor((s) => /^Command: {2}loginHSM -u CU -s \S/m.test(s) || /^ {2}cu1 /m.test(s));
  const live = screen.slice(screen.lastIndexOf('Command:  loginHSM -u CU -s'));
  t.notRegex(live, /\badmin\b|\bapp_user\b/, 'no CO or AU offered');
  term.press('C-c');
  term.press('C-c');
  term.press('C-d');
  await term.waitForExit();
  t.regex(term.screen(), /^Command: {2}exit$/m, 'Ctrl-D runs exit');
});

/** Polls a condition (tmux reads are cheap) until it holds, or fails naming it. */
async function until(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

