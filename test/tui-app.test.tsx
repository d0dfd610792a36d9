// The Ink app through ink-testing-library: azcloudhsm_mgmt_util's real front end (MgmtShell on a scratch
// home, in this process) driven by keys. Completion, hints, history (and what reaches the history file),
// Ctrl-R, the inline confirmation and password prompts, the status line, Ctrl-C / Ctrl-D, and the
// transcript being line mode's text. Serial: ownedHome() and the piped runs block the process for seconds,
// and key timing is what these tests look at.
import test from 'ava';
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Text } from 'ink';
import { render } from 'ink-testing-library';
import { openHome } from '../src/home.ts';
import { MgmtShell } from '../src/mgmt_util/shell.ts';
import type { LiveValues } from '../grammar/complete.ts';
import type { StatusView, ToolShell } from '../src/shell.ts';
import { App } from '../src/tui/app.tsx';
import { History, historyPath } from '../src/tui/history.ts';
import { makePaint } from '../src/tui/paint.ts';
import { SPACE_KEEPER } from '../src/tui/prompt-line.tsx';
import { TuiConsole } from '../src/tui/tui-console.ts';
import { useRawKeys } from '../src/tui/use-raw-keys.ts';
import { mgmtGrammar } from '../grammar/mgmt_util/index.ts';
import { ownedHome } from './helpers/ownership.ts';
import { mgmt, tempHome } from './helpers/tools.ts';

const ENTER = '\r';
const TAB = '\t';
const UP = '\u001B[A';
const CTRL_C = '\u0003';
const CTRL_D = '\u0004';
const CTRL_R = '\u0012';

/** A pause, then a turn of the event loop: Ink's renders are scheduled with setImmediate. */
async function pause(ms = 15): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
  await new Promise((r) => setImmediate(r));
}

interface Tui {
  readonly console: TuiConsole;
  readonly history: History;
  /** Everything drawn so far: the transcript (Static) and the live part, without colour codes. */
  frame(): string;
  /** The live part only: what is below the transcript. */
  live(): string;
  /** The prompt line as typed (the prompt included) and its grey hint, told apart by the hint's colour. */
  promptLine(): { readonly typed: string; readonly hint: string };
  /** Each argument is written on its own (a Tab must be its own write), with a pause after it. */
  keys(...writes: string[]): Promise<void>;
  waitFor(test: (frame: string) => boolean, what: string): Promise<string>;
  exited(): boolean;
}

/** What each test leaves to close: apps and journals. */
const running: (() => void)[] = [];
test.afterEach.always(() => {
  for (const close of running.splice(0).reverse()) close();
});

/** Where the live part starts: the last prompt or question line (the transcript is above it). */
const LIVE_START = /^(cloudmgmt>|server\d>|\((failed )?reverse-i-search\)|Enter password:|Re-enter password:|Do you want to continue|Retry\/Ignore\/Abort)/;

