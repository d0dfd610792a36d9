// grammar/complete.ts: completion candidates and hints come from the specs, their value kinds, the code
// tables and the live values, for both tools' grammars. A property: completing never throws, and every
// candidate offered leaves a line the parser still takes (or takes once the remaining arguments follow).
import test from 'ava';
import fc from 'fast-check';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { utilGrammar } from '../grammar/azcloudhsm_util/index.ts';
import { type CompletionContext, commonPrefix, complete, type FileLister, hint } from '../grammar/complete.ts';
import { commandsInScope, type Grammar, parseLine } from '../grammar/parse.ts';
import type { Scope } from '../grammar/spec.ts';
import type { LiveValues } from '../grammar/complete.ts';
import { mgmtGrammar } from '../grammar/mgmt_util/index.ts';
import { listDirectory } from '../src/files.ts';
import { tempHome } from './helpers/tools.ts';


const live: LiveValues = {
  users: [
    { id: 1, name: 'admin', type: 'CO' },
    { id: 2, name: 'app_user', type: 'AU' },
    { id: 3, name: 'cu1', type: 'CU' },
    { id: 4, name: 'cu2', type: 'CU' },
    { id: 5, name: 'officer2', type: 'CO' },
  ],
  keys: [
    { handle: 262150, label: 'aes-key', keyType: 'AES', keyClass: 'secret' },
    { handle: 262151, label: 'rsa-pub', keyType: 'RSA', keyClass: 'public' },
    { handle: 393217, label: 'ec-priv', keyType: 'EC', keyClass: 'private' },
  ],
  servers: [0, 1, 2],
};

const files: FileLister = (dir) =>
  dir === '../cert/'
    ? [
        { name: 'PO.crt', isDir: false },
        { name: 'POAC.crt', isDir: false },
        { name: 'P1.csr', isDir: false },
        { name: 'ssl', isDir: true },
        { name: '.hidden', isDir: false },
      ]
    : dir === ''
      ? [{ name: '..', isDir: true }]
      : [];

const mgmtAt = (scope: Scope): CompletionContext => ({ grammar: mgmtGrammar, scope, live, listFiles: files });
const global = mgmtAt('global');
const server = mgmtAt('server');
const util: CompletionContext = { grammar: utilGrammar, live, listFiles: files };

const values = (ctx: CompletionContext, line: string): string[] => complete(ctx, line).candidates.map((c) => c.value);
const labels = (ctx: CompletionContext, line: string): string[] => complete(ctx, line).candidates.map((c) => c.label);

test('command names: the scope\'s commands, narrowed by what is typed', (t) => {
  t.deepEqual(values(global, 'getClu'), ['getClusterInfo']);
  t.deepEqual(values(global, 'logi'), ['loginHSM']);
  t.deepEqual(values(global, 'getCertR'), [], 'server-only commands are not offered at cloudmgmt>');
  t.deepEqual(values(server, 'getCertR'), ['getCertReq']);
  t.deepEqual(
    values(global, ''),
    commandsInScope(mgmtGrammar, 'global')
      .map((c) => c.name)
      .sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())),
  );
  t.deepEqual(values(util, 'genSym'), ['genSymKey']);
  const c = complete(global, 'getClu');
  t.like(c, { start: 0, end: 6 });
  t.is(c.candidates[0]!.detail, 'Lists the nodes of the cluster');
  // `help <command>` takes a command name.
  t.deepEqual(values(global, 'help createU'), ['createUser']);
});

test('azcloudhsm_util flags not yet given', (t) => {
  t.deepEqual(values(util, 'genSymKey -wrap'), ['-wrap_with_trusted']);
  t.deepEqual(labels(util, 'genSymKey -wrap'), ['-wrap_with_trusted <0|1>']);
  const afterType = values(util, 'genSymKey -t 31 -');
  t.false(afterType.includes('-t'));
  t.true(afterType.includes('-s') && afterType.includes('-l') && afterType.includes('-sess'));
  t.false(values(util, 'genSymKey -sess -').includes('-sess'), 'a switch given once is not offered again');
});

test('enum values with their meaning: key types, curves, mechanisms, user types, cert types, attribute ids', (t) => {
  t.true(labels(util, 'genSymKey -t ').includes('31 AES'));
  t.deepEqual(values(util, 'genSymKey -t 3'), ['31']);
  t.true(labels(util, 'genECCKeyPair -i ').includes('14 NID_secp384r1'));
  t.true(labels(util, 'sign -m ').includes('1 SHA256_RSA_PKCS'));
  const types = complete(global, 'createUser ').candidates;
  t.deepEqual(
    types.map((c) => [c.value, c.detail]),
    [
      ['CO', 'crypto officer'],
      ['CU', 'crypto user'],
    ],
  );
  t.deepEqual(values(global, 'createUser c'), ['CO', 'CU'], 'user types match whatever the case typed');
  t.deepEqual(labels(server, 'storeCert ../cert/PO.crt '), ['4 POTAC', '8 POAC']);
  t.true(labels(global, 'getAttribute 262150 ').includes('134 OBJ_ATTR_TRUSTED'));
  t.deepEqual(values(global, 'findAllKeys 0 '), ['0', '1'], 'a small integer range is listed');
  t.deepEqual(values(util, 'genSymKey -t 31 -s '), [], 'a wide one is not');
});

