// The azcloudhsm_util grammar: every command of the Azure list has a spec under its help heading, the
// argument names are the flags (the handlers' contract), examples parse, `-h` pages name every flag,
// missing and bad arguments give the real tool's messages, flags go in any order, and (property tests)
// the parser never throws and round-trips any valid values.
import test from 'ava';
import fc from 'fast-check';
import { utilCommands } from '../grammar/azcloudhsm_util/index.ts';
import { utilCommandHelp, utilHelpList, utilUsage } from '../grammar/help.ts';
import { type Grammar, parseLine, redactSecrets } from '../grammar/parse.ts';
import type { ArgSpec, CommandSpec } from '../grammar/spec.ts';

const grammar: Grammar = { tool: 'azcloudhsm_util', commands: utilCommands };

// The azcloudhsm_util command list of the Azure onboarding guide (reference 2.2): group, subgroup, commands.
const AZURE_LIST: readonly (readonly [group: string | undefined, subgroup: string | undefined, names: string])[] = [
  [undefined, undefined, 'exit help'],
  ['Audit Log Commands', undefined, 'getAuditUDD setAuditUDD'],
  ['Certificate Setup Commands', undefined, 'getCert'],
  ['Configuration and Admin Commands', undefined, 'getHSMInfo getPartitionInfo listUsers loginHSM loginStatus logoutHSM'],
  ['Context based user authorization Commands', undefined, 'allocContext authUser freeContext'],
  ['Helper Commands', undefined, 'Error2String getCaviumPrivKey IsValidKeyHandlefile listAttributes listECCCurveIds'],
  ['Key Derivation Commands', undefined, 'deriveSymKey'],
  ['Key Generation Commands', 'Asymmetric Keys:', 'genDSAKeyPair genECCKeyPair genRSAKeyPair'],
  ['Key Generation Commands', 'Symmetric Keys:', 'genParkingKey genPBEKey genSymKey splitKey'],
  [
    'Key Import/Export Commands',
    undefined,
    'atomicGenAndWrapASymKey atomicGenAndWrapSymKey createPublicKey exportPrivateKey exportPubKey exSymKey ' +
      'importPrivateKey importPubKey imSymKey unWrapKey unWrapKeyWithSize wrapKey',
  ],
  ['Key Management Commands', undefined, 'deleteKey findKey findSingleKey getAttribute getKeyInfo setAttribute'],
  ['Key Transfer Commands', undefined, 'extractMaskedObject insertMaskedObject parkObject unparkObject'],
  ['M of N commands', undefined, 'approveToken delToken getToken listTokens'],
  ['Management Crypto Commands', undefined, 'aesUnwrapPkcs5Buffer aesWrapUnwrap sign verify'],
];
const AZURE_NAMES = AZURE_LIST.flatMap(([, , names]) => names.split(' '));

const ALIASES: Record<string, string> = { rsaGenKeyPair: 'genRSAKeyPair', dsaGenKeyPair: 'genDSAKeyPair', getPrivKeyfile: 'getCaviumPrivKey' };

const BUILT = `loginHSM logoutHSM loginStatus genSymKey genRSAKeyPair genECCKeyPair genDSAKeyPair sign verify findKey
findSingleKey deleteKey getAttribute setAttribute listAttributes listECCCurveIds getKeyInfo exportPubKey importPubKey
createPublicKey exportPrivateKey importPrivateKey exSymKey imSymKey wrapKey unWrapKey aesWrapUnwrap getCaviumPrivKey
IsValidKeyHandlefile Error2String getHSMInfo getPartitionInfo listUsers getCert help exit extractMaskedObject insertMaskedObject`.split(/\s+/);

const WRAP_WITH_TRUSTED = ['genSymKey', 'genRSAKeyPair', 'genECCKeyPair', 'genDSAKeyPair', 'imSymKey', 'unWrapKey', 'importPrivateKey'];

function spec(name: string): CommandSpec {
  const found = utilCommands.find((c) => c.name === name);
  if (!found) throw new Error(`no spec for ${name}`);
  return found;
}

