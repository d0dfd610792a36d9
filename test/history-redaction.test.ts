// Defect 8 of issue 8: no password reaches a history file, whatever the case, a typo in the command name,
// quotes, or the flag's case; a line that cannot be redacted safely is not written at all.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import fc from 'fast-check';
import { utilGrammar } from '../grammar/azcloudhsm_util/index.ts';
import { mgmtGrammar } from '../grammar/mgmt_util/index.ts';
import type { Grammar } from '../grammar/parse.ts';
import { History } from '../src/tui/history.ts';
import { tempHome } from './helpers/tools.ts';

function written(grammar: Grammar, lines: readonly string[]): string {
  const path = join(tempHome('azhsm-hist-'), 'history');
  const h = new History(path, grammar);
  for (const l of lines) h.add(l, grammar === mgmtGrammar ? 'global' : undefined);
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

test('mgmt_util: passwords are kept out whatever the case, a typo or a prefix of the name, or quotes', (t) => {
  const cases = [
    'logniHSM CO admin s3cretA1',
    'createuser CU cu1 s3cretA2',
    'LOGINHSM CO admin s3cretA3',
    'changepswd CO admin s3cretA4',
    'log CO admin s3cretA5',
    'creatUsr CU cu2 s3cretA6',
    'loginHSM CO admin "my s3cretA7"',
    "loginHSM CO admin 'my s3cretA8'",
    'loginHSM admin s3cretA9',
    'loginHSM CO admin s3cretB1 trailing',
    'loginHSM CO admin my s3cretB2',
    'loginHSM\tCO admin s3cretB3',
  ];
  const file = written(mgmtGrammar, cases);
  for (let i = 1; i <= 9; i++) t.false(file.includes(`s3cretA${i}`), `s3cretA${i} leaked: ${file}`);
  for (let i = 1; i <= 3; i++) t.false(file.includes(`s3cretB${i}`), `s3cretB${i} leaked: ${file}`);
  t.false(/my/.test(file), 'no half of a quoted password');
  t.regex(file, /^logniHSM CO admin -hpswd$/m, 'a typo is written redacted');
  t.regex(file, /^createuser CU cu1 -hpswd$/m);
});

test('azcloudhsm_util: the value after -p (any case, any order, any command) never reaches the file', (t) => {
  const cases = [
    'loginhsm -u CU -s cu1 -p s3cretC1',
    'loginHSM -u CU -s cu1 -P s3cretC2',
    'logniHSM -p s3cretC3 -u CU -s cu1',
    'genPBEKey -c 10 -p s3cretC4 -s salt -l pbe',
    'loginHSM -u CU -s cu1 s3cretC5',
    'loginHSM -u CU -s cu1 -p "two s3cretC6"',
    'LoginHsm -u CU -p s3cretC7 -s cu1',
  ];
  const file = written(utilGrammar, cases);
  for (let i = 1; i <= 7; i++) t.false(file.includes(`s3cretC${i}`), `s3cretC${i} leaked: ${file}`);
  t.regex(file, /^loginhsm -u CU -s cu1 -p \*{8}$/m);
});

test('lines without secrets are written as typed; control characters are never written', (t) => {
  const file = written(mgmtGrammar, ['listUsers', 'loginHSM CO admin -hpswd', 'getKeyInfo 262150', 'listUsers\u001b[2J', 'createUser CU cu1 -hpswd']);
  t.is(file, 'listUsers\nloginHSM CO admin -hpswd\ngetKeyInfo 262150\ncreateUser CU cu1 -hpswd\n');
  t.is(written(utilGrammar, ['findKey -l p', 'loginHSM -u CU -s cu1 -p pw12345678']), 'findKey -l p\nloginHSM -u CU -s cu1 -p ********\n');
});

/** A name as someone might mistype it: another case, a letter dropped, doubled or two swapped. */
const typo = (name: string): fc.Arbitrary<string> =>
  fc.tuple(fc.nat(name.length - 1), fc.constantFrom('case', 'drop', 'double', 'swap', 'upper', 'lower')).map(([i, kind]) => {
    switch (kind) {
      case 'case':
        return name.slice(0, i) + (name[i] === name[i]!.toLowerCase() ? name[i]!.toUpperCase() : name[i]!.toLowerCase()) + name.slice(i + 1);
      case 'drop':
        return name.slice(0, i) + name.slice(i + 1);
      case 'double':
        return name.slice(0, i + 1) + name.slice(i);
      case 'swap':
        return i + 1 < name.length ? name.slice(0, i) + name[i + 1] + name[i] + name.slice(i + 2) : name;
      case 'upper':
        return name.toUpperCase();
      default:
        return name.toLowerCase();
    }
  });

const password = fc.stringMatching(/^[A-Za-z0-9!^&|<>%@$*_-]{8,20}$/).map((p) => `Pw${p}`);

test('property: a password typed on anything that looks like loginHSM, createUser or changePswd never reaches the file', (t) => {
  fc.assert(
    fc.property(
      fc.constantFrom('loginHSM', 'createUser', 'changePswd').chain(typo),
      fc.constantFrom('CO', 'CU', 'PRECO', 'co', 'XX'),
      password,
      fc.constantFrom('', ' extra', ' "x', ' -2fa f'),
      (name, type, pw, tail) => !written(mgmtGrammar, [`${name} ${type} someone ${pw}${tail}`]).includes(pw),
    ),
    { numRuns: 300 },
  );
  fc.assert(
    fc.property(fc.constantFrom('loginHSM', 'genPBEKey').chain(typo), fc.constantFrom('-p', '-P'), password, fc.boolean(), (name, flag, pw, first) => {
      const line = first ? `${name} ${flag} ${pw} -u CU -s cu1` : `${name} -u CU -s cu1 ${flag} ${pw}`;
      return !written(utilGrammar, [line]).includes(pw);
    }),
    { numRuns: 300 },
  );
  t.pass();
});
