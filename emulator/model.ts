// The emulated cluster's state: three HSM nodes, each holding its own copy of the partition.
// The state is a projection of the journal (see evolve.ts); nothing here does I/O.
import { type AzureState, emptyAzure, endpointOf, publicFqdn } from './azure.ts';

/** Servers are numbered 0..2 as azcloudhsm_mgmt_util prints them; azcloudhsm_util says "Node id" 1..3. */
export const SERVER_COUNT = 3;
export const SERVERS: readonly number[] = [0, 1, 2];

export type UserType = 'PRECO' | 'CO' | 'CU' | 'AU';

/** A password is kept only as a salted PBKDF2 hash. */
export interface PasswordHash {
  readonly salt: string; // base64
  readonly hash: string; // base64
  readonly iterations: number;
}

export interface User {
  readonly id: number;
  readonly type: UserType;
  readonly name: string;
  readonly password: PasswordHash;
  loginFailures: number;
}

/** Bytes sealed under the emulator's master key (AES-256-GCM): key material never rests in the clear. */
export interface Sealed {
  readonly iv: string;
  readonly tag: string;
  readonly data: string;
}

export interface PartitionKey {
  /** SubjectPublicKeyInfo DER, base64. */
  readonly spki: string;
  /** PKCS#8 DER of the private key, sealed. */
  readonly sealedPkcs8: Sealed;
}

/** Boolean attributes of a key object (OBJ_ATTR_*). */
export interface KeyAttributes {
  token: boolean;
  private: boolean;
  sensitive: boolean;
  encrypt: boolean;
  decrypt: boolean;
  wrap: boolean;
  unwrap: boolean;
  sign: boolean;
  verify: boolean;
  derive: boolean;
  local: boolean;
  extractable: boolean;
  neverExtractable: boolean;
  alwaysSensitive: boolean;
  destroyable: boolean;
  trusted: boolean;
  wrapWithTrusted: boolean;
}

/** Object classes: the public and private halves of a pair, and secret (symmetric) keys. */
export type KeyClass = 2 | 3 | 4;

/** A key object in a partition (token key) or in a client session (session key). */
export interface KeyObject {
  readonly handle: number;
  readonly keyClass: KeyClass;
  /** OBJ_ATTR_KEY_TYPE: 0 RSA, 1 DSA, 3 EC, 16 GENERIC_SECRET, 18 RC4, 21 DES3, 31 AES. */
  readonly keyType: number;
  label: string;
  readonly id: string;
  /** User id of the owning crypto user, on this node. */
  owner: number;
  sharedWith: number[];
  attrs: KeyAttributes;
  /** Bytes: the secret's length, or the modulus / field size of an asymmetric key. */
  readonly valueLen: number;
  readonly modulusBits?: number;
  /** eccCurves id of an EC key. */
  readonly curveId?: number;
  /** SubjectPublicKeyInfo DER, base64: for both halves of a pair. */
  readonly spki?: string;
  /** PKCS#8 DER of a private key, or the raw bytes of a secret key, sealed. */
  readonly sealed?: Sealed;
  /** Key check value, 6 hex digits. */
  readonly kcv: string;
  /** The other half of a pair. */
  readonly pair?: number;
  /** Approvals needed to use the key (M of N); 0 when unused. */
  readonly mValue: number;
}

/** Handles of token keys start here on Azure (the first user key of a fresh partition is 262150). */
export const FIRST_KEY_HANDLE = 262150;
/** Session keys live in the client daemon, numbered from here; one made a token key (setAttribute -a 1) keeps its handle. */
export const FIRST_SESSION_KEY_HANDLE = 524288;

/**
 * Azure Cloud HSM: "a maximum of 3,200 key handles, irrespective of key type and size" (service limits;
 * each half of a key pair is a handle). getPartitionInfo prints it as MaxKeys.
 */
export const PARTITION_KEY_CAPACITY = 3200;

/** One node's partition. Nodes hold separate copies: they can differ, which is what syncUser/syncKey repair. */
export interface Partition {
  readonly serial: string;
  readonly partitionKey: PartitionKey;
  users: User[];
  /** Token keys by handle. */
  keys: Record<number, KeyObject>;
  /** How many token keys `keys` holds (kept by evolve: counting a large table per command is slow). */
  keyCount: number;
  /** PEM of the partition owner trust anchor (type 4) and the PO-issued partition certificate (type 8). */
  certs: { po?: string; poac?: string };
  /** Outstanding unlockCO challenges, by lower-case CO name (base64 bytes). */
  challenges: Record<string, string>;
}

export interface Node {
  /** Part of the cluster: node 0 from creation; 1 and 2 once the cluster is activated (backup restored). */
  activated: boolean;
  /** Not faulted (azcloudhsm_emu node N down|up). */
  up: boolean;
  /** The journal sequence this node's partition has applied up to. */
  appliedSeq: number;
  partition?: Partition;
}

