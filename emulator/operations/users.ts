// Operations on logins and users: logging in and out, creating, deleting and changing users, reading
// them, copying a user to another server, and unlocking locked users.
import { createPublicKey, verify } from 'node:crypto';
import { hashPassword, passwordChecker } from '../crypto/passwords.ts';
import type { Event } from '../events.ts';
import { findUser, isLocked, isReachable, keysOwnedBy, SERVERS, type User, type UserType } from '../model.ts';
import { type Infer, s } from '../schema.ts';
import { changeTargets, eachServer, fail, loginOn, ok, requireRole, succeededServers, withMirrors } from './fan-out.ts';
import { defineOperation, type Login, type NodeOutcome } from './operation.ts';
import { signWithPartitionKey } from './partition-key.ts';
import { loggedInAnywhere, newLease, sessionEnded, sessionOpened, voidLeases } from './sessions.ts';

const USER_TYPES = ['PRECO', 'CO', 'CU', 'AU'] as const satisfies readonly UserType[];
const userType = s.enum(USER_TYPES);
/** Every role a user logs in with (the appliance user never logs in). */
const LOGGED_IN = ['PRECO', 'CO', 'CU'] as const satisfies readonly UserType[];

export const userViewSchema = s.object({
  id: s.int(),
  type: userType,
  name: s.string(),
  loginFailures: s.int(),
  locked: s.boolean(),
});

export type UserView = Infer<typeof userViewSchema>;

export function userView(u: User): UserView {
  return { id: u.id, type: u.type, name: u.name, loginFailures: u.loginFailures, locked: isLocked(u) };
}

function onlyIfAny(e: Event & { targets: readonly number[] }): Event[] {
  return e.targets.length > 0 ? [e] : [];
}

export const login = defineOperation({
  name: 'login',
  sessionBookkeeping: true,
  summary: 'Logs a user in on each server (a journaled lease every process sees); a wrong password counts towards the lockout on that server',
  changesState: true,
  roles: 'anyone',
  input: s.object({ type: userType, name: s.string(), password: s.string() }),
  node: s.nothing(),
  result: s.nothing(),
  decide({ type, name, password }, state, ctx) {
    const current = ctx.session.login;
    const sameUser = current !== undefined && current.name.toLowerCase() === name.toLowerCase() && current.type === type;
    const failed: number[] = [];
    const cleared: number[] = [];
    const userIdOn: Record<number, number> = {};
    const passwordMatches = passwordChecker(password);
    const run = eachServer(state, ctx, (server, p): NodeOutcome<undefined> => {
      if (current && (!sameUser || loginOn(ctx.session, server, p))) return fail(server, 'ALREADY_LOGGED_IN');
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
      userIdOn[server] = user.id;
      return ok(server);
    });
    const succeeded = succeededServers(run);
    const events = [
      ...onlyIfAny({ type: 'LoginFailed', name, targets: withMirrors(state, failed) }),
      ...onlyIfAny({ type: 'LoginFailuresCleared', name, targets: withMirrors(state, cleared) }),
    ];
    if (succeeded.length === 0) return { events, ...run };
    const login: Login = {
      name: current?.name ?? name,
      type,
      servers: [...new Set([...(sameUser ? current.servers : []), ...succeeded])].sort(),
      userIdOn: { ...(sameUser ? current.userIdOn : {}), ...userIdOn },
      lease: sameUser ? current.lease : newLease(ctx),
    };
    return { events: [...voidLeases(state, ctx), ...events, sessionOpened(ctx, login)], ...run, login };
  },
});

