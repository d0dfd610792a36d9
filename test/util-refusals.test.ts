// What azcloudhsm_util refuses, with the HSM's code and text, no state change and no stack trace; what a
// daemon restart keeps (token keys) and drops (session keys); and that no secret rests on disk.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import { handleIn, LOGIN_CU1, section, startDaemon, util } from './helpers/daemon.ts';
import { ownedHome } from './helpers/ownership.ts';
import { mgmt, ROOT, tempHome } from './helpers/tools.ts';

function noStackTrace(t: { false: (v: boolean, m?: string) => void }, text: string): void {
  t.false(/\n\s+at .+:\d+:\d+/.test(text), 'no stack trace');
}

test('refusals: owner, sharing, extractable, trusted wrapping, mechanism, files and PEM', async (t) => {
  const home = ownedHome({ withCu1: true });
  mgmt(home, ['loginHSM CO admin adminpassword', 'createUser CU cu2 user5678', 'y', 'quit']);
  const daemon = await startDaemon(home);
  t.teardown(() => daemon.stop());
  const work = tempHome('azhsm-work-');
  writeFileSync(join(work, 'msg.bin'), 'data\n');
  writeFileSync(join(work, 'garbage.pem'), '-----BEGIN PUBLIC KEY-----\nbm90IGEga2V5\n-----END PUBLIC KEY-----\n');
  const made = util(
    home,
    [LOGIN_CU1, 'genSymKey -t 31 -s 32 -l kek', 'genSymKey -t 31 -s 32 -l secret -nex', 'genSymKey -t 31 -s 32 -l open -wrap_with_trusted 0', 'genRSAKeyPair -m 2048 -e 65537 -l rsa'],
    work,
  );
  const kek = handleIn(section(made.stdout, 'genSymKey -t 31 -s 32 -l kek'), /Key Handle: (\d+)/);
  const nex = handleIn(section(made.stdout, 'genSymKey -t 31 -s 32 -l secret -nex'), /Key Handle: (\d+)/);
  const open = handleIn(section(made.stdout, 'genSymKey -t 31 -s 32 -l open -wrap_with_trusted 0'), /Key Handle: (\d+)/);
  const rsa = section(made.stdout, 'genRSAKeyPair -m 2048 -e 65537 -l rsa');
  const pub = handleIn(rsa, /public key handle: (\d+)/);
  const priv = handleIn(rsa, /private key handle: (\d+)/);
  // cu1 shares the RSA private key with cu2 (user id 4) in mgmt_util.
  const shared = mgmt(home, ['loginHSM CU cu1 user1234', `shareKey ${priv} 4 1`, 'y', 'quit']);
  t.true(shared.stdout.includes('shareKey success on server 2(10.0.2.6)'), shared.stdout);

  const cu1 = util(
    home,
    [
      LOGIN_CU1,
      `exSymKey -k ${nex} -w ${kek} -out x.raw`,
      `exSymKey -k ${kek} -w ${open} -out x.raw`,
      `wrapKey -k ${open} -w ${kek} -m 5 -noheader -out open.kw`,
      `sign -f msg.bin -k ${kek} -m 1 -out x.sig`,
      `sign -f msg.bin -k ${priv} -m 17 -out x.sig`,
      `sign -f missing.bin -k ${priv} -m 1 -out x.sig`,
      'importPubKey -l junk -f garbage.pem',
      `importPrivateKey -l junk -f garbage.pem -w ${kek}`,
      'genRSAKeyPair -m 1000 -e 65537 -l odd',
      'genECCKeyPair -i 25 -l frp',
      'genSymKey -t 31 -s 20 -l badsize',
      'genSymKey -t 31 -l nosize',
      'findKey',
    ],
    work,
  );
  noStackTrace(t, cu1.stdout + cu1.stderr);
  t.is(cu1.status, 1);
  const s = (c: string): string => section(cu1.stdout, c);
  t.true(s(`exSymKey -k ${nex} -w ${kek} -out x.raw`).includes('Cfm3WrapKey returned: 0xea : HSM Error: The key is not extractable'));
  t.true(s(`exSymKey -k ${kek} -w ${open} -out x.raw`).includes('Cfm3WrapKey returned: 0xeb : HSM Error: The key has OBJ_ATTR_WRAP_WITH_TRUSTED set: only a trusted key may wrap it'));
  t.true(s(`wrapKey -k ${open} -w ${kek} -m 5 -noheader -out open.kw`).includes('Cfm2WrapKey returned: 0x00'), 'a key made with -wrap_with_trusted 0 leaves under any AES key');
  t.true(s(`sign -f msg.bin -k ${kek} -m 1 -out x.sig`).includes('Cfm3Sign returned: 0xed : HSM Error: Unsupported hash type/provided key not valid for signature mechanism'));
  t.true(s(`sign -f msg.bin -k ${priv} -m 17 -out x.sig`).includes('Cfm3Sign returned: 0xed'));
  t.true(s(`sign -f missing.bin -k ${priv} -m 1 -out x.sig`).includes('failed to open file missing.bin : No such file or directory'));
  t.true(s('importPubKey -l junk -f garbage.pem').includes('Cfm3CreatePublicKey returned: 0x1d : HSM Error: Invalid input data/params'));
  t.true(s(`importPrivateKey -l junk -f garbage.pem -w ${kek}`).includes('Cfm3UnWrapKey returned: 0xec : HSM Error: invalid attribute. attribute should be set for User KEK'), 'an untrusted KEK is refused first');
  t.true(s('genRSAKeyPair -m 1000 -e 65537 -l odd').includes('\tIncorrect Modulus Length for NON-FIPS mode'));
  t.true(s('genECCKeyPair -i 25 -l frp').includes('Cfm3GenerateKeyPair returned: 0x1d : HSM Error: Invalid input data/params'));
  t.true(s('genSymKey -t 31 -s 20 -l badsize').includes('Cfm3GenerateSymmetricKey returned: 0x1d'));
  t.true(s('genSymKey -t 31 -l nosize').includes('\tError: Key size (-s) is missing.'));
  // Nothing was made by the refused commands.
  t.true(s('findKey').includes('Total number of keys present: 5\n'));

  const cu2 = util(
    home,
    ['loginHSM -u CU -s cu2 -p user5678', `deleteKey -k ${priv}`, `exportPrivateKey -k ${priv} -w ${kek} -out stolen.pem`, `deleteKey -k ${kek}`, `sign -f msg.bin -k ${priv} -m 1 -out cu2.sig`, `verify -f msg.bin -s cu2.sig -k ${pub} -m 1`, 'findKey'],
    work,
  );
  const c2 = (c: string): string => section(cu2.stdout, c);
  t.true(c2(`deleteKey -k ${priv}`).includes('Cfm3DeleteKey returned: 0xc6 : HSM Error: Key Access is denied.'), 'a shared user may not delete');
  t.true(c2(`exportPrivateKey -k ${priv} -w ${kek} -out stolen.pem`).includes('returned: 0xc6'), 'nor export');
  t.true(c2(`deleteKey -k ${kek}`).includes('Cfm3FindKey returned: 0xa8 : HSM Error: Invalid object handle is passed to this operation'), 'a key not shared is invisible');
  t.true(c2(`sign -f msg.bin -k ${priv} -m 1 -out cu2.sig`).includes('Cfm3Sign returned: 0x00'), 'a shared user may use it');
  t.true(c2(`verify -f msg.bin -s cu2.sig -k ${pub} -m 1`).includes('Signature verification successful'), 'public keys are usable by every CU');
  t.regex(c2('findKey'), /Handles of matching keys:\n\d+, \d+\n/);

  // azcloudhsm_util works as a crypto user only.
  const co = util(home, ['loginHSM -u CO -s admin -p adminpassword'], work);
  t.true(co.stdout.includes('Cfm3LoginHSM returned: 0xdb : HSM Error: Invalid User Type.'));
});

