// Code tables shared by both tools: the values a command argument may take, and the HSM return codes.
// Parser validation, `-h` help, completion candidates and the emulator core all read these tables;
// nothing else lists these values. Entries marked `unconfirmed` are our choice where the public
// references are silent (see ../shared/reference/*.md, "UNCONFIRMED").

export interface CodeEntry {
  /** The value typed on the command line (a number for numeric codes, a word for user types). */
  readonly code: number | string;
  /** The vendor's constant name, e.g. `AES`, `NID_secp384r1`, `SHA256_RSA_PKCS`. */
  readonly name: string;
  /** A few words for completion menus and help, when the name alone does not say it. */
  readonly meaning?: string;
  readonly unconfirmed?: boolean;
}

export interface CodeTable<E extends CodeEntry = CodeEntry> {
  readonly id: string;
  readonly title: string;
  readonly entries: readonly E[];
}

function table(id: string, title: string, entries: CodeEntry[]): CodeTable {
  return { id, title, entries };
}

export function findEntry(t: CodeTable, value: string | number): CodeEntry | undefined {
  const v = String(value);
  return t.entries.find((e) => String(e.code) === v);
}

// ---- users -------------------------------------------------------------------------------------

/** User types as azcloudhsm_mgmt_util takes them. `PO` is accepted as PRECO (the 2025 guide's `changePswd PO`). */
export const userTypes = table('userType', 'user types', [
  { code: 'PRECO', name: 'PRECO', meaning: 'pre-crypto officer (default admin before activation)' },
  { code: 'CO', name: 'CO', meaning: 'crypto officer: manages users' },
  { code: 'CU', name: 'CU', meaning: 'crypto user: owns and uses keys' },
  { code: 'AU', name: 'AU', meaning: 'appliance user (held by the service)' },
  { code: 'PO', name: 'PRECO', meaning: 'alias of PRECO accepted by changePswd and loginHSM', unconfirmed: true },
]);

/** Types createUser accepts. */
export const creatableUserTypes = table('creatableUserType', 'user types createUser takes', [
  { code: 'CO', name: 'CO', meaning: 'crypto officer' },
  { code: 'CU', name: 'CU', meaning: 'crypto user' },
]);

// ---- certificates ------------------------------------------------------------------------------

export const certTypes = table('certType', 'certificate types', [
  { code: 1, name: 'MARC', meaning: 'manufacturer authentication root certificate' },
  { code: 2, name: 'MAC', meaning: 'HSM certificate signed by the manufacturer' },
  { code: 4, name: 'POTAC', meaning: 'partition owner trust anchor (PO.crt)' },
  { code: 8, name: 'POAC', meaning: 'partition certificate issued by the PO (POAC.crt)' },
  { code: 16, name: 'PAC', meaning: 'partition certificate issued by the HSM' },
  { code: 32, name: 'AOTAC', meaning: 'adapter owner trust anchor' },
  { code: 64, name: 'AOAC', meaning: 'adapter owner authentication certificate' },
]);

/** The certificate types storeCert takes on Azure. */
export const storableCertTypes = table('storableCertType', 'certificate types storeCert takes', [
  { code: 4, name: 'POTAC', meaning: 'partition owner trust anchor (PO.crt)' },
  { code: 8, name: 'POAC', meaning: 'partition certificate issued by the PO (POAC.crt)' },
]);

// ---- keys (azcloudhsm_util) ----------------------------------------------------------------------

export const keyTypes = table('keyType', 'key types', [
  { code: 0, name: 'RSA' },
  { code: 1, name: 'DSA' },
  { code: 3, name: 'EC' },
  { code: 16, name: 'GENERIC_SECRET' },
  { code: 18, name: 'RC4' },
  { code: 21, name: 'DES3' },
  { code: 31, name: 'AES' },
]);

export const symmetricKeyTypes = table('symKeyType', 'symmetric key types genSymKey takes', [
  { code: 16, name: 'GENERIC_SECRET' },
  { code: 18, name: 'RC4' },
  { code: 21, name: 'DES3' },
  { code: 31, name: 'AES' },
]);

export const importableSymKeyTypes = table('imSymKeyType', 'symmetric key types imSymKey takes', [
  { code: 16, name: 'GENERIC_SECRET' },
  { code: 18, name: 'RC4' },
  { code: 21, name: 'DES3' },
  { code: 31, name: 'AES' },
]);

export const keyClasses = table('keyClass', 'key classes', [
  { code: 2, name: 'public', meaning: 'public key of a pair' },
  { code: 3, name: 'private', meaning: 'private key of a pair' },
  { code: 4, name: 'secret', meaning: 'symmetric key' },
]);

