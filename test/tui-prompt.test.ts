// The TUI's logic without a terminal: key decoding, line editing, the prompt reducer (completion menu,
// history, Ctrl-R, Ctrl-C / Ctrl-D), the history file, the console store, colour and the status line.
import test from 'ava';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { complete, type CompletionContext } from '../grammar/complete.ts';
import { mgmtGrammar } from '../grammar/mgmt_util/index.ts';
import { utilGrammar } from '../grammar/azcloudhsm_util/index.ts';
import { History, historyPath } from '../src/tui/history.ts';
import { decodeKeys, type KeyAction } from '../src/tui/keys.ts';
import * as edit from '../src/tui/line-editor.ts';
import { colorWanted, makePaint, paintLine } from '../src/tui/paint.ts';
import { initialPrompt, type PromptEnv, type PromptState, reducePrompt, type Step } from '../src/tui/prompt-state.ts';
import { statusSegments } from '../src/tui/status.ts';
import { TuiConsole } from '../src/tui/tui-console.ts';
import { answerKey } from '../src/tui/use-answer.ts';
import { fitHint } from '../src/tui/prompt-line.tsx';
import { windowStart } from '../src/tui/candidate-list.tsx';
import { tempHome } from './helpers/tools.ts';

test('keys: escape sequences, control keys and runs of text, as one input event may carry several', (t) => {
  t.deepEqual(decodeKeys('\u001B[A'), [{ kind: 'historyUp' }]);
  t.deepEqual(decodeKeys('\u007F'), [{ kind: 'backspace' }], 'DEL is Backspace');
  t.deepEqual(decodeKeys('\u001B[3~'), [{ kind: 'deleteForward' }], 'and the Delete key is not');
  t.deepEqual(decodeKeys('\u001Bb'), [{ kind: 'wordLeft' }]);
  t.deepEqual(decodeKeys('\u001B[1;5C'), [{ kind: 'wordRight' }]);
  t.deepEqual(decodeKeys('\u0015server 0\r'), [{ kind: 'killToStart' }, { kind: 'insert', text: 'server 0' }, { kind: 'submit' }]);
  t.deepEqual(decodeKeys('a\r\nb'), [{ kind: 'insert', text: 'a' }, { kind: 'submit' }, { kind: 'insert', text: 'b' }]);
  t.deepEqual(decodeKeys('\u001B[15~x'), [{ kind: 'insert', text: 'x' }], 'unknown function keys do nothing');
  t.deepEqual(decodeKeys('\u0000\u001F'), []);
});

test('line editing: words, kills and the cursor', (t) => {
  const l = edit.lineOf('loginHSM CO admin');
  t.is(edit.wordLeft(l).cursor, 12);
  t.is(edit.wordLeft(edit.wordLeft(l)).cursor, 9);
  t.deepEqual(edit.killWordBack(l), { text: 'loginHSM CO ', cursor: 12 });
  t.deepEqual(edit.killToStart({ text: 'abc def', cursor: 4 }), { text: 'def', cursor: 0 });
  t.deepEqual(edit.killToEnd({ text: 'abc def', cursor: 3 }), { text: 'abc', cursor: 3 });
  t.deepEqual(edit.killWordForward({ text: 'abc def', cursor: 3 }), { text: 'abc', cursor: 3 });
  t.is(edit.wordRight({ text: 'abc def', cursor: 0 }).cursor, 3);
  t.deepEqual(edit.backspace({ text: 'ab', cursor: 0 }), { text: 'ab', cursor: 0 });
  t.deepEqual(edit.deleteForward({ text: 'ab', cursor: 0 }), { text: 'b', cursor: 0 });
  t.deepEqual(edit.insert({ text: 'ac', cursor: 1 }, 'b'), { text: 'abc', cursor: 2 });
});

const ctx: CompletionContext = { grammar: mgmtGrammar, scope: 'global', live: { users: [], keys: [], servers: [0, 1, 2] }, listFiles: () => [] };
const env = (history: string[] = []): PromptEnv => ({ history, complete: (text, cursor) => complete(ctx, text, cursor) });

