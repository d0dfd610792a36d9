// The grammar: every spec parses its own examples, help renders for every command, the Azure help
// lists are complete, bad input gets usage errors, and (property tests) the parser never throws and
// round-trips any valid argument values.
import test from 'ava';
import fc from 'fast-check';
import { mgmtCommandHelp, mgmtHelpList, NOT_EMULATED_LEGEND, syntaxLine, utilHelpList } from '../grammar/help.ts';
import { utilGrammar } from '../grammar/azcloudhsm_util/index.ts';
import { mgmtCommands } from '../grammar/mgmt_util/index.ts';
import { parseLine, passwordLengthRefusal, redactSecrets } from '../grammar/parse.ts';
import type { ArgSpec, CommandSpec } from '../grammar/spec.ts';
import { mgmtGrammar } from '../grammar/mgmt_util/index.ts';

// The command lists of the Azure SDK guide ("CloudMgmt Help" and "Server[X] Help").
const GUIDE_GLOBAL = `approveToken changePswd createUser deleteUser delToken deregisterUserAuthPubKey disableUserAccess enable_e2e
findAllKeys getAttribute getAuditUDD getChallenge getClusterInfo getConfigPreGenCacheSize getHSMInfo getKeyDiffMap getKeyInfo
getMValue getPolicy getPreGenCacheSize getSingleUserHash getToken getTokenTimeout getUserHash getUserInfo help info
listAttributes listKBKSlots listTokens listUserAuthPubKeys listUsers loginHSM logoutHSM modifyKeyOwner quit registerMofnPubKey
registerQuorumPubKey registerUserAuthPubKey renamePCO resetUserAuthPubKey server setAttribute setAuditUDD
setConfigPreGenCacheSize setHSMConfig setKBKPrimary setMValue setPolicy setTokenTimeout setUserAttributes setUserAuthPubKey
shareKey smAppCtrl smAppDelete smAppDiagInfo smAppUpdate storeFixedKey unlockCO unlockUser updateUserAuthPubKey`.split(/\s+/);
const GUIDE_SERVER = `approveToken backupPartition changePswd clone createUser deleteUser delToken deregisterUserAuthPubKey
disableUserAccess enable_e2e exit findAllKeys generateKEK getAttribute getAuditUDD getCert getCertReq getChallenge
getClusterInfo getConfigPreGenCacheSize getHSMInfo getKeyDiffMap getKeyInfo getMValue getPartitionInfo getPolicy
getPreGenCacheSize getSingleUserHash getToken getTokenTimeout getUserDiffMap getUserHash getUserInfo help listAttributes
listKBKSlots listTokens listUserAuthPubKeys listUsers loginHSM logoutHSM modifyKeyOwner reconnect registerMofnPubKey
registerQuorumPubKey registerUserAuthPubKey renamePCO resetUserAuthPubKey restorePartition SAFE_STATE setAttribute
setAuditUDD setConfigPreGenCacheSize setHSMConfig setKBKPrimary setMValue setPolicy setTokenTimeout setUserAttributes
setUserAuthPubKey shareKey smAppCtrl smAppDelete smAppDiagInfo smAppUpdate storeCert storeFixedKey syncKey syncUser unlockCO
unlockUser updateUserAuthPubKey`.split(/\s+/);

test('every command of the guide\'s help lists has a spec, in the right scope', (t) => {
  const globalHelp = mgmtHelpList(mgmtGrammar, 'global');
  const serverHelp = mgmtHelpList(mgmtGrammar, 'server');
  for (const name of GUIDE_GLOBAL) t.regex(globalHelp, new RegExp(`(^|\\s)${name}(\\s|$)`), `global help lacks ${name}`);
  for (const name of GUIDE_SERVER) t.regex(serverHelp, new RegExp(`(^|\\s)${name}(\\s|$)`), `server help lacks ${name}`);
  const names = new Set(mgmtCommands.map((c) => c.name));
  t.is(names.size, mgmtCommands.length, 'no command is declared twice');
  for (const c of mgmtCommands) t.true(GUIDE_GLOBAL.includes(c.name) || GUIDE_SERVER.includes(c.name), `${c.name} is not in the guide's lists`);
});