export const logout = defineOperation({
  name: 'logout',
  sessionBookkeeping: true,
  summary: 'Logs the user out of each server; the last logout ends the session (its lease) and its session keys',
  changesState: true,
  roles: LOGGED_IN,
  input: s.object({}),
  node: s.nothing(),
  result: s.nothing(),
  decide(_input, state, ctx) {
    const current = ctx.session.login;
    // Logging out always works, even for a session whose user has been deleted since.
    const run = eachServer(state, ctx, (server): NodeOutcome<undefined> => (current?.servers.includes(server) ? ok(server) : fail(server, 'NOT_LOGGED_IN')));
    const loggedOut = new Set(succeededServers(run));
    if (!current || loggedOut.size === 0) return { events: [], ...run };
    const servers = current.servers.filter((s) => !loggedOut.has(s));
    if (servers.length > 0) {
      const login: Login = { ...current, servers, userIdOn: Object.fromEntries(servers.map((s) => [s, current.userIdOn[s]!])) };
      return { events: [sessionOpened(ctx, login)], ...run, login };
    }
    // Session keys belong to the login session: logging out destroys them.
    const sessionKeys = Object.keys(ctx.session.sessionKeys ?? {}).map(Number);
    return { events: sessionEnded(ctx), ...run, login: null, ...(sessionKeys.length > 0 ? { sessionKeys: { remove: sessionKeys } } : {}) };
  },
});

const CO_ONLY = ['CO'] as const satisfies readonly UserType[];

export const createUser = defineOperation({
  name: 'createUser',
  summary: 'Creates a crypto officer or crypto user',
  changesState: true,
  roles: CO_ONLY,
  input: s.object({ type: s.enum(['CO', 'CU']), name: s.string(), password: s.string() }),
  node: s.nothing(),
  result: s.nothing(),
  prepare: (input, env) => hashPassword(env, input.password),
  decide({ type, name }, state, ctx, password) {
    const run = eachServer(state, ctx, (server, p): NodeOutcome<undefined> => {
      const denied = requireRole(ctx.session, server, p, CO_ONLY);
      if (denied) return fail(server, denied);
      if (findUser(p, name)) return fail(server, 'USER_EXISTS');
      return ok(server);
    });
    const targets = changeTargets(state, ctx, run);
    if (targets.length === 0) return { events: [], ...run };
    // The id comes from the cluster-wide counter, whichever nodes the user is created on.
    return { events: [{ type: 'UserCreated', id: state.nextUserId, userType: type, name, password, targets }], ...run };
  },
});

export const deleteUser = defineOperation({
  name: 'deleteUser',
  summary: 'Deletes a user who owns no keys and is not logged in anywhere in the cluster',
  changesState: true,
  roles: CO_ONLY,
  input: s.object({ type: userType, name: s.string() }),
  node: s.nothing(),
  result: s.nothing(),
  decide({ type, name }, state, ctx) {
    const run = eachServer(state, ctx, (server, p): NodeOutcome<undefined> => {
      const denied = requireRole(ctx.session, server, p, CO_ONLY);
      if (denied) return fail(server, denied);
      const user = findUser(p, name);
      if (!user || user.type !== type) return fail(server, 'USER_DOES_NOT_EXIST');
      if (user.type === 'PRECO' || user.type === 'AU') return fail(server, 'NOT_AUTHORIZED');
      if (keysOwnedBy(p, user.id).length > 0) return fail(server, 'USER_OWNS_KEYS');
      // "You cannot ... delete a user who is currently logged in" (reference 4.3): in any process.
      if (loggedInAnywhere(state, ctx, server, user.id)) return fail(server, 'USER_LOGGED_IN');
      return ok(server);
    });
    const targets = changeTargets(state, ctx, run);
    return { events: onlyIfAny({ type: 'UserDeleted', name, targets }), ...run };
  },
});