function run(actions: readonly (KeyAction | string)[], e: PromptEnv = env(), from: PromptState = initialPrompt): Step {
  let step: Step = { state: from };
  for (const a of actions) {
    for (const action of typeof a === 'string' ? decodeKeys(a) : [a]) {
      step = reducePrompt(step.state, action, e);
      if (step.effect) return step;
    }
  }
  return step;
}

test('prompt: Tab completes one candidate, lists several, and cycles them', (t) => {
  t.is(run(['getClu\t']).state.line.text, 'getClusterInfo ');
  const listed = run(['createUser \t']).state;
  t.is(listed.line.text, 'createUser C');
  t.deepEqual(listed.menu?.candidates.map((c) => c.value), ['CO', 'CU']);
  t.is(listed.menu?.selected, -1);
  const first = run(['\t'], env(), listed).state;
  t.is(first.line.text, 'createUser CO ');
  t.is(run(['\t'], env(), first).state.line.text, 'createUser CU ');
  t.is(run(['\t\t'], env(), first).state.line.text, 'createUser CO ', 'and round again');
  t.is(run(['\u001B[Z'], env(), first).state.line.text, 'createUser CU ', 'Shift-Tab goes back');
  t.is(run(['\u001B'], env(), first).state.menu, undefined, 'Esc closes the list');
  t.is(run(['zz\t']).state.line.text, 'zz', 'no candidate: nothing changes');
  // Completing in the middle of a line replaces the word at the cursor and keeps what follows.
  const middle = run([{ kind: 'insert', text: 'getClu extra' }, { kind: 'home' }, '\u001Bf\t']).state;
  t.deepEqual(middle.line, { text: 'getClusterInfo extra', cursor: 14 });
});

test('prompt: ↑/↓ walk the history and come back to the line being written', (t) => {
  const e = env(['listUsers', 'getHSMInfo']);
  const typed = run(['draft'], e).state;
  const up = run(['\u001B[A'], e, typed).state;
  t.is(up.line.text, 'getHSMInfo');
  t.is(run(['\u001B[A\u001B[A\u001B[A'], e, typed).state.line.text, 'listUsers', 'the oldest entry stays');
  t.is(run(['\u001B[B'], e, up).state.line.text, 'draft');
  t.is(run(['\u001B[B\u001B[B'], e, up).state.line.text, 'draft');
  t.deepEqual(run(['\r'], e, up).effect, { kind: 'submit', line: 'getHSMInfo', recalled: true });
  t.deepEqual(run(['\r'], e, typed).effect, { kind: 'submit', line: 'draft', recalled: false });
  t.deepEqual(run(['\u001B[Bx\r'], e, up).effect, { kind: 'submit', line: 'draftx', recalled: false }, 'back at the line being written');
});

test('prompt: Ctrl-R finds older matches, Enter runs the match, Ctrl-G restores the line', (t) => {
  const e = env(['loginHSM CO admin pw1', 'listUsers', 'loginHSM CU cu1 pw2', 'getHSMInfo']);
  const s = run(['typed', '\u0012', 'login'], e).state;
  t.like(s.search, { query: 'login', match: 2 });
  t.like(run(['\u0012'], e, s).state.search, { match: 0 });
  t.like(run(['\u0012\u0012\u0012'], e, s).state.search, { match: 0 }, 'no older match: stays');
  t.deepEqual(run(['\r'], e, s).effect, { kind: 'submit', line: 'loginHSM CU cu1 pw2', recalled: true });
  t.deepEqual(run(['\u001B[C', ' more\r'], e, s).effect, { kind: 'submit', line: 'loginHSM CU cu1 pw2 more', recalled: true }, 'an edited recall is still a recall');
  t.is(run(['\u0007'], e, s).state.line.text, 'typed');
  t.is(run(['\u0003'], e, s).state.line.text, 'typed');
  const taken = run(['\u001B[C'], e, s).state;
  t.is(taken.search, undefined);
  t.is(taken.line.text, 'loginHSM CU cu1 pw2', 'another key takes the match into the line');
  t.like(run(['x'], e, s).state.search, { query: 'loginx', match: undefined });
  t.like(run(['x\u007F'], e, s).state.search, { query: 'login', match: 2 });
});

