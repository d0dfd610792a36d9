// Keys taken outside, and brought in: OpenSSL verifies what the emulated HSM signs (RSA PKCS#1 v1.5 and
// PSS, ECDSA on P-256, P-384 and secp256k1, Ed25519), keys made by OpenSSL work inside, and AES key
// wrap interoperates both ways.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import { handleIn, LOGIN_CU1, section, startDaemon, util } from './helpers/daemon.ts';
import { ownedHome } from './helpers/ownership.ts';
import { mgmt, openssl, tempHome } from './helpers/tools.ts';

/** A home with cu1, a running daemon, and the user KEK 262150 marked trusted by the CO. */
async function withKek(t: { teardown: (f: () => unknown) => void }) {
  const home = ownedHome({ withCu1: true });
  const daemon = await startDaemon(home);
  t.teardown(() => daemon.stop());
  const work = tempHome('azhsm-work-');
  util(home, [LOGIN_CU1, 'genSymKey -l userkek -t 31 -s 32 -wrap_with_trusted 1'], work);
  mgmt(home, ['loginHSM CO admin adminpassword', 'setAttribute 262150 134 1', 'y', 'quit']);
  return { home, work, daemon };
}

test('OpenSSL verifies RSA PKCS#1 v1.5 and PSS, ECDSA (P-256, P-384, secp256k1) and Ed25519 signatures made inside', async (t) => {
  const { home, work } = await withKek(t);
  writeFileSync(join(work, 'msg.bin'), 'sign me, inside the HSM\n');
  const keys: [string, string][] = [
    ['rsa', 'genRSAKeyPair -m 2048 -e 65537 -l rsa'],
    ['p256', 'genECCKeyPair -i 2 -l p256'],
    ['p384', 'genECCKeyPair -i 14 -l p384'],
    ['k256', 'genECCKeyPair -i 16 -l k256'],
    ['ed', 'genECCKeyPair -i 28 -l ed'],
  ];
  const made = util(home, [LOGIN_CU1, ...keys.map(([, c]) => c)], work);
  const pairs = Object.fromEntries(
    keys.map(([name, c]) => {
      const s = section(made.stdout, c);
      return [name, { pub: handleIn(s, /public key handle: (\d+)/), priv: handleIn(s, /private key handle: (\d+)/) }];
    }),
  );
  const cases: [string, number, string, string[]][] = [
    ['rsa', 0, 'sha1', []],
    ['rsa', 1, 'sha256', []],
    ['rsa', 2, 'sha384', []],
    ['rsa', 3, 'sha512', []],
    ['rsa', 4, 'sha224', []],
    ['rsa', 6, 'sha256', ['-sigopt', 'rsa_padding_mode:pss', '-sigopt', 'rsa_pss_saltlen:-1']],
    ['rsa', 8, 'sha512', ['-sigopt', 'rsa_padding_mode:pss', '-sigopt', 'rsa_pss_saltlen:-1']],
    ['p256', 17, 'sha256', []],
    ['p384', 18, 'sha384', []],
    ['k256', 17, 'sha256', []],
    ['k256', 19, 'sha512', []],
  ];
  const lines = [LOGIN_CU1];
  for (const name of Object.keys(pairs)) lines.push(`exportPubKey -k ${pairs[name]!.pub} -out ${name}.pem`);
  cases.forEach(([name, mech], i) => lines.push(`sign -f msg.bin -k ${pairs[name]!.priv} -m ${mech} -out sig${i}.bin`));
  lines.push(`sign -f msg.bin -k ${pairs.ed!.priv} -m 20 -out ed.sig`);
  const signed = util(home, lines, work);
  t.is(signed.status, 0, signed.stdout);
  cases.forEach(([name, , hash, opts], i) => {
    const v = openssl(['dgst', `-${hash}`, ...opts, '-verify', `${name}.pem`, '-signature', `sig${i}.bin`, 'msg.bin'], work);
    t.is(v.stdout.trim(), 'Verified OK', `${name} mechanism case ${i}: ${v.stderr}`);
  });
  const ed = openssl(['pkeyutl', '-verify', '-pubin', '-inkey', 'ed.pem', '-rawin', '-in', 'msg.bin', '-sigfile', 'ed.sig'], work);
  t.is(ed.stdout.trim(), 'Signature Verified Successfully', ed.stderr);
  // ECDSA signatures are written as DER, which is why openssl takes them as they are.
  t.is(openssl(['asn1parse', '-inform', 'DER', '-in', 'sig7.bin'], work).status, 0);
});