test('every spec parses its own examples in each of its scopes', (t) => {
  for (const spec of mgmtCommands) {
    t.true(spec.examples.length > 0, `${spec.name} has an example`);
    for (const scope of spec.scopes ?? ['global']) {
      for (const example of spec.examples) {
        const r = parseLine(mgmtGrammar, example, scope);
        t.is(r.kind, 'command', `${example} (${scope}) -> ${JSON.stringify(r)}`);
        if (r.kind === 'command') t.is(r.command.name, spec.name);
      }
    }
  }
});

test('help renders for every command, from its spec', (t) => {
  for (const spec of mgmtCommands) {
    const help = mgmtCommandHelp(spec);
    t.true(help.startsWith(syntaxLine(spec)), spec.name);
    t.true(help.includes('Description'), spec.name);
    for (const a of spec.args) t.true(help.includes(a.display), `${spec.name} help names ${a.display}`);
    if (spec.notBuilt) t.true(help.includes('Not emulated'), spec.name);
    const dashH = parseLine(mgmtGrammar, `${spec.name} -h`, spec.scopes?.[0] ?? 'global');
    t.is(dashH.kind, 'help', `${spec.name} -h`);
  }
});

test('unambiguous prefixes are accepted; ambiguous and unknown names are reported', (t) => {
  const r = parseLine(mgmtGrammar, 'getClu', 'global');
  t.is(r.kind === 'command' && r.command.name, 'getClusterInfo');
  const login = parseLine(mgmtGrammar, 'loginH CO admin adminpassword', 'global');
  t.is(login.kind === 'command' && login.command.name, 'loginHSM');
  const amb = parseLine(mgmtGrammar, 'getC', 'global');
  t.is(amb.kind, 'ambiguous');
  const unknown = parseLine(mgmtGrammar, 'getClu1', 'global');
  t.deepEqual(unknown.kind === 'unknown' && unknown.suggestions, ['getClusterInfo']);
  const scoped = parseLine(mgmtGrammar, 'getCertReq ../cert/P1.csr', 'global');
  t.is(scoped.kind, 'wrongScope');
});

test('wrong arity, bad numbers, names and passwords are usage errors', (t) => {
  const cases: [string, string | undefined][] = [
    ['createUser CU', undefined],
    ['createUser CU cu1 user1234 extra', 'Too many arguments'],
    ['createUser XX cu1 user1234', 'Invalid user type'],
    ['createUser CU bad-name user1234', 'Invalid user name'],
    ['createUser CU ' + 'n'.repeat(32) + ' user1234', 'Invalid user name'],
    ['server abc', 'Invalid server id'],
    ['info server', undefined],
    ['loginHSM CU', undefined],
  ];
  for (const [line, message] of cases) {
    const r = parseLine(mgmtGrammar, line, 'global');
    t.is(r.kind, 'usage', line);
    if (r.kind === 'usage' && message) t.true(r.message?.startsWith(message), `${line}: ${r.message}`);
  }
  const storeCert = parseLine(mgmtGrammar, 'storeCert ../cert/PO.crt 5', 'server');
  t.true(storeCert.kind === 'usage' && storeCert.message!.includes('valid: 4, 8'));
});

// A public expect script for AWS's cloudhsm_mgmt_util answers y to changePswd and then waits for
// "min pswd len 7 and max pswd len 32": the length is checked after the confirmation, in those words
// (Azure's limits are 8 and 32).
test('a new password of the wrong length is refused in the vendor words, when the command runs', (t) => {
  for (const [line, refused] of [
    ['createUser CU cu1 short', true],
    ['createUser CU cu1 ' + 'x'.repeat(33), true],
    ['createUser CU cu1 ' + 'x'.repeat(32), false],
    ['changePswd CU cu1 eightchr', false],
  ] as const) {
    const r = parseLine(mgmtGrammar, line, 'global');
    if (r.kind !== 'command') return t.fail(`${line} parses`);
    t.is(passwordLengthRefusal(r.command.spec, r.command.args), refused ? 'min pswd len 8 and max pswd len 32' : undefined, line);
  }
  // A login takes any length: the HSM says whether it is right.
  const login = parseLine(mgmtGrammar, 'loginHSM CU cu1 x', 'global');
  t.true(login.kind === 'command' && passwordLengthRefusal(login.command.spec, login.command.args) === undefined);
});

