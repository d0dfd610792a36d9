// azcloudhsm_util's helper and information commands, the other key types, and the daemon's SIGHUP.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import { handleIn, LOGIN_CU1, section, startDaemon, util } from './helpers/daemon.ts';
import { ownedHome } from './helpers/ownership.ts';
import { openssl, tempHome } from './helpers/tools.ts';

test('helpers, information commands, every key type, and -h from the grammar', async (t) => {
  const home = ownedHome({ withCu1: true });
  const daemon = await startDaemon(home);
  t.teardown(() => daemon.stop());
  const work = tempHome('azhsm-work-');
  openssl(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', 'real.key'], work);
  const modulusLine = openssl(['rsa', '-in', 'real.key', '-noout', '-modulus'], work).stdout;
  writeFileSync(join(work, 'mod.txt'), modulusLine);
  const modulus = modulusLine.trim().replace('Modulus=', '');
  const r = util(
    home,
    [
      'loginStatus',
      'Error2String -r 0xdb',
      'Error2String -r 163',
      LOGIN_CU1,
      'loginStatus',
      'genSymKey -t 21 -s 24 -l des3',
      'genSymKey -t 18 -s 16 -l rc4',
      'genSymKey -t 16 -s 64 -l generic',
      'genDSAKeyPair -m 2048 -l dsa',
      'genRSAKeyPair -m 2048 -e 65537 -l rsa',
      `createPublicKey -m ${modulus} -e 65537 -l from-modulus`,
      'getCert -f po-copy.crt -s 4',
      'listUsers',
      'genSymKey -h',
      'frobnicate',
    ],
    work,
  );
  t.is(r.status, 1, 'frobnicate counts as a failure');
  t.true(section(r.stdout, 'loginStatus').includes('\tNo user has logged-in'));
  t.true(section(r.stdout, 'Error2String -r 0xdb').includes('\tError Code db maps to HSM Error: Invalid User Type.'));
  t.true(section(r.stdout, 'Error2String -r 163').includes('\tError Code a3 maps to HSM Error: RET_USER_LOGIN_FAILURE'));
  t.true(r.stdout.includes('\tCU has logged-in'));
  for (const c of ['genSymKey -t 21 -s 24 -l des3', 'genSymKey -t 18 -s 16 -l rc4', 'genSymKey -t 16 -s 64 -l generic']) t.true(section(r.stdout, c).includes('Symmetric Key Created.'), c);
  t.true(section(r.stdout, 'genDSAKeyPair -m 2048 -l dsa').includes('Cfm3GenerateKeyPair: returned: 0x00 : HSM Return: SUCCESS'));
  const priv = handleIn(section(r.stdout, 'genRSAKeyPair -m 2048 -e 65537 -l rsa'), /private key handle: (\d+)/);
  const fromModulus = handleIn(section(r.stdout, `createPublicKey -m ${modulus} -e 65537 -l from-modulus`), /Public Key Created\.  Key Handle: (\d+)/);
  t.true(section(r.stdout, 'getCert -f po-copy.crt -s 4').includes('Cfm3GetCert() returned 0 :HSM Return: SUCCESS'));
  t.is(openssl(['x509', '-in', 'po-copy.crt', '-noout', '-fingerprint'], work).stdout, openssl(['x509', '-in', join(home, 'cert', 'PO.crt'), '-noout', '-fingerprint'], work).stdout);
  t.regex(section(r.stdout, 'listUsers'), /\tNumber Of Users Found: 3\n\n\tIndex\t    User ID    \tUser Type\tUser Name\t\t\t   MofnPubKey\t LoginFailureCnt\t 2FA\n\t1\t {9}1\tCO\t\tadmin/);
  t.true(section(r.stdout, 'genSymKey -h').includes('Description\n===========\nGenerates a Symmetric  keys.'));
  t.true(section(r.stdout, 'frobnicate').includes('Help Commands Available:'));

  const helpers = util(
    home,
    [
      LOGIN_CU1,
      `getCaviumPrivKey -k ${priv} -out fake.pem`,
      'IsValidKeyHandlefile -f fake.pem',
      'IsValidKeyHandlefile -f real.key',
      'findKey -m mod.txt',
      'listECCCurveIds',
      'listAttributes',
    ],
    work,
  );
  t.true(section(helpers.stdout, `getCaviumPrivKey -k ${priv} -out fake.pem`).includes(`Private Key Handle is written to fake.pem in fake PEM format\n\n\tgetCaviumPrivKey returned: 0x00 : HSM Return: SUCCESS`));
  t.true(readFileSync(join(work, 'fake.pem'), 'utf8').startsWith('-----BEGIN RSA PRIVATE KEY-----'));
  t.true(section(helpers.stdout, 'IsValidKeyHandlefile -f fake.pem').includes(`\tInput file has key handle: ${priv}`));
  t.true(section(helpers.stdout, 'IsValidKeyHandlefile -f real.key').includes('\tInput key file has real private key'));
  // The fake PEM carries the real public key: openssl reads it out.
  openssl(['rsa', '-in', 'fake.pem', '-pubout', '-out', 'fake.pub'], work);
  t.true(readFileSync(join(work, 'fake.pub'), 'utf8').startsWith('-----BEGIN PUBLIC KEY-----'));
  t.true(section(helpers.stdout, 'listECCCurveIds').includes('      NID_secp384r1                   = 14\n'));
  t.true(section(helpers.stdout, 'listECCCurveIds').includes('      NID_ED25519                     = 28\n'));
  t.true(section(helpers.stdout, 'listAttributes').includes('      OBJ_ATTR_WRAP_WITH_TRUSTED      = 528\n'));
  t.true(section(helpers.stdout, 'findKey -m mod.txt').includes(`Handles of matching keys:\n${fromModulus}\n`), 'findKey -m finds the key by its modulus file');

  // SIGHUP reloads the daemon's configuration and it keeps serving; it checks the USER_KEK_HANDLE it reads.
  const kek = handleIn(section(r.stdout, 'genSymKey -t 21 -s 24 -l des3'), /Key Handle: (\d+)/);
  writeFileSync(join(home, 'bin', 'azcloudhsm_application.cfg'), `DAEMON_ID=1\nSOCKET_TYPE=UNIXSOCKET\nPORT=1111\nUSER_KEK_HANDLE=${kek}\n`);
  daemon.child.kill('SIGHUP');
  for (let i = 0; i < 100 && !daemon.log().includes('configuration reloaded'); i++) await new Promise((res) => setTimeout(res, 20));
  t.regex(daemon.log(), /INF: configuration reloaded/);
  for (let i = 0; i < 100 && !daemon.log().includes('USER_KEK_HANDLE'); i++) await new Promise((res) => setTimeout(res, 20));
  t.regex(daemon.log(), new RegExp(`WRN: USER_KEK_HANDLE=${kek}: not an AES key; not trusted \\(a CO runs setAttribute ${kek} 134 1\\)`));
  t.true(util(home, [LOGIN_CU1], work).stdout.includes('Cfm3LoginHSM returned: 0x00'));
});
