// Mechanisms: signatures, key wrapping, and the hash types of the RSA wrapping mechanisms.
import { codeTable } from './code-table.ts';

export const signMechanisms = codeTable('signMech', 'signature mechanisms', [
  { code: 0, name: 'SHA1_RSA_PKCS' },
  { code: 1, name: 'SHA256_RSA_PKCS' },
  { code: 2, name: 'SHA384_RSA_PKCS' },
  { code: 3, name: 'SHA512_RSA_PKCS' },
  { code: 4, name: 'SHA224_RSA_PKCS' },
  { code: 5, name: 'SHA1_RSA_PKCS_PSS' },
  { code: 6, name: 'SHA256_RSA_PKCS_PSS' },
  { code: 7, name: 'SHA384_RSA_PKCS_PSS' },
  { code: 8, name: 'SHA512_RSA_PKCS_PSS' },
  { code: 9, name: 'SHA224_RSA_PKCS_PSS' },
  { code: 15, name: 'ECDSA_SHA1' },
  { code: 16, name: 'ECDSA_SHA224' },
  { code: 17, name: 'ECDSA_SHA256' },
  { code: 18, name: 'ECDSA_SHA384' },
  { code: 19, name: 'ECDSA_SHA512' },
  { code: 20, name: 'EDDSA', meaning: 'pure EdDSA for Ed25519 keys (curve id 28)', unconfirmed: true },
]);

export const wrapMechanisms = codeTable('wrapMech', 'wrapping mechanisms', [
  { code: 4, name: 'AES_KEY_WRAP_PAD_PKCS5', meaning: 'AES key wrap, PKCS#5 padded (NIST_AES_WRAP)' },
  { code: 5, name: 'NIST_AES_WRAP_NO_PAD', meaning: 'RFC 3394, block-aligned keys only' },
  { code: 6, name: 'NIST_AES_WRAP_PAD', meaning: 'RFC 5649 key wrap with padding' },
  { code: 7, name: 'RSA_AES', meaning: 'RSA-OAEP wrapped AES key, then AES key wrap' },
  { code: 8, name: 'RSA_OAEP', meaning: 'RSA-OAEP' },
  { code: 10, name: 'AES_GCM', meaning: 'AES-GCM' },
  { code: 11, name: 'CLOUDHSM_AES_GCM', meaning: 'AES-GCM with an HSM-made IV' },
]);

export const hashTypes = codeTable('hashType', 'hash types for RSA_AES and RSA_OAEP', [
  { code: 2, name: 'SHA1' },
  { code: 3, name: 'SHA256' },
  { code: 4, name: 'SHA384' },
  { code: 5, name: 'SHA512' },
  { code: 6, name: 'SHA224' },
]);