test('passwords never reach history: redaction hides them', (t) => {
  t.is(redactSecrets(mgmtGrammar, 'loginHSM CO admin adminpassword', 'global'), 'loginHSM CO admin -hpswd');
  t.is(redactSecrets(mgmtGrammar, 'createUser CU cu1 user1234', 'global'), 'createUser CU cu1 -hpswd');
  t.is(redactSecrets(mgmtGrammar, 'changePswd PRECO admin -hpswd', 'global'), 'changePswd PRECO admin -hpswd');
  t.is(redactSecrets(mgmtGrammar, 'listUsers', 'global'), 'listUsers');
});

test('property: the parser never throws and always classifies a line', (t) => {
  const word = fc.oneof(fc.constantFrom(...mgmtCommands.map((c) => c.name), '-h', '-hpswd', 'CO', 'CU', '0', '4', '8'), fc.string());
  fc.assert(
    fc.property(fc.array(word, { maxLength: 6 }), fc.constantFrom('global' as const, 'server' as const), (words, scope) => {
      const r = parseLine(mgmtGrammar, words.join(' '), scope);
      return ['empty', 'command', 'help', 'unknown', 'ambiguous', 'wrongScope', 'usage'].includes(r.kind);
    }),
    { numRuns: 2000 },
  );
  t.pass();
});

function valueArbitrary(a: ArgSpec): fc.Arbitrary<string> {
  const v = a.value;
  switch (v.kind) {
    case 'code':
      return fc.constantFrom(...v.table.entries.map((e) => String(e.code)));
    case 'int':
      return fc.integer({ min: v.min ?? 0, max: v.max ?? 100_000 }).map(String);
    case 'serverId':
      return fc.integer({ min: 0, max: 2 }).map(String);
    case 'keyHandle':
    case 'userId':
      return fc.nat(3_000_000).map(String);
    case 'userIdList':
      return fc.array(fc.nat(99), { minLength: 1, maxLength: 4 }).map((l) => l.join(','));
    case 'userName':
      return fc.stringMatching(/^[A-Za-z0-9_]{1,31}$/);
    case 'password':
      return fc.stringMatching(/^[!-~]{8,32}$/).filter((s) => s !== '-hpswd' && s !== '-h');
    case 'hex':
      return fc.stringMatching(/^0x[0-9a-f]{1,8}$/);
    default:
      return fc.stringMatching(/^[A-Za-z0-9_./]{1,20}$/).filter((s) => s !== '-h' && s !== '-hpswd');
  }
}

test('property: any valid argument values round-trip through the parser', (t) => {
  const built = mgmtCommands.filter((c: CommandSpec) => !c.freeForm && c.args.length > 0);
  for (const spec of built) {
    const scope = spec.scopes?.[0] ?? 'global';
    fc.assert(
      fc.property(fc.tuple(...spec.args.map(valueArbitrary)), (values) => {
        const words = [spec.name];
        spec.args.forEach((a, i) => {
          if (a.flag) words.push(a.flag);
          words.push(values[i]!);
        });
        const r = parseLine(mgmtGrammar, words.join(' '), scope);
        if (r.kind !== 'command') return false;
        return spec.args.every((a, i) => String(r.command.args[a.name]) === values[i]);
      }),
      { numRuns: 200 },
    );
  }
  t.pass();
});

test('help lists mark the commands not emulated only when asked (the TUI), with a legend; -h says so in both', (t) => {
  const plain = mgmtHelpList(mgmtGrammar, 'global');
  const marked = mgmtHelpList(mgmtGrammar, 'global', { marks: true });
  t.false(plain.includes('*'), 'what the real tool prints');
  t.regex(marked, /(^|\s)getPolicy\*(\s|$)/m);
  t.regex(marked, /(^|\s)createUser(\s|$)/m, 'an emulated command has no mark');
  t.true(marked.endsWith(NOT_EMULATED_LEGEND));
  for (const spec of mgmtCommands.filter((c) => c.scopes?.includes('global') ?? true)) {
    t.is(marked.includes(`${spec.name}*`), spec.notBuilt !== undefined, spec.name);
  }
  const utilPlain = utilHelpList(utilGrammar);
  const utilMarked = utilHelpList(utilGrammar, { marks: true });
  t.false(utilPlain.includes(NOT_EMULATED_LEGEND));
  for (const spec of utilGrammar.commands) t.is(new RegExp(`^ {3}${spec.name}\\*`, 'm').test(utilMarked), spec.notBuilt !== undefined, spec.name);
  t.regex(mgmtCommandHelp(mgmtCommands.find((c) => c.name === 'getPolicy')!), /^Not emulated: /m);
});