function argNames(name: string): string[] {
  return spec(name).args.map((a) => a.name);
}

test('every command of the Azure list has one azcloudhsm_util spec, under its help heading', (t) => {
  for (const [group, subgroup, names] of AZURE_LIST) {
    for (const name of names.split(' ')) {
      const s = utilCommands.find((c) => c.name === name);
      if (!s) {
        t.fail(`no spec for ${name}`);
        continue;
      }
      t.is(s.tool, 'azcloudhsm_util', name);
      t.is(s.group, group, `${name} group`);
      t.is(s.subgroup, subgroup, `${name} subgroup`);
      t.true(s.summary.length > 0 && s.description.length > 0, `${name} has a summary and a description`);
    }
  }
  t.is(new Set(utilCommands.map((c) => c.name)).size, utilCommands.length, 'no command is declared twice');
  for (const c of utilCommands) t.true(AZURE_NAMES.includes(c.name), `${c.name} is not in the Azure list`);
  t.is(utilCommands.length, AZURE_NAMES.length);
});

test('aliases are on the main spec and resolve to it', (t) => {
  for (const [alias, main] of Object.entries(ALIASES)) {
    t.true(spec(main).aliases?.includes(alias), `${main} has alias ${alias}`);
    const r = parseLine(grammar, `${alias} -h`);
    t.true(r.kind === 'help' && r.spec.name === main, alias);
  }
  const aliases = utilCommands.flatMap((c) => c.aliases ?? []);
  t.deepEqual(aliases.sort(), Object.keys(ALIASES).sort());
});

test('built commands have full argument lists; the others say why they are not built', (t) => {
  for (const c of utilCommands) {
    if (BUILT.includes(c.name)) {
      t.is(c.notBuilt, undefined, `${c.name} is built`);
      t.falsy(c.freeForm, `${c.name} is not free-form`);
    } else {
      t.true(typeof c.notBuilt === 'string' && c.notBuilt.length > 0 && !c.notBuilt.includes('\n'), `${c.name} says why`);
      // Free-form only where the syntax is unknown: a notBuilt command with args checks them.
      t.true(c.freeForm === true || c.args.length > 0 || c.name === 'listTokens', `${c.name}: free-form or args`);
    }
  }
  t.deepEqual(argNames('help'), []);
  t.deepEqual(argNames('exit'), []);
  const r = parseLine(grammar, 'getAuditUDD -x 1 anything');
  t.is(r.kind, 'command', 'free-form commands take any words');
});

test('argument names are the flags without the dash; switches take no value', (t) => {
  for (const c of utilCommands) {
    for (const a of c.args) {
      t.truthy(a.flag, `${c.name} ${a.name} has a flag`);
      t.is(a.name, a.flag!.slice(1), `${c.name} ${a.flag}`);
      for (const rule of [...(a.needs ?? []), ...(a.excludes ?? [])]) {
        t.true(c.args.some((b) => b.name === rule.arg), `${c.name} ${a.flag} refers to ${rule.arg}`);
      }
    }
  }
  const switches = ['sess', 'nex', 'attest'];
  for (const name of ['genSymKey', 'genRSAKeyPair', 'genECCKeyPair', 'genDSAKeyPair']) {
    for (const sw of switches) t.is(spec(name).args.find((a) => a.name === sw)?.value.kind, 'switch', `${name} -${sw}`);
  }
  t.is(spec('loginHSM').args.find((a) => a.name === '2fa')?.value.kind, 'switch');
  t.is(spec('wrapKey').args.find((a) => a.name === 'noheader')?.value.kind, 'switch');
  t.is(spec('findKey').args.find((a) => a.name === 'sess')?.value.kind, 'int', 'findKey -sess takes 0 or 1');
  for (const name of WRAP_WITH_TRUSTED) {
    const a = spec(name).args.find((x) => x.name === 'wrap_with_trusted');
    t.truthy(a, `${name} takes -wrap_with_trusted`);
    t.true(a!.optional && /Azure/.test(a!.help) && /default/.test(a!.help), `${name} -wrap_with_trusted help`);
  }
  t.deepEqual(argNames('wrapKey').sort(), ['w', 'k', 'out', 'm', 'aad', 't', 'noheader', 'i', 'iv_file', 'tag_size'].sort());
  t.deepEqual(
    argNames('unWrapKey').sort(),
    ['f', 'w', 'noheader', 'l', 'id', 'kt', 'kc', 'i', 'aad', 'iv_file', 'tag_size', 't', 'm', 'sess', 'nex', 'u', 'm_value', 'min_srv', 'timeout', 'attest', 'wrap_with_trusted'].sort(),
  );
  t.deepEqual(argNames('getCert'), ['f', 's']);
  t.deepEqual(argNames('loginHSM'), ['u', 'p', 's', '2fa']);
  t.true(spec('loginHSM').args.find((a) => a.name === 'p')!.secret);
});

