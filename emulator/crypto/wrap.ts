// Key wrapping as wrapKey/unWrapKey/aesWrapUnwrap do it (reference 3.4, 23-30). AES key wrap uses
// OpenSSL's RFC 3394 / RFC 5649 ciphers through node:crypto; RSA wrapping is RSA-OAEP.
import { constants, createCipheriv, type CipherGCMTypes, createDecipheriv, privateDecrypt, publicEncrypt } from 'node:crypto';
import { CryptoInputError, HASH_BYTES, loadPrivateKey, loadPublicKey, type HashName } from './keys.ts';

/** RFC 3394 default initial value. */
export const DEFAULT_WRAP_IV = Buffer.from('A6A6A6A6A6A6A6A6', 'hex');
/** RFC 5649 alternative initial value (the length is appended by the cipher). */
const PAD_WRAP_AIV = Buffer.from('A65959A6', 'hex');

export const WrapMechanism = {
  AES_KEY_WRAP_PAD_PKCS5: 4,
  NIST_AES_WRAP_NO_PAD: 5,
  NIST_AES_WRAP_PAD: 6,
  RSA_AES: 7,
  RSA_OAEP: 8,
  AES_GCM: 10,
  CLOUDHSM_AES_GCM: 11,
} as const;

/** Hash types `-t` takes for RSA_AES and RSA_OAEP. */
const HASH_TYPES: Readonly<Record<number, HashName>> = { 2: 'sha1', 3: 'sha256', 4: 'sha384', 5: 'sha512', 6: 'sha224' };

export function hashForHashType(hashType: number | undefined): HashName {
  if (hashType === undefined) return 'sha256';
  const hash = HASH_TYPES[hashType];
  if (!hash) throw new CryptoInputError(`Invalid hash type ${hashType}`);
  return hash;
}

function aesBits(kek: Buffer): number {
  if (![16, 24, 32].includes(kek.length)) throw new CryptoInputError('The wrapping key must be an AES key of 16, 24 or 32 bytes');
  return kek.length * 8;
}

function checkIv(iv: Buffer, size: number): Buffer {
  if (iv.length !== size) throw new CryptoInputError(`Invalid IV length ${iv.length}`);
  return iv;
}

const UNWRAP_FAILED = 'Unwrap failed: the wrapped data does not pass the integrity check';

// ---- RFC 3394 / RFC 5649 -----------------------------------------------------------------------

export function aesKeyWrap(kek: Buffer, data: Buffer, iv: Buffer = DEFAULT_WRAP_IV): Buffer {
  const bits = aesBits(kek);
  if (data.length < 16 || data.length % 8 !== 0) {
    throw new CryptoInputError('AES key wrap without padding needs a multiple of 8 bytes, at least 16');
  }
  const c = createCipheriv(`id-aes${bits}-wrap`, kek, checkIv(iv, 8));
  return Buffer.concat([c.update(data), c.final()]);
}

export function aesKeyUnwrap(kek: Buffer, wrapped: Buffer, iv: Buffer = DEFAULT_WRAP_IV): Buffer {
  const bits = aesBits(kek);
  if (wrapped.length < 24 || wrapped.length % 8 !== 0) throw new CryptoInputError('Wrapped data has an invalid length');
  try {
    const d = createDecipheriv(`id-aes${bits}-wrap`, kek, checkIv(iv, 8));
    return Buffer.concat([d.update(wrapped), d.final()]);
  } catch (e) {
    if (e instanceof CryptoInputError) throw e;
    throw new CryptoInputError(UNWRAP_FAILED);
  }
}

export function aesKeyWrapPad(kek: Buffer, data: Buffer): Buffer {
  const bits = aesBits(kek);
  if (data.length === 0) throw new CryptoInputError('Nothing to wrap');
  const c = createCipheriv(`id-aes${bits}-wrap-pad`, kek, PAD_WRAP_AIV);
  return Buffer.concat([c.update(data), c.final()]);
}

