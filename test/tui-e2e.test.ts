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