test('value kinds: handles, files, tables', (t) => {
  const kind = (c: string, n: string) => spec(c).args.find((a) => a.name === n)!.value;
  t.is(kind('sign', 'k').kind, 'keyHandle');
  t.deepEqual(kind('sign', 'f'), { kind: 'file', mode: 'read' });
  t.deepEqual(kind('sign', 'out'), { kind: 'file', mode: 'write' });
  const table = (c: string, n: string) => {
    const v = kind(c, n);
    return v.kind === 'code' ? v.table.id : v.kind;
  };
  t.is(table('genSymKey', 't'), 'symKeyType');
  t.is(table('imSymKey', 't'), 'symKeyType');
  t.is(table('findKey', 't'), 'keyType');
  t.is(table('unWrapKey', 'kt'), 'keyType');
  t.is(table('findKey', 'c'), 'keyClass');
  t.is(table('unWrapKey', 'kc'), 'unwrapKeyClass');
  t.is(table('sign', 'm'), 'signMech');
  t.is(table('verify', 'm'), 'signMech');
  t.is(table('wrapKey', 'm'), 'wrapMech');
  t.is(table('unWrapKey', 'm'), 'wrapMech');
  t.is(table('exSymKey', 'm'), 'exportWrapMech');
  t.is(table('exportPrivateKey', 'm'), 'exportWrapMech');
  t.is(table('wrapKey', 't'), 'hashType');
  t.is(table('unWrapKey', 't'), 'hashType');
  t.is(table('genECCKeyPair', 'i'), 'eccCurve');
  t.is(table('getAttribute', 'a'), 'attribute');
  t.is(table('setAttribute', 'a'), 'attribute');
  t.is(table('loginHSM', 'u'), 'userType');
  t.is(table('getCert', 's'), 'certType');
  t.is(table('genSymKey', 'u'), 'userIdList');
  t.is(table('Error2String', 'r'), 'text');
  t.is(table('findKey', 'kcv'), 'hex');
  t.deepEqual(kind('findKey', 'm'), { kind: 'file', mode: 'read' });
  t.is(table('aesWrapUnwrap', 'i'), 'hex');
});

test('every spec parses its own examples', (t) => {
  for (const s of utilCommands) {
    t.true(s.examples.length > 0, `${s.name} has an example`);
    for (const example of s.examples) {
      const r = parseLine(grammar, example);
      t.is(r.kind, 'command', `${example} -> ${JSON.stringify(r.kind === 'usage' ? r.message : r.kind)}`);
      if (r.kind === 'command') t.is(r.command.name, s.name, example);
    }
  }
  const wanted = [
    'genSymKey -l userkek -t 31 -s 32 -wrap_with_trusted 1',
    'genRSAKeyPair -m 2048 -e 65537 -l rsa-key-1',
    'genECCKeyPair -i 14 -l ecc14',
    'sign -f hash.bin -k 262159 -m 1 -out sign.bin',
    'verify -f hash.bin -s sign.bin -k 262158 -m 1',
    'findSingleKey -k 262158',
    'deleteKey -k 262160',
    'importPrivateKey -l importTestKey -f key.pem -w 262150',
  ];
  const all = utilCommands.flatMap((c) => c.examples);
  for (const w of wanted) t.true(all.includes(w), `example ${w}`);
});

