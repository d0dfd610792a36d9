// The HSM's cryptography against the real openssl CLI: signatures, key files, key wrap, key check
// values and fake PEMs must interoperate both ways, since users check the emulator's output with openssl.
import { spawnSync } from 'node:child_process';
import { createHash, createPublicKey, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test, { type ExecutionContext } from 'ava';
import fc from 'fast-check';
import { fakePrivateKeyPem, readKeyHandleFile } from '../emulator/crypto/fake-pem.ts';
import {
  CryptoInputError,
  describePublicKey,
  generateKeyPairFor,
  checkSymmetricKeySize,
  generateSymmetricKey,
  hashForMechanism,
  keyCheckValue,
  mechanismFitsKey,
  publicFromPrivate,
  signMessage,
  verifyMessage,
  type KeyPairDer,
} from '../emulator/crypto/keys.ts';
import {
  parsePrivateKeyPem,
  parsePublicKeyPem,
  privateKeyToPem,
  publicKeyToPem,
  rsaPublicKeyFromModulus,
} from '../emulator/crypto/pem.ts';
import {
  aesKeyUnwrap,
  aesKeyUnwrapPad,
  aesKeyWrap,
  aesKeyWrapPad,
  unwrapWithMechanism,
  wrapWithMechanism,
} from '../emulator/crypto/wrap.ts';
import { eccCurves } from '../emulator/domain/curves.ts';

// ---- scaffolding -------------------------------------------------------------------------------

// Key pairs and secrets from the system's generator, as systemEnv makes them.
const generateRsaKeyPair = (modulusBits: number, publicExponent: number): KeyPairDer => generateKeyPairFor({ type: 'rsa', modulusBits, publicExponent }, randomBytes);
const generateEcKeyPair = (curveId: number): KeyPairDer => generateKeyPairFor({ type: 'ec', curveId }, randomBytes);
const generateDsaKeyPair = (modulusBits: number): KeyPairDer => generateKeyPairFor({ type: 'dsa', modulusBits }, randomBytes);

const dir = mkdtempSync(join(tmpdir(), 'hsm-crypto-'));
test.after.always(() => rmSync(dir, { recursive: true, force: true }));

let fileCounter = 0;
/** Writes bytes to a fresh file in the scratch dir and returns its path. */
function put(data: string | Buffer, name = 'f'): string {
  const path = join(dir, `${name}-${++fileCounter}`);
  writeFileSync(path, data);
  return path;
}

function fresh(name = 'out'): string {
  return join(dir, `${name}-${++fileCounter}`);
}

function openssl(args: string[]) {
  const r = spawnSync('openssl', args, { cwd: dir });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr.toString() };
}

