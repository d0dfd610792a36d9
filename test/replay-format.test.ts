// The parts of replay that run no program: the format, the prompts it recognises inputs by, line
// patterns and the segment matcher, the diff, what a rewritten line holds, and copying a home.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import fc from 'fast-check';
import { copyHome, homePaths, openHome } from '../src/home.ts';
import { MGMT_GLOBAL_PROMPT, mgmtServerPrompt, PKPSPEED_MENU_END, PKPSPEED_QUESTIONS, promptShown, QUESTIONS, splitPromptLine, UTIL_PROMPT } from '../src/prompts.ts';
import { firstDifference, unifiedDiff } from '../src/replay/diff.ts';
import { parseRecording, RecordingError } from '../src/replay/format.ts';
import { expectedLine, matchSegment, type MatchContext } from '../src/replay/match.ts';
import { rewriteActual } from '../src/replay/volatile.ts';
import { tempHome } from './helpers/tools.ts';

const ctx = (bindings: [string, string][] = []): MatchContext => ({
  values: { bindings: new Map(bindings), secret: (n) => (n === 'cu1' ? 'user1234' : undefined) },
  rewrite: (l) => l,
});

test('steps: sessions by program, shell steps, cd, background, exit status, continuation lines', (t) => {
  const r = parseRecording(
    [
      '---',
      'title: t',
      'after: owned',
      '---',
      '```sh',
      '$ not a step',
      '```',
      '```console',
      '$ cd {{home}}/bin',
      '$ azcloudhsm_client > /dev/null 2>&1 &',
      '$ ./azcloudhsm_util',
      'Command: loginHSM -u CU -s cu1 -p {{secret:cu1}}',
      'output',
      'Command:',
      '[1]',
      '$ ./azcloudhsm_util singlecmd loginHSM -u CU -s cu1 -p user1234 findKey',
      '$ azcloudhsm_mgmt_util | cat',
      '$ openssl req \\',
      '  -in P1.csr',
      'subject=x',
      '```',
    ].join('\n'),
  );
  t.deepEqual(r.front, { title: 't', after: { name: 'owned', line: 3 } });
  t.deepEqual(
    r.steps.map((s) => [s.kind, s.line, s.status]),
    [
      ['cd', 9, 0],
      ['background', 10, 0],
      ['session', 11, 1],
      ['shell', 16, 0],
      ['shell', 17, 0],
      ['shell', 18, 0],
    ],
  );
  const session = r.steps[2]!;
  if (session.kind !== 'session') throw new Error('not a session');
  t.is(session.tool, 'azcloudhsm_util');
  t.like(session.items[0], { kind: 'input', prompt: 'Command: ', typed: 'loginHSM -u CU -s cu1 -p {{secret:cu1}}', endOfInput: false });
  t.like(session.items[1], { kind: 'output', text: 'output', line: 13 });
  t.like(session.items[2], { kind: 'input', typed: '', endOfInput: true });
  t.is(r.steps[5]!.command, 'openssl req \\\n  -in P1.csr');
  t.deepEqual([r.steps[5]!.bodyStart, r.steps[5]!.bodyEnd], [19, 20]);
});

test('malformed recordings throw RecordingError with the line', (t) => {
  const lineOf = (text: string): number => {
    try {
      parseRecording(text);
      return 0;
    } catch (e) {
      if (!(e instanceof RecordingError)) throw e;
      return e.line;
    }
  };
  t.is(lineOf('x\n\n~~~console\n$ echo\n'), 3);
  t.is(lineOf('---\nafter: /etc/x\n---\n'), 2);
  t.is(lineOf('```console\n$ sleep 1 &\nout\n```\n'), 3);
  t.is(lineOf('```console\n$ azcloudhsm_mgmt_util\nRe-enter password:\n```\n'), 3);
});