export function aesKeyUnwrapPad(kek: Buffer, wrapped: Buffer): Buffer {
  const bits = aesBits(kek);
  if (wrapped.length < 16 || wrapped.length % 8 !== 0) throw new CryptoInputError('Wrapped data has an invalid length');
  try {
    const d = createDecipheriv(`id-aes${bits}-wrap-pad`, kek, PAD_WRAP_AIV);
    return Buffer.concat([d.update(wrapped), d.final()]);
  } catch {
    throw new CryptoInputError(UNWRAP_FAILED);
  }
}

// ---- mechanism 4: PKCS#5 padding, then RFC 3394 ---------------------------------------------------

function pkcs5Pad(data: Buffer): Buffer {
  const n = 8 - (data.length % 8);
  return Buffer.concat([data, Buffer.alloc(n, n)]);
}

function pkcs5Unpad(data: Buffer): Buffer {
  const n = data[data.length - 1] ?? 0;
  if (n < 1 || n > 8 || n > data.length || !data.subarray(data.length - n).every((b) => b === n)) {
    throw new CryptoInputError('Unwrap failed: bad padding');
  }
  return data.subarray(0, data.length - n);
}

/**
 * RFC 3394 needs two blocks; a 1-7 byte key pads to just one. For that case we use the single-block
 * rule of RFC 5649 (one AES-ECB encryption of IV||P), which is unambiguous: it gives 16 bytes, while
 * the normal path never gives fewer than 24.
 */
function wrapPkcs5(kek: Buffer, target: Buffer, iv: Buffer): Buffer {
  if (target.length === 0) throw new CryptoInputError('Nothing to wrap');
  const padded = pkcs5Pad(target);
  if (padded.length > 8) return aesKeyWrap(kek, padded, iv);
  const c = createCipheriv(`aes-${aesBits(kek)}-ecb`, kek, null).setAutoPadding(false);
  return Buffer.concat([c.update(Buffer.concat([checkIv(iv, 8), padded])), c.final()]);
}

function unwrapPkcs5(kek: Buffer, wrapped: Buffer, iv: Buffer): Buffer {
  if (wrapped.length !== 16) return pkcs5Unpad(aesKeyUnwrap(kek, wrapped, iv));
  const d = createDecipheriv(`aes-${aesBits(kek)}-ecb`, kek, null).setAutoPadding(false);
  const block = Buffer.concat([d.update(wrapped), d.final()]);
  if (!block.subarray(0, 8).equals(checkIv(iv, 8))) throw new CryptoInputError(UNWRAP_FAILED);
  return pkcs5Unpad(block.subarray(8));
}

// ---- RSA ---------------------------------------------------------------------------------------

function rsaPublic(spki: Buffer | undefined) {
  if (!spki) throw new CryptoInputError('The wrapping key must be an RSA public key');
  const key = loadPublicKey(spki);
  if (key.asymmetricKeyType !== 'rsa') throw new CryptoInputError('The wrapping key must be an RSA public key');
  return key;
}

function rsaPrivate(pkcs8: Buffer | undefined) {
  if (!pkcs8) throw new CryptoInputError('The unwrapping key must be an RSA private key');
  const key = loadPrivateKey(pkcs8);
  if (key.asymmetricKeyType !== 'rsa') throw new CryptoInputError('The unwrapping key must be an RSA private key');
  return key;
}

function modulusBytes(key: { asymmetricKeyDetails?: { modulusLength?: number } }): number {
  return Math.ceil((key.asymmetricKeyDetails?.modulusLength ?? 0) / 8);
}

/** Node uses the OAEP hash for MGF1 as well, which is what openssl's rsa_oaep_md does by default. */
function oaepEncrypt(spki: Buffer | undefined, hash: HashName, data: Buffer): Buffer {
  const key = rsaPublic(spki);
  const max = modulusBytes(key) - 2 * HASH_BYTES[hash] - 2;
  if (data.length > max) throw new CryptoInputError(`Key too large for RSA-OAEP with this key and hash (at most ${max} bytes)`);
  return publicEncrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: hash }, data);
}

function oaepDecrypt(key: ReturnType<typeof rsaPrivate>, hash: HashName, data: Buffer): Buffer {
  if (data.length !== modulusBytes(key)) throw new CryptoInputError('Wrapped data has an invalid length');
  try {
    return privateDecrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: hash }, data);
  } catch {
    throw new CryptoInputError('Unwrap failed: RSA-OAEP decoding error');
  }
}