function mustOpenssl(t: ExecutionContext, args: string[]): Buffer {
  const r = openssl(args);
  if (r.status !== 0) t.fail(`openssl ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

const message = Buffer.from('The quick brown fox jumps over the lazy dog, and signs it.\n');
const tampered = Buffer.from('The quick brown fox jumps over the lazy cat, and signs it.\n');

// One key of each kind, shared (RSA generation is the slow part).
const rsa = generateRsaKeyPair(2048, 65537);
const p256 = generateEcKeyPair(2);
const ed = generateEcKeyPair(28);

const SIGN_MECHS_PKCS1 = [0, 1, 2, 3, 4];
const SIGN_MECHS_PSS = [5, 6, 7, 8, 9];
const SIGN_MECHS_ECDSA = [15, 16, 17, 18, 19];

// ---- signatures made here, checked by openssl --------------------------------------------------

test('RSA PKCS#1 v1.5 signatures (mechanisms 0-4) verify in openssl', (t) => {
  const pub = put(publicKeyToPem(rsa.spki), 'rsa.pub');
  const msg = put(message, 'msg');
  const bad = put(tampered, 'bad');
  for (const m of SIGN_MECHS_PKCS1) {
    const sig = signMessage(m, rsa.pkcs8, message);
    t.is(sig.length, 256, `mechanism ${m}: signature as long as the modulus`);
    const sigFile = put(sig, 'sig');
    const hash = hashForMechanism(m)!;
    t.regex(mustOpenssl(t, ['dgst', `-${hash}`, '-verify', pub, '-signature', sigFile, msg]).toString(), /Verified OK/);
    t.not(openssl(['dgst', `-${hash}`, '-verify', pub, '-signature', sigFile, bad]).status, 0, `mechanism ${m}: tampered`);
    t.true(verifyMessage(m, rsa.spki, message, sig));
    t.false(verifyMessage(m, rsa.spki, tampered, sig));
  }
});

test('RSA-PSS signatures (mechanisms 5-9) verify in openssl with salt = hash length', (t) => {
  const pub = put(publicKeyToPem(rsa.spki), 'rsa.pub');
  const msg = put(message, 'msg');
  const bad = put(tampered, 'bad');
  for (const m of SIGN_MECHS_PSS) {
    const sig = signMessage(m, rsa.pkcs8, message);
    const sigFile = put(sig, 'sig');
    const args = (file: string) => [
      'dgst', `-${hashForMechanism(m)}`, '-sigopt', 'rsa_padding_mode:pss', '-sigopt', 'rsa_pss_saltlen:-1',
      '-verify', pub, '-signature', sigFile, file,
    ];
    t.regex(mustOpenssl(t, args(msg)).toString(), /Verified OK/, `mechanism ${m}`);
    t.not(openssl(args(bad)).status, 0);
    t.true(verifyMessage(m, rsa.spki, message, sig));
    t.false(verifyMessage(m, rsa.spki, tampered, sig));
    t.false(verifyMessage(m === 5 ? 6 : 5, rsa.spki, message, sig), 'another hash does not verify');
  }
});

test('ECDSA signatures are DER and verify in openssl on P-256, P-384, secp256k1 and brainpoolP256r1', (t) => {
  const msg = put(message, 'msg');
  const bad = put(tampered, 'bad');
  for (const curveId of [2, 14, 16, 21]) {
    const pair = curveId === 2 ? p256 : generateEcKeyPair(curveId);
    const pub = put(publicKeyToPem(pair.spki), 'ec.pub');
    for (const m of SIGN_MECHS_ECDSA) {
      const sig = signMessage(m, pair.pkcs8, message);
      t.is(sig[0], 0x30, 'a DER SEQUENCE');
      const sigFile = put(sig, 'sig');
      const hash = hashForMechanism(m)!;
      t.regex(mustOpenssl(t, ['dgst', `-${hash}`, '-verify', pub, '-signature', sigFile, msg]).toString(), /Verified OK/);
      t.not(openssl(['dgst', `-${hash}`, '-verify', pub, '-signature', sigFile, bad]).status, 0);
      t.true(verifyMessage(m, pair.spki, message, sig));
      t.false(verifyMessage(m, pair.spki, tampered, sig));
    }
  }
});

test('Ed25519 signatures (mechanism 20) are pure EdDSA that openssl pkeyutl -rawin verifies', (t) => {
  const pub = put(publicKeyToPem(ed.spki), 'ed.pub');
  const sig = signMessage(20, ed.pkcs8, message);
  t.is(sig.length, 64);
  const sigFile = put(sig, 'sig');
  const verifyArgs = (file: string) => ['pkeyutl', '-verify', '-pubin', '-inkey', pub, '-rawin', '-in', file, '-sigfile', sigFile];
  t.regex(mustOpenssl(t, verifyArgs(put(message, 'msg'))).toString(), /Signature Verified Successfully/);
  t.not(openssl(verifyArgs(put(tampered, 'bad'))).status, 0);
  t.true(verifyMessage(20, ed.spki, message, sig));
  t.false(verifyMessage(20, ed.spki, tampered, sig));
  t.false(verifyMessage(20, ed.spki, message, sig.subarray(1)), 'a short signature is just false');
});

// ---- signatures made by openssl, checked here --------------------------------------------------

test('signatures openssl makes verify here, and tampered messages do not', (t) => {
  const msg = put(message, 'msg');
  const rsaKey = fresh('rsa.key');
  mustOpenssl(t, ['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', rsaKey]);
  const rsaSpki = parsePrivateKeyPem(readFileSync(rsaKey)).spki;

  const pkcs1Sig = fresh('sig');
  mustOpenssl(t, ['dgst', '-sha256', '-sign', rsaKey, '-out', pkcs1Sig, msg]);
  t.true(verifyMessage(1, rsaSpki, message, readFileSync(pkcs1Sig)));
  t.false(verifyMessage(1, rsaSpki, tampered, readFileSync(pkcs1Sig)));
  t.false(verifyMessage(2, rsaSpki, message, readFileSync(pkcs1Sig)), 'SHA-384 mechanism, SHA-256 signature');

  const pssSig = fresh('sig');
  mustOpenssl(t, [
    'dgst', '-sha512', '-sigopt', 'rsa_padding_mode:pss', '-sigopt', 'rsa_pss_saltlen:digest', '-sign', rsaKey, '-out', pssSig, msg,
  ]);
  t.true(verifyMessage(8, rsaSpki, message, readFileSync(pssSig)));
  t.false(verifyMessage(8, rsaSpki, tampered, readFileSync(pssSig)));

  const ecKey = fresh('ec.key');
  mustOpenssl(t, ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', ecKey]);
  const ecSpki = parsePrivateKeyPem(readFileSync(ecKey)).spki;
  const ecSig = fresh('sig');
  mustOpenssl(t, ['dgst', '-sha384', '-sign', ecKey, '-out', ecSig, msg]);
  t.true(verifyMessage(18, ecSpki, message, readFileSync(ecSig)));
  t.false(verifyMessage(18, ecSpki, tampered, readFileSync(ecSig)));
  t.false(verifyMessage(18, ecSpki, message, Buffer.from('not DER at all')), 'garbage is false, not a throw');

  const edKey = fresh('ed.key');
  mustOpenssl(t, ['genpkey', '-algorithm', 'ed25519', '-out', edKey]);
  const edSpki = parsePrivateKeyPem(readFileSync(edKey)).spki;
  const edSig = fresh('sig');
  mustOpenssl(t, ['pkeyutl', '-sign', '-inkey', edKey, '-rawin', '-in', msg, '-out', edSig]);
  t.true(verifyMessage(20, edSpki, message, readFileSync(edSig)));
  t.false(verifyMessage(20, edSpki, tampered, readFileSync(edSig)));
});

test('a mechanism that does not fit the key is refused, a bad signature is just false', (t) => {
  const x25519 = generateEcKeyPair(26);
  const mismatches: Array<[number, KeyPairDer]> = [
    [17, rsa], [6, p256], [1, ed], [20, p256], [17, ed], [20, x25519], [15, x25519],
  ];
  for (const [m, pair] of mismatches) {
    t.throws(() => signMessage(m, pair.pkcs8, message), { instanceOf: CryptoInputError }, `sign ${m}`);
    t.throws(() => verifyMessage(m, pair.spki, message, Buffer.alloc(64)), { instanceOf: CryptoInputError }, `verify ${m}`);
  }
  t.throws(() => signMessage(12, rsa.pkcs8, message), { instanceOf: CryptoInputError });
  t.false(verifyMessage(1, rsa.spki, message, Buffer.alloc(256)));
  t.false(verifyMessage(1, rsa.spki, message, Buffer.alloc(3)), 'wrong length');
  t.true(mechanismFitsKey(0, 0));
  t.true(mechanismFitsKey(19, 3, 12), 'ECDSA on a binary curve');
  t.true(mechanismFitsKey(20, 3, 28));
  t.false(mechanismFitsKey(20, 3, 2));
  t.false(mechanismFitsKey(17, 3, 26));
  t.false(mechanismFitsKey(5, 1));
  t.false(mechanismFitsKey(10, 0), 'no mechanism 10');
});

// ---- key files ---------------------------------------------------------------------------------

/** The DER SPKI openssl derives from a key file. */
function opensslSpki(t: ExecutionContext, keyFile: string, pubin = false): Buffer {
  return mustOpenssl(t, ['pkey', ...(pubin ? ['-pubin'] : []), '-in', keyFile, '-pubout', '-outform', 'DER']);
}

test('private keys openssl makes parse, round-trip, and export back to openssl', (t) => {
  const cases: Array<{ name: string; make: (out: string) => string[][]; keyType: 0 | 1 | 3; curveId?: number; bits?: number }> = [
    { name: 'RSA PKCS#8', make: (o) => [['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', o]], keyType: 0, bits: 2048 },
    { name: 'RSA PKCS#1', make: (o) => [['genrsa', '-traditional', '-out', o, '1024']], keyType: 0, bits: 1024 },
    { name: 'EC P-256 PKCS#8', make: (o) => [['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', o]], keyType: 3, curveId: 2 },
    { name: 'EC SEC1 with parameters block', make: (o) => [['ecparam', '-name', 'secp384r1', '-genkey', '-out', o]], keyType: 3, curveId: 14 },
    { name: 'EC SEC1 brainpool', make: (o) => [['ecparam', '-name', 'brainpoolP256r1', '-genkey', '-noout', '-out', o]], keyType: 3, curveId: 21 },
    { name: 'Ed25519', make: (o) => [['genpkey', '-algorithm', 'ed25519', '-out', o]], keyType: 3, curveId: 28 },
    { name: 'X25519', make: (o) => [['genpkey', '-algorithm', 'x25519', '-out', o]], keyType: 3, curveId: 26 },
    { name: 'X448', make: (o) => [['genpkey', '-algorithm', 'x448', '-out', o]], keyType: 3, curveId: 27 },
    {
      name: 'DSA traditional',
      make: (o) => [['dsaparam', '-out', `${o}.params`, '1024'], ['gendsa', '-out', `${o}.p8`, `${o}.params`], ['dsa', '-in', `${o}.p8`, '-out', o]],
      keyType: 1,
      bits: 1024,
    },
  ];
  for (const c of cases) {
    const keyFile = fresh('key');
    for (const args of c.make(keyFile)) mustOpenssl(t, args);
    const text = readFileSync(keyFile, 'utf8');
    if (c.name === 'DSA traditional') t.regex(text, /BEGIN DSA PRIVATE KEY/);
    const parsed = parsePrivateKeyPem(text);
    t.is(parsed.info.keyType, c.keyType, c.name);
    if (c.curveId !== undefined) t.is(parsed.info.curveId, c.curveId, c.name);
    if (c.bits !== undefined) t.is(parsed.info.modulusBits, c.bits, c.name);
    t.deepEqual(parsed.spki, opensslSpki(t, keyFile), `${c.name}: same public key as openssl derives`);
    t.deepEqual(publicFromPrivate(parsed.pkcs8), parsed.spki);
    t.deepEqual(parsePrivateKeyPem(Buffer.from(text)).pkcs8, parsed.pkcs8, 'Buffer input');

    // What we write, openssl reads back to the same key.
    const exported = put(privateKeyToPem(parsed.pkcs8), 'exported.key');
    mustOpenssl(t, ['pkey', '-in', exported, '-noout']);
    t.deepEqual(opensslSpki(t, exported), parsed.spki, `${c.name}: exported private key`);
    const pub = put(publicKeyToPem(parsed.spki), 'exported.pub');
    t.deepEqual(opensslSpki(t, pub, true), parsed.spki, `${c.name}: exported public key`);
    t.deepEqual(parsePublicKeyPem(readFileSync(pub)).spki, parsed.spki);
    t.deepEqual(parsePrivateKeyPem(privateKeyToPem(parsed.pkcs8)).pkcs8, parsed.pkcs8, 'round trip');
  }
});

test('public keys parse from PUBLIC KEY and RSA PUBLIC KEY PEMs', (t) => {
  const keyFile = fresh('rsa.key');
  mustOpenssl(t, ['genrsa', '-out', keyFile, '1024']);
  const spki = opensslSpki(t, keyFile);
  const pkcs1Pub = mustOpenssl(t, ['rsa', '-in', keyFile, '-RSAPublicKey_out']).toString();
  t.regex(pkcs1Pub, /BEGIN RSA PUBLIC KEY/);
  const a = parsePublicKeyPem(pkcs1Pub);
  t.deepEqual(a.spki, spki);
  t.is(a.info.keyType, 0);
  t.is(a.info.modulusBits, 1024);
  t.deepEqual(a.info.publicExponent, Buffer.from([1, 0, 1]));
  const modulusLine = mustOpenssl(t, ['rsa', '-in', keyFile, '-noout', '-modulus']).toString().trim();
  t.is(a.info.modulus!.toString('hex').toUpperCase(), modulusLine.replace('Modulus=', ''));
  t.deepEqual(parsePublicKeyPem(mustOpenssl(t, ['pkey', '-in', keyFile, '-pubout'])).spki, spki);

  // A compressed EC point is reported uncompressed, as the HSM holds it.
  const ecFile = fresh('ec.key');
  mustOpenssl(t, ['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', ecFile]);
  const compressed = mustOpenssl(t, ['ec', '-in', ecFile, '-pubout', '-conv_form', 'compressed']);
  const info = parsePublicKeyPem(compressed).info;
  t.is(info.ecPoint!.length, 65);
  t.is(info.ecPoint![0], 4);
  t.deepEqual(info.ecPoint, describePublicKey(opensslSpki(t, ecFile)).ecPoint);
});

test('createPublicKey modulus form: openssl rsa -modulus gives back the same public key', (t) => {
  const keyFile = fresh('rsa.key');
  mustOpenssl(t, ['genrsa', '-out', keyFile, '2048']);
  const modulusLine = mustOpenssl(t, ['rsa', '-in', keyFile, '-noout', '-modulus']).toString().trim();
  const spki = opensslSpki(t, keyFile);
  t.deepEqual(rsaPublicKeyFromModulus(modulusLine, 65537), spki);
  t.deepEqual(rsaPublicKeyFromModulus(modulusLine.replace('Modulus=', '').toLowerCase(), 65537), spki);
  t.throws(() => rsaPublicKeyFromModulus('Modulus=XYZ', 65537), { instanceOf: CryptoInputError });
  t.throws(() => rsaPublicKeyFromModulus(modulusLine, 65536), { instanceOf: CryptoInputError });
  t.throws(() => rsaPublicKeyFromModulus('ABCD', 3), { instanceOf: CryptoInputError }, 'too short to be a modulus');
});

test('encrypted keys, certificates, fake PEMs and garbage are refused', (t) => {
  const p8enc = fresh('enc.key');
  mustOpenssl(t, ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-aes256', '-pass', 'pass:secret1', '-out', p8enc]);
  t.throws(() => parsePrivateKeyPem(readFileSync(p8enc)), { instanceOf: CryptoInputError, message: /Encrypted/ });
  const tradEnc = fresh('enc.key');
  mustOpenssl(t, ['genrsa', '-traditional', '-aes128', '-passout', 'pass:secret1', '-out', tradEnc, '1024']);
  t.regex(readFileSync(tradEnc, 'utf8'), /Proc-Type: 4,ENCRYPTED/);
  t.throws(() => parsePrivateKeyPem(readFileSync(tradEnc)), { instanceOf: CryptoInputError, message: /Encrypted/ });

  const certKey = fresh('cert.key');
  const cert = fresh('cert.pem');
  mustOpenssl(t, ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', certKey, '-subj', '/CN=x', '-out', cert]);
  t.throws(() => parsePublicKeyPem(readFileSync(cert)), { instanceOf: CryptoInputError });
  t.throws(() => parsePrivateKeyPem(readFileSync(cert)), { instanceOf: CryptoInputError });
  t.throws(() => parsePublicKeyPem(readFileSync(certKey)), { instanceOf: CryptoInputError }, 'a private key is not a public key');
  t.throws(() => parsePrivateKeyPem(publicKeyToPem(rsa.spki)), { instanceOf: CryptoInputError });
  t.throws(() => parsePrivateKeyPem('hello'), { instanceOf: CryptoInputError });
  t.throws(() => parsePrivateKeyPem('-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n'), { instanceOf: CryptoInputError });
  t.throws(() => parsePublicKeyPem('-----BEGIN PUBLIC KEY-----\n!!!\n-----END PUBLIC KEY-----\n'), { instanceOf: CryptoInputError });
  t.throws(() => parsePrivateKeyPem(fakePrivateKeyPem(77, rsa.spki)), { instanceOf: CryptoInputError, message: /already imported with handle 77/ });
  t.throws(() => parsePrivateKeyPem(fakePrivateKeyPem(78, p256.spki)), { instanceOf: CryptoInputError, message: /handle 78/ });
});

// ---- key generation ----------------------------------------------------------------------------

test('genECCKeyPair curves: every table curve but FRP256v1, with keys openssl reads', (t) => {
  const ids = eccCurves.entries.map((e) => Number(e.code));
  t.deepEqual(ids, Array.from({ length: 28 }, (_, i) => i + 1));
  for (const entry of eccCurves.entries) {
    const id = Number(entry.code);
    if (id === 25) {
      t.throws(() => generateEcKeyPair(id), { instanceOf: CryptoInputError });
      continue;
    }
    const pair = generateEcKeyPair(id);
    const info = describePublicKey(pair.spki);
    t.is(info.keyType, 3);
    t.is(info.curveId, id, entry.name);
    t.deepEqual(publicFromPrivate(pair.pkcs8), pair.spki, `${entry.name}: the private key matches`);
    const text = mustOpenssl(t, ['pkey', '-in', put(privateKeyToPem(pair.pkcs8), 'key'), '-noout', '-text']).toString();
    if (entry.openssl) {
      t.is(info.ecPoint![0], 4, 'uncompressed point');
      t.is(info.ecPoint!.length, 2 * info.fieldBytes! + 1);
      t.true(text.includes(`ASN1 OID: ${entry.openssl}`), `${entry.name}: openssl sees ${entry.openssl}`);
    } else {
      t.is(info.ecPoint!.length, id === 27 ? 56 : 32, 'the raw public key');
      t.regex(text, { 26: /X25519/, 27: /X448/, 28: /ED25519/ }[id as 26 | 27 | 28]);
    }
    t.deepEqual(opensslSpki(t, put(publicKeyToPem(pair.spki), 'pub'), true), pair.spki);
  }
  for (const bad of [0, 29, -1, 2.5]) t.throws(() => generateEcKeyPair(bad), { instanceOf: CryptoInputError });
});

test('genRSAKeyPair size rules (non-FIPS): 1024-4096 in steps of 256, odd exponent >= 3', (t) => {
  for (const bits of [512, 1000, 1023, 1100, 4352, 8192, 0]) {
    t.throws(() => generateRsaKeyPair(bits, 65537), { instanceOf: CryptoInputError, message: 'Incorrect Modulus Length for NON-FIPS mode' });
  }
  for (const e of [1, 2, 65536, 0, -3, 2 ** 31 + 1]) t.throws(() => generateRsaKeyPair(2048, e), { instanceOf: CryptoInputError });
  const small = generateRsaKeyPair(1024, 3);
  const info = describePublicKey(small.spki);
  t.is(info.modulusBits, 1024);
  t.is(info.modulus!.length, 128);
  t.not(info.modulus![0], 0, 'no leading zero byte');
  t.deepEqual(info.publicExponent, Buffer.from([3]));
  t.is(describePublicKey(generateRsaKeyPair(1280, 65541).spki).modulusBits, 1280);
  t.deepEqual(describePublicKey(rsa.spki).publicExponent, Buffer.from([1, 0, 1]));
});

test('genDSAKeyPair: 1024, 2048 (3072 allowed, not generated here); other sizes refused', (t) => {
  for (const bits of [1024, 2048]) {
    const pair = generateDsaKeyPair(bits);
    const info = describePublicKey(pair.spki);
    t.is(info.keyType, 1);
    t.is(info.modulusBits, bits);
    mustOpenssl(t, ['pkey', '-in', put(privateKeyToPem(pair.pkcs8), 'dsa'), '-noout']);
    t.throws(() => signMessage(1, pair.pkcs8, message), { instanceOf: CryptoInputError }, 'no sign mechanism takes DSA');
  }
  for (const bits of [512, 1536, 4096]) t.throws(() => generateDsaKeyPair(bits), { instanceOf: CryptoInputError });
});

test('genSymKey sizes, and DES3 keys carry odd parity', (t) => {
  for (const s of [16, 24, 32]) t.is(generateSymmetricKey(31, s, randomBytes).length, s);
  for (const s of [0, 8, 15, 33, 64]) t.throws(() => generateSymmetricKey(31, s, randomBytes), { instanceOf: CryptoInputError });
  const des = generateSymmetricKey(21, 24, randomBytes);
  t.is(des.length, 24);
  for (const byte of des) t.is(byte.toString(2).split('1').length % 2, 0, `odd parity in ${byte.toString(2)}`);
  for (const s of [8, 16, 32]) t.throws(() => generateSymmetricKey(21, s, randomBytes), { instanceOf: CryptoInputError });
  t.is(generateSymmetricKey(16, 1, randomBytes).length, 1);
  t.is(generateSymmetricKey(16, 3584, randomBytes).length, 3584);
  t.throws(() => generateSymmetricKey(16, 3585, randomBytes), { instanceOf: CryptoInputError });
  t.is(generateSymmetricKey(18, 256, randomBytes).length, 256);
  t.throws(() => generateSymmetricKey(18, 257, randomBytes), { instanceOf: CryptoInputError });
  t.throws(() => generateSymmetricKey(0, 16, randomBytes), { instanceOf: CryptoInputError }, 'RSA is no symmetric type');
  t.throws(() => generateSymmetricKey(19, 8, randomBytes), { instanceOf: CryptoInputError }, 'single DES is not generated');
  t.notThrows(() => checkSymmetricKeySize(31, 24));
  t.throws(() => checkSymmetricKeySize(21, 16), { instanceOf: CryptoInputError });
});

// ---- key check values --------------------------------------------------------------------------

test('key check values: AES and DES3 match openssl enc of a zero block; pairs hash the SPKI', (t) => {
  const zeros16 = put(Buffer.alloc(16), 'zero');
  for (const size of [16, 24, 32]) {
    const key = generateSymmetricKey(31, size, randomBytes);
    const out = mustOpenssl(t, ['enc', `-aes-${size * 8}-ecb`, '-nopad', '-K', key.toString('hex'), '-in', zeros16]);
    t.is(keyCheckValue(31, { secret: key }), out.subarray(0, 3).toString('hex'));
  }
  const des = generateSymmetricKey(21, 24, randomBytes);
  const desOut = mustOpenssl(t, ['enc', '-des-ede3', '-nopad', '-K', des.toString('hex'), '-in', put(Buffer.alloc(8), 'zero8')]);
  t.is(keyCheckValue(21, { secret: des }), desOut.subarray(0, 3).toString('hex'));
  t.regex(keyCheckValue(31, { secret: generateSymmetricKey(31, 32, randomBytes) }), /^[0-9a-f]{6}$/);
  // Known answer: AES-128 with the all-zero key encrypts the zero block to 66e94bd4ef8a2c3b...
  t.is(keyCheckValue(31, { secret: Buffer.alloc(16) }), '66e94b');
  const generic = randomBytes(40);
  t.is(keyCheckValue(16, { secret: generic }), createHash('sha1').update(generic).digest('hex').slice(0, 6));
  t.is(keyCheckValue(0, { spki: rsa.spki }), createHash('sha1').update(rsa.spki).digest('hex').slice(0, 6));
  t.is(keyCheckValue(3, { spki: ed.spki }), createHash('sha1').update(ed.spki).digest('hex').slice(0, 6));
  t.throws(() => keyCheckValue(31, { secret: Buffer.alloc(10) }), { instanceOf: CryptoInputError });
  t.throws(() => keyCheckValue(0, { secret: Buffer.alloc(16) }), { instanceOf: CryptoInputError });
  t.throws(() => keyCheckValue(99, { secret: Buffer.alloc(16) }), { instanceOf: CryptoInputError });
});

// ---- key wrap ----------------------------------------------------------------------------------

test('RFC 3394 and RFC 5649 known answers', (t) => {
  const kek = Buffer.from('000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F', 'hex');
  const data = Buffer.from('00112233445566778899AABBCCDDEEFF', 'hex');
  const expected = Buffer.from('64E8C3F9CE0F5BA263E9777905818A2A93C8191E7D6E8AE7', 'hex');
  t.deepEqual(aesKeyWrap(kek, data), expected);
  t.deepEqual(aesKeyUnwrap(kek, expected), data);
  const kek5649 = Buffer.from('5840df6e29b02af1ab493b705bf16ea1ae8338f4dcc176a8', 'hex');
  const k20 = Buffer.from('c37b7e6492584340bed12207808941155068f738', 'hex');
  const w20 = Buffer.from('138bdeaa9b8fa7fc61f97742e72248ee5ae6ae5360d1ae6a5f54f373fa543b6a', 'hex');
  t.deepEqual(aesKeyWrapPad(kek5649, k20), w20);
  t.deepEqual(aesKeyUnwrapPad(kek5649, w20), k20);
  const k7 = Buffer.from('466f7250617369', 'hex');
  const w7 = Buffer.from('afbeb0f07dfbf5419200f2ccb50bb24f', 'hex');
  t.deepEqual(aesKeyWrapPad(kek5649, k7), w7);
  t.deepEqual(aesKeyUnwrapPad(kek5649, w7), k7);
});

test('AES key wrap interoperates both ways with openssl enc -id-aesNNN-wrap and -wrap-pad', (t) => {
  for (const size of [16, 24, 32]) {
    const kek = generateSymmetricKey(31, size, randomBytes);
    const hex = kek.toString('hex');
    const target = randomBytes(32);
    const bits = size * 8;

    const ours = aesKeyWrap(kek, target);
    const theirs = mustOpenssl(t, ['enc', `-id-aes${bits}-wrap`, '-iv', 'A6A6A6A6A6A6A6A6', '-K', hex, '-in', put(target, 'plain')]);
    t.deepEqual(ours, theirs, `RFC 3394 AES-${bits}`);
    const unwrapped = mustOpenssl(t, ['enc', '-d', `-id-aes${bits}-wrap`, '-iv', 'A6A6A6A6A6A6A6A6', '-K', hex, '-in', put(ours, 'wrapped')]);
    t.deepEqual(unwrapped, target);
    t.deepEqual(aesKeyUnwrap(kek, theirs), target);

    // A custom IV, as aesWrapUnwrap -i gives it.
    const iv = Buffer.from('0102030405060708', 'hex');
    const withIv = mustOpenssl(t, ['enc', `-id-aes${bits}-wrap`, '-iv', iv.toString('hex'), '-K', hex, '-in', put(target, 'plain')]);
    t.deepEqual(aesKeyWrap(kek, target, iv), withIv);
    t.throws(() => aesKeyUnwrap(kek, withIv), { instanceOf: CryptoInputError }, 'the default IV does not match');

    for (const len of [1, 7, 8, 20, 33]) {
      const odd = randomBytes(len);
      const padOurs = aesKeyWrapPad(kek, odd);
      const padTheirs = mustOpenssl(t, ['enc', `-id-aes${bits}-wrap-pad`, '-iv', 'A65959A6', '-K', hex, '-in', put(odd, 'plain')]);
      t.deepEqual(padOurs, padTheirs, `RFC 5649 AES-${bits}, ${len} bytes`);
      const back = mustOpenssl(t, ['enc', '-d', `-id-aes${bits}-wrap-pad`, '-iv', 'A65959A6', '-K', hex, '-in', put(padOurs, 'wrapped')]);
      t.deepEqual(back, odd);
    }
  }
});

test('mechanism 4 is PKCS#5 padding then RFC 3394, which openssl can undo', (t) => {
  const kek = generateSymmetricKey(31, 32, randomBytes);
  for (const len of [9, 16, 24, 30, 1216]) {
    const target = randomBytes(len);
    const { wrapped, iv } = wrapWithMechanism(4, { secret: kek }, target);
    t.is(iv, undefined);
    const padded = mustOpenssl(t, ['enc', '-d', '-id-aes256-wrap', '-iv', 'A6A6A6A6A6A6A6A6', '-K', kek.toString('hex'), '-in', put(wrapped, 'w')]);
    const n = 8 - (len % 8);
    t.deepEqual(padded, Buffer.concat([target, Buffer.alloc(n, n)]));
    t.deepEqual(unwrapWithMechanism(4, { secret: kek }, wrapped), target);
  }
  // Keys shorter than 8 bytes pad to a single block.
  for (const len of [1, 5, 7]) {
    const target = randomBytes(len);
    const { wrapped } = wrapWithMechanism(4, { secret: kek }, target);
    t.is(wrapped.length, 16);
    t.deepEqual(unwrapWithMechanism(4, { secret: kek }, wrapped), target);
  }
});

test('RSA-OAEP wrap (mechanism 8) unwraps in openssl pkeyutl, and openssl-made blobs unwrap here', (t) => {
  const keyFile = put(privateKeyToPem(rsa.pkcs8), 'rsa.key');
  const pubFile = put(publicKeyToPem(rsa.spki), 'rsa.pub');
  const target = generateSymmetricKey(31, 32, randomBytes);
  for (const [hashType, md] of [[2, 'sha1'], [3, 'sha256'], [4, 'sha384'], [5, 'sha512'], [6, 'sha224']] as const) {
    const { wrapped } = wrapWithMechanism(8, { spki: rsa.spki }, target, { hashType });
    t.is(wrapped.length, 256);
    const plain = mustOpenssl(t, [
      'pkeyutl', '-decrypt', '-inkey', keyFile, '-pkeyopt', 'rsa_padding_mode:oaep', '-pkeyopt', `rsa_oaep_md:${md}`, '-in', put(wrapped, 'w'),
    ]);
    t.deepEqual(plain, target, md);
    const theirs = mustOpenssl(t, [
      'pkeyutl', '-encrypt', '-pubin', '-inkey', pubFile, '-pkeyopt', 'rsa_padding_mode:oaep', '-pkeyopt', `rsa_oaep_md:${md}`, '-in', put(target, 't'),
    ]);
    t.deepEqual(unwrapWithMechanism(8, { pkcs8: rsa.pkcs8 }, theirs, { hashType }), target);
  }
  const { wrapped } = wrapWithMechanism(8, { spki: rsa.spki }, target);
  t.deepEqual(
    mustOpenssl(t, ['pkeyutl', '-decrypt', '-inkey', keyFile, '-pkeyopt', 'rsa_padding_mode:oaep', '-pkeyopt', 'rsa_oaep_md:sha256', '-in', put(wrapped, 'w')]),
    target,
    'SHA-256 by default',
  );
  // 256 - 2*32 - 2 = 190 bytes fit with SHA-256, 191 do not.
  t.notThrows(() => wrapWithMechanism(8, { spki: rsa.spki }, randomBytes(190)));
  t.throws(() => wrapWithMechanism(8, { spki: rsa.spki }, randomBytes(191)), { instanceOf: CryptoInputError });
  t.throws(() => wrapWithMechanism(8, { spki: rsa.spki }, randomBytes(127), { hashType: 5 }), { instanceOf: CryptoInputError }, 'SHA-512 leaves 126');
  t.throws(() => unwrapWithMechanism(8, { pkcs8: rsa.pkcs8 }, wrapped, { hashType: 2 }), { instanceOf: CryptoInputError }, 'wrong hash');
  t.throws(() => wrapWithMechanism(8, { spki: p256.spki }, target), { instanceOf: CryptoInputError }, 'an EC key cannot wrap');
  t.throws(() => wrapWithMechanism(8, { secret: target }, target), { instanceOf: CryptoInputError });
  t.throws(() => wrapWithMechanism(8, { spki: rsa.spki }, target, { hashType: 9 }), { instanceOf: CryptoInputError });
});

test('RSA_AES (mechanism 7) is RSA-OAEP of an AES key, then RFC 5649 under it: openssl can take it apart', (t) => {
  const keyFile = put(privateKeyToPem(rsa.pkcs8), 'rsa.key');
  const target = generateRsaKeyPair(1024, 65537).pkcs8;
  const { wrapped } = wrapWithMechanism(7, { spki: rsa.spki }, target, { hashType: 2, random: randomBytes });
  const ephemeral = mustOpenssl(t, [
    'pkeyutl', '-decrypt', '-inkey', keyFile, '-pkeyopt', 'rsa_padding_mode:oaep', '-pkeyopt', 'rsa_oaep_md:sha1', '-in', put(wrapped.subarray(0, 256), 'w'),
  ]);
  t.is(ephemeral.length, 32);
  const inner = mustOpenssl(t, ['enc', '-d', '-id-aes256-wrap-pad', '-iv', 'A65959A6', '-K', ephemeral.toString('hex'), '-in', put(wrapped.subarray(256), 'w')]);
  t.deepEqual(inner, target);
  t.deepEqual(unwrapWithMechanism(7, { pkcs8: rsa.pkcs8 }, wrapped, { hashType: 2 }), target);
  t.throws(() => unwrapWithMechanism(7, { pkcs8: rsa.pkcs8 }, wrapped), { instanceOf: CryptoInputError }, 'SHA-256 is not what wrapped it');
});

test('AES-GCM mechanisms: IV apart (10) or in front (11), tag sizes, AAD', (t) => {
  const kek = generateSymmetricKey(31, 32, randomBytes);
  const target = randomBytes(32);
  const a = wrapWithMechanism(10, { secret: kek }, target, { random: randomBytes });
  t.is(a.iv!.length, 12);
  t.is(a.wrapped.length, 32 + 16);
  t.deepEqual(unwrapWithMechanism(10, { secret: kek }, a.wrapped, { iv: a.iv! }), target);
  t.throws(() => unwrapWithMechanism(10, { secret: kek }, a.wrapped), { instanceOf: CryptoInputError }, 'needs the IV');

  const aad = Buffer.from('header');
  const b = wrapWithMechanism(10, { secret: kek }, target, { aad, tagSize: 8, iv: Buffer.alloc(12, 7) });
  t.deepEqual(b.iv, Buffer.alloc(12, 7));
  t.is(b.wrapped.length, 40);
  t.deepEqual(unwrapWithMechanism(10, { secret: kek }, b.wrapped, { aad, tagSize: 8, iv: b.iv! }), target);
  t.throws(() => unwrapWithMechanism(10, { secret: kek }, b.wrapped, { tagSize: 8, iv: b.iv! }), { instanceOf: CryptoInputError }, 'AAD missing');

  const c = wrapWithMechanism(11, { secret: kek }, target, { aad, random: randomBytes });
  t.is(c.iv, undefined);
  t.is(c.wrapped.length, 12 + 32 + 16);
  t.deepEqual(unwrapWithMechanism(11, { secret: kek }, c.wrapped, { aad }), target);
  const flipped = Buffer.from(c.wrapped);
  flipped[20]! ^= 1;
  t.throws(() => unwrapWithMechanism(11, { secret: kek }, flipped, { aad }), { instanceOf: CryptoInputError });
  for (const tagSize of [4, 7, 9, 17]) t.throws(() => wrapWithMechanism(10, { secret: kek }, target, { tagSize, random: randomBytes }), { instanceOf: CryptoInputError });
  t.throws(() => wrapWithMechanism(4, { secret: kek }, target, { aad }), { instanceOf: CryptoInputError }, 'AAD only for GCM');
});

test('wrap refusals: sizes, wrong keys, unknown mechanisms, corrupted blobs', (t) => {
  const kek = generateSymmetricKey(31, 16, randomBytes);
  t.throws(() => wrapWithMechanism(5, { secret: kek }, randomBytes(15)), { instanceOf: CryptoInputError });
  t.throws(() => wrapWithMechanism(5, { secret: kek }, randomBytes(8)), { instanceOf: CryptoInputError }, 'one block is too short');
  t.throws(() => wrapWithMechanism(4, { secret: kek }, Buffer.alloc(0)), { instanceOf: CryptoInputError });
  t.throws(() => wrapWithMechanism(6, { secret: randomBytes(20) }, randomBytes(16)), { instanceOf: CryptoInputError });
  t.throws(() => wrapWithMechanism(4, { spki: rsa.spki }, randomBytes(16)), { instanceOf: CryptoInputError });
  t.throws(() => wrapWithMechanism(9, { secret: kek }, randomBytes(16)), { instanceOf: CryptoInputError });
  t.throws(() => wrapWithMechanism(4, { secret: kek }, randomBytes(16), { iv: Buffer.alloc(4) }), { instanceOf: CryptoInputError });
  for (const m of [4, 5, 6, 10, 11]) {
    const { wrapped, iv } = wrapWithMechanism(m, { secret: kek }, randomBytes(24), { random: randomBytes });
    const bad = Buffer.from(wrapped);
    bad[bad.length - 1]! ^= 0x80;
    t.throws(() => unwrapWithMechanism(m, { secret: kek }, bad, iv ? { iv } : {}), { instanceOf: CryptoInputError }, `mechanism ${m}`);
    t.throws(() => unwrapWithMechanism(m, { secret: generateSymmetricKey(31, 16, randomBytes) }, wrapped, iv ? { iv } : {}), { instanceOf: CryptoInputError });
    t.throws(() => unwrapWithMechanism(m, { secret: kek }, wrapped.subarray(0, 5), iv ? { iv } : {}), { instanceOf: CryptoInputError });
  }
  for (const m of [7, 8]) {
    const { wrapped } = wrapWithMechanism(m, { spki: rsa.spki }, randomBytes(24), { random: randomBytes });
    const bad = Buffer.from(wrapped);
    bad[10]! ^= 1;
    t.throws(() => unwrapWithMechanism(m, { pkcs8: rsa.pkcs8 }, bad), { instanceOf: CryptoInputError }, `mechanism ${m}`);
    t.throws(() => unwrapWithMechanism(m, { pkcs8: p256.pkcs8 }, wrapped), { instanceOf: CryptoInputError });
    t.throws(() => unwrapWithMechanism(m, { secret: kek }, wrapped), { instanceOf: CryptoInputError });
  }
});

// ---- fake PEMs ---------------------------------------------------------------------------------

test('fake RSA PEM: real n and e, marker d with the handle, zero primes; openssl reads the public part', (t) => {
  const handle = 262150;
  const pem = fakePrivateKeyPem(handle, rsa.spki);
  t.regex(pem, /^-----BEGIN RSA PRIVATE KEY-----\n/);
  t.deepEqual(readKeyHandleFile(pem), { kind: 'handle', handle });
  t.deepEqual(readKeyHandleFile(Buffer.from(pem)), { kind: 'handle', handle });

  const file = put(pem, 'fake.pem');
  const parsed = mustOpenssl(t, ['asn1parse', '-in', file]).toString();
  const ints = [...parsed.matchAll(/INTEGER\s+:([0-9A-F]+)/g)].map((m) => m[1]!);
  t.is(ints.length, 9);
  const d = Buffer.from(ints[3]!, 'hex');
  t.is(d.length, 256);
  t.deepEqual(d.subarray(0, 8), Buffer.from('EAFCFCEEEAFCFCEE', 'hex'));
  t.is(d.readBigUInt64LE(8), BigInt(handle));
  t.deepEqual(d.subarray(16, 24), Buffer.from('EAFCFCEEEAFCFCEE', 'hex'));
  t.deepEqual(ints.slice(4), ['00', '00', '00', '00', '00']);
  // The engine takes the public key from the file: openssl must see the real one.
  t.deepEqual(mustOpenssl(t, ['rsa', '-in', file, '-pubout', '-outform', 'DER']), rsa.spki);
});

test('fake EC PEM: named curve, real point, marker scalar with the handle at bytes 4..11', (t) => {
  for (const [curveId, scalarBytes] of [[2, 32], [14, 48], [15, 72], [16, 32], [3, 24]] as const) {
    const pair = generateEcKeyPair(curveId);
    const handle = 0x1_0000_0001 + curveId;
    const pem = fakePrivateKeyPem(handle, pair.spki);
    t.regex(pem, /^-----BEGIN EC PRIVATE KEY-----\n/);
    t.deepEqual(readKeyHandleFile(pem), { kind: 'handle', handle });
    const file = put(pem, 'fake-ec.pem');
    const parsed = mustOpenssl(t, ['asn1parse', '-in', file]).toString();
    const scalar = Buffer.from(/OCTET STRING\s+\[HEX DUMP\]:([0-9A-F]+)/.exec(parsed)![1]!, 'hex');
    t.is(scalar.length, scalarBytes, `curve ${curveId}`);
    t.deepEqual(scalar.subarray(0, 4), Buffer.from('EAFCFCEE', 'hex'));
    t.is(scalar.readBigUInt64LE(4), BigInt(handle));
    t.deepEqual(scalar.subarray(12, 16), Buffer.from('EAFCFCEE', 'hex'));
    t.true(parsed.includes(`:${eccCurves.entries[curveId - 1]!.openssl}`), 'the named curve OID');
    t.deepEqual(mustOpenssl(t, ['ec', '-in', file, '-pubout', '-outform', 'DER']), pair.spki, 'the real public point');
  }
  t.throws(() => fakePrivateKeyPem(5, ed.spki), { instanceOf: CryptoInputError });
  t.throws(() => fakePrivateKeyPem(5, generateDsaKeyPair(1024).spki), { instanceOf: CryptoInputError });
  t.throws(() => fakePrivateKeyPem(-1, rsa.spki), { instanceOf: CryptoInputError });
});

test('readKeyHandleFile: the imported-key marker, real keys in any format, and garbage', (t) => {
  // Rewrite the first marker word of d as CAV_SIG_IMPORTED_KEY (0xCAFEFEED, little-endian).
  const fakeDer = Buffer.from(fakePrivateKeyPem(4242, rsa.spki).replace(/-----[^\n]+-----\n?/g, ''), 'base64');
  const at = fakeDer.indexOf(Buffer.from('EAFCFCEE', 'hex'));
  Buffer.from('EDFEFECA', 'hex').copy(fakeDer, at);
  const imported = `-----BEGIN RSA PRIVATE KEY-----\n${fakeDer.toString('base64')}\n-----END RSA PRIVATE KEY-----\n`;
  t.deepEqual(readKeyHandleFile(imported), { kind: 'handle', handle: 4242 });

  const rsaFile = fresh('rsa.key');
  mustOpenssl(t, ['genrsa', '-traditional', '-out', rsaFile, '1024']);
  t.deepEqual(readKeyHandleFile(readFileSync(rsaFile)), { kind: 'real' });
  t.deepEqual(readKeyHandleFile(privateKeyToPem(rsa.pkcs8)), { kind: 'real' });
  t.deepEqual(readKeyHandleFile(privateKeyToPem(p256.pkcs8)), { kind: 'real' });
  const ecFile = fresh('ec.key');
  mustOpenssl(t, ['ecparam', '-name', 'prime256v1', '-genkey', '-out', ecFile]);
  t.deepEqual(readKeyHandleFile(readFileSync(ecFile)), { kind: 'real' });

  // A fake PEM rewritten by openssl into PKCS#8 is still recognised.
  const p8 = mustOpenssl(t, ['pkcs8', '-topk8', '-nocrypt', '-in', put(fakePrivateKeyPem(99, p256.spki), 'fake')]).toString();
  t.regex(p8, /BEGIN PRIVATE KEY/);
  t.deepEqual(readKeyHandleFile(p8), { kind: 'handle', handle: 99 });

  for (const junk of ['', 'garbage', publicKeyToPem(rsa.spki), '-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n']) {
    t.is(readKeyHandleFile(junk).kind, 'invalid', JSON.stringify(junk.slice(0, 30)));
  }
});

// ---- properties --------------------------------------------------------------------------------

test('property: every wrap mechanism 4-11 unwraps what it wrapped', (t) => {
  const rsaTargetMax: Record<number, number> = { 2: 256 - 40 - 2, 3: 256 - 64 - 2, 4: 256 - 96 - 2, 5: 256 - 128 - 2, 6: 256 - 56 - 2 };
  fc.assert(
    fc.property(
      fc.constantFrom(16, 24, 32).chain((n) => fc.uint8Array({ minLength: n, maxLength: n })),
      fc.uint8Array({ minLength: 1, maxLength: 600 }),
      fc.constantFrom(4, 5, 6, 7, 8, 10, 11),
      fc.constantFrom(2, 3, 4, 5, 6),
      fc.option(fc.uint8Array({ minLength: 0, maxLength: 40 }), { nil: undefined }),
      (kekBytes, targetBytes, mechanism, hashType, aadBytes) => {
        const kek = Buffer.from(kekBytes);
        let target = Buffer.from(targetBytes);
        if (mechanism === 5) target = target.subarray(0, Math.max(16, target.length - (target.length % 8)));
        if (mechanism === 5 && target.length < 16) target = Buffer.concat([target, Buffer.alloc(16 - target.length)]);
        if (mechanism === 8) target = target.subarray(0, rsaTargetMax[hashType]);
        const gcm = mechanism === 10 || mechanism === 11;
        const opts = {
          ...(mechanism === 7 || mechanism === 8 ? { hashType } : {}),
          ...(gcm && aadBytes ? { aad: Buffer.from(aadBytes) } : {}),
        };
        const rsaKeys = mechanism === 7 || mechanism === 8;
        const { wrapped, iv } = wrapWithMechanism(mechanism, rsaKeys ? { spki: rsa.spki } : { secret: kek }, target, { ...opts, random: randomBytes });
        const back = unwrapWithMechanism(mechanism, rsaKeys ? { pkcs8: rsa.pkcs8 } : { secret: kek }, wrapped, { ...opts, ...(iv ? { iv } : {}) });
        return back.equals(target);
      },
    ),
    { numRuns: 150 },
  );
  t.pass();
});

test('property: sign then verify succeeds, and any changed message fails', (t) => {
  const keys: Array<[number[], KeyPairDer]> = [
    [[...SIGN_MECHS_PKCS1, ...SIGN_MECHS_PSS], rsa],
    [SIGN_MECHS_ECDSA, p256],
    [SIGN_MECHS_ECDSA, generateEcKeyPair(16)],
    [[20], ed],
  ];
  fc.assert(
    fc.property(
      fc.constantFrom(...keys).chain(([mechs, pair]) => fc.tuple(fc.constantFrom(...mechs), fc.constant(pair))),
      fc.uint8Array({ maxLength: 300 }),
      fc.nat(),
      ([mechanism, pair], msgBytes, flip) => {
        const msg = Buffer.from(msgBytes);
        const sig = signMessage(mechanism, pair.pkcs8, msg);
        if (!verifyMessage(mechanism, pair.spki, msg, sig)) return false;
        const changed = msg.length === 0 ? Buffer.from([0]) : Buffer.from(msg);
        if (msg.length > 0) changed[flip % msg.length]! ^= 1 << (flip % 8);
        return !verifyMessage(mechanism, pair.spki, changed, sig);
      },
    ),
    { numRuns: 100 },
  );
  t.pass();
});

test('property: a public key survives PEM export and import unchanged', (t) => {
  const pairs = [rsa, p256, ed, generateEcKeyPair(26), generateEcKeyPair(27), generateEcKeyPair(12)];
  fc.assert(
    fc.property(fc.constantFrom(...pairs), (pair) => {
      const { spki, info } = parsePublicKeyPem(publicKeyToPem(pair.spki));
      const back = parsePrivateKeyPem(privateKeyToPem(pair.pkcs8));
      return spki.equals(pair.spki) && back.spki.equals(pair.spki) && info.keyType === 3 === (pair !== rsa)
        && createPublicKey({ key: spki, format: 'der', type: 'spki' }).export({ type: 'spki', format: 'der' }).equals(spki);
    }),
    { numRuns: 30 },
  );
  t.pass();
});
