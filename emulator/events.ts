// Events: the only way the cluster's state changes. They are journaled (journal.ts) and folded by
// evolve.ts. Everything random (serials, salts, key material) is drawn by decide and carried here, so
// replaying the journal reproduces every node byte for byte.
import type { CloudHsmResource, PrivateEndpoint } from './azure.ts';
import type { ClusterIdentity, KeyAttributes, KeyObject, OpenSession, PartitionKey, PasswordHash, User, UserType } from './model.ts';

/** Events that change partitions carry the servers that must apply them. A server that is down or not
 *  yet activated when the event is written applies it later, when the journal is replayed onto it. */
interface Targeted {
  readonly targets: readonly number[];
}

export type Event =
  | ({ readonly type: 'ClusterCreated'; readonly identity: ClusterIdentity; readonly serial: string; readonly partitionKey: PartitionKey; readonly users: readonly User[] } & Targeted)
  /** `id` is drawn from the cluster-wide counter: every node names the user by it, and it is never reused. */
  | ({ readonly type: 'UserCreated'; readonly id: number; readonly userType: UserType; readonly name: string; readonly password: PasswordHash } & Targeted)
  /** Each target removes its user of that name, and the user's id from the keys shared with it. */
  | ({ readonly type: 'UserDeleted'; readonly name: string } & Targeted)
  | ({ readonly type: 'PasswordChanged'; readonly name: string; readonly password: PasswordHash; readonly promoteTo?: UserType } & Targeted)
  | ({ readonly type: 'LoginFailed'; readonly name: string } & Targeted)
  | ({ readonly type: 'LoginFailuresCleared'; readonly name: string } & Targeted)
  | ({ readonly type: 'CertStored'; readonly certType: 4 | 8; readonly pem: string } & Targeted)
  /** A copy of a user taken from another node (syncUser): inserted with its id and password hash. */
  | ({ readonly type: 'UserSynced'; readonly user: User } & Targeted)
  /** One challenge per server, indexed by server number. */
  | ({ readonly type: 'ChallengeIssued'; readonly coName: string; readonly challenges: Readonly<Record<number, string>> } & Targeted)
  | ({ readonly type: 'COUnlocked'; readonly coName: string } & Targeted)
  /** Token keys made, imported, unwrapped, turned from session keys into token keys, or copied by syncKey. */
  | ({ readonly type: 'KeysCreated'; readonly keys: readonly KeyObject[] } & Targeted)
  | ({ readonly type: 'KeyDeleted'; readonly handle: number } & Targeted)
  | ({ readonly type: 'KeyAttributeSet'; readonly handle: number; readonly attribute: keyof KeyAttributes | 'label'; readonly value: boolean | string } & Targeted)
  | ({ readonly type: 'KeyShared'; readonly handle: number; readonly userIds: readonly number[]; readonly share: boolean } & Targeted)
  | ({ readonly type: 'KeyOwnerChanged'; readonly handle: number; readonly owner: number } & Targeted)
  /** The PRECO became CO on a claimed partition: nodes 1 and 2 join by restoring node 0's backup. */
  | { readonly type: 'ClusterActivated'; readonly source: number }
  /** The Azure side (azure.ts). The home's subscription: the first record of every home. */
  | { readonly type: 'SubscriptionCreated'; readonly subscriptionId: string }
  /** A Cloud HSM resource deployed; it provisions until `provisionedBy`, when ClusterCreated makes its HSMs. */
  | { readonly type: 'CloudHsmDeployed'; readonly resource: CloudHsmResource }
  /** A private endpoint with its NIC's three IPs, and their A records in the privatelink DNS zone. */
  | { readonly type: 'PrivateEndpointCreated'; readonly endpoint: PrivateEndpoint }
  | { readonly type: 'NodeDown'; readonly server: number }
  /** A login opened or changed (the servers it holds); the lease id names it until it is closed. */
  | { readonly type: 'SessionOpened'; readonly lease: string; readonly session: OpenSession }
  /** Logins ended: logged out, or found void (their process is gone). */
  | { readonly type: 'SessionsClosed'; readonly leases: readonly string[] }
  /** The emulator's own setting (azcloudhsm_emu capacity): key handles a partition holds at most. */
  | { readonly type: 'KeyCapacitySet'; readonly keyCapacity: number }
  | { readonly type: 'NodeUp'; readonly server: number };

export type EventType = Event['type'];

/** A login's lease opened or closed: bookkeeping of who is logged in, no change to any partition. */
export function isSessionEvent(e: Event): boolean {
  return e.type === 'SessionOpened' || e.type === 'SessionsClosed';
}

/** An event as the journal holds it. */
export interface JournalRecord {
  readonly seq: number;
  /** ISO time at which it was appended. */
  readonly time: string;
  readonly event: Event;
}

export function targetsOf(e: Event): readonly number[] {
  return 'targets' in e ? e.targets : [];
}