// ---- AES-GCM -----------------------------------------------------------------------------------

const GCM_IV_BYTES = 12;

function gcmTagSize(tagSize: number | undefined): number {
  const size = tagSize ?? 16;
  // At least 8 (the tool's rule) and a length GCM defines (8 or 12-16).
  if (size !== 8 && !(size >= 12 && size <= 16)) throw new CryptoInputError(`Invalid tag size ${size}`);
  return size;
}

function gcmCipher(kek: Buffer): CipherGCMTypes {
  return `aes-${aesBits(kek)}-gcm` as CipherGCMTypes;
}

function gcmEncrypt(kek: Buffer, iv: Buffer, data: Buffer, opts: WrapOptions): Buffer {
  const authTagLength = gcmTagSize(opts.tagSize);
  const c = createCipheriv(gcmCipher(kek), kek, iv, { authTagLength });
  if (opts.aad) c.setAAD(opts.aad);
  return Buffer.concat([c.update(data), c.final(), c.getAuthTag()]);
}

function gcmDecrypt(kek: Buffer, iv: Buffer, data: Buffer, opts: WrapOptions): Buffer {
  const authTagLength = gcmTagSize(opts.tagSize);
  const cipher = gcmCipher(kek);
  if (data.length < authTagLength) throw new CryptoInputError('Wrapped data has an invalid length');
  try {
    const d = createDecipheriv(cipher, kek, iv, { authTagLength });
    d.setAuthTag(data.subarray(data.length - authTagLength));
    if (opts.aad) d.setAAD(opts.aad);
    return Buffer.concat([d.update(data.subarray(0, data.length - authTagLength)), d.final()]);
  } catch {
    throw new CryptoInputError('Unwrap failed: the AES-GCM tag does not match');
  }
}

// ---- by mechanism ------------------------------------------------------------------------------

export interface WrapOptions {
  /** RSA_AES / RSA_OAEP hash type (2 SHA1, 3 SHA256, 4 SHA384, 5 SHA512, 6 SHA224); default SHA256. */
  hashType?: number;
  /** Additional authenticated data, AES-GCM only. */
  aad?: Buffer;
  /** 8 bytes for mechanisms 4 and 5; the GCM nonce for 10 (12 bytes for 11). */
  iv?: Buffer;
  /** GCM tag bytes, default 16. */
  tagSize?: number;
  /** Randomness for what a wrap draws (RSA_AES's one-time key, a GCM nonce not given): the Env's. */
  random?: (n: number) => Buffer;
}

function draw(opts: WrapOptions, n: number): Buffer {
  if (!opts.random) throw new Error('this wrapping mechanism draws random bytes: pass WrapOptions.random');
  return opts.random(n);
}

function needSecret(secret: Buffer | undefined): Buffer {
  if (!secret) throw new CryptoInputError('The wrapping key must be an AES key');
  aesBits(secret);
  return secret;
}

function checkOptions(mechanism: number, opts: WrapOptions): void {
  const gcm = mechanism === WrapMechanism.AES_GCM || mechanism === WrapMechanism.CLOUDHSM_AES_GCM;
  // AAD would silently change the result if ignored, so it is refused outside GCM; a hash type is
  // only checked for a valid code and otherwise ignored by the AES mechanisms.
  if (opts.aad && opts.aad.length > 0 && !gcm) throw new CryptoInputError('AAD applies only to AES-GCM mechanisms');
  if (opts.hashType !== undefined) hashForHashType(opts.hashType);
}

