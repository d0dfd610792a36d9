// Key types (PKCS#11 CKK_*, as table 3.1 lists them) and object classes.
import { codeTable } from './code-table.ts';

export const KeyType = { RSA: 0, DSA: 1, EC: 3, GENERIC_SECRET: 16, RC4: 18, DES3: 21, AES: 31 } as const;

export const keyTypes = codeTable('keyType', 'key types', [
  { code: 0, name: 'RSA' },
  { code: 1, name: 'DSA' },
  { code: 3, name: 'EC' },
  { code: 16, name: 'GENERIC_SECRET' },
  { code: 18, name: 'RC4' },
  { code: 21, name: 'DES3' },
  { code: 31, name: 'AES' },
]);

/** Object classes: the public and private halves of a pair, and secret (symmetric) keys. */
export const keyClasses = codeTable('keyClass', 'key classes', [
  { code: 2, name: 'public', meaning: 'public key of a pair' },
  { code: 3, name: 'private', meaning: 'private key of a pair' },
  { code: 4, name: 'secret', meaning: 'symmetric key' },
]);
