// A small reference model of the cluster's rules, for the property tests and `azcloudhsm_emu chaos`: each
// node's users and keys as plain maps, and the rules written the simple way, apart from the emulator's
// code. A change made in global scope is written for every member node: up nodes apply it at once if
// they accept it, nodes that are down apply it when they come back; a node that refuses it never gets it;
// a change made in server scope stays on its node until syncUser / syncKey copies it. User ids and key
// handles come from cluster-wide counters that never go back.

export type Scope = { readonly kind: 'global' } | { readonly kind: 'server'; readonly server: number };

/** What the proof drivers do to a cluster. Names come from a small pool, so they collide on purpose. */
export type Op =
  | { readonly kind: 'createUser'; readonly name: string; readonly scope: Scope }
  | { readonly kind: 'deleteUser'; readonly name: string; readonly scope: Scope }
  | { readonly kind: 'syncUser'; readonly name: string; readonly from: number; readonly to: number }
  | { readonly kind: 'genKey'; readonly user: string; readonly shareWith: readonly number[] }
  | { readonly kind: 'shareKey'; readonly user: string; readonly handle: number; readonly with: number; readonly share: boolean }
  | { readonly kind: 'deleteKey'; readonly user: string; readonly handle: number }
  | { readonly kind: 'syncKey'; readonly handle: number; readonly from: number; readonly to: number }
  | { readonly kind: 'down'; readonly server: number }
  | { readonly kind: 'up'; readonly server: number };

export interface ModelUser {
  readonly id: number;
  readonly name: string;
  readonly type: string;
}

export interface ModelKey {
  readonly handle: number;
  readonly owner: number;
  readonly sharedWith: readonly number[];
}

type Change =
  | { readonly kind: 'addUser'; readonly user: ModelUser }
  | { readonly kind: 'deleteUser'; readonly name: string }
  | { readonly kind: 'addKey'; readonly key: ModelKey }
  | { readonly kind: 'share'; readonly handle: number; readonly ids: readonly number[]; readonly share: boolean }
  | { readonly kind: 'deleteKey'; readonly handle: number };

interface ModelNode {
  up: boolean;
  users: ModelUser[];
  keys: Map<number, ModelKey>;
  /** Changes written for this node while it was down, in order. */
  missed: Change[];
}

/** Which up servers the model says accept an operation (the rest of the up servers refuse it). */
export interface Prediction {
  readonly accepted: readonly number[];
  /** The servers the operation asks (up ones): the others of these must refuse. */
  readonly asked: readonly number[];
}

export const SERVERS = [0, 1, 2] as const;

export class ClusterModel {
  readonly nodes: ModelNode[];
  nextUserId: number;
  nextHandle: number;

  /**
   * An activated cluster: admin (CO, 1) and the appliance user (AU, 2) on every node; or, with `start`,
   * what a cluster already holds (every node up), for a run on a home that has been used.
   */
  constructor(firstHandle: number, start?: { readonly nextUserId: number; readonly nodes: readonly { readonly users: readonly ModelUser[]; readonly keys: readonly ModelKey[] }[] }) {
    const users = [
      { id: 1, name: 'admin', type: 'CO' },
      { id: 2, name: 'app_user', type: 'AU' },
    ];
    this.nodes = start
      ? start.nodes.map((n) => ({ up: true, users: n.users.map(({ id, name, type }) => ({ id, name, type })), keys: new Map(n.keys.map(({ handle, owner, sharedWith }) => [handle, { handle, owner, sharedWith: [...sharedWith] }])), missed: [] }))
      : SERVERS.map(() => ({ up: true, users: [...users], keys: new Map(), missed: [] }));
    this.nextUserId = start?.nextUserId ?? 3;
    this.nextHandle = firstHandle;
  }

  upServers(): number[] {
    return SERVERS.filter((s) => this.nodes[s]!.up);
  }

  user(server: number, name: string): ModelUser | undefined {
    return this.nodes[server]!.users.find((u) => u.name.toLowerCase() === name.toLowerCase());
  }

  private ownsKeys(server: number, id: number): boolean {
    return [...this.nodes[server]!.keys.values()].some((k) => k.owner === id);
  }

  /** A change goes to the targets: applied now on up nodes, kept for down ones. */
  private write(change: Change, targets: readonly number[]): void {
    for (const s of targets) {
      const node = this.nodes[s]!;
      if (node.up) apply(node, change);
      else node.missed.push(change);
    }
  }

  /** A change no server accepted is not made. In global scope the down members are targets too (they get it when they come back). */
  private targets(accepted: readonly number[], scope: Scope): number[] {
    if (accepted.length === 0) return [];
    const down = scope.kind === 'global' ? SERVERS.filter((s) => !this.nodes[s]!.up) : [];
    return [...new Set([...accepted, ...down])].sort();
  }