test('a daemon restart keeps token keys and drops session keys', async (t) => {
  const home = ownedHome({ withCu1: true });
  const work = tempHome('azhsm-work-');
  const first = await startDaemon(home);
  // A long-lived azcloudhsm_util: lines are written to it while the daemon goes away and comes back.
  const child = spawn(process.execPath, [join(ROOT, 'dist', 'azcloudhsm_util.js')], { cwd: work, env: { ...process.env, AZCLOUDHSM_EMU_HOME: home } });
  let out = '';
  child.stdout.on('data', (b: Buffer) => (out += b.toString()));
  const waitFor = async (text: string): Promise<void> => {
    for (let i = 0; i < 400 && !out.includes(text); i++) await new Promise((r) => setTimeout(r, 25));
    if (!out.includes(text)) throw new Error(`no "${text}" in: ${out}`);
  };
  child.stdin.write(`${LOGIN_CU1}\ngenSymKey -t 31 -s 32 -l token1\ngenSymKey -t 31 -s 32 -l sess1 -sess\nfindKey\n`);
  await waitFor('Cfm3FindKey returned');
  const token = handleIn(section(out, 'genSymKey -t 31 -s 32 -l token1'), /Key Handle: (\d+)/);
  const sess = handleIn(section(out, 'genSymKey -t 31 -s 32 -l sess1 -sess'), /Key Handle: (\d+)/);
  t.true(sess >= 524288, 'session keys are numbered apart from token keys');
  t.true(section(out, 'findKey').includes(`${token}, ${sess}`));
  t.is(await first.stop(), 0);
  child.stdin.write('findKey\n');
  await waitFor('Cfm3FindKey returned: 0x40000040 : LIQUIDSECURITY: Daemon socket connection error');
  child.stdin.end();
  const second = await startDaemon(home);
  t.teardown(() => second.stop());
  const after = util(home, [LOGIN_CU1, 'findKey', `getAttribute -o ${sess} -a 1 -out s.txt`, `getAttribute -o ${token} -a 1 -out t.txt`], work);
  t.true(section(after.stdout, 'findKey').includes(`Handles of matching keys:\n${token}\n`));
  t.true(section(after.stdout, `getAttribute -o ${sess} -a 1 -out s.txt`).includes('returned: 0xa8'));
  t.is(readFileSync(join(work, 't.txt'), 'utf8'), 'OBJ_ATTR_TOKEN\n0x00000001\n');
  // A session key becomes a token key with setAttribute -a 1 (value asked for), keeps its handle and survives.
  const promote = util(home, [LOGIN_CU1, 'genSymKey -t 31 -s 16 -l temp -sess', 'setAttribute -o 524288 -a 1', '1', 'findKey -l temp'], work);
  t.true(promote.stdout.includes('\t\tThis attribute is defined as a boolean value.\n\t\tEnter the boolean attribute value (0 or 1):1\n'));
  t.true(section(promote.stdout, 'setAttribute -o 524288 -a 1').includes('Cfm3SetAttribute returned: 0x00 : HSM Return: SUCCESS'));
  t.regex(section(promote.stdout, 'findKey -l temp'), /Handles of matching keys:\n524288\n/);
  // A daemon started afresh does not give that handle to a new session key.
  await second.stop();
  const third = await startDaemon(home);
  t.teardown(() => third.stop());
  const fresh = util(home, [LOGIN_CU1, 'genSymKey -t 31 -s 16 -l next -sess', 'findKey -sess 0 -l temp'], work);
  t.regex(section(fresh.stdout, 'genSymKey -t 31 -s 16 -l next -sess'), /Key Handle: 524289\n/);
  t.true(section(fresh.stdout, 'findKey -sess 0 -l temp').includes('Handles of matching keys:\n524288\n'));
});