const GREY = /\u001B\[90m(.*?)\u001B\[39m/;
/** What the screen shows: no colour codes, no OSC 8 end (drawn after a prompt's trailing spaces to keep them). */
const stripColour = (s: string): string => s.replace(/\u001B\[\d+m/g, '').split(SPACE_KEEPER).join('');

async function startTui(makeShell: (console: TuiConsole) => ToolShell, home: string): Promise<Tui> {
  const console = new TuiConsole();
  const shell = makeShell(console);
  shell.start();
  const history = new History(historyPath(home, 'azcloudhsm_mgmt_util'), shell.grammar);
  const app = render(<App shell={shell} console={console} history={history} paint={makePaint(1)} />);
  running.push(app.unmount);
  // The app reads keys once its effects have run.
  await pause();
  const raw = (): string => app.lastFrame() ?? '';
  const frame = (): string => stripColour(raw());
  const lines = (): string[] => frame().split('\n');
  const liveStart = (all: readonly string[]): number => {
    let i = all.length - 1;
    while (i > 0 && !LIVE_START.test(stripColour(all[i]!))) i--;
    return i;
  };
  return {
    console,
    history,
    frame,
    live() {
      const all = lines();
      return all.slice(liveStart(all)).join('\n');
    },
    promptLine() {
      const all = raw().split('\n');
      const line = all[liveStart(all)] ?? '';
      const hint = GREY.exec(line)?.[1] ?? '';
      return { typed: stripColour(line.replace(GREY, '')), hint };
    },
    async keys(...writes) {
      for (const w of writes) {
        app.stdin.write(w);
        await pause();
      }
    },
    async waitFor(check, what) {
      for (let i = 0; i < 300; i++) {
        if (check(frame())) return frame();
        await pause(10);
      }
      throw new Error(`timed out waiting for ${what}; the frame was:\n${frame()}`);
    },
    // The status line is the live part's last line; once the tool has ended only the transcript is left.
    exited: () => !(lines().at(-1) ?? '').includes(' │ '),
  };
}

function mgmtTui(home: string): Promise<Tui> {
  const opened = openHome(home);
  running.push(() => opened.cluster.close());
  return startTui((console) => new MgmtShell({ paths: opened.paths, cluster: opened.cluster, console }), home);
}

test.serial('Tab completes a command name; several candidates are listed with their meaning and Tab cycles', async (t) => {
  const tui = await mgmtTui(tempHome('azhsm-tui-'));
  await tui.keys('getClu');
  t.deepEqual(tui.promptLine(), { typed: 'cloudmgmt>getClu', hint: 'sterInfo' });
  await tui.keys(TAB);
  // A whole name is followed by a space, drawn (Ink would trim it but for the escape sequence after it).
  t.deepEqual(tui.promptLine(), { typed: 'cloudmgmt>getClusterInfo ', hint: '' });
  await tui.keys('x');
  t.is(tui.promptLine().typed, 'cloudmgmt>getClusterInfo x');
  await tui.keys(CTRL_C, 'createUser ', TAB);
  // The common prefix goes in, the list shows each type with its meaning.
  t.is(tui.promptLine().typed, 'cloudmgmt>createUser C');
  t.regex(tui.live(), /^ {2}CO\s+crypto officer$/m);
  t.regex(tui.live(), /^ {2}CU\s+crypto user$/m);
  await tui.keys(TAB);
  t.is(tui.promptLine().typed, 'cloudmgmt>createUser CO ');
  t.regex(tui.live(), /^> CO\s+crypto officer$/m);
  await tui.keys(TAB);
  t.is(tui.promptLine().typed, 'cloudmgmt>createUser CU ');
  await tui.keys('\u001B[Z');
  t.is(tui.promptLine().typed, 'cloudmgmt>createUser CO ');
  // Any other key closes the list and keeps what is in the line.
  await tui.keys('b');
  t.is(tui.promptLine().typed, 'cloudmgmt>createUser CO b');
  t.notRegex(tui.live(), /crypto officer/);
  // Server ids are live values; in server mode server-only commands complete.
  await tui.keys('\u0015', 'server ', TAB);
  t.regex(tui.live(), /^ {2}0$/m);
  await tui.keys('\u0015', 'server 0', ENTER);
  await tui.waitFor(() => tui.promptLine().typed === 'server0>', 'server mode');
  await tui.keys('getCertR', TAB);
  t.deepEqual(tui.promptLine(), { typed: 'server0>getCertReq ', hint: '<csr file>' });
});

test.serial('the hint shows the rest of the syntax, shrinks as arguments come, and goes when the line cannot match', async (t) => {
  const tui = await mgmtTui(tempHome('azhsm-tui-'));
  await tui.keys('createUser');
  t.is(tui.promptLine().hint, ' <user type> <user name> <password | -hpswd>');
  await tui.keys(' CU');
  t.is(tui.promptLine().hint, ' <user name> <password | -hpswd>');
  await tui.keys(' bob ');
  t.is(tui.promptLine().hint, '<password | -hpswd>');
  await tui.keys(CTRL_C, 'createUser XX');
  t.is(tui.promptLine().hint, '', 'a user type createUser does not take');
  await tui.keys(CTRL_C, 'nosuchcommand');
  t.is(tui.promptLine().hint, '', 'an unknown command');
  await tui.keys(CTRL_C, 'listUsers now');
  t.is(tui.promptLine().hint, '', 'too many words');
  // With the cursor inside the line there is no hint.
  await tui.keys(CTRL_C, 'createUser', '\u0001');
  t.deepEqual(tui.promptLine(), { typed: 'cloudmgmt>createUser', hint: '' });
});

test.serial('-h, help and a wrong command print what line mode prints', async (t) => {
  const home = tempHome('azhsm-tui-');
  const tui = await mgmtTui(home);
  const lines = ['createUser -h', 'help', 'getClsterInfo', 'createUser CU'];
  for (const l of lines) await tui.keys(l, ENTER);
  await tui.waitFor((f) => f.includes('Usage: createUser'), 'the usage line');
  const piped = mgmt(home, [...lines, 'quit']).stdout;
  const printed = tui.console.getSnapshot().transcript.flatMap((e) => e.lines);
  const transcript = printed.map((l) => l.text);
  const start = (text: readonly string[]): number => text.findIndex((l) => l.startsWith('cloudmgmt>createUser -h'));
  const fromTui = transcript.slice(start(transcript));
  const fromPipe = piped.split('\n').slice(start(piped.split('\n')), -2);
  t.deepEqual(fromTui, fromPipe.slice(0, fromTui.length));
  // Each line carries its kind from the renderer: the TUI colours by it.
  const kindOf = (start: string): string | undefined => printed.find((l) => l.text.startsWith(start))?.kind;
  t.is(kindOf('Invalid command: getClsterInfo'), 'failure');
  t.is(kindOf('Did you mean: getClusterInfo'), 'warning');
  t.is(kindOf('Usage: createUser'), 'usage');
  t.is(kindOf('Invalid user type'), undefined);
});

test.serial('history: ↑ recalls, Ctrl-R searches, and the file keeps lines without their passwords', async (t) => {
  const home = tempHome('azhsm-tui-');
  let tui = await mgmtTui(home);
  await tui.keys('listUsers', ENTER);
  await tui.keys('loginHSM PRECO admin tenantadmin', ENTER);
  await tui.waitFor((f) => f.includes('loginHSM success'), 'the login');
  await tui.keys('getHSMInfo', ENTER);
  await tui.waitFor((f) => f.includes('HSM Info'), 'getHSMInfo');

  await tui.keys(UP);
  t.is(tui.promptLine().typed, 'cloudmgmt>getHSMInfo');
  await tui.keys(UP, UP);
  t.is(tui.promptLine().typed, 'cloudmgmt>listUsers');
  await tui.keys('\u001B[B');
  // This session's lines come back as typed.
  t.is(tui.promptLine().typed, 'cloudmgmt>loginHSM PRECO admin tenantadmin');
  await tui.keys('\u001B[B', '\u001B[B');
  t.is(tui.promptLine().typed, 'cloudmgmt>', 'down past the newest entry is the line being written');
  await tui.keys(CTRL_C);

  await tui.keys(CTRL_R, 'list');
  t.regex(tui.live(), /^\(reverse-i-search\)'list': listUsers$/m);
  await tui.keys('x');
  t.regex(tui.live(), /^\(failed reverse-i-search\)'listx':/m);
  await tui.keys('\u0007');
  t.is(tui.promptLine().typed, 'cloudmgmt>');
  await tui.keys(CTRL_R, 'HSM');
  t.regex(tui.live(), /'HSM': getHSMInfo$/m);
  await tui.keys(CTRL_R);
  t.regex(tui.live(), /'HSM': loginHSM PRECO admin tenantadmin$/m);
  await tui.keys(ENTER);
  await tui.waitFor((f) => f.split('loginHSM success').length > 2 || /already logged in/i.test(f), 'the searched line to run');

  const file = readFileSync(historyPath(home, 'azcloudhsm_mgmt_util'), 'utf8');
  t.false(file.includes('tenantadmin'), file);
  t.true(file.includes('loginHSM PRECO admin -hpswd'), file);
  t.deepEqual(file.trim().split('\n'), ['listUsers', 'loginHSM PRECO admin -hpswd', 'getHSMInfo', 'loginHSM PRECO admin -hpswd']);

  // The next run starts with the file's history.
  tui = await mgmtTui(home);
  await tui.keys(UP);
  t.is(tui.promptLine().typed, 'cloudmgmt>loginHSM PRECO admin -hpswd');
  await tui.keys(UP);
  t.is(tui.promptLine().typed, 'cloudmgmt>getHSMInfo');
});

test.serial('Ctrl-C clears the line and twice on an empty line quits; Ctrl-D on an empty line quits', async (t) => {
  let tui = await mgmtTui(tempHome('azhsm-tui-'));
  await tui.keys('getHSM', CTRL_C);
  t.is(tui.promptLine().typed, 'cloudmgmt>');
  t.false(tui.exited());
  await tui.keys(CTRL_C);
  t.regex(tui.live(), /press Ctrl-C again/);
  await tui.keys('x', '\u007F', CTRL_C);
  t.false(tui.exited(), 'a key between two Ctrl-C disarms the quit');
  await tui.keys(CTRL_C);
  await tui.waitFor(() => tui.exited(), 'the app to end');
  t.pass();

  tui = await mgmtTui(tempHome('azhsm-tui-'));
  await tui.keys('ab', '\u001B[D', CTRL_D);
  t.is(tui.promptLine().typed, 'cloudmgmt>a', 'Ctrl-D inside a line deletes the character under the cursor');
  await tui.keys('\u0015', CTRL_D);
  await tui.waitFor(() => tui.exited(), 'the app to end');
});

test.serial('readline editing keys: Home/End, Ctrl-A/E/K/U/W, Alt-B/F, Backspace/Delete', async (t) => {
  const tui = await mgmtTui(tempHome('azhsm-tui-'));
  const line = (): string => tui.promptLine().typed.slice('cloudmgmt>'.length);
  await tui.keys('loginHSM CO admin');
  await tui.keys('\u001Bb', '\u001Bb');
  await tui.keys('X');
  t.true(line().startsWith('loginHSM XCO admin'), line());
  await tui.keys('\u001B[3~');
  t.true(line().startsWith('loginHSM XO admin'), line());
  await tui.keys('\u007F', '\u001Bf', '\u000B');
  t.true(line().startsWith('loginHSM O'), line());
  await tui.keys('\u0017');
  t.true(line().startsWith('loginHSM '), line());
  await tui.keys('\u001B[H', 'get', '\u001B[F', 'x', '\u0001', '\u0005', '\u0015');
  t.is(line().trim(), '');
});

test.serial('a confirmation and a hidden password are asked inline; the transcript is line mode\'s', async (t) => {
  const home = ownedHome();
  const copy = tempHome('azhsm-tui-copy-');
  cpSync(home, copy, { recursive: true });
  const lines = ['loginHSM CO admin adminpassword', 'createUser CU bob bobpassword'];
  const tui = await mgmtTui(home);
  await tui.keys(lines[0]!, ENTER);
  await tui.waitFor((f) => f.includes('loginHSM success'), 'the login');
  // The status line follows once the command has returned (a frame may show the output first).
  await tui.waitFor(() => /admin \(CO\)/.test(tui.live()), 'the login in the status line');
  t.regex(tui.live(), /server0 connected · server1 connected · server2 connected │ E2E on/);

  await tui.keys(lines[1]!, ENTER);
  await tui.waitFor((f) => /^Do you want to continue\(y\/n\)\?$/m.test(f), 'the confirmation');
  t.regex(tui.frame(), /\*+CAUTION\*+/);
  await tui.keys('y', ENTER);
  await tui.waitFor((f) => f.includes('createUser success'), 'createUser');

  // The passwords are asked for first, then the CAUTION banner (Oracle's changePswd page).
  await tui.keys('changePswd CU bob -hpswd', ENTER);
  await tui.waitFor((f) => /^Enter password:$/m.test(f), 'the password prompt');
  await tui.keys('secretpass1');
  t.regex(tui.live(), /^Enter password:\*{11}$/m);
  t.false(tui.frame().includes('secretpass1'));
  await tui.keys(ENTER);
  await tui.waitFor((f) => /^Re-enter password:$/m.test(f), 'the second password prompt');
  await tui.keys('secretpass1', ENTER);
  await tui.waitFor((f) => /^Do you want to continue\(y\/n\)\?$/m.test(f), 'the confirmation');
  await tui.keys('y', ENTER);
  await tui.waitFor((f) => f.includes('changePswd success'), 'changePswd');
  t.false(tui.frame().includes('secretpass1'));

  // The same lines piped into line mode on a copy of the home print the same transcript.
  const piped = mgmt(copy, [lines[0]!, lines[1]!, 'y', 'changePswd CU bob -hpswd', 'secretpass1', 'secretpass1', 'y', 'quit']).stdout.split('\n');
  const transcript = tui.console.getSnapshot().transcript.flatMap((e) => e.lines.map((l) => l.text));
  const from = (text: readonly string[]): number => text.indexOf(`cloudmgmt>${lines[0]}`);
  const fromTui = transcript.slice(from(transcript));
  t.deepEqual(fromTui, piped.slice(from(piped), from(piped) + fromTui.length).map((l) => l.replace(/^(Enter password:|Re-enter password:)secretpass1$/, '$1')));
});

// A front end whose status and replay progress the test sets, to see the status line's node states.
class FakeShell implements ToolShell {
  readonly grammar = mgmtGrammar;
  failures = 0;
  readonly quitCommand = 'quit';
  async follow(): Promise<void> {}
  view: StatusView = { scope: 'cloudmgmt', nodes: [], e2e: false };
  private progressListener: ((p: { server: number; done: number; total: number }) => void) | undefined;
  constructor(private readonly console: TuiConsole) {}
  start(): void {}
  prompt(): string {
    return 'cloudmgmt>';
  }
  scope(): 'global' {
    return 'global';
  }
  async handle(line: string): Promise<boolean> {
    if (line === 'ask') {
      const answer = await this.console.ask('Retry/Ignore/Abort?(R/I/A):');
      this.console.print(`answer: ${String(answer)}`);
    }
    if (line === 'password') {
      const first = await this.console.ask('Enter password:', { hidden: true });
      const again = await this.console.ask('Re-enter password:', { hidden: true });
      this.console.print(first === again ? `passwords match: ${String(first).length} characters` : 'Passwords do not match');
    }
    return line !== 'quit';
  }
  live(): LiveValues {
    return { users: [], keys: [], servers: [0, 1, 2] };
  }
  status(): StatusView {
    return this.view;
  }
  onReplayProgress(listener: (p: { server: number; done: number; total: number }) => void): () => void {
    this.progressListener = listener;
    return () => (this.progressListener = undefined);
  }
  progress(server: number, done: number, total: number): void {
    this.progressListener?.({ server, done, total });
  }
}

test.serial('the status line: each node connected, down, lagging or restoring with a progress bar', async (t) => {
  let shell!: FakeShell;
  const tui = await startTui((console) => (shell = new FakeShell(console)), tempHome('azhsm-tui-'));
  shell.view = {
    scope: 'server1',
    login: { name: 'cu1', type: 'CU' },
    nodes: [
      { server: 0, state: 'connected' },
      { server: 1, state: 'down' },
      { server: 2, state: 'lagging', lag: 12 },
    ],
    e2e: true,
  };
  await tui.keys('anything', ENTER);
  await tui.waitFor((f) => f.includes('cu1 (CU)'), 'the new status');
  t.regex(tui.live(), /^server1 │ cu1 \(CU\) │ server0 connected · server1 down · server2 lagging 12 events │ E2E on$/m);
  shell.progress(2, 40, 100);
  await tui.waitFor((f) => f.includes('restoring'), 'the progress');
  // The whole form (`restoring [####......] 40/100`) is one column too wide for the 100 columns here: the short form.
  t.regex(tui.live(), /^server1 │ cu1 \(CU\) │ server0 ok · server1 down · server2 restoring 40% │ E2E on$/m);
  shell.progress(2, 100, 100);
  await tui.waitFor((f) => !f.includes('restoring'), 'the end of the replay');
  t.regex(tui.live(), /server2 lagging 12 events/);
});

test.serial('Retry/Ignore/Abort is an inline prompt; Ctrl-D answers it as end of input; typeahead waits for the prompt', async (t) => {
  const tui = await startTui((console) => new FakeShell(console), tempHome('azhsm-tui-'));
  await tui.keys('ask', ENTER);
  await tui.waitFor((f) => /^Retry\/Ignore\/Abort\?\(R\/I\/A\):$/m.test(f), 'the question');
  t.notRegex(tui.live(), /^cloudmgmt>/m, 'the command prompt is not shown while a question is open');
  await tui.keys('r', ENTER);
  await tui.waitFor((f) => f.includes('answer: r'), 'the answer');
  t.regex(tui.frame(), /^Retry\/Ignore\/Abort\?\(R\/I\/A\):r$/m);
  await tui.keys('ask', ENTER);
  await tui.waitFor((f) => f.split('Retry/Ignore/Abort').length === 3, 'the question again');
  await tui.keys(CTRL_D);
  await tui.waitFor((f) => f.includes('answer: null'), 'no answer');
  // A pasted run of lines: each goes to whoever asks next, in order.
  await tui.keys(`ask${ENTER}i${ENTER}getHSMI`);
  await tui.waitFor((f) => f.includes('answer: i'), 'the pasted answer');
  t.is(tui.promptLine().typed, 'cloudmgmt>getHSMI');
});

test.serial('answers pasted with their Enter in one chunk answer the questions in turn; a hidden answer shows as *', async (t) => {
  const tui = await startTui((console) => new FakeShell(console), tempHome('azhsm-tui-'));
  // A command and both of its answers in one write, as a paste or tmux send-keys delivers them.
  await tui.keys(`password${ENTER}secret12${ENTER}secret12${ENTER}`);
  await tui.waitFor((f) => f.includes('passwords match: 8 characters'), 'both pasted answers');
  t.regex(tui.frame(), /^Enter password:$/m, 'the hidden answers are not in the transcript');
  t.false(tui.frame().includes('secret12'));
  // Typed key by key, the inline answer (ink-text-input) shows the mask.
  await tui.keys('password', ENTER);
  await tui.waitFor(() => /^Enter password:$/m.test(tui.live()), 'the question');
  await tui.keys('abc');
  t.regex(tui.live(), /^Enter password:\*{3}$/m);
  await tui.keys(`${ENTER}abd${ENTER}`);
  await tui.waitFor((f) => f.includes('Passwords do not match'), 'the second answer');
  // An answer pasted with the next command: the answer goes to the question, the command waits for the prompt.
  await tui.keys('ask', ENTER);
  await tui.waitFor(() => /^Retry\/Ignore\/Abort\?\(R\/I\/A\):$/m.test(tui.live()), 'the question');
  await tui.keys(`a${ENTER}getHSM`);
  await tui.waitFor((f) => f.includes('answer: a'), 'the pasted answer');
  t.is(tui.promptLine().typed, 'cloudmgmt>getHSM');
});

test.serial('Ctrl-T turns the dry run on and off: a badge in the status line, and each command says what it would append', async (t) => {
  const home = ownedHome({ withCu1: true });
  const tui = await mgmtTui(home);
  await tui.keys('loginHSM CO admin adminpassword', ENTER);
  await tui.waitFor((f) => f.includes('loginHSM success on server 2'), 'the login');
  await tui.keys('\u0014');
  await tui.waitFor((f) => f.includes('dry run on'), 'the dry run switched on');
  t.regex(tui.frame().split('\n').at(-1) ?? '', /│ dry r/);
  await tui.keys('createUser CU cu2 password2', ENTER);
  await tui.waitFor(() => /^Do you want to continue/m.test(tui.live()), 'the confirmation');
  await tui.keys('y', ENTER);
  await tui.waitFor((f) => f.includes('dry run: would append UserCreated cu2(CU) id 4 on servers 0, 1, 2'), 'the dry-run line');
  // A dry-run line is the emulator's note, not the tool's text: its kind says so.
  t.is(tui.console.getSnapshot().transcript.flatMap((e) => e.lines).find((l) => l.text.startsWith('dry run: would'))?.kind, 'note');
  await tui.keys('\u0014');
  await tui.waitFor((f) => f.includes('dry run off'), 'the dry run switched off');
  t.notRegex(tui.frame().split('\n').at(-1) ?? '', /dry run/);
  const users = mgmt(home, ['listUsers', 'quit']).stdout;
  t.false(users.includes('cu2'), 'nothing was created');
});

// The one adapter of Ink's private stdin emitter (src/tui/use-raw-keys.ts): if Ink renames or changes it,
// this fails before the keyboard does.
function RawKeysProbe({ received }: { readonly received: string[] }) {
  useRawKeys((sequence) => received.push(sequence));
  return <Text>probe</Text>;
}

test.serial("Ink's internal_eventEmitter still hands over raw key sequences (Backspace and Delete apart)", async (t) => {
  const received: string[] = [];
  const app = render(<RawKeysProbe received={received} />);
  running.push(app.unmount);
  await pause();
  for (const key of ['\u007F', '\u001B[3~', 'x', `y${ENTER}z`]) {
    app.stdin.write(key);
    await pause();
  }
  t.deepEqual(received, ['\u007F', '\u001B[3~', 'x', `y${ENTER}z`]);
});
