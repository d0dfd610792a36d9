// Deciders for logins and user management (azcloudhsm_mgmt_util).
import { createPublicKey, verify } from 'node:crypto';
import type { ReturnCodeName } from '../domain/return-codes.ts';
import { hashPassword, passwordChecker } from '../crypto/passwords.ts';
import type { Event } from '../events.ts';
import { findUser, isLocked, isReachable, keysOwnedBy, SERVERS, type User, type UserType } from '../model.ts';
import { signWithPartitionKey } from './partition-key.ts';
import {
  argNumber,
  argString,
  canonicalUserType,
  changeTargets,
  eachServer,
  fail,
  type Handler,
  type Login,
  loginOn,
  ok,
  requireRole,
  withMirrors,
} from './common.ts';

export interface UserView {
  readonly id: number;
  readonly type: UserType;
  readonly name: string;
  readonly loginFailures: number;
  readonly locked: boolean;
}

export function userView(u: User): UserView {
  return { id: u.id, type: u.type, name: u.name, loginFailures: u.loginFailures, locked: isLocked(u) };
}

function onlyIfAny(e: Event & { targets: readonly number[] }): Event[] {
  return e.targets.length > 0 ? [e] : [];
}

export const loginHSM: Handler = (cmd, state, ctx) => {
  const type = canonicalUserType(argString(cmd, 'userType'));
  const name = argString(cmd, 'userName');
  const password = argString(cmd, 'password');
  const current = ctx.session.login;
  const sameUser = current && current.name.toLowerCase() === name.toLowerCase() && current.type === type;
  const failed: number[] = [];
  const cleared: number[] = [];
  const passwordMatches = passwordChecker(password);
  const run = eachServer(state, ctx, (server, p) => {
    if (current && (!sameUser || loginOn(ctx.session, server))) return fail(server, 'ALREADY_LOGGED_IN');
    const user = findUser(p, name);
    if (!user) return fail(server, 'LOGIN_FAILURE');
    if (type === 'AU' || user.type !== type) return fail(server, 'INVALID_USER_TYPE');
    // azcloudhsm_util works as a crypto user only (Azure: "Only PCU scoped commands").
    if (ctx.session.tool === 'util' && type !== 'CU') return fail(server, 'INVALID_USER_TYPE');
    if (isLocked(user)) return fail(server, 'ACCOUNT_LOCKED');
    if (!passwordMatches(user.password)) {
      failed.push(server);
      return fail(server, 'LOGIN_FAILURE');
    }
    if (user.loginFailures > 0) cleared.push(server);
    return ok(server);
  });
  const succeeded = run.outcomes.filter((o) => o.code === 'SUCCESS').map((o) => o.server);
  const events = [
    ...onlyIfAny({ type: 'LoginFailed', name, targets: withMirrors(state, failed) }),
    ...onlyIfAny({ type: 'LoginFailuresCleared', name, targets: withMirrors(state, cleared) }),
  ];
  const login: Login | undefined =
    succeeded.length > 0
      ? { name: current?.name ?? name, type, servers: [...new Set([...(sameUser ? current!.servers : []), ...succeeded])].sort() }
      : undefined;
  return { events, ...run, ...(login ? { login } : {}) };
};

export const logoutHSM: Handler = (_cmd, state, ctx) => {
  const run = eachServer(state, ctx, (server) => (loginOn(ctx.session, server) ? ok(server) : fail(server, 'NOT_LOGGED_IN')));
  const loggedOut = new Set(run.outcomes.filter((o) => o.code === 'SUCCESS').map((o) => o.server));
  const current = ctx.session.login;
  if (!current || loggedOut.size === 0) return { events: [], ...run };
  const servers = current.servers.filter((s) => !loggedOut.has(s));
  if (servers.length > 0) return { events: [], ...run, login: { ...current, servers } };
  // Session keys belong to the login session: logging out destroys them.
  const sessionKeys = Object.keys(ctx.session.sessionKeys ?? {}).map(Number);
  return { events: [], ...run, login: null, ...(sessionKeys.length > 0 ? { sessionKeys: { remove: sessionKeys } } : {}) };
};

export const createUser: Handler = (cmd, state, ctx) => {
  const type = argString(cmd, 'userType') as UserType;
  const name = argString(cmd, 'userName');
  const run = eachServer(state, ctx, (server, p) => {
    const denied = requireRole(ctx.session, server, ['CO']);
    if (denied) return fail(server, denied);
    if (findUser(p, name)) return fail(server, 'USER_EXISTS');
    return ok(server);
  });
  const targets = changeTargets(state, ctx, run);
  if (targets.length === 0) return { events: [], ...run };
  const password = hashPassword(ctx.env, argString(cmd, 'newPassword'));
  return { events: [{ type: 'UserCreated', userType: type, name, password, targets }], ...run };
};

