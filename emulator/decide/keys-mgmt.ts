// Deciders for the key commands of azcloudhsm_mgmt_util: findAllKeys, setAttribute, shareKey,
// modifyKeyOwner, syncKey, getKeyDiffMap (getKeyInfo and getAttribute are shared with azcloudhsm_util).
import { createHash } from 'node:crypto';
import { isReachable, type KeyObject, SERVERS } from '../model.ts';
import { argNumber, argString, changeTargets, eachServer, fail, type Handler, loginOn, ok } from './common.ts';
import { SETTABLE } from './key-attributes.ts';
import { cryptoUserOn, refuse } from './key-access.ts';

export interface FoundKey {
  readonly handle: number;
  /** o: owned by the user, s: shared with the user; absent when listing every key (user id 0). */
  readonly mark?: 'o' | 's';
}

export interface AllKeys {
  readonly keys: readonly FoundKey[];
  readonly hash?: string;
}

/** A hash of the key ownership and sharing data of a node: equal hashes, equal nodes. */
function ownershipHash(keys: readonly KeyObject[]): string {
  const lines = keys.map((k) => `${k.handle}:${k.owner}:${[...k.sharedWith].sort((a, b) => a - b).join(',')}`);
  return createHash('sha256').update(lines.join('\n')).digest('hex');
}

export const findAllKeys: Handler = (cmd, state, ctx) => {
  const userId = argNumber(cmd, 'userId');
  const wantHash = argNumber(cmd, 'keyHash') === 1;
  const run = eachServer<AllKeys>(state, ctx, (server, p) => {
    const login = loginOn(ctx.session, server);
    if (!login) return fail(server, 'NOT_LOGGED_IN');
    if (login.type !== 'CO' && login.type !== 'AU') return fail(server, 'NOT_AUTHORIZED');
    const all = Object.values(p.keys);
    const keys: FoundKey[] =
      userId === 0
        ? all.map((k) => ({ handle: k.handle }))
        : all.flatMap((k): FoundKey[] => (k.owner === userId ? [{ handle: k.handle, mark: 'o' }] : k.sharedWith.includes(userId) ? [{ handle: k.handle, mark: 's' }] : []));
    return ok(server, { keys, ...(wantHash ? { hash: ownershipHash(all) } : {}) });
  });
  return { events: [], ...run };
};

export const setAttribute: Handler = (cmd, state, ctx) => {
  const handle = argNumber(cmd, 'keyHandle');
  const code = argNumber(cmd, 'attributeId');
  const raw = argString(cmd, 'value');
  const field = SETTABLE[code];
  const run = eachServer(state, ctx, (server, p) => {
    const login = loginOn(ctx.session, server);
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
  if (!field || !run.outcomes.some((o) => o.code === 'SUCCESS')) return { events: [], ...run };
  const value = field === 'label' ? raw : raw === '1';
  return { events: [{ type: 'KeyAttributeSet', handle, attribute: field, value, targets }], ...run };
};

export const shareKey: Handler = (cmd, state, ctx) => {
  const handle = argNumber(cmd, 'keyHandle');
  const userIds = [...(cmd.args.userIds as readonly number[])];
  const share = argNumber(cmd, 'share') === 1;
  const run = eachServer(state, ctx, (server, p) => {
    const userId = cryptoUserOn(ctx.session, server, p);
    if (typeof userId !== 'number') return fail(server, userId);
    const key = p.keys[handle];
    if (!key || (key.owner !== userId && !key.sharedWith.includes(userId) && key.keyClass !== 2)) return fail(server, 'INVALID_HANDLE');
    if (key.owner !== userId) return fail(server, 'KEY_ACCESS_DENIED');
    if (key.keyClass === 2) return refuse(server, 'INVALID_INPUT', 'public keys are usable by every crypto user and are not shared');
    for (const id of userIds) {
      const u = p.users.find((x) => x.id === id);
      if (!u || u.type !== 'CU' || id === userId) return refuse(server, 'INVALID_INPUT', `user ${id} is not another crypto user`);
    }
    return ok(server);
  });
  const targets = changeTargets(state, ctx, run);
  if (!run.outcomes.some((o) => o.code === 'SUCCESS')) return { events: [], ...run };
  return { events: [{ type: 'KeyShared', handle, userIds, share, targets }], ...run };
};

export const modifyKeyOwner: Handler = (cmd, state, ctx) => {
  const handle = argNumber(cmd, 'keyHandle');
  const owner = argNumber(cmd, 'userId');
  const kcv = typeof cmd.args.kcv === 'string' ? cmd.args.kcv.replace(/^0x/i, '').toLowerCase() : undefined;
  const run = eachServer(state, ctx, (server, p) => {
    const login = loginOn(ctx.session, server);
    if (!login) return fail(server, 'NOT_LOGGED_IN');
    if (login.type !== 'CO') return fail(server, 'NOT_AUTHORIZED');
    const key = p.keys[handle];
    if (!key) return fail(server, 'INVALID_HANDLE');
    const user = p.users.find((u) => u.id === owner);
    if (!user || user.type !== 'CU') return refuse(server, 'INVALID_INPUT', `user ${owner} is not a crypto user`);
    if (key.keyType !== 16 && kcv !== key.kcv) return refuse(server, 'INVALID_INPUT', 'the KCV does not match the key (getAttribute 371)');
    return ok(server);
  });
  const targets = changeTargets(state, ctx, run);
  if (!run.outcomes.some((o) => o.code === 'SUCCESS')) return { events: [], ...run };
  return { events: [{ type: 'KeyOwnerChanged', handle, owner, targets }], ...run };
};

export const syncKey: Handler = (cmd, state, ctx) => {
  const handle = argNumber(cmd, 'keyHandle');
  const dest = argNumber(cmd, 'serverId');
  let copy: KeyObject | undefined;
  const run = eachServer(state, ctx, (server, p) => {
    const login = loginOn(ctx.session, server);
    if (!login) return fail(server, 'NOT_LOGGED_IN');
    const key = p.keys[handle];
    if (!key) return fail(server, 'INVALID_HANDLE');
    if (login.type !== 'CO') {
      const userId = cryptoUserOn(ctx.session, server, p);
      if (typeof userId !== 'number') return fail(server, userId);
      if (key.owner !== userId) return fail(server, 'KEY_ACCESS_DENIED');
    }
    const target = state.nodes[dest];
    if (dest === server || !target || !isReachable(target) || !target.partition) return fail(server, 'SERVER_UNAVAILABLE');
    if (target.partition.keys[handle]) return fail(server, 'OBJECT_ALREADY_ON_NODE');
    copy = key;
    return ok(server);
  });
  return { events: copy ? [{ type: 'KeysCreated', keys: [copy], targets: [dest] }] : [], ...run };
};

export interface KeyDiffRow {
  readonly handle: number;
  readonly syncedOn: readonly number[];
}

export const getKeyDiffMap: Handler = (cmd, state, ctx) => {
  const userId = argNumber(cmd, 'userId');
  const handle = argNumber(cmd, 'keyHandle');
  const run = eachServer<KeyDiffRow[]>(state, ctx, (server, p) => {
    const login = loginOn(ctx.session, server);
    if (!login) return fail(server, 'NOT_LOGGED_IN');
    if (login.type !== 'CO') return fail(server, 'NOT_AUTHORIZED');
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
};