test('parsed values are typed by the spec', (t) => {
  const r = parseLine(grammar, 'genSymKey -l userkek -t 31 -s 32 -wrap_with_trusted 1 -u 4,5 -nex -id k1');
  t.is(r.kind, 'command');
  if (r.kind !== 'command') return;
  t.deepEqual(r.command.args, { l: 'userkek', t: 31, s: 32, wrap_with_trusted: 1, u: [4, 5], nex: true, id: 'k1' });
  const login = parseLine(grammar, 'loginHSM -u CU -p user1234 -s cu1');
  t.deepEqual(login.kind === 'command' && login.command.args, { u: 'CU', p: 'user1234', s: 'cu1' });
  const e2s = parseLine(grammar, 'Error2String -r 0333');
  t.deepEqual(e2s.kind === 'command' && e2s.command.args, { r: '0333' });
});

test('-h renders the help page for every spec and names every flag', (t) => {
  for (const s of utilCommands) {
    const r = parseLine(grammar, `${s.name} -h`);
    t.true(r.kind === 'help' && r.spec === s, `${s.name} -h`);
    const help = utilCommandHelp(s);
    t.true(help.startsWith(`\n\nDescription\n===========\n${s.description.join('\n')}\n\nSyntax: ${s.name} -h`), s.name);
    t.true(help.includes('\n\nWhere: -h  displays this information'), s.name);
    for (const a of s.args) {
      t.true(help.includes(`\n       ${a.flag}  ${a.help}`), `${s.name} help: ${a.flag}`);
      t.true(help.includes(a.value.kind === 'switch' ? `[${a.flag}]` : `${a.flag} ${a.display}`), `${s.name} syntax: ${a.flag}`);
    }
    if (s.notBuilt) t.true(help.includes(`Not emulated: ${s.notBuilt}`), s.name);
  }
  // -h anywhere on the line asks for help, as in the real tool.
  const late = parseLine(grammar, 'genSymKey -t 31 -h');
  t.true(late.kind === 'help' && late.spec.name === 'genSymKey');
  // Code values are listed under their flag.
  const sign = utilCommandHelp(spec('sign'));
  t.regex(sign, /SHA256_RSA_PKCS +- 1\n/);
  t.regex(utilCommandHelp(spec('genECCKeyPair')), /NID_secp384r1 +- 14\n/);
  t.notRegex(utilCommandHelp(spec('getAttribute')), /OBJ_ATTR_CLASS/, 'attributes are left to listAttributes');
});

test('the help list has the real layout and every command under its heading', (t) => {
  const list = utilHelpList(grammar);
  const lines = list.split('\n');
  t.deepEqual(lines.slice(0, 10), [
    'Help Commands Available:',
    '',
    'Syntax: <command> -h',
    '',
    '',
    '   Command               Description',
    '   =======               ===========',
    '',
    '   exit                   Exits this application',
    '   help                   Displays this information',
  ]);
  t.true(list.endsWith('in fake PEM format\n   IsValidKeyHandlefile   Checks if private key file has\n                          an HSM key handle or a real key\n   listAttributes         List all attributes for getAttributes\n   listECCCurveIds        List HSM supported ECC CurveIds\n'));
  t.true(list.includes('\n   genSymKey              Generates a Symmetric keys\n'));
  t.true(list.includes('\n   Error2String           Converts Error codes to Strings\n                          save key handle in fake PEM format\n'));
  t.true(list.includes('\n\n\tKey Generation Commands\n\n\tAsymmetric Keys:\n   genRSAKeyPair          Generates an RSA Key Pair\n'));
  for (const [group, subgroup, names] of AZURE_LIST) {
    const heading = subgroup ?? group;
    const start = heading ? lines.indexOf(`\t${heading}`) : lines.indexOf('   Command               Description');
    t.true(start >= 0, `heading ${heading}`);
    let end = lines.findIndex((l, i) => i > start && l.startsWith('\t'));
    if (end < 0) end = lines.length;
    const section = lines.slice(start + 1, end).map((l) => l.trim().split(/\s+/)[0]);
    for (const name of names.split(' ')) t.true(section.includes(name), `${name} is listed under ${heading}`);
  }
  for (const alias of Object.keys(ALIASES)) t.false(new RegExp(`\\b${alias}\\b`).test(list), `${alias} is not listed`);
});