export const deleteUser: Handler = (cmd, state, ctx) => {
  const type = canonicalUserType(argString(cmd, 'userType'));
  const name = argString(cmd, 'userName');
  const run = eachServer(state, ctx, (server, p) => {
    const denied = requireRole(ctx.session, server, ['CO']);
    if (denied) return fail(server, denied);
    const user = findUser(p, name);
    if (!user || user.type !== type) return fail(server, 'USER_DOES_NOT_EXIST');
    if (user.type === 'PRECO' || user.type === 'AU') return fail(server, 'NOT_AUTHORIZED');
    if (ctx.session.login?.name.toLowerCase() === user.name.toLowerCase()) return fail(server, 'USER_LOGGED_IN');
    if (keysOwnedBy(p, user.id).length > 0) return fail(server, 'USER_OWNS_KEYS');
    return ok(server);
  });
  const targets = changeTargets(state, ctx, run);
  return { events: onlyIfAny({ type: 'UserDeleted', name, targets }), ...run };
};

export const changePswd: Handler = (cmd, state, ctx) => {
  const type = canonicalUserType(argString(cmd, 'userType'));
  const name = argString(cmd, 'userName');
  let promotes = false;
  const run = eachServer(state, ctx, (server, p) => {
    const login = loginOn(ctx.session, server);
    if (!login) return fail(server, 'NOT_LOGGED_IN');
    const user = findUser(p, name);
    if (!user) return fail(server, 'USER_DOES_NOT_EXIST');
    if (user.type !== type) return fail(server, 'INVALID_USER_TYPE');
    const own = login.name.toLowerCase() === user.name.toLowerCase();
    if (!own && !(login.type === 'CO' && (user.type === 'CO' || user.type === 'CU'))) return fail(server, 'NOT_AUTHORIZED');
    if (user.type === 'PRECO') {
      // Promoting the PRECO activates the cluster, which needs a claimed partition (PO and POAC stored).
      if (!p.certs.poac) return fail(server, 'NOT_ACTIVATED');
      promotes = true;
    }
    return ok(server);
  });
  const targets = changeTargets(state, ctx, run);
  if (targets.length === 0) return { events: [], ...run };
  const password = hashPassword(ctx.env, argString(cmd, 'newPassword'));
  const events: Event[] = [{ type: 'PasswordChanged', name, password, targets, ...(promotes ? { promoteTo: 'CO' as const } : {}) }];
  if (promotes && !state.activated) events.push({ type: 'ClusterActivated', source: 0 });
  return { events, ...run, data: { promoted: promotes, activated: promotes && !state.activated } };
};

export const listUsers: Handler = (_cmd, state, ctx) => {
  const run = eachServer(state, ctx, (server, p) => ok(server, p.users.map(userView)));
  return { events: [], ...run };
};

export const getUserInfo: Handler = (cmd, state, ctx) => {
  const name = argString(cmd, 'userName');
  const run = eachServer(state, ctx, (server, p) => {
    if (!loginOn(ctx.session, server)) return fail(server, 'NOT_LOGGED_IN');
    const user = findUser(p, name);
    return user ? ok(server, userView(user)) : fail(server, 'USER_DOES_NOT_EXIST');
  });
  return { events: [], ...run };
};

export interface SyncResult {
  readonly extract: ReturnCodeName;
  readonly insert?: ReturnCodeName;
}

export const syncUser: Handler = (cmd, state, ctx) => {
  const userId = argNumber(cmd, 'userId');
  const dest = argNumber(cmd, 'serverId');
  let copy: User | undefined;
  const run = eachServer<SyncResult>(state, ctx, (server, p) => {
    const denied = requireRole(ctx.session, server, ['CO']);
    if (denied) return fail(server, denied);
    const user = p.users.find((u) => u.id === userId);
    if (!user) return fail(server, 'USER_DOES_NOT_EXIST');
    const target = state.nodes[dest];
    if (dest === server || !target || !isReachable(target) || !target.partition) {
      return { server, code: 'SERVER_UNAVAILABLE', data: { extract: 'SUCCESS', insert: 'SERVER_UNAVAILABLE' } };
    }
    if (findUser(target.partition, user.name)) {
      return { server, code: 'USER_ALREADY_ON_NODE', data: { extract: 'SUCCESS', insert: 'USER_ALREADY_ON_NODE' } };
    }
    copy = { ...user, loginFailures: 0 };
    return ok(server, { extract: 'SUCCESS', insert: 'SUCCESS' });
  });
  const events: Event[] = copy ? [{ type: 'UserSynced', user: copy, targets: [dest] }] : [];
  return { events, ...run };
};