test('prompt: Ctrl-C clears, twice on an empty line quits; Ctrl-D quits on an empty line only', (t) => {
  const typed = run(['abc']).state;
  const cleared = run(['\u0003'], env(), typed);
  t.is(cleared.state.line.text, '');
  t.false(cleared.state.quitArmed);
  const armed = run(['\u0003'], env(), cleared.state);
  t.true(armed.state.quitArmed);
  t.is(armed.effect, undefined);
  t.deepEqual(run(['\u0003'], env(), armed.state).effect, { kind: 'quit' });
  t.is(run(['x\u0003'], env(), armed.state).effect, undefined, 'another key in between disarms');
  t.deepEqual(run(['\u0004']).effect, { kind: 'quit' });
  const d = run(['ab\u001B[D\u0004']);
  t.is(d.effect, undefined);
  t.is(d.state.line.text, 'a');
});

test('answers to questions: edited like the prompt; Enter answers, Ctrl-C and Ctrl-D answer null', (t) => {
  let line = edit.emptyLine;
  for (const a of decodeKeys('yx\u007F')) {
    const r = answerKey(line, a);
    if ('line' in r) line = r.line;
  }
  t.deepEqual(answerKey(line, { kind: 'submit' }), { answer: 'y' });
  t.deepEqual(answerKey(line, { kind: 'eof' }), { answer: null });
  t.deepEqual(answerKey(line, { kind: 'interrupt' }), { answer: null });
});

test('history file: per tool under the home, secrets replaced, trimmed, private', (t) => {
  const home = tempHome('azhsm-history-');
  const path = historyPath(home, 'azcloudhsm_mgmt_util');
  t.is(path, join(home, 'history', 'azcloudhsm_mgmt_util'));
  const h = new History(path, mgmtGrammar, 3);
  h.add('loginHSM CO admin adminpassword', 'global');
  h.add('loginHSM CO admin adminpassword', 'global');
  h.add('   ', 'global');
  h.add('createUser CU cu1 user1234', 'global');
  h.add('changePswd CU cu1 -hpswd', 'server');
  t.deepEqual(h.entries, ['loginHSM CO admin adminpassword', 'createUser CU cu1 user1234', 'changePswd CU cu1 -hpswd'], 'in memory: as typed');
  const file = readFileSync(path, 'utf8');
  t.is(file, 'loginHSM CO admin -hpswd\ncreateUser CU cu1 -hpswd\nchangePswd CU cu1 -hpswd\n');
  t.is(statSync(path).mode & 0o777, 0o600);
  t.is(statSync(join(home, 'history')).mode & 0o777, 0o700);
  h.add('listUsers', 'global');
  t.deepEqual(new History(path, mgmtGrammar, 3).entries, ['createUser CU cu1 -hpswd', 'changePswd CU cu1 -hpswd', 'listUsers'], 'a new run reads the file, trimmed to the size');
  t.is(readFileSync(path, 'utf8').split('\n').filter(Boolean).length, 3);

  // azcloudhsm_util: the value after -p, wherever it is on the line.
  const util = new History(historyPath(home, 'azcloudhsm_util'), utilGrammar);
  util.add('loginHSM -p user1234 -u CU -s cu1', undefined);
  t.is(readFileSync(historyPath(home, 'azcloudhsm_util'), 'utf8'), 'loginHSM -p ******** -u CU -s cu1\n');

  // A home whose history cannot be written still works.
  const blocked = tempHome('azhsm-history-');
  writeFileSync(join(blocked, 'history'), 'not a directory');
  const b = new History(historyPath(blocked, 'azcloudhsm_mgmt_util'), mgmtGrammar);
  b.add('listUsers', 'global');
  t.deepEqual(b.entries, ['listUsers']);
});

