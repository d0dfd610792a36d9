// Keys as a crypto officer or the owning crypto user manages them across users and servers: listing a
// user's keys, changing attributes (OBJ_ATTR_TRUSTED by a CO), sharing, changing the owner, copying a key
// to a server that lacks it, and which servers hold which keys.
import { createHash } from 'node:crypto';
import { isReachable, type KeyAttributes, type KeyObject, SERVERS, type UserType } from '../model.ts';
import { type Infer, s } from '../schema.ts';
import { cryptoUserOn, sharingRefusal } from './crypto-user.ts';
import { hasRoomFor } from './key-objects.ts';
import { changeTargets, eachServer, fail, loginOn, ok, refuse, requireRole, succeeded } from './fan-out.ts';
import { defineOperation, type NodeOutcome } from './operation.ts';

const foundKeySchema = s.object({
  handle: s.int(),
  /** o: owned by the user, s: shared with the user; absent when listing every key (user id 0). */
  mark: s.optional(s.enum(['o', 's'])),
});

type FoundKey = Infer<typeof foundKeySchema>;

export const userKeysSchema = s.object({ keys: s.array(foundKeySchema), hash: s.optional(s.string()) });

type UserKeys = Infer<typeof userKeysSchema>;

/** A hash of the key ownership and sharing data of a node: equal hashes, equal nodes. */
function ownershipHash(keys: readonly KeyObject[]): string {
  const lines = keys.map((k) => `${k.handle}:${k.owner}:${[...k.sharedWith].sort((a, b) => a - b).join(',')}`);
  return createHash('sha256').update(lines.join('\n')).digest('hex');
}

const OFFICERS = ['CO', 'AU'] as const satisfies readonly UserType[];

export const listUserKeys = defineOperation({
  name: 'listUserKeys',
  summary: "Lists the keys a user owns (o) or shares (s) on each server, or every key (user 0), optionally with a hash of the ownership data",
  changesState: false,
  roles: OFFICERS,
  input: s.object({ userId: s.int(), withHash: s.boolean() }),
  node: userKeysSchema,
  result: s.nothing(),
  decide({ userId, withHash }, state, ctx) {
    const run = eachServer(state, ctx, (server, p): NodeOutcome<UserKeys> => {
      const denied = requireRole(ctx.session, server, p, OFFICERS);
      if (denied) return fail(server, denied);
      const all = Object.values(p.keys);
      const keys: FoundKey[] =
        userId === 0
          ? all.map((k) => ({ handle: k.handle }))
          : all.flatMap((k): FoundKey[] => (k.owner === userId ? [{ handle: k.handle, mark: 'o' }] : k.sharedWith.includes(userId) ? [{ handle: k.handle, mark: 's' }] : []));
      return ok(server, { keys, ...(withHash ? { hash: ownershipHash(all) } : {}) });
    });
    return { events: [], ...run };
  },
});

/** Attributes mgmt_util's setAttribute changes, and the field each sets. */
const SETTABLE: Readonly<Record<number, keyof KeyAttributes | 'label'>> = {
  3: 'label',
  134: 'trusted',
  260: 'encrypt',
  261: 'decrypt',
  262: 'wrap',
  263: 'unwrap',
  264: 'sign',
  266: 'verify',
  268: 'derive',
  370: 'destroyable',
  528: 'wrapWithTrusted',
};

export const setKeyAttribute = defineOperation({
  name: 'setKeyAttribute',
  summary: 'Sets an attribute of a key: the owning CU its label and usage flags, a CO OBJ_ATTR_TRUSTED (134, to 1 only)',
  changesState: true,
  roles: ['CO', 'CU'],
  input: s.object({ handle: s.int(), attribute: s.int(), value: s.string() }),
  node: s.nothing(),
  result: s.nothing(),
  decide({ handle, attribute, value: raw }, state, ctx) {
    const field = SETTABLE[attribute];
    const run = eachServer(state, ctx, (server, p): NodeOutcome<undefined> => {
      const login = loginOn(ctx.session, server, p);
      if (!login) return fail(server, 'NOT_LOGGED_IN');
      const key = p.keys[handle];
      if (!field) return fail(server, 'ATTRIBUTE_NOT_SETTABLE');
      if (field === 'trusted') {
        // Only a crypto officer marks a key trusted, and Azure takes only 134 1 (1FA).
        if (login.type !== 'CO') return fail(server, 'NOT_AUTHORIZED');
        if (!key) return fail(server, 'INVALID_HANDLE');
        if (raw !== '1') return refuse(server, 'INVALID_INPUT', 'Azure Cloud HSM takes only the value 1 for attribute 134');
        return ok(server);
      }
      const userId = cryptoUserOn(ctx.session, server, p);
      if (typeof userId !== 'number') return fail(server, userId);
      if (!key || (key.owner !== userId && !key.sharedWith.includes(userId))) return fail(server, 'INVALID_HANDLE');
      if (key.owner !== userId) return fail(server, 'KEY_ACCESS_DENIED');
      if (field !== 'label' && raw !== '0' && raw !== '1') return refuse(server, 'INVALID_INPUT', 'the value of this attribute is 0 or 1');
      if (field === 'wrapWithTrusted' && key.attrs.wrapWithTrusted && raw === '0') {
        return refuse(server, 'ATTRIBUTE_NOT_SETTABLE', 'OBJ_ATTR_WRAP_WITH_TRUSTED cannot be cleared once set');
      }
      return ok(server);
    });
    const targets = changeTargets(state, ctx, run);
    if (!field || !succeeded(run)) return { events: [], ...run };
    const value = field === 'label' ? raw : raw === '1';
    return { events: [{ type: 'KeyAttributeSet', handle, attribute: field, value, targets }], ...run };
  },
});