test('keys and signatures made by OpenSSL work inside', async (t) => {
  const { home, work } = await withKek(t);
  writeFileSync(join(work, 'doc.txt'), 'made outside, checked inside\n');
  openssl(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', 'ext-rsa.key'], work);
  openssl(['pkey', '-in', 'ext-rsa.key', '-pubout', '-out', 'ext-rsa.pub'], work);
  openssl(['dgst', '-sha256', '-sign', 'ext-rsa.key', '-out', 'ext.sig', 'doc.txt'], work);
  openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', 'ext-ec.key'], work);
  openssl(['pkey', '-in', 'ext-ec.key', '-pubout', '-out', 'ext-ec.pub'], work);
  const r = util(
    home,
    [
      LOGIN_CU1,
      'importPubKey -l ext-rsa-pub -f ext-rsa.pub',
      'importPrivateKey -l ext-rsa -f ext-rsa.key -w 262150',
      'importPrivateKey -l ext-ec -f ext-ec.key -w 262150',
    ],
    work,
  );
  t.is(r.status, 0, r.stdout);
  const pub = handleIn(section(r.stdout, 'importPubKey -l ext-rsa-pub -f ext-rsa.pub'), /Public Key Handle: (\d+)/);
  const rsaSection = section(r.stdout, 'importPrivateKey -l ext-rsa -f ext-rsa.key -w 262150');
  t.regex(rsaSection, /BER encoded key length is 12\d\d\n\nCfm3WrapHostKey returned: 0x00 : HSM Return: SUCCESS\n\nCfm3CreateUnwrapTemplate returned: 0x00 : HSM Return: SUCCESS\n\nCfm3UnWrapKey returned: 0x00 : HSM Return: SUCCESS\n\nPrivate Key Unwrapped\.  Key Handle: \d+\n/);
  const rsaPriv = handleIn(rsaSection, /Key Handle: (\d+)/);
  const ecPriv = handleIn(section(r.stdout, 'importPrivateKey -l ext-ec -f ext-ec.key -w 262150'), /Key Handle: (\d+)/);
  const use = util(
    home,
    [
      LOGIN_CU1,
      `verify -f doc.txt -s ext.sig -k ${pub} -m 1`,
      `sign -f doc.txt -k ${rsaPriv} -m 1 -out in-rsa.sig`,
      `sign -f doc.txt -k ${ecPriv} -m 17 -out in-ec.sig`,
      `getAttribute -o ${rsaPriv} -a 355 -out local.txt`,
    ],
    work,
  );
  t.is(use.status, 0, use.stdout);
  t.true(section(use.stdout, `verify -f doc.txt -s ext.sig -k ${pub} -m 1`).includes('Signature verification successful'));
  t.is(openssl(['dgst', '-sha256', '-verify', 'ext-rsa.pub', '-signature', 'in-rsa.sig', 'doc.txt'], work).stdout.trim(), 'Verified OK');
  t.is(openssl(['dgst', '-sha256', '-verify', 'ext-ec.pub', '-signature', 'in-ec.sig', 'doc.txt'], work).stdout.trim(), 'Verified OK');
  t.is(readFileSync(join(work, 'local.txt'), 'utf8'), 'OBJ_ATTR_LOCAL\n0x00000000\n', 'imported keys are not LOCAL');
  // A signature that does not match is refused with the HSM's code.
  writeFileSync(join(work, 'other.txt'), 'something else\n');
  const bad = util(home, [LOGIN_CU1, `verify -f other.txt -s ext.sig -k ${pub} -m 1`], work);
  t.true(bad.stdout.includes('Cfm3Verify returned: 0x1b\n\nCSP Error: ERR_BAD_PKCS_DATA\n'), bad.stdout);
});

test('AES key wrap interoperates with OpenSSL both ways', async (t) => {
  const { home, work } = await withKek(t);
  // The KEK itself leaves as plaintext (it is extractable, and wrapped by itself: a trusted key).
  const kek = util(home, [LOGIN_CU1, 'exSymKey -k 262150 -w 262150 -out kek.bin', 'genSymKey -t 31 -s 32 -l payload'], work);
  t.is(kek.status, 0, kek.stdout);
  t.true(section(kek.stdout, 'exSymKey -k 262150 -w 262150 -out kek.bin').includes('Wrapped Symmetric Key written to file "kek.bin"'));
  const kekHex = readFileSync(join(work, 'kek.bin')).toString('hex');
  t.is(kekHex.length, 64);
  const payload = handleIn(section(kek.stdout, 'genSymKey -t 31 -s 32 -l payload'), /Key Handle: (\d+)/);

  // Out: wrapKey (RFC 3394 and RFC 5649, no header) unwraps with openssl's AES key wrap.
  const out = util(
    home,
    [
      LOGIN_CU1,
      `wrapKey -k ${payload} -w 262150 -m 5 -noheader -out p.kw`,
      `wrapKey -k ${payload} -w 262150 -m 6 -noheader -out p.kwp`,
      `exSymKey -k ${payload} -w 262150 -out p.raw`,
    ],
    work,
  );
  t.is(out.status, 0, out.stdout);
  t.regex(section(out.stdout, `wrapKey -k ${payload} -w 262150 -m 5 -noheader -out p.kw`), /Key Wrapped\.\n\nWrapped Key written to file "p\.kw" length 40\n\nCfm2WrapKey returned: 0x00 : HSM Return: SUCCESS/);
  const raw = readFileSync(join(work, 'p.raw'));
  const kw = openssl(['enc', '-d', '-id-aes256-wrap', '-iv', 'A6A6A6A6A6A6A6A6', '-K', kekHex, '-in', 'p.kw', '-out', 'p.kw.out'], work);
  t.is(kw.status, 0, kw.stderr);
  t.deepEqual(readFileSync(join(work, 'p.kw.out')), raw);
  const kwp = openssl(['enc', '-d', '-id-aes256-wrap-pad', '-iv', 'A65959A6', '-K', kekHex, '-in', 'p.kwp', '-out', 'p.kwp.out'], work);
  t.is(kwp.status, 0, kwp.stderr);
  t.deepEqual(readFileSync(join(work, 'p.kwp.out')), raw);

  // In: a key wrapped by openssl unwraps inside, and comes back out the same.
  const secret = Buffer.from('00112233445566778899aabbccddeeff', 'hex');
  writeFileSync(join(work, 'mine.key'), secret);
  openssl(['enc', '-id-aes256-wrap', '-iv', 'A6A6A6A6A6A6A6A6', '-K', kekHex, '-in', 'mine.key', '-out', 'mine.kw'], work);
  const back = util(home, [LOGIN_CU1, 'unWrapKey -f mine.kw -w 262150 -m 5 -noheader -l mine -kc 4 -kt 31'], work);
  t.is(back.status, 0, back.stdout);
  // AWS's unWrapKey page: without a header, the template and the unwrap each have their line, and one space after `Unwrapped.`.
  t.true(back.stdout.includes('\nCfm3CreateUnwrapTemplate2 returned: 0x00 : HSM Return: SUCCESS\nCfm2UnWrapWithTemplate3 returned: 0x00 : HSM Return: SUCCESS\n\nKey Unwrapped. Key Handle: '), back.stdout);
  const mine = handleIn(back.stdout, /Key Unwrapped\. Key Handle: (\d+)/);
  util(home, [LOGIN_CU1, `exSymKey -k ${mine} -w 262150 -out mine.out`], work);
  t.deepEqual(readFileSync(join(work, 'mine.out')), secret);

  // With its header, wrapKey's file unwraps inside without naming the key's class and type.
  const headed = util(home, [LOGIN_CU1, `wrapKey -k ${payload} -w 262150 -m 4 -out p.hdr`, 'unWrapKey -f p.hdr -w 262150'], work);
  t.true(headed.stdout.includes('Key Unwrapped.  Key Handle: '), headed.stdout);

  // aesWrapUnwrap pads a file PKCS#5-style, then wraps it with RFC 3394 and the default IV: AWS's page
  // wraps the 24-byte 3DES.key into 40 bytes (5 rows), and unwraps it back to 24 (3 rows).
  writeFileSync(join(work, 'data.bin'), Buffer.alloc(24, 7));
  const aw = util(home, [LOGIN_CU1, 'aesWrapUnwrap -f data.bin -w 262150 -m 1 -out data.kw', 'aesWrapUnwrap -m 0 -f data.kw -w 262150 -out data.back'], work);
  t.true(aw.stdout.includes('\tWarning: IV (-i) is missing.\n\t\t 0xA6A6A6A6A6A6A6A6 is considered as default IV\nresult data:\n'));
  t.is(readFileSync(join(work, 'data.kw')).length, 40);
  t.regex(section(aw.stdout, 'aesWrapUnwrap -f data.bin -w 262150 -m 1 -out data.kw'), /result data:\n(([0-9A-F]{2} ){8}\n){5}\nresult written to file data\.kw\n/);
  t.deepEqual(readFileSync(join(work, 'data.back')), Buffer.alloc(24, 7));
  openssl(['enc', '-d', '-id-aes256-wrap', '-iv', 'A6A6A6A6A6A6A6A6', '-K', kekHex, '-in', 'data.kw', '-out', 'data.out'], work);
  t.deepEqual(readFileSync(join(work, 'data.out')), Buffer.concat([Buffer.alloc(24, 7), Buffer.alloc(8, 8)]), 'OpenSSL unwraps it to the padded data');
});