test('live values: user names (of the type typed), user ids, key handles with labels and types, servers', (t) => {
  t.deepEqual(values(global, 'loginHSM CU '), ['cu1', 'cu2']);
  t.deepEqual(values(global, 'loginHSM CO '), ['admin', 'officer2']);
  t.deepEqual(values(global, 'getUserInfo cu'), ['cu1', 'cu2']);
  t.deepEqual(values(server, 'syncUser '), ['1', '2', '3', '4', '5']);
  t.is(complete(server, 'syncUser 3').candidates[0]!.detail, 'cu1 (CU)');
  t.deepEqual(values(server, 'syncUser 3 '), ['0', '1', '2']);
  t.deepEqual(values(global, 'server '), ['0', '1', '2']);
  t.deepEqual(values(global, 'info '), ['server'], 'a literal token comes before its value');
  t.deepEqual(values(global, 'info server '), ['0', '1', '2']);
  t.deepEqual(values(global, 'getAttribute 2621'), ['262150', '262151']);
  t.is(complete(global, 'getAttribute 262150').candidates[0]!.detail, 'aes-key secret AES');
  t.deepEqual(values(util, 'genSymKey -t 31 -s 16 -l k -u 3,'), ['3,1', '3,2', '3,4', '3,5'], 'a user id list goes on after a comma');
});

test('file and directory arguments complete from the file system', (t) => {
  t.deepEqual(values(server, 'storeCert ../cert/P'), ['../cert/P1.csr', '../cert/PO.crt', '../cert/POAC.crt']);
  t.deepEqual(
    complete(server, 'storeCert ../cert/s').candidates.map((c) => [c.value, c.final]),
    [['../cert/ssl/', false]],
    'a directory is not a whole value: no space after it',
  );
  t.deepEqual(values(server, 'storeCert ../cert/.'), ['../cert/.hidden'], 'dot files only when a dot is typed');
  t.deepEqual(values(global, 'getChallenge admin ../cert/'), ['../cert/ssl/'], 'dir arguments take directories only');

  // The programs' lister reads the real file system, relative to the working directory.
  const dir = tempHome('azhsm-complete-');
  mkdirSync(join(dir, 'cert'));
  writeFileSync(join(dir, 'cert', 'PO.crt'), '');
  const real: CompletionContext = { grammar: mgmtGrammar, scope: 'server', live, listFiles: listDirectory };
  t.deepEqual(values(real, `storeCert ${dir}/cert/P`), [`${dir}/cert/PO.crt`]);
  t.deepEqual(values(real, `storeCert ${dir}/nothere/`), []);
});

test('completion replaces the word at the cursor', (t) => {
  const c = complete(global, 'createUser CX bob', 12);
  t.like(c, { start: 11, end: 13 });
  t.deepEqual(c.candidates.map((x) => x.value), ['CO', 'CU']);
  t.deepEqual(complete(global, 'nosuch ').candidates, [], 'nothing after an unknown command');
  t.deepEqual(complete(global, 'listUsers ').candidates, [], 'nothing after a command without arguments');
  t.is(commonPrefix(['../cert/PO.crt', '../cert/POAC.crt']), '../cert/PO');
});

test('hints: the rest of the syntax, shrinking as it is typed, gone when the line cannot match', (t) => {
  t.is(hint(global, ''), '');
  t.is(hint(global, 'createUser'), ' <user type> <user name> <password | -hpswd>');
  t.is(hint(global, 'createUser '), '<user type> <user name> <password | -hpswd>');
  t.is(hint(global, 'createUser C'), ' <user name> <password | -hpswd>');
  t.is(hint(global, 'createUser CU'), ' <user name> <password | -hpswd>');
  t.is(hint(global, 'createUser CU bob '), '<password | -hpswd>');
  t.is(hint(global, 'createUser CU bob -hpswd'), '');
  t.is(hint(global, 'getClu'), 'sterInfo', 'an unambiguous prefix is finished in the hint');
  t.is(hint(global, 'info s'), 'erver <server id>');
  t.is(hint(global, 'getUserInfo cu1 '), '[<output file>]');
  t.is(hint(global, 'getKeyInfo '), '-k <key handle> [<output file>]');
  t.is(hint(global, 'createUser -h'), '', '-h asks for the help: nothing more to type');
  t.is(hint(global, 'createUser XX'), undefined, 'a value the argument refuses');
  t.is(hint(global, 'nosuch'), undefined, 'an unknown command');
  t.is(hint(global, 'getCertReq'), undefined, 'a command of the other scope');
  t.is(hint(global, 'listUsers now'), undefined, 'too many words');
  t.is(hint(server, 'storeCert ../cert/PO.crt 1'), undefined, 'cert type 1 is not one storeCert takes');
  t.is(hint(util, 'genSymKey -wrap'), '_with_trusted <0|1> -t <key type> -s <key size> -l <label> [-sess] [-nex] [-id <key ID>] [-u <user-ids>] [-m_value <0..8>] [-attest] [-min_srv <minimum number of servers>] [-timeout <number of seconds>]');
  t.is(hint(util, 'genSymKey -t 31 -s 16 -l k'), ' [-sess] [-nex] [-id <key ID>] [-u <user-ids>] [-m_value <0..8>] [-attest] [-min_srv <minimum number of servers>] [-timeout <number of seconds>] [-wrap_with_trusted <0|1>]');
  t.is(hint(util, 'genSymKey -t 99'), undefined);
  t.is(hint(util, 'genSymKey -nosuch'), undefined);
});