  private askedIn(scope: Scope): number[] {
    return scope.kind === 'global' ? this.upServers() : this.nodes[scope.server]!.up ? [scope.server] : [];
  }

  /** Applies the operation to the model and says which up servers accept it. */
  perform(op: Op): Prediction {
    switch (op.kind) {
      case 'createUser': {
        const asked = this.askedIn(op.scope);
        const accepted = asked.filter((s) => !this.user(s, op.name));
        const targets = this.targets(accepted, op.scope);
        if (targets.length > 0) this.write({ kind: 'addUser', user: { id: this.nextUserId++, name: op.name, type: 'CU' } }, targets);
        return { asked, accepted };
      }
      case 'deleteUser': {
        const asked = this.askedIn(op.scope);
        const accepted = asked.filter((s) => {
          const u = this.user(s, op.name);
          return u !== undefined && u.type === 'CU' && !this.ownsKeys(s, u.id);
        });
        const targets = this.targets(accepted, op.scope);
        if (targets.length > 0) this.write({ kind: 'deleteUser', name: op.name }, targets);
        return { asked, accepted };
      }
      case 'syncUser': {
        const asked = this.nodes[op.from]!.up ? [op.from] : [];
        const u = this.user(op.from, op.name);
        const ok = asked.length > 0 && u !== undefined && op.to !== op.from && this.nodes[op.to]!.up && !this.user(op.to, op.name);
        if (ok) this.write({ kind: 'addUser', user: u }, [op.to]);
        return { asked, accepted: ok ? asked : [] };
      }
      case 'genKey': {
        const asked = this.upServers();
        // The login holds on the up servers where the user is a crypto user; the key is made where
        // the user is logged in and every id it is shared with names another crypto user there.
        const accepted = asked.filter((s) => {
          const u = this.user(s, op.user);
          return u?.type === 'CU' && this.shareable(s, u.id, op.shareWith);
        });
        if (accepted.length === 0) return { asked, accepted };
        const owner = this.user(accepted[0]!, op.user)!.id;
        const key: ModelKey = { handle: this.nextHandle++, owner, sharedWith: [...new Set(op.shareWith)].sort((a, b) => a - b) };
        this.write({ kind: 'addKey', key }, this.targets(accepted, { kind: 'global' }));
        return { asked, accepted };
      }
      case 'shareKey': {
        const asked = this.upServers();
        const accepted = asked.filter((s) => {
          const u = this.user(s, op.user);
          const k = this.nodes[s]!.keys.get(op.handle);
          return u?.type === 'CU' && k !== undefined && k.owner === u.id && this.shareable(s, u.id, [op.with]);
        });
        if (accepted.length > 0) this.write({ kind: 'share', handle: op.handle, ids: [op.with], share: op.share }, this.targets(accepted, { kind: 'global' }));
        return { asked, accepted };
      }
      case 'deleteKey': {
        const asked = this.upServers();
        const accepted = asked.filter((s) => {
          const u = this.user(s, op.user);
          const k = this.nodes[s]!.keys.get(op.handle);
          return u?.type === 'CU' && k !== undefined && k.owner === u.id;
        });
        if (accepted.length > 0) this.write({ kind: 'deleteKey', handle: op.handle }, this.targets(accepted, { kind: 'global' }));
        return { asked, accepted };
      }
      case 'syncKey': {
        const asked = this.nodes[op.from]!.up ? [op.from] : [];
        const k = this.nodes[op.from]!.keys.get(op.handle);
        const ok = asked.length > 0 && k !== undefined && op.to !== op.from && this.nodes[op.to]!.up && !this.nodes[op.to]!.keys.has(op.handle);
        if (ok) this.write({ kind: 'addKey', key: k }, [op.to]);
        return { asked, accepted: ok ? asked : [] };
      }
      case 'down':
        this.nodes[op.server]!.up = false;
        return { asked: [], accepted: [] };
      case 'up': {
        const node = this.nodes[op.server]!;
        if (!node.up) {
          node.up = true;
          for (const change of node.missed.splice(0)) apply(node, change);
        }
        return { asked: [], accepted: [] };
      }
    }
  }

  /** The sharing rule: every id names another crypto user on this node. */
  private shareable(server: number, ownerId: number, ids: readonly number[]): boolean {
    return ids.every((id) => id !== ownerId && this.nodes[server]!.users.some((u) => u.id === id && u.type === 'CU'));
  }

