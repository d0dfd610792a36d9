// Masked objects (extractMaskedObject / insertMaskedObject): a key sealed for the cluster it came from.
// Azure documents them as the way a non-extractable key leaves the HSM ("can't be exported, except as
// masked objects") and comes back; AWS: "You can only insert a masked object into the same cluster from
// which it was generated". The HSM's own blob format is not public. THIS FORMAT IS THE EMULATOR'S OWN:
//
//   "AZEMUMSK" | version (1 byte, 1) | serial length (1 byte) | partition serial (ASCII)
//   | IV (12 bytes) | GCM tag (16 bytes) | ciphertext
//
// The ciphertext is AES-256-GCM over the JSON of the key object (its attributes, owner, sharing and
// material), with everything before the IV as additional data. The masking key is derived with HKDF-SHA256
// from the partition's private key (made at cluster creation, the same on every node of the cluster),
// salted with the partition serial: only this cluster's partition can open the blob.
import { createCipheriv, createDecipheriv, hkdfSync } from 'node:crypto';
import { CryptoInputError } from './keys.ts';

const MAGIC = Buffer.from('AZEMUMSK', 'ascii');
const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** The masking key of a partition: HKDF over its private key, salted with its serial. */
export function maskingKey(partitionPkcs8: Uint8Array, serial: string): Buffer {
  return Buffer.from(hkdfSync('sha256', partitionPkcs8, Buffer.from(serial, 'ascii'), 'azcloudhsm-emu masked object v1', 32));
}

function header(serial: string): Buffer {
  const s = Buffer.from(serial, 'ascii');
  return Buffer.concat([MAGIC, Buffer.from([VERSION, s.length]), s]);
}

/** Seals `content` for the partition whose masking key and serial these are. */
export function maskObject(key: Buffer, serial: string, content: Uint8Array, iv: Buffer): Buffer {
  if (iv.length !== IV_BYTES) throw new Error('a masked object needs a 12-byte IV');
  const aad = header(serial);
  const c = createCipheriv('aes-256-gcm', key, iv);
  c.setAAD(aad);
  const data = Buffer.concat([c.update(content), c.final()]);
  return Buffer.concat([aad, iv, c.getAuthTag(), data]);
}

/** The partition serial a masked object was made for (read before the blob is opened). */
export function maskedObjectSerial(blob: Uint8Array): string {
  const b = Buffer.from(blob);
  if (b.length < MAGIC.length + 2 || !b.subarray(0, MAGIC.length).equals(MAGIC)) throw new CryptoInputError('the file is not a masked object');
  if (b[MAGIC.length] !== VERSION) throw new CryptoInputError(`unknown masked object version ${b[MAGIC.length]}`);
  const length = b[MAGIC.length + 1]!;
  if (b.length < MAGIC.length + 2 + length + IV_BYTES + TAG_BYTES) throw new CryptoInputError('the masked object is truncated');
  return b.subarray(MAGIC.length + 2, MAGIC.length + 2 + length).toString('ascii');
}

/** Opens a masked object with the partition's masking key; refuses one made elsewhere or altered. */
export function unmaskObject(key: Buffer, serial: string, blob: Uint8Array): Buffer {
  const b = Buffer.from(blob);
  if (maskedObjectSerial(b) !== serial) throw new CryptoInputError('the masked object was made by another cluster');
  const aad = header(serial);
  const iv = b.subarray(aad.length, aad.length + IV_BYTES);
  const tag = b.subarray(aad.length + IV_BYTES, aad.length + IV_BYTES + TAG_BYTES);
  try {
    const d = createDecipheriv('aes-256-gcm', key, iv);
    d.setAAD(aad);
    d.setAuthTag(tag);
    return Buffer.concat([d.update(b.subarray(aad.length + IV_BYTES + TAG_BYTES)), d.final()]);
  } catch {
    throw new CryptoInputError('the masked object does not pass its integrity check');
  }
}