export function wrapWithMechanism(
  mechanism: number,
  wrapping: { secret?: Buffer; spki?: Buffer },
  target: Buffer,
  opts: WrapOptions = {},
): { wrapped: Buffer; iv?: Buffer } {
  checkOptions(mechanism, opts);
  switch (mechanism) {
    case WrapMechanism.AES_KEY_WRAP_PAD_PKCS5:
      return { wrapped: wrapPkcs5(needSecret(wrapping.secret), target, opts.iv ?? DEFAULT_WRAP_IV) };
    case WrapMechanism.NIST_AES_WRAP_NO_PAD:
      return { wrapped: aesKeyWrap(needSecret(wrapping.secret), target, opts.iv ?? DEFAULT_WRAP_IV) };
    case WrapMechanism.NIST_AES_WRAP_PAD:
      return { wrapped: aesKeyWrapPad(needSecret(wrapping.secret), target) };
    case WrapMechanism.RSA_AES: {
      // PKCS#11 CKM_RSA_AES_KEY_WRAP: a one-time AES-256 key under RSA-OAEP, then the target under it (RFC 5649).
      const hash = hashForHashType(opts.hashType);
      rsaPublic(wrapping.spki);
      if (target.length === 0) throw new CryptoInputError('Nothing to wrap');
      const ephemeral = draw(opts, 32);
      return { wrapped: Buffer.concat([oaepEncrypt(wrapping.spki, hash, ephemeral), aesKeyWrapPad(ephemeral, target)]) };
    }
    case WrapMechanism.RSA_OAEP:
      return { wrapped: oaepEncrypt(wrapping.spki, hashForHashType(opts.hashType), target) };
    case WrapMechanism.AES_GCM: {
      const kek = needSecret(wrapping.secret);
      const iv = opts.iv ?? draw(opts, GCM_IV_BYTES);
      if (iv.length === 0) throw new CryptoInputError('Invalid IV length 0');
      return { wrapped: gcmEncrypt(kek, iv, target, opts), iv };
    }
    case WrapMechanism.CLOUDHSM_AES_GCM: {
      const kek = needSecret(wrapping.secret);
      const iv = checkIv(opts.iv ?? draw(opts, GCM_IV_BYTES), GCM_IV_BYTES);
      return { wrapped: Buffer.concat([iv, gcmEncrypt(kek, iv, target, opts)]) };
    }
    default:
      throw new CryptoInputError(`Invalid wrapping mechanism ${mechanism}`);
  }
}

export function unwrapWithMechanism(
  mechanism: number,
  unwrapping: { secret?: Buffer; pkcs8?: Buffer },
  wrapped: Buffer,
  opts: WrapOptions = {},
): Buffer {
  checkOptions(mechanism, opts);
  switch (mechanism) {
    case WrapMechanism.AES_KEY_WRAP_PAD_PKCS5:
      return unwrapPkcs5(needSecret(unwrapping.secret), wrapped, opts.iv ?? DEFAULT_WRAP_IV);
    case WrapMechanism.NIST_AES_WRAP_NO_PAD:
      return aesKeyUnwrap(needSecret(unwrapping.secret), wrapped, opts.iv ?? DEFAULT_WRAP_IV);
    case WrapMechanism.NIST_AES_WRAP_PAD:
      return aesKeyUnwrapPad(needSecret(unwrapping.secret), wrapped);
    case WrapMechanism.RSA_AES: {
      const key = rsaPrivate(unwrapping.pkcs8);
      const split = modulusBytes(key);
      if (wrapped.length <= split) throw new CryptoInputError('Wrapped data has an invalid length');
      const ephemeral = oaepDecrypt(key, hashForHashType(opts.hashType), wrapped.subarray(0, split));
      if (![16, 24, 32].includes(ephemeral.length)) throw new CryptoInputError(UNWRAP_FAILED);
      return aesKeyUnwrapPad(ephemeral, wrapped.subarray(split));
    }
    case WrapMechanism.RSA_OAEP:
      return oaepDecrypt(rsaPrivate(unwrapping.pkcs8), hashForHashType(opts.hashType), wrapped);
    case WrapMechanism.AES_GCM: {
      const kek = needSecret(unwrapping.secret);
      if (!opts.iv || opts.iv.length === 0) throw new CryptoInputError('AES-GCM unwrap needs the IV');
      return gcmDecrypt(kek, opts.iv, wrapped, opts);
    }
    case WrapMechanism.CLOUDHSM_AES_GCM: {
      const kek = needSecret(unwrapping.secret);
      if (wrapped.length < GCM_IV_BYTES) throw new CryptoInputError('Wrapped data has an invalid length');
      return gcmDecrypt(kek, wrapped.subarray(0, GCM_IV_BYTES), wrapped.subarray(GCM_IV_BYTES), opts);
    }
    default:
      throw new CryptoInputError(`Invalid wrapping mechanism ${mechanism}`);
  }
}
