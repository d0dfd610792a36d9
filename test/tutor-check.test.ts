// The tutor's judgement of a learner's line, through the tools' own parser: what the parser takes as the
// same command is the same step (prefixes, flag order, PO for PRECO, a file by its path, -hpswd), the
// learner's own values are bound, and a wrong line says what differs. And how a lesson file is laid out
// into beats (prose, hints, line notes, who types what).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import { utilGrammar } from '../grammar/azcloudhsm_util/index.ts';
import { mgmtGrammar } from '../grammar/mgmt_util/index.ts';
import type { Values } from '../src/replay/pattern.ts';
import { type CheckContext, checkCommand, checkShellLine, expectedCommand } from '../src/tutor/check.ts';
import { loadLesson } from '../src/tutor/lesson.ts';
import { tempHome } from './helpers/tools.ts';

const values = (bindings: [string, string][] = []): Values => ({ bindings: new Map(bindings), secret: () => undefined });
const global: CheckContext = { grammar: mgmtGrammar, scope: 'global', prompt: 'cloudmgmt>', cwd: '/h/bin' };
const server0: CheckContext = { ...global, scope: 'server', prompt: 'server0>' };
const util: CheckContext = { grammar: utilGrammar, scope: undefined, prompt: 'Command:', cwd: '/h/bin' };

function check(ctx: CheckContext, expected: string, typed: string, v: Values = values()) {
  return checkCommand(ctx, expectedCommand(ctx, expected, v, 1), typed);
}

test('the same command as the parser reads it: prefixes, flags in any order, PO for PRECO, a file by its path', (t) => {
  t.true(check(global, 'getClusterInfo', 'getClu').ok);
  t.true(check(util, 'genSymKey -t 31 -s 32 -l k', 'genSymKey -l k  -s 32 -t 31').ok);
  t.true(check(server0, 'changePswd PRECO admin adminpassword', 'changePswd PO admin adminpassword').ok);
  t.true(check(server0, 'getCertReq ../cert/P1.csr', 'getCertReq /h/cert/P1.csr').ok);
  t.true(check(global, 'loginHSM CO admin adminpassword', 'loginHSM CO ADMIN adminpassword').ok, 'user names are not case-sensitive');
  const hidden = check(global, 'loginHSM CO admin adminpassword', 'loginHSM CO admin -hpswd');
  t.like(hidden, { ok: true, hidden: { value: 'adminpassword' } }, 'the password is checked where the tool asks for it');
});

test("the learner's own values: any the parser takes, bound for the steps after", (t) => {
  const v = values();
  const verdict = check(global, 'createUser CU {{user=alice}} {{pw=alice1234}}', 'createUser CU bob bobsecret1', v);
  t.true(verdict.ok);
  if (verdict.ok) t.deepEqual([...verdict.bindings], [['user', 'bob'], ['pw', 'bobsecret1']]);
  t.false(v.bindings.has('user'), 'bound by the tutor once the step runs, not by the check');
  // Bound: a later step expects the learner's value, not the lesson's.
  const later = values([['user', 'bob']]);
  t.true(check(global, 'loginHSM CU {{user}} user1234', 'loginHSM CU bob user1234', later).ok);
  t.false(check(global, 'loginHSM CU {{user}} user1234', 'loginHSM CU alice user1234', later).ok);
  // A value the parser refuses is still refused (a password too short).
  t.like(check(global, 'createUser CU {{user=alice}} {{pw=alice1234}}', 'createUser CU bob short'), { ok: false, harmless: true });
});

test('what differs, in the learner’s terms: role, scope, a missing argument, another command', (t) => {
  t.deepEqual(check(global, 'loginHSM CO admin adminpassword', 'loginHSM CU admin adminpassword'), {
    ok: false,
    harmless: false,
    reasons: ['wrong role: you gave CU (crypto user: owns and uses keys); this step needs CO (crypto officer: manages users).'],
  });
  t.deepEqual(check(global, 'server 0', 'getCertReq ../cert/P1.csr'), {
    ok: false,
    harmless: true,
    reasons: ['you are at cloudmgmt>; getCertReq needs a server: enter one with `server <server id>` first.'],
  });
  t.like(check(global, 'createUser CU cu2 password2', 'createUser CU'), { ok: false, harmless: true, reasons: ['an argument is missing or extra: the syntax is `createUser <user type> <user name> <password | -hpswd>`.'] });
  t.like(check(global, 'createUser CU cu2 password2', 'listUsers'), { ok: false, harmless: false });
  t.like(check(global, 'createUser CU cu2 password2', 'help'), { ok: false, harmless: true, reasons: [] }, 'help may always run');
  t.like(check(util, 'genSymKey -t 31 -s 32 -l k', 'genSymKey -t 31 -s 16 -l k'), { ok: false, reasons: ['-s (key size): you gave 16; this step needs 32.'] });
  t.like(check(util, 'sign -f a -k 1 -m 1 -out s', 'sign -f a -k 1 -m 1'), { ok: false, harmless: true });
  t.like(check(global, 'getClusterInfo', 'get'), { ok: false, harmless: true }, 'an ambiguous prefix');
});

test('a shell step: the same words, runs of spaces as one, the learner’s own values bound', (t) => {
  t.like(checkShellLine('openssl x509 -req -in P1.csr', 'openssl  x509 -req   -in P1.csr ', values()), { ok: true });
  t.like(checkShellLine('openssl x509 -req -in P1.csr', 'openssl x509 -req -in P2.csr', values()), { ok: false });
  const own = checkShellLine('azcloudhsm_emu node {{n=1}} down', 'azcloudhsm_emu node 2 down', values());
  t.true(own.ok);
  if (own.ok) t.is(own.bindings.get('n'), '2');
});

test('a lesson laid out into beats: prose, hints kept back, line notes, who types what', (t) => {
  const path = join(tempHome('azhsm-lesson-'), '9-try.md');
  writeFileSync(
    path,
    [
      '---',
      'title: Try',
      '---',
      '# Try',
      '',
      'Intro **bold** and a [link](http://x).',
      '',
      '```console auto',
      '$ cd bin',
      '$ ./azcloudhsm_mgmt_util ./azcloudhsm_resource.cfg',
      '...',
      '```',
      '',
      '## Users',
      '',
      'List the users.',
      '',
      '> **Hint:** no arguments',
      '',
      '```console',
      'cloudmgmt>listUsers',
      'Number of users found:3',
      '```',
      '',
      '- `Number of users found:{{n}}` one line per server',
      '',
      '```console',
      'cloudmgmt>quit',
      '```',
      '',
    ].join('\n'),
  );
  const lesson = loadLesson(path);
  t.is(lesson.title, 'Try');
  t.is(lesson.learnerSteps, 2);
  const shape = lesson.beats.map((b) => (b.kind === 'prose' ? `prose:${b.parts.map((p) => (p.kind === 'note' ? `note(${p.pattern})` : p.lines.join('|'))).join(',')}` : `${b.kind}:${b.by}${b.hints.length > 0 ? `:${b.hints.join()}` : ''}`));
  t.deepEqual(shape, ['prose:Intro bold and a link.', 'step:tutor', 'step:tutor', 'prose:── Users ──||List the users.', 'input:learner:no arguments', 'prose:note(Number of users found:{{n}})', 'input:learner']);
});
