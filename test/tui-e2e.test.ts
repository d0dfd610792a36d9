// The TUI in a real terminal: the bundled programs run in tmux, keys go in with send-keys, and the screen
// is read back with capture-pane. CI=false: under CI=true Ink draws only its last frame at exit.
import test from 'ava';
import { join } from 'node:path';
import { LOGIN_CU1, startDaemon } from './helpers/daemon.ts';
import { ownedHome } from './helpers/ownership.ts';
import { TmuxSession, withTmux } from './helpers/tmux.ts';
import { ROOT, tempHome } from './helpers/tools.ts';


function startTool(tool: string, home: string): TmuxSession {
  return new TmuxSession({
    command: [process.execPath, join(ROOT, 'dist', `${tool}.js`)],
    env: { CI: 'false', AZCLOUDHSM_EMU_HOME: home, TERM: 'xterm-256color' },
    cwd: home,
    width: 120,
    height: 40,
  });
}

const usersFound = (screen: string): string[] => [...screen.matchAll(/Number of users found:(\d+)/g)].map((m) => m[1]!);

withTmux('azcloudhsm_mgmt_util in a terminal: Tab, -h, server scope, history, quit', async (t) => {
  const home = tempHome('azhsm-tui-e2e-');
  const term = startTool('azcloudhsm_mgmt_util', home);
  t.teardown(() => term.kill());
  await term.waitFor(/^cloudmgmt>/m);

  // Tab completes an unambiguous prefix: the echoed line is the whole name, not the prefix. (Before
  // Tab the screen shows the name too, the rest of it as the grey hint, so the echo is what tells.)
  term.type('getClu');
  term.press('Tab');
  term.press('Enter');
  let screen = await term.waitFor('Cluster info from server 0');
  t.regex(screen, /^cloudmgmt>getClusterInfo\s*$/m);

  term.type('listUsers');
  term.press('Enter');
  screen = await term.waitFor(/Number of users found/);
  const before = usersFound(screen);

  // `-h` prints the usage and runs nothing: no confirmation, and the user count stays.
  term.type('createUser -h');
  term.press('Enter');
  screen = await term.waitFor(/^Description$/m);
  t.regex(screen, /^createUser <user type> <user name> <password \| -hpswd>$/m);
  t.notRegex(screen, /Do you want to continue|Creating User/);
  term.type('listUsers');
  term.press('Enter');
  screen = await term.waitFor((s) => usersFound(s).length === before.length + 1);
  t.deepEqual(usersFound(screen).at(-1), before.at(-1));

  // `server 0` changes the prompt; ↑ brings the last command back.
  term.type('server 0');
  term.press('Enter');
  await term.waitFor(/^server0>$/m);
  term.press('Up');
  await term.waitFor(/^server0>server 0$/m);
  term.press('C-u');
  term.type('exit');
  term.press('Enter');
  await term.waitFor(/^server0>exit\s*\n(.*\n)*cloudmgmt>$/m);

  // In the TUI, `help` marks the commands the emulator does not emulate.
  term.type('help');
  term.press('Enter');
  screen = await term.waitFor(/^\* not emulated: /m);
  t.regex(screen, /(^|\s)getPolicy\*(\s|$)/m);
  t.regex(screen, /(^|\s)createUser(\s|$)/m);

  term.type('quit');
  term.press('Enter');
  t.is(await term.waitForExit(), 0);
  screen = term.screen();
  t.regex(screen, /disconnecting from servers, please wait\.\.\./);
  // The live part (prompt, status line) is cleared when the tool ends.
  t.notRegex(screen.split('disconnecting from servers')[1] ?? '', /cloudmgmt>|not logged in/);
});

withTmux('azcloudhsm_util in a terminal: Tab completes a flag, the key is made, exit quits', async (t) => {
  const home = ownedHome({ withCu1: true });
  const daemon = await startDaemon(home);
  t.teardown(() => daemon.stop());
  const work = tempHome('azhsm-tui-work-');
  const term = new TmuxSession({
    command: [process.execPath, join(ROOT, 'dist', 'azcloudhsm_util.js')],
    env: { CI: 'false', AZCLOUDHSM_EMU_HOME: home, TERM: 'xterm-256color' },
    cwd: work,
  });
  t.teardown(() => term.kill());
  await term.waitFor(/^Command: *$/m);
  term.type(LOGIN_CU1);
  term.press('Enter');
  await term.waitFor('Cfm3LoginHSM returned: 0x00');

  // Before Tab the rest of the flag shows as the hint; after it, the flag is whole and takes a value.
  term.type('genSymKey -wrap');
  term.press('Tab');
  term.type('0 -t 31 -s 16 -l tuikey');
  await term.waitFor(/^Command: {2}genSymKey -wrap_with_trusted 0 -t 31 -s 16 -l tuikey/m);
  term.press('Enter');
  const screen = await term.waitFor(/Symmetric Key Created\. {2}Key Handle: \d+/);
  t.regex(screen, /^Command: {2}genSymKey -wrap_with_trusted 0 -t 31 -s 16 -l tuikey\s*$/m);

  term.type('exit');
  term.press('Enter');
  t.is(await term.waitForExit(), 0);
});

withTmux('azcloudhsm_emu learn in a terminal: the tutor\'s prompt, then the tool\'s own TUI with the lesson\'s step, feedback and hints; Ctrl-D pauses', async (t) => {
  const home = join(tempHome('azhsm-tui-learn-'), 'lesson');
  const term = new TmuxSession({
    command: [process.execPath, join(ROOT, 'dist', 'azcloudhsm_emu.js'), 'learn', '1', '--home', home],
    env: { CI: 'false', TERM: 'xterm-256color' },
    cwd: tempHome('azhsm-tui-work-'),
    width: 160,
    height: 50,
  });
  t.teardown(() => term.kill());
  // The state the lesson starts from is built first; then the tutor's own prompt, with the lesson's step.
  await term.waitFor(/^\$ *$/m, 30_000);
  t.regex(term.screen(), /^shell │ lesson step 1\/\d+$/m);
  term.type('./azcloudhsm_mgmt_util ./azcloudhsm_resource.cfg');
  term.press('Enter');
  // The tool's TUI: its prompt, completion and status line, with the lesson's step at its end.
  await term.waitFor(/^cloudmgmt>$/m);
  t.regex(term.screen(), /│ E2E on │ lesson step 2\/\d+$/m);
  term.type('getClu');
  term.press('Tab');
  term.press('Enter');
  await term.waitFor(/▸ Cluster info from server 0\(10\.0\.2\.4\):/);
  // A wrong step is not run: the tutor says why; `hint` helps.
  term.type('loginHSM CU admin adminpassword');
  term.press('Enter');
  let screen = await term.waitFor(/^tutor: this step is not loginHSM/m);
  t.notRegex(screen, /loginHSM (success|failed)/);
  term.type('hint');
  term.press('Enter');
  await term.waitFor(/^hint: the syntax is `listUsers`$/m);
  term.type('listUsers');
  term.press('Enter');
  screen = await term.waitFor(/Number of users found:3/);
  await term.waitFor(/lesson step 4\/\d+$/m);
  term.press('C-d');
  t.is(await term.waitForExit(), 1);
  t.regex(term.screen(), /lesson 1-cluster paused/);
});
