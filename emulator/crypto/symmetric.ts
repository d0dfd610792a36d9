// Bulk cryptography with secret keys: encryption (AES-CBC, AES-GCM, 3DES-CBC) and HMAC. No
// azcloudhsm_util command does these; clients of the daemon (pkpspeed) do, as PKCS#11 applications do
// on the real HSM.
import { createCipheriv, createHmac } from 'node:crypto';
import { KeyType } from '../domain/key-types.ts';
import { CryptoInputError } from './keys.ts';

export const ENCRYPTION_MECHANISMS = ['AES_CBC_PAD', 'AES_GCM', 'DES3_CBC_PAD'] as const;

export type EncryptionMechanism = (typeof ENCRYPTION_MECHANISMS)[number];

/** The key type a mechanism takes and the IV it needs (GCM: 12 bytes, as NIST recommends). */
export function encryptionShape(mechanism: EncryptionMechanism): { readonly keyType: number; readonly ivBytes: number } {
  switch (mechanism) {
    case 'AES_CBC_PAD':
      return { keyType: KeyType.AES, ivBytes: 16 };
    case 'AES_GCM':
      return { keyType: KeyType.AES, ivBytes: 12 };
    case 'DES3_CBC_PAD':
      return { keyType: KeyType.DES3, ivBytes: 8 };
  }
}

/** The ciphertext (GCM: followed by its 16-byte tag). */
export function encrypt(mechanism: EncryptionMechanism, key: Buffer, iv: Buffer, data: Buffer): Buffer {
  if (data.length === 0) throw new CryptoInputError('no data to encrypt');
  if (mechanism === 'AES_GCM') {
    const cipher = createCipheriv(`aes-${key.length * 8}-gcm` as 'aes-256-gcm', key, iv);
    return Buffer.concat([cipher.update(data), cipher.final(), cipher.getAuthTag()]);
  }
  const name = mechanism === 'AES_CBC_PAD' ? `aes-${key.length * 8}-cbc` : 'des-ede3-cbc';
  const cipher = createCipheriv(name, key, iv);
  return Buffer.concat([cipher.update(data), cipher.final()]);
}

export function hmacSha256(key: Buffer, data: Buffer): Buffer {
  return createHmac('sha256', key).update(data).digest();
}