  /** A node as text, for comparing with the emulator's: users by id, keys by handle with owner and sharers. */
  describe(server: number): string {
    return describeNode(this.nodes[server]!.users, [...this.nodes[server]!.keys.values()]);
  }
}

function apply(node: ModelNode, change: Change): void {
  switch (change.kind) {
    case 'addUser':
      if (!node.users.some((u) => u.name.toLowerCase() === change.user.name.toLowerCase())) node.users.push(change.user);
      return;
    case 'deleteUser': {
      const gone = node.users.find((u) => u.name.toLowerCase() === change.name.toLowerCase());
      if (!gone) return;
      node.users = node.users.filter((u) => u !== gone);
      for (const [h, k] of node.keys) if (k.sharedWith.includes(gone.id)) node.keys.set(h, { ...k, sharedWith: k.sharedWith.filter((id) => id !== gone.id) });
      return;
    }
    case 'addKey':
      if (!node.keys.has(change.key.handle)) node.keys.set(change.key.handle, change.key);
      return;
    case 'share': {
      const k = node.keys.get(change.handle);
      if (!k) return;
      const others = k.sharedWith.filter((id) => !change.ids.includes(id));
      node.keys.set(change.handle, { ...k, sharedWith: change.share ? [...others, ...change.ids].sort((a, b) => a - b) : others });
      return;
    }
    case 'deleteKey':
      node.keys.delete(change.handle);
      return;
  }
}

/** One text for a node's users and keys, the same for the model and the emulator. */
export function describeNode(users: readonly ModelUser[], keys: readonly ModelKey[]): string {
  const u = [...users].sort((a, b) => a.id - b.id).map((x) => `${x.id}:${x.name}:${x.type}`);
  const k = [...keys].sort((a, b) => a.handle - b.handle).map((x) => `${x.handle}:${x.owner}:[${[...x.sharedWith].sort((a, b) => a - b).join(',')}]`);
  return `users ${u.join(' ')} | keys ${k.join(' ')}`;
}

/** The operations a run is made of, from numbers (a seeded generator's, or fast-check's, which shrink). */
export function opFromNumbers([kind, a, b, c]: readonly [number, number, number, number], model: ClusterModel): Op {
  const name = `u${(a % 5) + 1}`;
  const server = b % 3;
  const other = (server + 1 + (c % 2)) % 3;
  const scope: Scope = c % 4 === 0 ? { kind: 'server', server } : { kind: 'global' };
  // Handles and ids near the ones that exist, some past them: refusals are exercised too.
  const handle = model.nextHandle - 1 - (c % Math.max(1, model.nextHandle - FIRST_HANDLE + 1));
  const id = 1 + (b % (model.nextUserId + 1));
  switch (kind % 14) {
    case 0:
    case 1:
    case 2:
      return { kind: 'createUser', name, scope };
    case 3:
    case 4:
      return { kind: 'deleteUser', name, scope };
    case 5:
      return { kind: 'syncUser', name, from: server, to: other };
    case 6:
    case 7:
      return { kind: 'genKey', user: name, shareWith: c % 3 === 0 ? [id] : [] };
    case 8:
      return { kind: 'shareKey', user: name, handle, with: id, share: c % 5 !== 0 };
    case 9:
      return { kind: 'deleteKey', user: name, handle };
    case 10:
      return { kind: 'syncKey', handle, from: server, to: other };
    case 11:
      return { kind: 'down', server };
    case 12:
      return { kind: 'up', server };
    default:
      // As many keys made as nodes faulted: a cluster that is mostly down tests little.
      return { kind: 'genKey', user: name, shareWith: [] };
  }
}

/** The first token key handle of a partition (model.ts FIRST_KEY_HANDLE). */
const FIRST_HANDLE = 262150;

export function describeOp(op: Op): string {
  switch (op.kind) {
    case 'createUser':
    case 'deleteUser':
      return `${op.kind} CU ${op.name}${op.scope.kind === 'server' ? ` (server ${op.scope.server})` : ''}`;
    case 'syncUser':
      return `syncUser ${op.name} ${op.from} -> ${op.to}`;
    case 'genKey':
      return `genSymKey as ${op.user}${op.shareWith.length > 0 ? ` -u ${op.shareWith.join(',')}` : ''}`;
    case 'shareKey':
      return `shareKey ${op.handle} ${op.with} ${op.share ? 1 : 0} as ${op.user}`;
    case 'deleteKey':
      return `deleteKey ${op.handle} as ${op.user}`;
    case 'syncKey':
      return `syncKey ${op.handle} ${op.from} -> ${op.to}`;
    case 'down':
    case 'up':
      return `node ${op.server} ${op.kind}`;
  }
}