test('missing arguments give the real tool\'s message, the first missing in the order it checks', (t) => {
  const cases: [string, string | undefined][] = [
    ['genSymKey -s 32 -l aes', 'Error: Key type (-t) is missing.'],
    ['genSymKey -l aes', 'Error: Key type (-t) is missing.'],
    ['genSymKey -t 31 -l aes', 'Error: Key size (-s) is missing.'],
    ['genSymKey -t 31 -s 32', 'Error: Key label (-l) is missing.'],
    ['genSymKey -t 31 -s 32 -l aes -timeout 5', 'Error: Minimum servers (-min_srv) option is missing'],
    ['genSymKey -t 31 -s 32 -l aes -sess -u 4', 'Error: sharing session keys is not allowed'],
    ['genRSAKeyPair -e 65537 -l rsa', 'Error: Modulus size (-m) is missing.'],
    ['genRSAKeyPair -m 2048 -l rsa', 'Error: Public exponant (-e) is missing or invalid input passed'],
    ['genRSAKeyPair -m 2048 -e 65537', 'Error: Key label (-l) is missing.'],
    ['genECCKeyPair -l ecc', 'Error: Curve id (-i) is missing.'],
    ['genDSAKeyPair -l dsa', 'Error: Modulus size (-m) is missing.'],
    ['loginHSM -s cu1 -p user1234', 'Error: User type (-u) is missing.'],
    ['loginHSM -u CU -s cu1', 'Error: Password (-p) is missing.'],
    ['loginHSM -u CU -p user1234', 'Error: Username (-s) is missing.'],
    ['sign -k 8 -m 1 -out s.bin', 'Error: Message file (-f) is missing.'],
    ['sign -f m -m 1 -out s.bin', 'Error: Private Key (-k) is missing.'],
    ['sign -f m -k 8 -out s.bin', 'Error: Mechanism (-m) is missing.'],
    ['sign -f m -k 8 -m 1', 'Error: Signature File (-out) is missing.'],
    ['verify -f m -k 8 -m 1', 'Error: Signature file (-s) is missing.'],
    ['verify -f m -s s -m 1', 'Error: Private Key (-k) is missing.'],
    ['deleteKey', 'Error: Key handle (-k) is missing.'],
    ['findSingleKey', undefined],
    ['getAttribute -a 512 -out f', 'Error: Object handle (-o) is missing.'],
    ['getAttribute -o 7 -out f', 'Error: Attribute ID (-a) is missing.'],
    ['getAttribute -o 7 -a 512', 'Error: Attribute File (-out) is missing.'],
    ['exportPubKey -k 7', 'Error: Key File (-out) is missing.'],
    ['importPubKey -l pub', 'Error: File name (-f) is missing.'],
    ['createPublicKey -m 0xc0ffee -l pub', 'Error: Public exponant (-e) is missing.'],
    ['exportPrivateKey -k 7 -out k.pem', 'Error: Wrapping key handle (-w) is missing.'],
    ['importPrivateKey -f key.pem -l k', 'Error: wrapping Key handle (-w) is missing.'],
    ['importPrivateKey -w 262150 -l k', 'Error: File name (-f) is missing.'],
    ['exSymKey -w 6 -out k', 'Error: Handle of key to export (-k) is missing.'],
    ['exSymKey -k 7 -out k', 'Error: Handle of wrapping Key (-w) is missing.'],
    ['imSymKey -f k -w 6 -l x', 'Error: Key type (-t) is missing.'],
    ['imSymKey -f k -t 31 -l x', 'Error: wrapping key handle (-w) is missing.'],
    ['imSymKey -f k -t 31 -w 6', 'Error: Key label (-l) is missing.'],
    ['imSymKey -t 31 -w 6 -l x', 'Error: Key filename (-f) is missing.'],
    ['wrapKey -k 7 -out w', 'Error: wrapping Key handle (-w) is missing.'],
    ['wrapKey -w 6 -out w', 'Error: key to be wrapped (-k) is missing.'],
    ['wrapKey -w 6 -k 7', 'Error: Wrapped Key File (-out) is missing.'],
    ['unWrapKey -f w', 'Error: wrapping key handle (-w) is missing.'],
    ['unWrapKey -w 6', 'Error: Key filename (-f) is missing.'],
    ['aesWrapUnwrap -w 6 -m 1', 'Error: file to be wrapped/unwrapped (-f) is missing.'],
    ['aesWrapUnwrap -f d -m 1', 'Error: Handle of wrapping Key (-w) is missing.'],
    ['aesWrapUnwrap -f d -w 6', 'Error: wrapping or unwrapping mode (-m) is missing.'],
    ['Error2String', 'Error: Response code (-r) is missing.'],
    ['getCert -s 4', 'Certificate file (-f) is missing'],
    ['getCert -f c.crt', 'Certificate Subject (-s) is missing'],
    ['genPBEKey -p pw -s salt -l pbe', 'Error: Iteration count (-c) is missing.'],
  ];
  for (const [line, message] of cases) {
    const r = parseLine(grammar, line);
    t.is(r.kind, 'usage', line);
    if (r.kind === 'usage') t.is(r.message, message, line);
  }
});

