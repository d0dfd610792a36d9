// evolve: how each event changes the state. Deterministic: the same journal gives the same nodes. Both
// switches name every event type: the compiler demands a case for a new one (see `unhandled`).
// It updates the state in place (and returns it): copying a large key table on every event would make
// replaying a long journal quadratic. Only evolve writes to the state; decide only reads it.
import { type Event, type JournalRecord, targetsOf } from './events.ts';
import { type ClusterState, findUser, FIRST_SESSION_KEY_HANDLE, isReachable, type KeyObject, type Node, type Partition, SERVERS, type User } from './model.ts';

/** Applies one event to one node's partition. `server` picks per-server data (challenges) out of the event. */
export function evolvePartition(p: Partition | undefined, e: Event, server: number): Partition | undefined {
  if (e.type === 'ClusterCreated') {
    return {
      serial: e.serial,
      partitionKey: e.partitionKey,
      users: e.users.map((u) => ({ ...u })),
      keys: {},
      keyCount: 0,
      certs: {},
      challenges: {},
    };
  }
  if (!p) return p;
  switch (e.type) {
    case 'UserCreated':
      // A node that already has the name keeps its own user (the HSM refuses to insert it twice).
      if (!findUser(p, e.name)) insertUser(p, { id: e.id, type: e.userType, name: e.name, password: e.password, loginFailures: 0 });
      break;
    case 'UserDeleted': {
      const u = findUser(p, e.name);
      if (!u) break;
      p.users = p.users.filter((x) => x !== u);
      // No key stays shared with a user that is gone: ids are never reused, but a dangling id says nothing.
      for (const k of Object.values(p.keys)) if (k.sharedWith.includes(u.id)) k.sharedWith = k.sharedWith.filter((id) => id !== u.id);
      break;
    }
    case 'PasswordChanged':
      replaceUser(p, e.name, (u) => ({ ...u, password: e.password, type: e.promoteTo ?? u.type, loginFailures: 0 }));
      break;
    case 'LoginFailed':
      replaceUser(p, e.name, (u) => ({ ...u, loginFailures: u.loginFailures + 1 }));
      break;
    case 'LoginFailuresCleared':
      replaceUser(p, e.name, (u) => ({ ...u, loginFailures: 0 }));
      break;
    case 'CertStored':
      if (e.certType === 4) p.certs = { ...p.certs, po: e.pem };
      else p.certs = { ...p.certs, poac: e.pem };
      break;
    case 'UserSynced':
      // The copy keeps its id: ids are cluster-wide, so no other user on any node has it.
      if (!findUser(p, e.user.name)) insertUser(p, { ...e.user });
      break;
    case 'ChallengeIssued': {
      const challenge = e.challenges[server];
      if (challenge !== undefined) p.challenges = { ...p.challenges, [e.coName.toLowerCase()]: challenge };
      break;
    }
    case 'COUnlocked': {
      replaceUser(p, e.coName, (u) => ({ ...u, loginFailures: 0 }));
      const { [e.coName.toLowerCase()]: _used, ...rest } = p.challenges;
      p.challenges = rest;
      break;
    }
    case 'KeysCreated':
      // A node that already holds the handle keeps its own object ("object already exists").
      for (const k of e.keys) {
        if (p.keys[k.handle]) continue;
        p.keys[k.handle] = keyOfState(k);
        p.keyCount++;
      }
      break;
    case 'KeyDeleted':
      if (!p.keys[e.handle]) break;
      delete p.keys[e.handle];
      p.keyCount--;
      break;
    case 'KeyAttributeSet': {
      const k = p.keys[e.handle];
      if (!k) break;
      // A new object: nodes in step share the old one (see keyOfState).
      p.keys[e.handle] = e.attribute === 'label' ? { ...k, label: String(e.value) } : { ...k, attrs: { ...k.attrs, [e.attribute]: Boolean(e.value) } };
      break;
    }
    case 'KeyShared': {
      const k = p.keys[e.handle];
      if (!k) break;
      const others = k.sharedWith.filter((u) => !e.userIds.includes(u));
      p.keys[e.handle] = { ...k, sharedWith: e.share ? [...others, ...e.userIds].sort((a, b) => a - b) : others };
      break;
    }
    case 'KeyOwnerChanged': {
      const k = p.keys[e.handle];
      if (k) p.keys[e.handle] = { ...k, owner: e.owner };
      break;
    }
    // Cluster-level events: they change no partition (evolveCluster handles them).
    case 'ClusterActivated':
    case 'NodeDown':
    case 'NodeUp':
    case 'SessionOpened':
    case 'SessionsClosed':
    case 'KeyCapacitySet':
    case 'SubscriptionCreated':
    case 'CloudHsmDeployed':
    case 'PrivateEndpointCreated':
      break;
    default:
      return unhandled(e);
  }
  return p;
}