export const changePassword = defineOperation({
  name: 'changePassword',
  summary: "Changes a user's password (a CO also those of other COs and CUs); the PRECO's promotes it to CO and activates the cluster",
  changesState: true,
  roles: LOGGED_IN,
  input: s.object({ type: userType, name: s.string(), password: s.string() }),
  node: s.nothing(),
  result: s.nothing(),
  prepare: (input, env) => hashPassword(env, input.password),
  decide({ type, name }, state, ctx, password) {
    let promotes = false;
    const run = eachServer(state, ctx, (server, p): NodeOutcome<undefined> => {
      const login = loginOn(ctx.session, server, p);
      if (!login) return fail(server, 'NOT_LOGGED_IN');
      const user = findUser(p, name);
      if (!user) return fail(server, 'USER_DOES_NOT_EXIST');
      if (user.type !== type) return fail(server, 'INVALID_USER_TYPE');
      const own = login.userIdOn[server] === user.id;
      if (!own && !(login.type === 'CO' && (user.type === 'CO' || user.type === 'CU'))) return fail(server, 'NOT_AUTHORIZED');
      // "Cannot change the password of a user logged in elsewhere" (reference 5.4).
      if (loggedInAnywhere(state, ctx, server, user.id, true)) return fail(server, 'USER_LOGGED_IN');
      if (user.type === 'PRECO') {
        // Promoting the PRECO activates the cluster, which needs a claimed partition (PO and POAC stored).
        if (!p.certs.poac) return fail(server, 'NOT_ACTIVATED');
        promotes = true;
      }
      return ok(server);
    });
    const targets = changeTargets(state, ctx, run);
    if (targets.length === 0) return { events: [], ...run };
    const events: Event[] = [{ type: 'PasswordChanged', name, password, targets, ...(promotes ? { promoteTo: 'CO' as const } : {}) }];
    if (promotes && !state.activated) events.push({ type: 'ClusterActivated', source: 0 });
    return { events, ...run };
  },
});

export const listUsers = defineOperation({
  name: 'listUsers',
  summary: 'Lists the users of each server',
  changesState: false,
  roles: 'anyone',
  input: s.object({}),
  node: s.array(userViewSchema),
  result: s.nothing(),
  decide(_input, state, ctx) {
    return { events: [], ...eachServer(state, ctx, (server, p) => ok(server, p.users.map(userView))) };
  },
});

export const describeUser = defineOperation({
  name: 'describeUser',
  summary: 'Shows one user on each server',
  changesState: false,
  roles: LOGGED_IN,
  input: s.object({ name: s.string() }),
  node: userViewSchema,
  result: s.nothing(),
  decide({ name }, state, ctx) {
    const run = eachServer(state, ctx, (server, p): NodeOutcome<UserView> => {
      if (!loginOn(ctx.session, server, p)) return fail(server, 'NOT_LOGGED_IN');
      const user = findUser(p, name);
      return user ? ok(server, userView(user)) : fail(server, 'USER_DOES_NOT_EXIST');
    });
    return { events: [], ...run };
  },
});

export const copyUserToServer = defineOperation({
  name: 'copyUserToServer',
  summary: 'Copies a user, with its id and password hash, from this server to another',
  changesState: true,
  roles: CO_ONLY,
  input: s.object({ userId: s.int(), destination: s.int() }),
  node: s.nothing(),
  result: s.nothing(),
  decide({ userId, destination }, state, ctx) {
    let copy: User | undefined;
    const run = eachServer(state, ctx, (server, p): NodeOutcome<undefined> => {
      const denied = requireRole(ctx.session, server, p, CO_ONLY);
      if (denied) return fail(server, denied);
      const user = p.users.find((u) => u.id === userId);
      if (!user) return fail(server, 'USER_DOES_NOT_EXIST');
      const target = state.nodes[destination];
      if (destination === server || !target || !isReachable(target) || !target.partition) return { server, code: 'SERVER_UNAVAILABLE', atDestination: true };
      if (findUser(target.partition, user.name)) return { server, code: 'USER_ALREADY_ON_NODE', atDestination: true };
      copy = { ...user, loginFailures: 0 };
      return ok(server);
    });
    const events: Event[] = copy ? [{ type: 'UserSynced', user: copy, targets: [destination] }] : [];
    return { events, ...run };
  },
});

export const userPresenceSchema = s.object({ ...userViewSchema.shape, existsOn: s.array(s.int()) });

export type UserPresence = Infer<typeof userPresenceSchema>;

