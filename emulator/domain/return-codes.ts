// HSM return codes: what each server answers, and the text the real tools print for it (Cfm2ResultAsString).

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
  // Azure documents the limit (3,200 key handles per partition), not the code or text a tool prints when
  // a key would pass it: both are this emulator's choice, worded like the vendor's 0x8c for sessions.
  KEY_CAPACITY_REACHED: {
    code: 0xef,
    name: 'KEY_CAPACITY_REACHED',
    text: 'HSM Error: Already maximum number of key handles are in use in the partition',
    unconfirmed: true,
  },
  SERVER_UNAVAILABLE: { code: 0x30000085, name: 'SERVER_UNAVAILABLE', text: 'HSM CLUSTER ERROR: Server in cluster is unavailable' },
  /**
   * A change made on some nodes of the cluster only. The vendor's source names it
   * RET_CLUSTER_OPERATION_INCOMPLETE and prints the new handle with it; its value and text are not
   * public: a number of the 0x300000xx cluster family (0x30000085 unavailable, 0x30000088 RET_CLUSTER_ERROR).
   */
  CLUSTER_OPERATION_INCOMPLETE: {
    code: 0x30000087,
    name: 'CLUSTER_OPERATION_INCOMPLETE',
    text: 'HSM CLUSTER ERROR: RET_CLUSTER_OPERATION_INCOMPLETE',
    unconfirmed: true,
  },
  DAEMON_SOCKET: { code: 0x40000040, name: 'DAEMON_SOCKET', text: 'LIQUIDSECURITY: Daemon socket connection error' },
} as const satisfies Record<string, ReturnCode>;

export type ReturnCodeName = keyof typeof returnCodes;

/** The codes a server refuses with: every code but SUCCESS. */
export type ErrorCode = Exclude<ReturnCodeName, 'SUCCESS'>;

export const ERROR_CODES = Object.keys(returnCodes).filter((c): c is ErrorCode => c !== 'SUCCESS');

export function returnCodeByValue(code: number): ReturnCode | undefined {
  return Object.values(returnCodes).find((r) => r.code === code);
}