export interface UserDiffRow extends UserView {
  readonly existsOn: readonly number[];
}

export const getUserDiffMap: Handler = (cmd, state, ctx) => {
  const userId = argNumber(cmd, 'userId');
  const run = eachServer<UserDiffRow[]>(state, ctx, (server, p) => {
    const denied = requireRole(ctx.session, server, ['CO', 'CU']);
    if (denied) return fail(server, denied);
    const users = p.users.filter((u) => userId === 0 || u.id === userId);
    if (userId !== 0 && users.length === 0) return fail(server, 'USER_DOES_NOT_EXIST');
    const rows = users.map((u) => ({
      ...userView(u),
      existsOn: SERVERS.filter((s) => {
        const n = state.nodes[s]!;
        return isReachable(n) && n.partition !== undefined && findUser(n.partition, u.name) !== undefined;
      }),
    }));
    return ok(server, rows);
  });
  return { events: [], ...run };
};

export const unlockUser: Handler = (cmd, state, ctx) => {
  const name = argString(cmd, 'userName');
  const cleared: number[] = [];
  const run = eachServer(state, ctx, (server, p) => {
    const denied = requireRole(ctx.session, server, ['CO']);
    if (denied) return fail(server, denied);
    const user = findUser(p, name);
    if (!user) return fail(server, 'USER_DOES_NOT_EXIST');
    if (user.type !== 'CU') return fail(server, 'INVALID_USER_TYPE');
    if (user.loginFailures > 0) cleared.push(server);
    return ok(server);
  });
  return { events: onlyIfAny({ type: 'LoginFailuresCleared', name, targets: withMirrors(state, cleared) }), ...run };
};

export interface ChallengeData {
  readonly challenge: string; // base64
  readonly hsmSignature: string; // base64, by the partition key
}

/** Size of an unlock challenge (the vendor's challenge files are 176 bytes). */
const CHALLENGE_BYTES = 176;

export const getChallenge: Handler = (cmd, state, ctx) => {
  const coName = argString(cmd, 'coName');
  const challenges: Record<number, string> = {};
  const run = eachServer<ChallengeData>(state, ctx, (server, p) => {
    const user = findUser(p, coName);
    if (!user) return fail(server, 'USER_DOES_NOT_EXIST');
    if (user.type !== 'CO') return fail(server, 'INVALID_USER_TYPE');
    const challenge = ctx.env.randomBytes(CHALLENGE_BYTES);
    challenges[server] = challenge.toString('base64');
    const hsmSignature = signWithPartitionKey(ctx.env, p, challenge);
    return ok(server, { challenge: challenges[server]!, hsmSignature: hsmSignature.toString('base64') });
  });
  const targets = run.outcomes.filter((o) => o.code === 'SUCCESS').map((o) => o.server);
  return { events: onlyIfAny({ type: 'ChallengeIssued', coName, challenges, targets }), ...run };
};

export const unlockCO: Handler = (cmd, state, ctx) => {
  const coName = argString(cmd, 'coName');
  const signatures = cmd.files ?? {};
  const run = eachServer(state, ctx, (server, p) => {
    const user = findUser(p, coName);
    if (!user) return fail(server, 'USER_DOES_NOT_EXIST');
    if (user.type !== 'CO') return fail(server, 'INVALID_USER_TYPE');
    if (!isLocked(user)) return fail(server, 'NOT_LOCKED');
    const challenge = p.challenges[coName.toLowerCase()];
    if (!challenge) return fail(server, 'CHALLENGE_MISSING');
    if (!p.certs.po) return fail(server, 'CERT_NOT_FOUND');
    const signature = signatures[`node${server}`];
    if (!signature) return fail(server, 'SIGNATURE_INVALID');
    const poKey = createPublicKey(p.certs.po);
    const valid = verifyQuietly(() => verify('sha256', Buffer.from(challenge, 'base64'), poKey, signature));
    return valid ? ok(server) : fail(server, 'SIGNATURE_INVALID');
  });
  const targets = run.outcomes.filter((o) => o.code === 'SUCCESS').map((o) => o.server);
  return { events: onlyIfAny({ type: 'COUnlocked', coName, targets: withMirrors(state, targets) }), ...run };
};

function verifyQuietly(check: () => boolean): boolean {
  try {
    return check();
  } catch {
    return false;
  }
}