test('bad values give the real tool\'s message where it has one, else only the help', (t) => {
  const cases: [string, string | undefined][] = [
    ['genRSAKeyPair -m 2048 -e 6553x -l rsa', 'Error: Public exponant (-e) is missing or invalid input passed'],
    ['genRSAKeyPair -m 2048 -e 2147483648 -l rsa', 'Error: Public exponant (-e) is missing or invalid input passed'],
    ['genRSAKeyPair -m 1000 -e 65537 -l rsa', 'Incorrect Modulus Length for NON-FIPS mode'],
    ['genRSAKeyPair -m 2049 -e 65537 -l rsa', 'Incorrect Modulus Length for NON-FIPS mode'],
    ['genRSAKeyPair -m 2048 -e 65537 -l rsa -m_value 9', 'Error: Invalid m_value.\nValid m_value range is 1 to 8'],
    ['genDSAKeyPair -m 1536 -l dsa', 'Incorrect Modulus Length for NON-FIPS mode'],
    ['genECCKeyPair -i 99 -l ecc', 'Error: Invalid EC Curve ID.'],
    ['loginHSM -u XX -s cu1 -p user1234', 'Error: Invalid user type specified.'],
    ['aesWrapUnwrap -f d -w 6 -m 2', 'Error: wrapping or unwrapping mode should be 0 or 1.'],
    ['deleteKey -k 0x10', undefined],
    ['deleteKey -k -5', undefined],
    ['genSymKey -t 31 -s 32 -l aes -min_srv 4', undefined],
    ['findKey -sess 2', undefined],
    ['findKey -kcv xyz', undefined],
    ['genSymKey -t 99 -s 32 -l aes', undefined],
  ];
  for (const [line, message] of cases) {
    const r = parseLine(grammar, line);
    t.is(r.kind, 'usage', line);
    if (r.kind === 'usage') t.is(r.message, message, line);
  }
});