test('no file under the home holds a generated key or a password', async (t) => {
  const home = ownedHome({ withCu1: true });
  const daemon = await startDaemon(home);
  t.teardown(() => daemon.stop());
  const work = tempHome('azhsm-work-');
  const r = util(
    home,
    [
      LOGIN_CU1,
      'genSymKey -l userkek -t 31 -s 32 -wrap_with_trusted 0',
      'genSymKey -t 31 -s 32 -l aes256 -wrap_with_trusted 0',
      'genRSAKeyPair -m 2048 -e 65537 -l rsa -wrap_with_trusted 0',
      'genECCKeyPair -i 2 -l ec -wrap_with_trusted 0',
      'exSymKey -k 262151 -w 262150 -out aes.raw',
      'exportPrivateKey -k 262153 -w 262150 -out rsa.pem',
      'exportPrivateKey -k 262155 -w 262150 -out ec.pem',
    ],
    work,
  );
  t.is(r.status, 0, r.stdout);
  const der = (pem: string): Buffer => Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
  const secrets: [string, Buffer][] = [
    ['AES key', readFileSync(join(work, 'aes.raw'))],
    // A distinctive run from the middle of each private key (its private exponent / scalar region).
    ['RSA private key', der(readFileSync(join(work, 'rsa.pem'), 'utf8')).subarray(300, 340)],
    ['EC private key', der(readFileSync(join(work, 'ec.pem'), 'utf8')).subarray(36, 68)],
    ['cu1 password', Buffer.from('user1234')],
    ['CO password', Buffer.from('adminpassword')],
    ['PRECO password', Buffer.from('tenantadmin')],
  ];
  t.is(secrets[0]![1].length, 32);
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      const st = statSync(path);
      if (st.isDirectory()) walk(path);
      else if (st.isFile()) files.push(path);
    }
  };
  walk(home);
  t.true(files.some((f) => f.endsWith('journal.db')));
  for (const f of files) {
    if (f.endsWith('.key') || f.endsWith('PO.crt')) continue; // the owner's own openssl files in cert/
    const bytes = readFileSync(f);
    for (const [what, secret] of secrets) t.is(bytes.indexOf(secret), -1, `${what} found in ${f}`);
  }
  t.is((statSync(join(home, 'emulator', 'master.key')).mode & 0o777).toString(8), '600');
});
