// Key material the emulated HSM makes and uses: generation, public key facts, key check values,
// sign and verify. Everything is synchronous and works on DER buffers (SPKI for public keys, PKCS#8
// for private keys, raw bytes for secrets). node:crypto does RSA, DSA and the Weierstrass/binary
// curves; @noble/curves does X25519, X448 and Ed25519, whose keys we wrap in the RFC 8410 DER forms so
// node:crypto and openssl read them too.
import {
  constants,
  createCipheriv,
  createHash,
  createPrivateKey,
  createPublicKey,
  ECDH,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import { ed25519, x25519 } from '@noble/curves/ed25519.js';
import { x448 } from '@noble/curves/ed448.js';
import { eccCurves, type CurveEntry } from '../domain/curves.ts';
import { asn1Pkcs8, asn1Schema, asn1X509 } from './asn1.ts';

/** Key type numbers (PKCS#11 CKK_*), as table 3.1 lists them. */
export const KeyType = { RSA: 0, DSA: 1, EC: 3, GENERIC_SECRET: 16, RC4: 18, DES3: 21, AES: 31 } as const;

export interface KeyPairDer {
  readonly spki: Buffer;
  readonly pkcs8: Buffer;
}

/** Input the HSM refuses: a bad size, an unsupported curve, the wrong key for a mechanism, bad bytes. */
export class CryptoInputError extends Error {
  override name = 'CryptoInputError';
  /** The message is a line the real tool prints for this case (a vendor string), not our explanation. */
  readonly printed: boolean;

  constructor(message: string, options: { readonly printed?: boolean } = {}) {
    super(message);
    this.printed = options.printed === true;
  }
}

// ---- symmetric keys ------------------------------------------------------------------------------

/** Sets the low bit of every byte so each has odd parity, as DES keys carry it. */
function withDesParity(key: Buffer): Buffer {
  for (let i = 0; i < key.length; i++) {
    const high = key[i]! & 0xfe;
    let ones = 0;
    for (let b = high; b; b >>= 1) ones += b & 1;
    key[i] = high | (ones % 2 === 0 ? 1 : 0);
  }
  return key;
}

/** Refuses a size the key type does not allow (genSymKey's rules; imports are held to the same). */
export function checkSymmetricKeySize(keyType: number, sizeBytes: number): void {
  const within = (lo: number, hi: number) => Number.isInteger(sizeBytes) && sizeBytes >= lo && sizeBytes <= hi;
  switch (keyType) {
    case KeyType.AES:
      if (![16, 24, 32].includes(sizeBytes)) throw new CryptoInputError('AES key size must be 16, 24 or 32 bytes');
      return;
    case KeyType.DES3:
      if (sizeBytes !== 24) throw new CryptoInputError('DES3 key size must be 24 bytes');
      return;
    case KeyType.GENERIC_SECRET:
      if (!within(1, 3584)) throw new CryptoInputError('GENERIC_SECRET key size must be 1 to 3584 bytes');
      return;
    case KeyType.RC4:
      if (!within(1, 256)) throw new CryptoInputError('RC4 key size must be 1 to 256 bytes');
      return;
    default:
      throw new CryptoInputError(`Invalid symmetric key type ${keyType}`);
  }
}

/** A new secret of the type and size, from `draw` (the Env's randomness). */
export function generateSymmetricKey(keyType: number, sizeBytes: number, draw: (n: number) => Buffer): Buffer {
  checkSymmetricKeySize(keyType, sizeBytes);
  const key = Buffer.from(draw(sizeBytes));
  return keyType === KeyType.DES3 ? withDesParity(key) : key;
}

// ---- curve table -------------------------------------------------------------------------------

/** The curves @noble/curves handles, with their RFC 8410 OIDs and raw key sizes. */
interface OkpCurve {
  readonly id: 26 | 27 | 28;
  readonly nodeType: 'x25519' | 'x448' | 'ed25519';
  readonly oid: string;
  readonly size: number;
  readonly lib: { getPublicKey(secret: Uint8Array): Uint8Array };
}

const OKP_CURVES: readonly OkpCurve[] = [
  { id: 26, nodeType: 'x25519', oid: '1.3.101.110', size: 32, lib: x25519 },
  { id: 27, nodeType: 'x448', oid: '1.3.101.111', size: 56, lib: x448 },
  { id: 28, nodeType: 'ed25519', oid: '1.3.101.112', size: 32, lib: ed25519 },
];

const ED25519 = 28;

export function curveEntry(curveId: number): CurveEntry | undefined {
  return eccCurves.entries.find((e) => e.code === curveId);
}

/** The table id of a curve node:crypto names (asymmetricKeyDetails.namedCurve). */
export function curveIdForNodeName(name: string): number | undefined {
  const entry = eccCurves.entries.find((e) => e.openssl === name);
  return entry === undefined ? undefined : Number(entry.code);
}

function okpByNodeType(type: string | undefined): OkpCurve | undefined {
  return OKP_CURVES.find((c) => c.nodeType === type);
}

/** RFC 8410 SPKI: the algorithm OID with no parameters, then the raw public key. */
function okpSpki(curve: OkpCurve, pub: Uint8Array): Buffer {
  const spki = new (asn1X509().SubjectPublicKeyInfo)({
    algorithm: new (asn1X509().AlgorithmIdentifier)({ algorithm: curve.oid }),
    subjectPublicKey: new Uint8Array(pub).buffer,
  });
  return Buffer.from(asn1Schema().AsnConvert.serialize(spki));
}

/** RFC 8410 PKCS#8: the private key field holds an OCTET STRING of the raw secret. */
function okpPkcs8(curve: OkpCurve, secret: Uint8Array): Buffer {
  const inner = asn1Schema().AsnConvert.serialize(new (asn1Schema().OctetString)(new Uint8Array(secret)));
  const info = new (asn1Pkcs8().PrivateKeyInfo)({
    version: 0,
    privateKeyAlgorithm: new (asn1X509().AlgorithmIdentifier)({ algorithm: curve.oid }),
    privateKey: new (asn1Schema().OctetString)(inner),
  });
  return Buffer.from(asn1Schema().AsnConvert.serialize(info));
}

// ---- key pair generation -----------------------------------------------------------------------

function derPair(pair: { publicKey: KeyObject; privateKey: KeyObject }): KeyPairDer {
  return {
    spki: pair.publicKey.export({ type: 'spki', format: 'der' }),
    pkcs8: pair.privateKey.export({ type: 'pkcs8', format: 'der' }),
  };
}

/** What genRSAKeyPair, genECCKeyPair and genDSAKeyPair ask for. */
export type KeyPairRequest =
  | { readonly type: 'rsa'; readonly modulusBits: number; readonly publicExponent: number }
  | { readonly type: 'ec'; readonly curveId: number }
  | { readonly type: 'dsa'; readonly modulusBits: number };

/** Refuses what the HSM refuses to generate: the non-FIPS rules of the partition (Azure runs FIPS state 0). */
export function checkKeyPairRequest(r: KeyPairRequest): void {
  switch (r.type) {
    case 'rsa':
      if (!Number.isInteger(r.modulusBits) || r.modulusBits < 1024 || r.modulusBits > 4096 || r.modulusBits % 256 !== 0) {
        throw new CryptoInputError('Incorrect Modulus Length for NON-FIPS mode', { printed: true });
      }
      if (!Number.isInteger(r.publicExponent) || r.publicExponent < 3 || r.publicExponent > 0x7fffffff || r.publicExponent % 2 === 0) {
        throw new CryptoInputError('Public exponent must be an odd number from 3 to 2147483647');
      }
      return;
    case 'ec': {
      if (OKP_CURVES.some((c) => c.id === r.curveId)) return;
      const entry = curveEntry(r.curveId);
      if (!entry) throw new CryptoInputError('Invalid EC Curve ID.', { printed: true });
      if (!entry.openssl) throw new CryptoInputError(`Curve ${entry.name} is not supported`);
      return;
    }
    case 'dsa':
      if (![1024, 2048, 3072].includes(r.modulusBits)) throw new CryptoInputError('Incorrect Modulus Length for NON-FIPS mode', { printed: true });
      return;
  }
}

/**
 * The system's key-pair generator (Env.generateKeyPair): node:crypto for RSA, DSA and the Weierstrass and
 * binary curves, whose generator takes no seed; the X25519/X448/Ed25519 secret comes from `draw`.
 */
export function generateKeyPairFor(r: KeyPairRequest, draw: (n: number) => Buffer): KeyPairDer {
  checkKeyPairRequest(r);
  switch (r.type) {
    case 'rsa':
      return derPair(generateKeyPairSync('rsa', { modulusLength: r.modulusBits, publicExponent: r.publicExponent }));
    case 'dsa':
      return derPair(generateKeyPairSync('dsa', { modulusLength: r.modulusBits, divisorLength: r.modulusBits === 1024 ? 160 : 256 }));
    case 'ec': {
      const okp = OKP_CURVES.find((c) => c.id === r.curveId);
      if (okp) return okpKeyPair(okp.id, draw(okp.size));
      return derPair(generateKeyPairSync('ec', { namedCurve: curveEntry(r.curveId)!.openssl! }));
    }
  }
}

/** An X25519, X448 or Ed25519 pair from its raw secret (any bytes of the curve's size are a valid secret). */
export function okpKeyPair(curveId: number, secret: Uint8Array): KeyPairDer {
  const okp = OKP_CURVES.find((c) => c.id === curveId);
  if (!okp || secret.length !== okp.size) throw new CryptoInputError(`No ${okp?.size ?? '?'}-byte secret for curve ${curveId}`);
  return { spki: okpSpki(okp, okp.lib.getPublicKey(secret)), pkcs8: okpPkcs8(okp, secret) };
}

/** The curves whose secret is raw bytes (X25519, X448, Ed25519), with their sizes. */
export function okpSecretSize(curveId: number): number | undefined {
  return OKP_CURVES.find((c) => c.id === curveId)?.size;
}

// ---- loading and describing keys ---------------------------------------------------------------

export function loadPublicKey(spki: Buffer): KeyObject {
  try {
    return createPublicKey({ key: spki, format: 'der', type: 'spki' });
  } catch {
    throw new CryptoInputError('Malformed public key');
  }
}

export function loadPrivateKey(pkcs8: Buffer): KeyObject {
  try {
    return createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' });
  } catch {
    throw new CryptoInputError('Malformed private key');
  }
}

export interface PublicKeyInfo {
  keyType: 0 | 1 | 3;
  curveId?: number;
  modulusBits?: number;
  modulus?: Buffer;
  publicExponent?: Buffer;
  ecPoint?: Buffer;
  fieldBytes?: number;
}

function fromBase64Url(s: unknown): Buffer {
  return Buffer.from(String(s), 'base64url');
}

/** The subjectPublicKey bits of an SPKI: the EC point, or the raw X25519/X448/Ed25519 key. */
export function spkiKeyBytes(spki: Buffer): Buffer {
  try {
    return Buffer.from(asn1Schema().AsnConvert.parse(spki, asn1X509().SubjectPublicKeyInfo).subjectPublicKey);
  } catch {
    throw new CryptoInputError('Malformed public key');
  }
}

export function describePublicKey(spki: Buffer): PublicKeyInfo {
  const key = loadPublicKey(spki);
  const type = key.asymmetricKeyType;
  if (type === 'rsa') {
    const jwk = key.export({ format: 'jwk' });
    return {
      keyType: 0,
      modulusBits: key.asymmetricKeyDetails?.modulusLength,
      modulus: fromBase64Url(jwk.n),
      publicExponent: fromBase64Url(jwk.e),
    };
  }
  if (type === 'dsa') return { keyType: 1, modulusBits: key.asymmetricKeyDetails?.modulusLength };
  if (type === 'ec') {
    const name = key.asymmetricKeyDetails?.namedCurve;
    const curveId = name === undefined ? undefined : curveIdForNodeName(name);
    if (curveId === undefined) throw new CryptoInputError(`Unsupported EC curve ${name ?? '(explicit parameters)'}`);
    // Imported keys may carry a compressed point; the HSM reports the uncompressed 04||X||Y form.
    const ecPoint = ECDH.convertKey(spkiKeyBytes(spki), name!, undefined, undefined, 'uncompressed') as Buffer;
    return { keyType: 3, curveId, ecPoint, fieldBytes: (ecPoint.length - 1) / 2 };
  }
  const okp = okpByNodeType(type);
  if (okp) {
    const raw = spkiKeyBytes(spki);
    return { keyType: 3, curveId: okp.id, ecPoint: raw, fieldBytes: okp.size };
  }
  throw new CryptoInputError(`Unsupported public key type ${type ?? 'unknown'}`);
}

function stripLeadingZeros(b: Buffer): Buffer {
  let i = 0;
  while (i < b.length - 1 && b[i] === 0) i++;
  return b.subarray(i);
}

/** An RSA public key from the modulus as `openssl rsa -modulus` prints it ("Modulus=" optional). */
export function rsaPublicKeyFromModulus(modulusHex: string, exponent: number): Buffer {
  let hex = modulusHex.trim().replace(/^Modulus=/i, '').replace(/^0x/i, '').replace(/\s+/g, '');
  if (!/^[0-9a-fA-F]+$/.test(hex)) throw new CryptoInputError('The modulus must be hexadecimal');
  if (hex.length % 2) hex = `0${hex}`;
  const n = stripLeadingZeros(Buffer.from(hex, 'hex'));
  if (n.length < 64 || n[n.length - 1]! % 2 === 0) throw new CryptoInputError('The modulus is not a valid RSA modulus');
  if (!Number.isInteger(exponent) || exponent < 3 || exponent % 2 === 0 || exponent > 0xffffffff) {
    throw new CryptoInputError('The public exponent must be an odd number >= 3');
  }
  const e = stripLeadingZeros(Buffer.from(exponent.toString(16).padStart(8, '0'), 'hex'));
  try {
    const key = createPublicKey({ key: { kty: 'RSA', n: n.toString('base64url'), e: e.toString('base64url') }, format: 'jwk' });
    return key.export({ type: 'spki', format: 'der' });
  } catch {
    throw new CryptoInputError('The modulus is not a valid RSA modulus');
  }
}

export function publicFromPrivate(pkcs8: Buffer): Buffer {
  return createPublicKey(loadPrivateKey(pkcs8)).export({ type: 'spki', format: 'der' });
}

/** The raw 32-byte Ed25519 secret inside a PKCS#8 key, for @noble/curves. */
function ed25519Secret(key: KeyObject): Uint8Array {
  return fromBase64Url(key.export({ format: 'jwk' }).d);
}

// ---- key check value ---------------------------------------------------------------------------

export function keyCheckValue(keyType: number, material: { secret?: Buffer; spki?: Buffer }): string {
  const first3 = (b: Buffer) => b.subarray(0, 3).toString('hex');
  const secret = (): Buffer => {
    if (!material.secret) throw new CryptoInputError('A key check value of a secret key needs its bytes');
    return material.secret;
  };
  switch (keyType) {
    case KeyType.AES: {
      const key = secret();
      if (![16, 24, 32].includes(key.length)) throw new CryptoInputError('AES key must be 16, 24 or 32 bytes');
      const c = createCipheriv(`aes-${key.length * 8}-ecb`, key, null).setAutoPadding(false);
      return first3(c.update(Buffer.alloc(16)));
    }
    case KeyType.DES3: {
      const key = secret();
      if (key.length !== 24) throw new CryptoInputError('DES3 key must be 24 bytes');
      const c = createCipheriv('des-ede3', key, null).setAutoPadding(false);
      return first3(c.update(Buffer.alloc(8)));
    }
    case KeyType.GENERIC_SECRET:
    case KeyType.RC4:
      // The vendor says KCV is "not supported" for these; we show SHA-1 of the key so it is never blank.
      return first3(createHash('sha1').update(secret()).digest());
    case KeyType.RSA:
    case KeyType.DSA:
    case KeyType.EC:
      if (!material.spki) throw new CryptoInputError('A key check value of a key pair needs its public key');
      return first3(createHash('sha1').update(material.spki).digest());
    default:
      throw new CryptoInputError(`Invalid key type ${keyType}`);
  }
}

// ---- signatures --------------------------------------------------------------------------------

export type HashName = 'sha1' | 'sha224' | 'sha256' | 'sha384' | 'sha512';

export const HASH_BYTES: Readonly<Record<HashName, number>> = { sha1: 20, sha224: 28, sha256: 32, sha384: 48, sha512: 64 };

const SIGN_HASH: Readonly<Record<number, HashName>> = {
  0: 'sha1', 1: 'sha256', 2: 'sha384', 3: 'sha512', 4: 'sha224',
  5: 'sha1', 6: 'sha256', 7: 'sha384', 8: 'sha512', 9: 'sha224',
  15: 'sha1', 16: 'sha224', 17: 'sha256', 18: 'sha384', 19: 'sha512',
};

const EDDSA = 20;
const isRsaPkcs1 = (m: number) => m >= 0 && m <= 4;
const isRsaPss = (m: number) => m >= 5 && m <= 9;
const isEcdsa = (m: number) => m >= 15 && m <= 19;

/** The digest a signing mechanism applies to the message; null for EDDSA, which signs the message itself. */
export function hashForMechanism(mechanism: number): HashName | null {
  if (mechanism === EDDSA) return null;
  const hash = SIGN_HASH[mechanism];
  if (!hash) throw new CryptoInputError(`Invalid signature mechanism ${mechanism}`);
  return hash;
}

export function mechanismFitsKey(mechanism: number, keyType: number, curveId?: number): boolean {
  if (isRsaPkcs1(mechanism) || isRsaPss(mechanism)) return keyType === KeyType.RSA;
  // ECDSA works on the Weierstrass and binary curves, not the Montgomery/Edwards ones.
  if (isEcdsa(mechanism)) return keyType === KeyType.EC && (curveId === undefined || (curveId >= 1 && curveId <= 24));
  if (mechanism === EDDSA) return keyType === KeyType.EC && curveId === ED25519;
  return false;
}

const MISMATCH = 'Unsupported hash type/provided key not valid for signature mechanism';

/** Refuses a signature mechanism that does not fit the key (CryptoInputError), before any work is done. */
export function checkFit(mechanism: number, info: PublicKeyInfo): void {
  hashForMechanism(mechanism);
  if (!mechanismFitsKey(mechanism, info.keyType, info.curveId)) throw new CryptoInputError(MISMATCH);
}

/** Node's RSA options for a mechanism: PKCS#1 v1.5, or PSS with salt = hash length and MGF1 of the same hash. */
function rsaPadding(mechanism: number): { padding: number; saltLength?: number } {
  return isRsaPss(mechanism)
    ? { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST }
    : { padding: constants.RSA_PKCS1_PADDING };
}

/** A private key parsed once, with the facts of its public half a signature checks against. */
export interface ParsedPrivateKey {
  readonly key: KeyObject;
  readonly info: PublicKeyInfo;
}

/** A public key parsed once, with its facts. */
export interface ParsedPublicKey {
  readonly key: KeyObject;
  readonly info: PublicKeyInfo;
}

export function parsePrivateKey(pkcs8: Buffer): ParsedPrivateKey {
  const key = loadPrivateKey(pkcs8);
  return { key, info: describePublicKey(createPublicKey(key).export({ type: 'spki', format: 'der' })) };
}

export function parsePublicKey(spki: Buffer): ParsedPublicKey {
  return { key: loadPublicKey(spki), info: describePublicKey(spki) };
}

export function signMessage(mechanism: number, pkcs8: Buffer, message: Buffer): Buffer {
  return signWith(mechanism, parsePrivateKey(pkcs8), message);
}

export function signWith(mechanism: number, { key, info }: ParsedPrivateKey, message: Buffer): Buffer {
  checkFit(mechanism, info);
  return signRaw(mechanism, key, message);
}

/** The signature alone, for a mechanism checkFit accepted (what a worker thread runs). */
export function signRaw(mechanism: number, key: KeyObject, message: Buffer): Buffer {
  if (mechanism === EDDSA) return Buffer.from(ed25519.sign(message, ed25519Secret(key)));
  const hash = hashForMechanism(mechanism)!;
  if (isEcdsa(mechanism)) return sign(hash, message, { key, dsaEncoding: 'der' });
  return sign(hash, message, { key, ...rsaPadding(mechanism) });
}

export function verifyMessage(mechanism: number, spki: Buffer, message: Buffer, signature: Buffer): boolean {
  return verifyWith(mechanism, parsePublicKey(spki), message, signature);
}

export function verifyWith(mechanism: number, parsed: ParsedPublicKey, message: Buffer, signature: Buffer): boolean {
  checkFit(mechanism, parsed.info);
  return verifyRaw(mechanism, parsed, message, signature);
}

/** The check alone, for a mechanism checkFit accepted (what a worker thread runs). */
export function verifyRaw(mechanism: number, { key, info }: ParsedPublicKey, message: Buffer, signature: Buffer): boolean {
  try {
    if (mechanism === EDDSA) {
      return signature.length === 64 && ed25519.verify(signature, message, info.ecPoint!, { zip215: false });
    }
    const hash = hashForMechanism(mechanism)!;
    if (isEcdsa(mechanism)) return verify(hash, message, { key, dsaEncoding: 'der' }, signature);
    // The HSM wants a signature exactly as long as the modulus.
    if (signature.length !== Math.ceil(info.modulusBits! / 8)) return false;
    return verify(hash, message, { key, ...rsaPadding(mechanism) }, signature);
  } catch {
    return false;
  }
}