test('unknown, repeated and valueless flags print only the help; arguments to a no-argument command too', (t) => {
  for (const line of [
    'deleteKey -k 7 -x 1',
    'deleteKey -k 7 -k 8',
    'deleteKey -k',
    'genSymKey -t 31 -s 32 -l aes -sess -sess',
    'sign -f m -k 8 -m 1 -out',
    'logoutHSM now',
    'help me',
    'exit 0',
    'deleteKey 7',
  ]) {
    const r = parseLine(grammar, line);
    t.is(r.kind, 'usage', line);
    if (r.kind === 'usage') t.is(r.message, undefined, line);
  }
  const status = parseLine(grammar, 'loginStatus -x');
  t.true(status.kind === 'usage' && status.message === "This command doesn't expect any arguments and allowed only on initialized HSM");
  const users = parseLine(grammar, 'listUsers 1');
  t.true(users.kind === 'usage' && users.message === "This command doesn't expect any arguments");
});

test('usage text: the error line, then the help page', (t) => {
  const s = spec('deleteKey');
  t.is(
    utilUsage(s, 'Error: Key handle (-k) is missing.'),
    [
      '',
      '\tError: Key handle (-k) is missing.',
      '',
      '',
      'Description',
      '===========',
      'Delete a key specifying a key handle.',
      '',
      'Syntax: deleteKey -h -k <key handle>',
      '',
      'Where: -h  displays this information',
      '       -k  specifies the key handle to delete',
    ].join('\n'),
  );
  t.is(utilUsage(s), utilCommandHelp(s));
  t.true(utilUsage(spec('genRSAKeyPair'), 'Error: Invalid m_value.\nValid m_value range is 1 to 8').startsWith('\n\tError: Invalid m_value.\n\tValid m_value range is 1 to 8\n\n\nDescription'));
});

test('command names are exact and case-sensitive; unknown names are reported', (t) => {
  for (const word of ['GenSymKey', 'genSym', 'findkey', 'quit']) t.is(parseLine(grammar, `${word} -l x`).kind, 'unknown', word);
  t.is(parseLine(grammar, '   ').kind, 'empty');
});

test('passwords never reach history', (t) => {
  t.is(redactSecrets(grammar, 'loginHSM -u CU -s cu1 -p user1234'), 'loginHSM -u CU -s cu1 -p ********');
  t.is(redactSecrets(grammar, 'loginHSM -p user1234 -u CU -s cu1'), 'loginHSM -p ******** -u CU -s cu1');
  t.is(redactSecrets(grammar, 'findKey -l p'), 'findKey -l p');
});

test('property: flags are accepted in any order', (t) => {
  const pairs = [['-l', 'userkek'], ['-t', '31'], ['-s', '32'], ['-wrap_with_trusted', '1'], ['-nex'], ['-id', 'kek']];
  fc.assert(
    fc.property(fc.shuffledSubarray(pairs, { minLength: pairs.length, maxLength: pairs.length }), (order) => {
      const r = parseLine(grammar, ['genSymKey', ...order.flat()].join(' '));
      if (r.kind !== 'command') return false;
      const args = r.command.args;
      return args.l === 'userkek' && args.t === 31 && args.s === 32 && args.wrap_with_trusted === 1 && args.nex === true && args.id === 'kek';
    }),
    { numRuns: 300 },
  );
  t.pass();
});

test('property: the parser never throws on random azcloudhsm_util lines', (t) => {
  const flags = [...new Set(utilCommands.flatMap((c) => c.args.map((a) => a.flag!)))];
  const names = utilCommands.flatMap((c) => [c.name, ...(c.aliases ?? [])]);
  const word = fc.oneof(fc.constantFrom(...names, ...flags, '-h', '0', '1', '31', '262150', 'CU', '4,5', '0xdb'), fc.string());
  fc.assert(
    fc.property(fc.constantFrom(...names), fc.array(word, { maxLength: 10 }), (name, words) => {
      const r = parseLine(grammar, [name, ...words].join(' '));
      return ['empty', 'command', 'help', 'unknown', 'usage'].includes(r.kind);
    }),
    { numRuns: 3000 },
  );
  fc.assert(
    fc.property(fc.array(word, { maxLength: 8 }), (words) => {
      const r = parseLine(grammar, words.join(' '));
      return ['empty', 'command', 'help', 'unknown', 'usage'].includes(r.kind);
    }),
    { numRuns: 1000 },
  );
  t.pass();
});