test('every prompt the tools show is recognised, on a transcript line and as the last thing printed', (t) => {
  for (const p of [MGMT_GLOBAL_PROMPT, mgmtServerPrompt(0), mgmtServerPrompt(2)]) {
    t.like(splitPromptLine('azcloudhsm_mgmt_util', `${p}listUsers`), { kind: 'command', prompt: p, typed: 'listUsers' });
    t.like(promptShown('azcloudhsm_mgmt_util', p), { kind: 'command', prompt: p });
  }
  t.like(splitPromptLine('azcloudhsm_util', `${UTIL_PROMPT}findKey`), { kind: 'command', typed: 'findKey' });
  t.like(promptShown('azcloudhsm_util', UTIL_PROMPT), { kind: 'command' });
  for (const q of [QUESTIONS.confirm, QUESTIONS.retryIgnoreAbort, QUESTIONS.password, QUESTIONS.passwordAgain]) {
    t.like(splitPromptLine('azcloudhsm_mgmt_util', `${q.text}y`), { kind: 'question', hidden: q.hidden, typed: 'y' });
  }
  t.like(promptShown('azcloudhsm_util', QUESTIONS.booleanValue.text), { kind: 'question' });
  t.is(splitPromptLine('azcloudhsm_mgmt_util', 'Server 0(10.0.2.4) is in unencrypted mode now...'), undefined);
  t.is(promptShown('azcloudhsm_mgmt_util', 'cloudmgmt>list'), undefined);
  // pkpspeed: its questions, and the test letter typed on the line after its menu.
  t.like(splitPromptLine('pkpspeed', `${PKPSPEED_QUESTIONS.threads.text}4`), { kind: 'question', typed: '4', hidden: false });
  t.like(promptShown('pkpspeed', PKPSPEED_QUESTIONS.staticKey.text), { kind: 'question' });
  t.like(splitPromptLine('pkpspeed', 'B', PKPSPEED_MENU_END), { kind: 'command', prompt: '', typed: 'B' });
  t.like(promptShown('pkpspeed', '', PKPSPEED_MENU_END), { kind: 'command', prompt: '' });
  t.is(splitPromptLine('pkpspeed', 'B', 'RSA CRT----------------------->B'), undefined);
  t.is(promptShown('pkpspeed', '', 'OPERATIONS/second                821/1'), undefined);
});

test('matching: `...` takes any run of lines, `[..]` any text, captures bind once and then must agree', (t) => {
  const c = ctx([['home', '/h']]);
  const expected = ['start {{home}}', '...', 'handle: {{h}} [..]', 'again {{h}}', 'pw {{secret:cu1}}'].map(expectedLine);
  const actual = ['start /h', 'noise', 'more noise', 'handle: 262150 (AES)', 'again 262150', 'pw user1234'];
  t.deepEqual(matchSegment(expected, actual, c), expected.map((e) => e.source));
  t.is(c.values.bindings.get('h'), '262150');
  // Bound now: a different value is a difference, shown as the actual line.
  t.deepEqual(matchSegment([expectedLine('again {{h}}')], ['again 262151'], c), ['again 262151']);
});

test('matching backs up to an earlier `...` when a capture needs it, and copes with long listings', (t) => {
  const c = ctx();
  const expected = ['...', 'x {{a}}', '...', 'y {{a}}'].map(expectedLine);
  t.deepEqual(matchSegment(expected, ['x 1', 'x 2', 'y 2'], c), expected.map((e) => e.source));
  t.is(c.values.bindings.get('a'), '2');
  const long = Array.from({ length: 50_000 }, (_, k) => `key ${k}`);
  t.deepEqual(matchSegment(['key 0', '...', 'key 49999'].map(expectedLine), long, ctx()), ['key 0', '...', 'key 49999']);
});