export const locateUsers = defineOperation({
  name: 'locateUsers',
  summary: 'Lists the users of this server (one, or all for id 0) and the servers each one exists on',
  changesState: false,
  roles: ['CO', 'CU'],
  input: s.object({ userId: s.int() }),
  node: s.array(userPresenceSchema),
  result: s.nothing(),
  decide({ userId }, state, ctx) {
    const run = eachServer(state, ctx, (server, p): NodeOutcome<UserPresence[]> => {
      const denied = requireRole(ctx.session, server, p, ['CO', 'CU']);
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
  },
});

export const unlockUser = defineOperation({
  name: 'unlockUser',
  summary: 'Clears the failed-login count of a crypto user',
  changesState: true,
  roles: CO_ONLY,
  input: s.object({ name: s.string() }),
  node: s.nothing(),
  result: s.nothing(),
  decide({ name }, state, ctx) {
    const cleared: number[] = [];
    const run = eachServer(state, ctx, (server, p): NodeOutcome<undefined> => {
      const denied = requireRole(ctx.session, server, p, CO_ONLY);
      if (denied) return fail(server, denied);
      const user = findUser(p, name);
      if (!user) return fail(server, 'USER_DOES_NOT_EXIST');
      if (user.type !== 'CU') return fail(server, 'INVALID_USER_TYPE');
      if (user.loginFailures > 0) cleared.push(server);
      return ok(server);
    });
    return { events: onlyIfAny({ type: 'LoginFailuresCleared', name, targets: withMirrors(state, cleared) }), ...run };
  },
});

/** Size of an unlock challenge (the vendor's challenge files are 176 bytes). */
const CHALLENGE_BYTES = 176;

export const unlockChallengeSchema = s.object({
  challenge: s.bytes(),
  /** The partition key's signature of the challenge (SHA-256). */
  hsmSignature: s.bytes(),
});

export const issueUnlockChallenge = defineOperation({
  name: 'issueUnlockChallenge',
  summary: 'Issues each server a challenge for unlocking a crypto officer, signed by the partition key',
  changesState: true,
  roles: 'anyone',
  input: s.object({ coName: s.string() }),
  node: unlockChallengeSchema,
  result: s.nothing(),
  decide({ coName }, state, ctx) {
    const challenges: Record<number, string> = {};
    const run = eachServer(state, ctx, (server, p): NodeOutcome<Infer<typeof unlockChallengeSchema>> => {
      const user = findUser(p, coName);
      if (!user) return fail(server, 'USER_DOES_NOT_EXIST');
      if (user.type !== 'CO') return fail(server, 'INVALID_USER_TYPE');
      const challenge = ctx.env.randomBytes(CHALLENGE_BYTES);
      challenges[server] = challenge.toString('base64');
      return ok(server, { challenge, hsmSignature: signWithPartitionKey(ctx.env, p, challenge) });
    });
    const targets = succeededServers(run);
    return { events: onlyIfAny({ type: 'ChallengeIssued', coName, challenges, targets }), ...run };
  },
});

export const unlockCryptoOfficer = defineOperation({
  name: 'unlockCryptoOfficer',
  summary: "Unlocks a crypto officer with each server's challenge signed by the partition owner's key (PO.key)",
  changesState: true,
  roles: 'anyone',
  input: s.object({ coName: s.string(), signatures: s.array(s.object({ server: s.int(), signature: s.bytes() })) }),
  node: s.nothing(),
  result: s.nothing(),
  decide({ coName, signatures }, state, ctx) {
    const run = eachServer(state, ctx, (server, p): NodeOutcome<undefined> => {
      const user = findUser(p, coName);
      if (!user) return fail(server, 'USER_DOES_NOT_EXIST');
      if (user.type !== 'CO') return fail(server, 'INVALID_USER_TYPE');
      if (!isLocked(user)) return fail(server, 'NOT_LOCKED');
      const challenge = p.challenges[coName.toLowerCase()];
      if (!challenge) return fail(server, 'CHALLENGE_MISSING');
      if (!p.certs.po) return fail(server, 'CERT_NOT_FOUND');
      const signature = signatures.find((x) => x.server === server)?.signature;
      if (!signature) return fail(server, 'SIGNATURE_INVALID');
      const poKey = createPublicKey(p.certs.po);
      const valid = verifyQuietly(() => verify('sha256', Buffer.from(challenge, 'base64'), poKey, signature));
      return valid ? ok(server) : fail(server, 'SIGNATURE_INVALID');
    });
    return { events: onlyIfAny({ type: 'COUnlocked', coName, targets: withMirrors(state, succeededServers(run)) }), ...run };
  },
});

function verifyQuietly(check: () => boolean): boolean {
  try {
    return check();
  } catch {
    return false;
  }
}