/** The compiler's check that every event has its case: a new event type makes `e` not `never` here. */
function unhandled(e: never): never {
  throw new Error(`no evolve case for event ${JSON.stringify(e)}`);
}

/** Users are listed by id. */
function insertUser(p: Partition, user: User): void {
  p.users = [...p.users, user].sort((a, b) => a.id - b.id);
}

function replaceUser(p: Partition, name: string, change: (u: User) => User): void {
  const u = findUser(p, name);
  if (u) p.users = p.users.map((x) => (x === u ? change(x) : x));
}

/** Applies a journal record to one node: its partition if the node is a target, and its position. */
export function applyRecordToNode(node: Node, rec: JournalRecord, server: number): void {
  if (targetsOf(rec.event).includes(server)) node.partition = evolvePartition(node.partition, rec.event, server);
  node.appliedSeq = rec.seq;
}

/**
 * Folds one record into the cluster: cluster-level changes (activation, faults) and the partitions of
 * every node that is reachable and current. Returns the servers that became reachable with this record;
 * the caller replays the journal they missed onto them (see cluster.ts, replayOntoLaggingNode).
 */
export function evolveCluster(state: ClusterState, rec: JournalRecord): number[] {
  const e = rec.event;
  const becameReachable: number[] = [];
  switch (e.type) {
    case 'ClusterCreated':
      state.identity = e.identity;
      for (const u of e.users) state.nextUserId = Math.max(state.nextUserId, u.id + 1);
      break;
    case 'UserCreated':
      state.nextUserId = Math.max(state.nextUserId, e.id + 1);
      break;
    case 'UserSynced':
      state.nextUserId = Math.max(state.nextUserId, e.user.id + 1);
      break;
    case 'SessionOpened':
      state.sessions[e.lease] = e.session;
      break;
    case 'SessionsClosed':
      for (const lease of e.leases) delete state.sessions[lease];
      break;
    case 'KeysCreated':
      // A session key made a token key keeps its handle (524288 up): it does not move the token count.
      for (const k of e.keys) if (k.handle < FIRST_SESSION_KEY_HANDLE) state.nextKeyHandle = Math.max(state.nextKeyHandle, k.handle + 1);
      break;
    case 'ClusterActivated':
      state.activated = true;
      for (const s of SERVERS) {
        const node = state.nodes[s]!;
        if (!node.activated) {
          node.activated = true;
          if (node.up) becameReachable.push(s);
        }
      }
      break;
    case 'NodeDown':
      state.nodes[e.server]!.up = false;
      break;
    case 'KeyCapacitySet':
      state.keyCapacity = e.keyCapacity;
      break;
    case 'NodeUp': {
      const node = state.nodes[e.server]!;
      if (!node.up) {
        node.up = true;
        if (node.activated) becameReachable.push(e.server);
      }
      break;
    }
    case 'SubscriptionCreated':
      state.azure.subscriptionId = e.subscriptionId;
      break;
    case 'CloudHsmDeployed':
      state.azure.resources.push(e.resource);
      break;
    case 'PrivateEndpointCreated':
      state.azure.endpoints.push(e.endpoint);
      break;
    // Partition-level events: applied to each node below.
    case 'UserDeleted':
    case 'PasswordChanged':
    case 'LoginFailed':
    case 'LoginFailuresCleared':
    case 'CertStored':
    case 'ChallengeIssued':
    case 'COUnlocked':
    case 'KeyDeleted':
    case 'KeyAttributeSet':
    case 'KeyShared':
    case 'KeyOwnerChanged':
      break;
    default:
      return unhandled(e);
  }
  for (const s of SERVERS) {
    const node = state.nodes[s]!;
    if (isReachable(node) && !becameReachable.includes(s) && node.appliedSeq === rec.seq - 1) applyRecordToNode(node, rec, s);
  }
  state.head = rec.seq;
  return becameReachable;
}

/**
 * The key object a node holds for a key an event made. Nodes that apply the same event (in step) hold
 * the same object, never changed in place (a change gives the node a new one): one copy of each key
 * rather than one per node. A node that replays the journal later gets its own.
 */
const keysOfEvents = new WeakMap<KeyObject, KeyObject>();

function keyOfState(k: KeyObject): KeyObject {
  let held = keysOfEvents.get(k);
  if (!held) {
    held = { ...k, sharedWith: [...k.sharedWith], attrs: { ...k.attrs } };
    keysOfEvents.set(k, held);
  }
  return held;
}