export const unwrapKeyClasses = table('unwrapKeyClass', 'key classes unWrapKey takes', [
  { code: 3, name: 'private', meaning: 'private key' },
  { code: 4, name: 'secret', meaning: 'symmetric key' },
]);

export const signMechanisms = table('signMech', 'signature mechanisms', [
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

export const wrapMechanisms = table('wrapMech', 'wrapping mechanisms', [
  { code: 4, name: 'AES_KEY_WRAP_PAD_PKCS5', meaning: 'AES key wrap, PKCS#5 padded (NIST_AES_WRAP)' },
  { code: 5, name: 'NIST_AES_WRAP_NO_PAD', meaning: 'RFC 3394, block-aligned keys only' },
  { code: 6, name: 'NIST_AES_WRAP_PAD', meaning: 'RFC 5649 key wrap with padding' },
  { code: 7, name: 'RSA_AES', meaning: 'RSA-OAEP wrapped AES key, then AES key wrap' },
  { code: 8, name: 'RSA_OAEP', meaning: 'RSA-OAEP' },
  { code: 10, name: 'AES_GCM', meaning: 'AES-GCM' },
  { code: 11, name: 'CLOUDHSM_AES_GCM', meaning: 'AES-GCM with an HSM-made IV' },
]);

/** exSymKey and exportPrivateKey take only mechanism 4. */
export const exportWrapMechanisms = table('exportWrapMech', 'wrapping mechanisms for export', [
  { code: 4, name: 'NIST_AES_WRAP', meaning: 'AES key wrap, PKCS#5 padded' },
]);

export const hashTypes = table('hashType', 'hash types for RSA_AES and RSA_OAEP', [
  { code: 2, name: 'SHA1' },
  { code: 3, name: 'SHA256' },
  { code: 4, name: 'SHA384' },
  { code: 5, name: 'SHA512' },
  { code: 6, name: 'SHA224' },
]);

/** listECCCurveIds; `openssl` is the curve name node:crypto knows, absent where the platform lacks it. */
export interface CurveEntry extends CodeEntry {
  readonly openssl?: string;
  readonly nid: number;
}

export const eccCurves: CodeTable<CurveEntry> = {
  id: 'eccCurve',
  title: 'ECC curve ids',
  entries: [
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
  ],
};

export interface AttributeEntry extends CodeEntry {
  /** How getAttribute prints the value: a flag byte, a 4-byte number, text, or hex bytes. */
  readonly format: 'bool' | 'u32' | 'text' | 'hex' | 'bytes3';
  /** Settable with mgmt_util setAttribute. */
  readonly settable?: boolean;
}

/** Attribute ids, in the order listAttributes prints them. */
export const attributes: CodeTable<AttributeEntry> = {
  id: 'attribute',
  title: 'attribute ids',
  entries: [
    { code: 0, name: 'OBJ_ATTR_CLASS', format: 'u32' },
    { code: 1, name: 'OBJ_ATTR_TOKEN', format: 'bool' },
    { code: 2, name: 'OBJ_ATTR_PRIVATE', format: 'bool' },
    { code: 3, name: 'OBJ_ATTR_LABEL', format: 'text', settable: true },
    { code: 134, name: 'OBJ_ATTR_TRUSTED', format: 'bool', settable: true },
    { code: 256, name: 'OBJ_ATTR_KEY_TYPE', format: 'u32' },
    { code: 258, name: 'OBJ_ATTR_ID', format: 'text' },
    { code: 259, name: 'OBJ_ATTR_SENSITIVE', format: 'bool' },
    { code: 260, name: 'OBJ_ATTR_ENCRYPT', format: 'bool', settable: true },
    { code: 261, name: 'OBJ_ATTR_DECRYPT', format: 'bool', settable: true },
    { code: 262, name: 'OBJ_ATTR_WRAP', format: 'bool', settable: true },
    { code: 263, name: 'OBJ_ATTR_UNWRAP', format: 'bool', settable: true },
    { code: 264, name: 'OBJ_ATTR_SIGN', format: 'bool', settable: true },
    { code: 266, name: 'OBJ_ATTR_VERIFY', format: 'bool', settable: true },
    { code: 268, name: 'OBJ_ATTR_DERIVE', format: 'bool', settable: true },
    { code: 355, name: 'OBJ_ATTR_LOCAL', format: 'bool' },
    { code: 288, name: 'OBJ_ATTR_MODULUS', format: 'hex' },
    { code: 289, name: 'OBJ_ATTR_MODULUS_BITS', format: 'u32' },
    { code: 290, name: 'OBJ_ATTR_PUBLIC_EXPONENT', format: 'hex' },
    { code: 353, name: 'OBJ_ATTR_VALUE_LEN', format: 'u32' },
    { code: 354, name: 'OBJ_ATTR_EXTRACTABLE', format: 'bool' },
    { code: 356, name: 'OBJ_ATTR_NEVER_EXTRACTABLE', format: 'bool' },
    { code: 357, name: 'OBJ_ATTR_ALWAYS_SENSITIVE', format: 'bool' },
    { code: 370, name: 'OBJ_ATTR_DESTROYABLE', format: 'bool', settable: true },
    { code: 371, name: 'OBJ_ATTR_KCV', format: 'bytes3' },
    { code: 528, name: 'OBJ_ATTR_WRAP_WITH_TRUSTED', format: 'bool', settable: true },
    { code: 1073742353, name: 'OBJ_ATTR_WRAP_TEMPLATE', format: 'hex' },
    { code: 1073742354, name: 'OBJ_ATTR_UNWRAP_TEMPLATE', format: 'hex' },
    { code: 512, name: 'OBJ_ATTR_ALL', format: 'hex', meaning: 'every attribute (getAttribute only)' },
  ],
};

// ---- return codes ------------------------------------------------------------------------------

export interface ReturnCode {
  readonly code: number;
  /** Symbolic name used inside the emulator. */
  readonly name: string;
  /** The string the real tools print (Cfm2ResultAsString). */
  readonly text: string;
  readonly unconfirmed?: boolean;
}

/** HSM return codes. Codes below 0x100 are HSM firmware results; 0x3000xxxx cluster; 0x4000xxxx client/daemon. */
export const returnCodes = {
  SUCCESS: { code: 0x00, name: 'SUCCESS', text: 'HSM Return: SUCCESS' },
  BAD_PKCS_DATA: { code: 0x1b, name: 'BAD_PKCS_DATA', text: 'CSP Error: ERR_BAD_PKCS_DATA' },
  INVALID_INPUT: { code: 0x1d, name: 'INVALID_INPUT', text: 'HSM Error: Invalid input data/params', unconfirmed: true },
  INVALID_SESSION: { code: 0x90, name: 'INVALID_SESSION', text: 'HSM Error: Invalid session handle passed in the command' },
  USER_NOT_INITIALIZED: {
    code: 0x9d,
    name: 'USER_NOT_INITIALIZED',
    text: "HSM Error: user isn't initialized or user with this name doesn't exist",
  },
  LOGIN_FAILURE: { code: 0xa3, name: 'LOGIN_FAILURE', text: 'HSM Error: RET_USER_LOGIN_FAILURE' },
  ACCOUNT_LOCKED: {
    code: 0xa4,
    name: 'ACCOUNT_LOCKED',
    text: 'HSM Error: User account is locked, too many failed login attempts',
    unconfirmed: true,
  },
  ALREADY_LOGGED_IN: { code: 0xa5, name: 'ALREADY_LOGGED_IN', text: 'HSM Error: User is already logged in', unconfirmed: true },
  NOT_LOGGED_IN: {
    code: 0xa6,
    name: 'NOT_LOGGED_IN',
    text: 'HSM Error: No user is logged in to do this operation',
    unconfirmed: true,
  },
  INVALID_HANDLE: { code: 0xa8, name: 'INVALID_HANDLE', text: 'HSM Error: Invalid object handle is passed to this operation' },
  FIPS_POLICY: {
    code: 0xb3,
    name: 'FIPS_POLICY',
    text: 'HSM Error: This operation violates the current configured/FIPS policies',
  },
  NOT_AUTHORIZED: {
    code: 0xb7,
    name: 'NOT_AUTHORIZED',
    text: 'HSM Error: The current logged in user is not authorized to do this operation',
    unconfirmed: true,
  },
  KEY_ACCESS_DENIED: { code: 0xc6, name: 'KEY_ACCESS_DENIED', text: 'HSM Error: Key Access is denied.' },
  USER_EXISTS: { code: 0xcd, name: 'USER_EXISTS', text: 'HSM Error: This user is already created', unconfirmed: true },
  USER_DOES_NOT_EXIST: { code: 0xce, name: 'USER_DOES_NOT_EXIST', text: "HSM Error: This user doesn't exist" },
  USER_LOGGED_IN: {
    code: 0xcf,
    name: 'USER_LOGGED_IN',
    text: 'HSM Error: The user is currently logged in and cannot be changed',
    unconfirmed: true,
  },
  USER_OWNS_KEYS: {
    code: 0xd0,
    name: 'USER_OWNS_KEYS',
    text: 'HSM Error: The user owns keys and cannot be deleted',
    unconfirmed: true,
  },
  INVALID_USER_TYPE: { code: 0xdb, name: 'INVALID_USER_TYPE', text: 'HSM Error: Invalid User Type.' },
  CERT_INVALID: {
    code: 0xe0,
    name: 'CERT_INVALID',
    text: 'HSM Error: Certificate verification failed',
    unconfirmed: true,
  },
  CERT_ALREADY_STORED: {
    code: 0xe1,
    name: 'CERT_ALREADY_STORED',
    text: 'HSM Error: Partition owner certificate is already installed',
    unconfirmed: true,
  },
  CERT_NOT_FOUND: { code: 0xe2, name: 'CERT_NOT_FOUND', text: 'HSM Error: Certificate not found', unconfirmed: true },
  NOT_ACTIVATED: {
    code: 0xe3,
    name: 'NOT_ACTIVATED',
    text: 'HSM Error: This operation is not allowed before the partition is claimed (limited commands mode)',
    unconfirmed: true,
  },
  USER_ALREADY_ON_NODE: {
    code: 0xe4,
    name: 'USER_ALREADY_ON_NODE',
    text: 'user already created, unable to insert object',
  },
  OBJECT_ALREADY_ON_NODE: {
    code: 0xe5,
    name: 'OBJECT_ALREADY_ON_NODE',
    text: 'object already exists, unable to insert object',
    unconfirmed: true,
  },
  NOT_LOCKED: {
    code: 0xe6,
    name: 'NOT_LOCKED',
    text: 'HSM Error: The user account is not locked',
    unconfirmed: true,
  },
  CHALLENGE_MISSING: {
    code: 0xe7,
    name: 'CHALLENGE_MISSING',
    text: 'HSM Error: No challenge outstanding, run getChallenge first',
    unconfirmed: true,
  },
  SIGNATURE_INVALID: {
    code: 0xe8,
    name: 'SIGNATURE_INVALID',
    text: 'HSM Error: Signature verification failed',
    unconfirmed: true,
  },
  ATTRIBUTE_NOT_SETTABLE: {
    code: 0xe9,
    name: 'ATTRIBUTE_NOT_SETTABLE',
    text: 'HSM Error: This attribute is either not modifiable or unknown',
    unconfirmed: true,
  },
  KEY_NOT_EXTRACTABLE: { code: 0xea, name: 'KEY_NOT_EXTRACTABLE', text: 'HSM Error: The key is not extractable', unconfirmed: true },
  WRAP_KEY_NOT_TRUSTED: {
    code: 0xeb,
    name: 'WRAP_KEY_NOT_TRUSTED',
    text: 'HSM Error: The key has OBJ_ATTR_WRAP_WITH_TRUSTED set: only a trusted key may wrap it',
    unconfirmed: true,
  },
  KEK_NOT_TRUSTED: {
    code: 0xec,
    name: 'KEK_NOT_TRUSTED',
    text: 'HSM Error: invalid attribute. attribute should be set for User KEK',
    unconfirmed: true,
  },
  MECHANISM_MISMATCH: {
    code: 0xed,
    name: 'MECHANISM_MISMATCH',
    text: 'HSM Error: Unsupported hash type/provided key not valid for signature mechanism',
    unconfirmed: true,
  },
  KEY_USAGE_DENIED: {
    code: 0xee,
    name: 'KEY_USAGE_DENIED',
    text: "HSM Error: The key's attributes do not allow this operation",
    unconfirmed: true,
  },
  SERVER_UNAVAILABLE: { code: 0x30000085, name: 'SERVER_UNAVAILABLE', text: 'HSM CLUSTER ERROR: Server in cluster is unavailable' },
  DAEMON_SOCKET: { code: 0x40000040, name: 'DAEMON_SOCKET', text: 'LIQUIDSECURITY: Daemon socket connection error' },
} as const satisfies Record<string, ReturnCode>;

export type ReturnCodeName = keyof typeof returnCodes;

export function returnCodeByValue(code: number): ReturnCode | undefined {
  return Object.values(returnCodes).find((r) => r.code === code);
}

/** All enumerations, for `help` pages and completion menus. */
export const codeTables: readonly CodeTable[] = [
  userTypes,
  creatableUserTypes,
  certTypes,
  storableCertTypes,
  keyTypes,
  symmetricKeyTypes,
  importableSymKeyTypes,
  keyClasses,
  unwrapKeyClasses,
  signMechanisms,
  wrapMechanisms,
  exportWrapMechanisms,
  hashTypes,
  eccCurves,
  attributes,
];
