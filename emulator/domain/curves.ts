// The ECC curve ids genECCKeyPair takes (listECCCurveIds).
import { codeTable, type CodeEntry } from './code-table.ts';

/** `openssl` is the curve name node:crypto knows, absent where the platform lacks it; `nid` OpenSSL's number. */
export interface CurveEntry extends CodeEntry<number> {
  readonly openssl?: string;
  readonly nid: number;
}

export const eccCurves = codeTable<CurveEntry>('eccCurve', 'ECC curve ids', [
  { code: 1, name: 'NID_X9_62_prime192v1', openssl: 'prime192v1', nid: 409 },
  { code: 2, name: 'NID_X9_62_prime256v1', openssl: 'prime256v1', nid: 415 },
  { code: 3, name: 'NID_sect163k1', openssl: 'sect163k1', nid: 721 },
  { code: 4, name: 'NID_sect163r2', openssl: 'sect163r2', nid: 723 },
  { code: 5, name: 'NID_sect233k1', openssl: 'sect233k1', nid: 726 },
  { code: 6, name: 'NID_sect233r1', openssl: 'sect233r1', nid: 727 },
  { code: 7, name: 'NID_sect283k1', openssl: 'sect283k1', nid: 729 },
  { code: 8, name: 'NID_sect283r1', openssl: 'sect283r1', nid: 730 },
  { code: 9, name: 'NID_sect409k1', openssl: 'sect409k1', nid: 731 },
  { code: 10, name: 'NID_sect409r1', openssl: 'sect409r1', nid: 732 },
  { code: 11, name: 'NID_sect571k1', openssl: 'sect571k1', nid: 733 },
  { code: 12, name: 'NID_sect571r1', openssl: 'sect571r1', nid: 734 },
  { code: 13, name: 'NID_secp224r1', openssl: 'secp224r1', nid: 713 },
  { code: 14, name: 'NID_secp384r1', openssl: 'secp384r1', nid: 715 },
  { code: 15, name: 'NID_secp521r1', openssl: 'secp521r1', nid: 716 },
  { code: 16, name: 'NID_secp256k1', openssl: 'secp256k1', nid: 714 },
  { code: 17, name: 'NID_secp192k1', openssl: 'secp192k1', nid: 711 },
  { code: 18, name: 'NID_brainpoolP160r1', openssl: 'brainpoolP160r1', nid: 921 },
  { code: 19, name: 'NID_brainpoolP192r1', openssl: 'brainpoolP192r1', nid: 923 },
  { code: 20, name: 'NID_brainpoolP224r1', openssl: 'brainpoolP224r1', nid: 925 },
  { code: 21, name: 'NID_brainpoolP256r1', openssl: 'brainpoolP256r1', nid: 927 },
  { code: 22, name: 'NID_brainpoolP320r1', openssl: 'brainpoolP320r1', nid: 929 },
  { code: 23, name: 'NID_brainpoolP384r1', openssl: 'brainpoolP384r1', nid: 931 },
  { code: 24, name: 'NID_brainpoolP512r1', openssl: 'brainpoolP512r1', nid: 933 },
  { code: 25, name: 'CUSTOMIZED_NID_FRP256V1', nid: 0, meaning: 'ANSSI FRP256v1 (no platform support here)' },
  { code: 26, name: 'NID_X25519', nid: 1034, meaning: 'key agreement only' },
  { code: 27, name: 'NID_X448', nid: 1035, meaning: 'key agreement only', unconfirmed: true },
  { code: 28, name: 'NID_ED25519', nid: 1087, unconfirmed: true },
]);