test('the console store: printed lines gather into one entry; questions wait for their answer', async (t) => {
  const c = new TuiConsole();
  let notified = 0;
  c.subscribe(() => notified++);
  c.print('one');
  c.print([{ text: 'two', kind: 'success' }, { text: 'three', kind: 'failure' }]);
  const snapshot = c.getSnapshot();
  t.deepEqual(snapshot.transcript.map((e) => e.lines), [
    [
      { text: 'one', kind: 'data' },
      { text: 'two', kind: 'success' },
      { text: 'three', kind: 'failure' },
    ],
  ]);
  t.is(c.getSnapshot(), snapshot, 'the same snapshot until something changes');
  await Promise.resolve();
  t.is(notified, 1, 'one notification for lines printed together');
  c.echo('cloudmgmt>', 'listUsers');
  const answer = c.ask('Enter password:', { hidden: true });
  t.like(c.getSnapshot().question, { prompt: 'Enter password:', hidden: true });
  c.reply('secret');
  t.is(await answer, 'secret');
  t.is(c.getSnapshot().question, undefined);
  const later = c.ask('Do you want to continue(y/n)?');
  c.reply('y');
  t.is(await later, 'y');
  t.deepEqual(
    c.getSnapshot().transcript.flatMap((e) => e.lines.map((l) => l.text)),
    ['one', 'two', 'three', 'cloudmgmt>listUsers', 'Enter password:', 'Do you want to continue(y/n)?y'],
    'a hidden answer is not in the transcript',
  );
});

test('colour: by each line\'s kind, never by its words; none under NO_COLOR or --no-color', (t) => {
  const paint = makePaint(1);
  t.is(paintLine(paint, { text: 'loginHSM success', kind: 'success' }), '\u001B[32mloginHSM success\u001B[39m');
  t.is(paintLine(paint, { text: 'createUser failed: HSM Error: This user is already created', kind: 'failure' }), '\u001B[31mcreateUser failed: HSM Error: This user is already created\u001B[39m');
  t.is(paintLine(paint, { text: 'Usage: createUser <user type> <user name> <password | -hpswd>', kind: 'usage' }), '\u001B[33mUsage: createUser <user type> <user name> <password | -hpswd>\u001B[39m');
  t.is(paintLine(paint, { text: 'running in limited commands mode', kind: 'warning' }), '\u001B[33mrunning in limited commands mode\u001B[39m');
  t.is(paintLine(paint, { text: 'Node Id         Hostname', kind: 'data' }), 'Node Id         Hostname');
  t.is(paintLine(paint, { text: 'a label that says failed', kind: 'data' }), 'a label that says failed', 'words alone colour nothing');
  t.is(paintLine(makePaint(0), { text: 'loginHSM success', kind: 'success' }), 'loginHSM success');
  t.true(colorWanted({}, false));
  t.false(colorWanted({ NO_COLOR: '1' }, false));
  t.true(colorWanted({ NO_COLOR: '' }, false), 'an empty NO_COLOR does not count');
  t.false(colorWanted({}, true));
});

test('status line: scope, login, each node, E2E; the hint and the candidate window fit the screen', (t) => {
  const text = statusSegments(
    {
      scope: 'cloudmgmt',
      login: { name: 'admin', type: 'CO' },
      nodes: [
        { server: 0, state: 'connected' },
        { server: 1, state: 'lagging', lag: 1 },
        { server: 2, state: 'not activated' },
      ],
      e2e: false,
    },
    new Map([[1, { server: 1, done: 5, total: 10 }]]),
  ).map((g) => g.map((s) => s.text));
  t.deepEqual(text, [['cloudmgmt'], ['admin (CO)'], ['server0 connected', 'server1 restoring [#####.....] 5/10', 'server2 not activated'], ['E2E off']]);
  t.is(fitHint(' <user type> <user name>', 12), ' <user type…');
  t.is(fitHint(' <a>', 12), ' <a>');
  t.is(windowStart(-1, 30), 0);
  t.is(windowStart(20, 30), 16);
  t.is(windowStart(29, 30), 22);
});