/** A valid typed value for an argument (never `-h`, which asks for help wherever it is). */
function valueArbitrary(a: ArgSpec): fc.Arbitrary<string> {
  const v = a.value;
  switch (v.kind) {
    case 'code':
      return fc.constantFrom(...v.table.entries.map((e) => String(e.code)));
    case 'int': {
      const step = v.multipleOf ?? 1;
      const min = Math.ceil((v.min ?? 0) / step);
      const max = Math.floor((v.max ?? 100_000) / step);
      return fc.integer({ min, max }).map((n) => String(n * step));
    }
    case 'keyHandle':
    case 'userId':
      return fc.nat(3_000_000).map(String);
    case 'userIdList':
      return fc.array(fc.nat(99), { minLength: 1, maxLength: 4 }).map((l) => l.join(','));
    case 'userName':
      return fc.stringMatching(/^[A-Za-z0-9_]{1,31}$/);
    case 'password':
      return fc.stringMatching(/^[!-~]{7,32}$/).filter((s) => s !== '-h');
    case 'hex':
      return fc.stringMatching(/^(0x)?[0-9a-f]{1,16}$/);
    default:
      return fc.stringMatching(/^[A-Za-z0-9_./-]{1,20}$/).filter((s) => s !== '-h');
  }
}

/** The typed value the parser should give back for a raw word. */
function expected(a: ArgSpec, raw: string): unknown {
  const v = a.value;
  if (v.kind === 'int' || v.kind === 'keyHandle' || v.kind === 'userId') return Number(raw);
  if (v.kind === 'code') return typeof v.table.entries[0]!.code === 'number' ? Number(raw) : raw;
  if (v.kind === 'userIdList') return raw.split(',').map(Number);
  return raw;
}

test('property: any valid flag values, in any order, round-trip through the parser', (t) => {
  const built = utilCommands.filter((c) => !c.freeForm && c.args.length > 0);
  for (const s of built) {
    const arb = fc.record({
      present: fc.array(fc.boolean(), { minLength: s.args.length, maxLength: s.args.length }),
      values: fc.tuple(...s.args.map(valueArbitrary)),
      order: fc.array(fc.nat(), { minLength: s.args.length, maxLength: s.args.length }),
    });
    fc.assert(
      fc.property(arb, ({ present, values, order }) => {
        // Required args always; optional ones at random, honouring the spec's needs / excludes rules.
        const given = new Set(s.args.filter((a, i) => !a.optional || present[i]).map((a) => a.name));
        for (const a of s.args) if (given.has(a.name)) for (const r of a.needs ?? []) given.add(r.arg);
        for (const a of s.args) if (given.has(a.name)) for (const r of a.excludes ?? []) given.delete(r.arg);
        const chosen = s.args.map((a, i) => ({ a, raw: values[i]!, key: order[i]! })).filter((x) => given.has(x.a.name));
        chosen.sort((x, y) => x.key - y.key);
        const words = [s.name, ...chosen.flatMap(({ a, raw }) => (a.value.kind === 'switch' ? [a.flag!] : [a.flag!, raw]))];
        const r = parseLine(grammar, words.join(' '));
        if (r.kind !== 'command') throw new Error(`${words.join(' ')} -> ${JSON.stringify(r.kind === 'usage' ? r.message ?? 'usage' : r.kind)}`);
        if (Object.keys(r.command.args).length !== chosen.length) return false;
        return chosen.every(({ a, raw }) => {
          const got = r.command.args[a.name];
          return a.value.kind === 'switch' ? got === true : JSON.stringify(got) === JSON.stringify(expected(a, raw));
        });
      }),
      { numRuns: 150 },
    );
  }
  t.pass();
});