export const shareKey = defineOperation({
  name: 'shareKey',
  summary: 'Shares a key the crypto user owns with other crypto users, or stops sharing it',
  changesState: true,
  roles: ['CU'],
  input: s.object({ handle: s.int(), userIds: s.array(s.int()), share: s.boolean() }),
  node: s.nothing(),
  result: s.nothing(),
  decide({ handle, userIds, share }, state, ctx) {
    const run = eachServer(state, ctx, (server, p): NodeOutcome<undefined> => {
      const userId = cryptoUserOn(ctx.session, server, p);
      if (typeof userId !== 'number') return fail(server, userId);
      const key = p.keys[handle];
      if (!key || (key.owner !== userId && !key.sharedWith.includes(userId) && key.keyClass !== 2)) return fail(server, 'INVALID_HANDLE');
      if (key.owner !== userId) return fail(server, 'KEY_ACCESS_DENIED');
      if (key.keyClass === 2) return refuse(server, 'INVALID_INPUT', 'public keys are usable by every crypto user and are not shared');
      return sharingRefusal(server, p, userId, userIds) ?? ok(server);
    });
    const targets = changeTargets(state, ctx, run);
    if (!succeeded(run)) return { events: [], ...run };
    return { events: [{ type: 'KeyShared', handle, userIds, share, targets }], ...run };
  },
});

export const changeKeyOwner = defineOperation({
  name: 'changeKeyOwner',
  summary: 'Makes another crypto user the owner of a key (the KCV must match, except for generic secrets)',
  changesState: true,
  roles: ['CO'],
  input: s.object({ handle: s.int(), owner: s.int(), kcv: s.optional(s.string()) }),
  node: s.nothing(),
  result: s.nothing(),
  decide({ handle, owner, kcv: given }, state, ctx) {
    const kcv = given?.replace(/^0x/i, '').toLowerCase();
    const run = eachServer(state, ctx, (server, p): NodeOutcome<undefined> => {
      const denied = requireRole(ctx.session, server, p, ['CO']);
      if (denied) return fail(server, denied);
      const key = p.keys[handle];
      if (!key) return fail(server, 'INVALID_HANDLE');
      const user = p.users.find((u) => u.id === owner);
      if (!user || user.type !== 'CU') return refuse(server, 'INVALID_INPUT', `user ${owner} is not a crypto user`);
      if (key.keyType !== 16 && kcv !== key.kcv) return refuse(server, 'INVALID_INPUT', 'the KCV does not match the key (getAttribute 371)');
      return ok(server);
    });
    const targets = changeTargets(state, ctx, run);
    if (!succeeded(run)) return { events: [], ...run };
    return { events: [{ type: 'KeyOwnerChanged', handle, owner, targets }], ...run };
  },
});

export const copyKeyToServer = defineOperation({
  name: 'copyKeyToServer',
  summary: 'Copies a key from this server to another that lacks it (a CO any key, a crypto user the keys it owns)',
  changesState: true,
  roles: ['CO', 'CU'],
  input: s.object({ handle: s.int(), destination: s.int() }),
  node: s.nothing(),
  result: s.nothing(),
  decide({ handle, destination }, state, ctx) {
    let copy: KeyObject | undefined;
    const run = eachServer(state, ctx, (server, p): NodeOutcome<undefined> => {
      const login = loginOn(ctx.session, server, p);
      if (!login) return fail(server, 'NOT_LOGGED_IN');
      const key = p.keys[handle];
      if (!key) return fail(server, 'INVALID_HANDLE');
      if (login.type !== 'CO') {
        const userId = cryptoUserOn(ctx.session, server, p);
        if (typeof userId !== 'number') return fail(server, userId);
        if (key.owner !== userId) return fail(server, 'KEY_ACCESS_DENIED');
      }
      const target = state.nodes[destination];
      if (destination === server || !target || !isReachable(target) || !target.partition) return fail(server, 'SERVER_UNAVAILABLE');
      if (target.partition.keys[handle]) return fail(server, 'OBJECT_ALREADY_ON_NODE');
      if (!hasRoomFor(state, target.partition, ctx.session, 1)) return fail(server, 'KEY_CAPACITY_REACHED');
      copy = key;
      return ok(server);
    });
    return { events: copy ? [{ type: 'KeysCreated', keys: [copy], targets: [destination] }] : [], ...run };
  },
});

export const keyPresenceSchema = s.object({ handle: s.int(), syncedOn: s.array(s.int()) });

type KeyPresence = Infer<typeof keyPresenceSchema>;

export const locateKeys = defineOperation({
  name: 'locateKeys',
  summary: "Lists keys (of one user or all: 0; one handle or all: 0) and the servers each one exists on",
  changesState: false,
  roles: ['CO'],
  input: s.object({ userId: s.int(), handle: s.int() }),
  node: s.array(keyPresenceSchema),
  result: s.nothing(),
  decide({ userId, handle }, state, ctx) {
    const run = eachServer(state, ctx, (server, p): NodeOutcome<KeyPresence[]> => {
      const denied = requireRole(ctx.session, server, p, ['CO']);
      if (denied) return fail(server, denied);
      const keys = Object.values(p.keys).filter((k) => (userId === 0 || k.owner === userId) && (handle === 0 || k.handle === handle));
      const rows = keys.map((k) => ({
        handle: k.handle,
        syncedOn: SERVERS.filter((s) => {
          const n = state.nodes[s]!;
          return isReachable(n) && n.partition?.keys[k.handle] !== undefined;
        }),
      }));
      return ok(server, rows);
    });
    return { events: [], ...run };
  },
});