test('a segment that differs keeps the lines that match and the tokens of a line that changed', (t) => {
  const c = ctx();
  const expected = ['Cfm3GenerateSymmetricKey returned: 0x00', '', 'Symmetric Key Created.  Key Handle: {{k}}', 'gone', '...', 'end'].map(expectedLine);
  const actual = ['Cfm3GenerateSymmetricKey returned: 0x00', '', 'Symmetric key made.  Key Handle: 262150', 'x', 'y', 'end'];
  t.deepEqual(matchSegment(expected, actual, c), ['Cfm3GenerateSymmetricKey returned: 0x00', '', 'Symmetric key made.  Key Handle: {{k}}', 'x', '...', 'end']);
  t.is(c.values.bindings.get('k'), '262150');
});

test('--update never moves an unbound capture onto an unrelated word of a replacing line', (t) => {
  // Found when a status listing gained lines: `{{resource}}` landed on `Subscription:`.
  const expected = ['Cloud HSM:     {{resource}} (hsm1.{{resource}}.example)', 'Journal:       8 records'].map(expectedLine);
  const actual = ['Subscription:  1234-abcd (this emulator home)', 'Journal:       11 records'];
  t.deepEqual(matchSegment(expected, actual, ctx()), ['Subscription:  1234-abcd (this emulator home)', 'Journal:       11 records']);
});

test('property: lines match themselves, with any runs of them replaced by `...`', (t) => {
  const line = fc.string({ maxLength: 12 }).map((s) => s.replace(/[{}[\]\n\r]/g, '').trimEnd()).filter((s) => s !== '...');
  fc.assert(
    fc.property(fc.array(line, { maxLength: 30 }), fc.array(fc.boolean(), { maxLength: 30 }), (lines, holes) => {
      const patterns: string[] = [];
      lines.forEach((l, i) => {
        if (!holes[i]) patterns.push(l);
        else if (patterns[patterns.length - 1] !== '...') patterns.push('...');
      });
      const resolved = matchSegment(patterns.map(expectedLine), lines, ctx());
      return firstDifference(patterns, resolved) === undefined;
    }),
  );
  t.pass();
});

test('the diff names the file and the line of the first difference, and the step of each hunk', (t) => {
  const expected = ['# x', '```console', '$ echo a', 'a', 'b', 'c', '```'];
  const actual = ['# x', '```console', '$ echo a', 'a', 'B', 'c', '```'];
  t.is(firstDifference(expected, actual), 5);
  t.is(unifiedDiff(expected, actual, 'f.md'), ['--- f.md:5 (expected)', '+++ f.md:5 (actual)', '@@ -2,6 +2,6 @@ $ echo a', ' ```console', ' $ echo a', ' a', '-b', '+B', ' c', ' ```'].join('\n'));
  t.is(unifiedDiff(expected, expected, 'f.md'), '');
});

test('a rewritten line names the home, the home-specific values and the secrets', (t) => {
  const line = rewriteActual('from /tmp/h/bin: hsm1.emulatedhsm-abc.cloudhsm loginHSM CU cu1 user1234   ', {
    home: '/tmp/h',
    volatiles: new Map([['resource', 'emulatedhsm-abc']]),
    secrets: new Map([['cu1', 'user1234']]),
  });
  t.is(line, 'from {{home}}/bin: hsm1.{{resource}}.cloudhsm loginHSM CU cu1 {{secret:cu1}}');
});

test('a copied home works on its own: wrappers find it, the configuration names it', (t) => {
  const from = join(tempHome('azhsm-copy-'), 'a');
  openHome(from).cluster.close();
  const to = join(tempHome('azhsm-copy-'), 'b');
  copyHome(from, to);
  const paths = homePaths(to);
  t.true(existsSync(paths.journal));
  for (const f of [paths.clientCfg, paths.mgmtCfg, join(to, 'etc', 'azure-cloud-hsm.service')]) {
    const text = readFileSync(f, 'utf8');
    t.true(text.includes(to), f);
    t.false(text.includes(from + '/'), f);
  }
  t.false(readFileSync(join(paths.bin, 'azcloudhsm_util'), 'utf8').includes(from), 'the wrapper names no home');
});