// ---- the property --------------------------------------------------------------------------------

/** Words a line may be made of: the grammar's own names, flags and codes, and odd strings. */
function vocabulary(grammar: Grammar): string[] {
  const words = new Set<string>(['-h', '-hpswd', 'server', '0', '1', '4', '8', '31', 'x', '../cert/', '262150', '3,4']);
  for (const c of grammar.commands) {
    words.add(c.name);
    words.add(c.name.slice(0, 4));
    for (const a of c.args) {
      if (a.flag) words.add(a.flag);
      if (a.value.kind === 'code') for (const e of a.value.table.entries) words.add(String(e.code));
    }
  }
  return [...words];
}

/** The parser takes the line, or asks only for more arguments (never an unknown command or a refused value). */
function takenSoFar(grammar: Grammar, line: string, scope?: Scope): boolean {
  const r = parseLine(grammar, line, scope);
  if (r.kind === 'command' || r.kind === 'help' || r.kind === 'empty') return true;
  if (r.kind !== 'usage') return false;
  if (grammar.tool === 'azcloudhsm_mgmt_util') return r.message === undefined;
  // azcloudhsm_util: a flag waiting for its value, or required flags still missing.
  return r.message === undefined || r.spec.args.some((a) => r.message === (a.missingMessage ?? `Error: ${a.missing ?? ''}`) || r.message!.endsWith('is missing.'));
}

for (const [name, ctx, scopes] of [
  ['azcloudhsm_mgmt_util', global, ['global', 'server']],
  ['azcloudhsm_util', util, [undefined]],
] as const) {
  test(`property (${name}): completing never throws, and every candidate parses further`, (t) => {
    const words = vocabulary(ctx.grammar);
    const names = ctx.grammar.commands.map((c) => c.name);
    const word = fc.oneof({ arbitrary: fc.constantFrom(...words), weight: 4 }, { arbitrary: fc.string({ maxLength: 6 }), weight: 1 });
    // Mostly a real command name first, so that arguments get completed too.
    const first = fc.oneof({ arbitrary: fc.constantFrom(...names), weight: 4 }, { arbitrary: word, weight: 1 });
    const line = fc.tuple(first, fc.array(word, { maxLength: 5 }), fc.constantFrom(' ', '', '  '));
    fc.assert(
      fc.property(line, fc.constantFrom(...scopes), ([head, ws, tail], scope) => {
        const text = [head, ...ws].join(' ') + tail;
        const c: CompletionContext = { ...ctx, scope };
        hint(c, text);
        const { start, end, candidates } = complete(c, text);
        const typed = text.slice(start, text.length);
        for (const cand of candidates) {
          // A candidate goes on from what is typed (a user id list from its last comma).
          if (!cand.value.toLowerCase().startsWith(typed.toLowerCase().replace(/[^,]*$/, ''))) return false;
          const completed = text.slice(0, start) + cand.value + text.slice(end);
          if (hint(c, completed + (cand.final ? ' ' : '')) === undefined) return false;
          if (!takenSoFar(c.grammar, completed, scope)) return false;
        }
        return true;
      }),
      { numRuns: 3000 },
    );
    t.pass();
  });
}

for (const [name, ctx, scopes] of [
  ['azcloudhsm_mgmt_util', global, ['global', 'server']],
  ['azcloudhsm_util', util, [undefined]],
] as const) {
  test(`property (${name}): a walk that takes any candidate at each step stays a line the parser takes`, (t) => {
    let steps = 0;
    fc.assert(
      fc.property(fc.constantFrom(...scopes), fc.array(fc.nat(), { minLength: 1, maxLength: 8 }), (scope, picks) => {
        const c: CompletionContext = { ...ctx, scope };
        let text = '';
        for (const pick of picks) {
          const { start, end, candidates } = complete(c, text);
          if (candidates.length === 0) break;
          const cand = candidates[pick % candidates.length]!;
          text = text.slice(0, start) + cand.value + text.slice(end) + (cand.final ? ' ' : '');
          steps++;
          if (hint(c, text) === undefined || !takenSoFar(c.grammar, text, scope)) return false;
        }
        return true;
      }),
      { numRuns: 1500 },
    );
    // Each walk starts with a command name; the rest of the steps are arguments.
    t.true(steps > 1700, `the walks took ${steps} steps`);
  });
}