export interface ClusterIdentity {
  /**
   * The Cloud HSM's domain name label, `<resource name>-<random suffix>`: hostnames are
   * hsmN.<label>.privatelink.cloudhsm.azure.net (azure.ts).
   */
  readonly resourceName: string;
  /** Hardware serial of each node's HSM. */
  readonly hsmSerials: readonly string[];
}

/** A running process, named so that a reused pid is not taken for it: pid, start time, boot. */
export interface ProcessRef {
  readonly pid: number;
  /** The process's start time as the kernel counts it (Linux: /proc/<pid>/stat field 22); '' where unknown. */
  readonly started: string;
  /** The boot the process belongs to (Linux: boot_id); '' where unknown. */
  readonly boot: string;
}

/**
 * A login held by a tool process (mgmt_util, or the client daemon for azcloudhsm_util): a lease. It is
 * journaled so every process sees who is logged in, and it ends at logout, or when its process ends (a
 * lease whose process is gone is void: a killed process blocks nobody).
 */
export interface OpenSession {
  readonly holder: ProcessRef;
  readonly name: string;
  readonly type: UserType;
  /** The user's id on each server the login holds: the session is bound to these users, not to the name. */
  readonly userIdOn: Readonly<Record<number, number>>;
}

export interface ClusterState {
  identity?: ClusterIdentity;
  /** Last journal sequence folded into this state. */
  head: number;
  /** Set when the PRECO is promoted: from then on every node is a member of the cluster. */
  activated: boolean;
  /** The handle the next token key gets: cluster-wide, never reused. */
  nextKeyHandle: number;
  /** The id the next user gets, on whichever node it is created: cluster-wide, never reused. */
  nextUserId: number;
  /** Open logins (leases), by lease id. */
  sessions: Record<string, OpenSession>;
  /** Key handles a partition holds at most (azcloudhsm_emu capacity raises it for tests and benchmarks). */
  keyCapacity: number;
  nodes: Node[];
  /** The Azure side: the deployed resource, its private endpoint and DNS records (azure.ts). */
  azure: AzureState;
}

export function emptyCluster(): ClusterState {
  return {
    head: 0,
    azure: emptyAzure(),
    activated: false,
    nextKeyHandle: FIRST_KEY_HANDLE,
    nextUserId: 1,
    sessions: {},
    keyCapacity: PARTITION_KEY_CAPACITY,
    nodes: SERVERS.map((s) => ({ activated: s === 0, up: true, appliedSeq: 0 })),
  };
}

export function isReachable(node: Node): boolean {
  return node.activated && node.up;
}

/** Events the node has not applied yet: its lag. */
export function lagOf(state: ClusterState, server: number): number {
  return state.head - state.nodes[server]!.appliedSeq;
}

/** Where a node stands: the one reading of a node's state that every status display words its own way. */
export type NodeCondition =
  | { readonly kind: 'not activated'; readonly up: boolean }
  | { readonly kind: 'down' }
  | { readonly kind: 'lagging'; readonly lag: number }
  | { readonly kind: 'current' };

export function nodeCondition(state: ClusterState, server: number): NodeCondition {
  const node = state.nodes[server]!;
  if (!node.activated) return { kind: 'not activated', up: node.up };
  if (!node.up) return { kind: 'down' };
  const lag = lagOf(state, server);
  return lag > 0 ? { kind: 'lagging', lag } : { kind: 'current' };
}

export function findUser(p: Partition, name: string): User | undefined {
  const lower = name.toLowerCase();
  return p.users.find((u) => u.name.toLowerCase() === lower);
}

/** Failed logins after which an account is locked on a node. */
export const LOCKOUT_THRESHOLD = 5;

export function isLocked(u: User): boolean {
  return u.loginFailures >= LOCKOUT_THRESHOLD;
}

/** Network addresses of the emulated private endpoint, in server order. */
export interface ServerAddress {
  readonly server: number;
  readonly nodeId: number;
  readonly ip: string;
  readonly hostname: string;
  readonly port: number;
}

/** Where the tools reach each partition: its private endpoint's IPs (10.0.2.4-6 before there is one). */
export function serverAddresses(state: ClusterState): ServerAddress[] {
  const label = state.identity?.resourceName ?? 'unknown';
  const ips = endpointOf(state)?.ips;
  return SERVERS.map((s) => ({
    server: s,
    nodeId: s + 1,
    ip: ips?.[s] ?? `10.0.2.${4 + s}`,
    hostname: publicFqdn(label, s),
    port: 2225,
  }));
}

/** Keys a user may use: owned, shared with them, or any public key. */
export function canUse(key: KeyObject, userId: number | undefined): boolean {
  if (userId === undefined) return false;
  return key.owner === userId || key.sharedWith.includes(userId) || key.keyClass === 2;
}

export function keysOwnedBy(p: Partition, userId: number): KeyObject[] {
  return Object.values(p.keys).filter((k) => k.owner === userId);
}
