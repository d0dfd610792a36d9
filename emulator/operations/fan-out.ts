// What the operations share: the fan-out over servers, each server's answer, the HSM's permission check
// on a server, and the rule for which servers a change is journaled for.
import type { ErrorCode } from '../domain/return-codes.ts';
import { type ClusterState, isReachable, type Partition, SERVERS, type UserType } from '../model.ts';
import type { DecideContext, Login, NodeOutcome, Refused, Session, Succeeded } from './operation.ts';

export function ok(server: number): Succeeded<undefined>;
export function ok<N>(server: number, data: N): Succeeded<N>;
export function ok<N>(server: number, data?: N): Succeeded<N | undefined> {
  return { server, code: 'SUCCESS', data };
}

export function fail(server: number, code: ErrorCode): Refused {
  return { server, code };
}

/** A refusal with the emulator's explanation of it (a note for learners: not the real tool's text). */
export function refuse(server: number, code: ErrorCode, note: string): Refused {
  return { server, code, reason: { kind: 'note', text: note } };
}

/** A refusal for which the real tool prints a line of its own (a vendor string the reference records). */
export function refusePrinted(server: number, code: ErrorCode, printed: string): Refused {
  return { server, code, reason: { kind: 'printed', text: printed } };
}

export function fanOutServers(ctx: DecideContext): readonly number[] {
  if (ctx.options.servers) return ctx.options.servers;
  const scope = ctx.session.scope;
  return scope.kind === 'global' ? ctx.session.connected : [scope.server];
}

export interface FanOut<N> {
  readonly outcomes: readonly NodeOutcome<N>[];
  readonly stoppedAt?: number;
  readonly remaining?: readonly number[];
}

/**
 * Asks each server in turn. A server that is down answers SERVER_UNAVAILABLE (the change still reaches it
 * later from the journal); with stopAtFirstFailure the walk stops at the first HSM error.
 */
export function eachServer<N>(state: ClusterState, ctx: DecideContext, visit: (server: number, partition: Partition) => NodeOutcome<N>): FanOut<N> {
  const servers = fanOutServers(ctx);
  const outcomes: NodeOutcome<N>[] = [];
  for (let i = 0; i < servers.length; i++) {
    const server = servers[i]!;
    const node = state.nodes[server];
    if (!node || !isReachable(node) || !node.partition) {
      outcomes.push(fail(server, 'SERVER_UNAVAILABLE'));
      continue;
    }
    const outcome = visit(server, node.partition);
    outcomes.push(outcome);
    if (outcome.code !== 'SUCCESS' && ctx.options.stopAtFirstFailure) {
      return { outcomes, stoppedAt: server, remaining: servers.slice(i + 1) };
    }
  }
  return { outcomes };
}

export function succeeded<N>(run: FanOut<N>): boolean {
  return run.outcomes.some((o) => o.code === 'SUCCESS');
}

export function succeededServers<N>(run: FanOut<N>): number[] {
  return run.outcomes.filter((o) => o.code === 'SUCCESS').map((o) => o.server);
}

/** The data the first server that did it answered: what a one-answer tool (azcloudhsm_util) shows. */
export function firstAnswer<N>(outcomes: readonly NodeOutcome<N>[]): N | undefined {
  for (const o of outcomes) if (o.code === 'SUCCESS') return o.data;
  return undefined;
}

/**
 * The servers a change is journaled for. Nothing, unless at least one server accepted it: a change every
 * reachable server refused (or that reached none) is not made, and so not queued for anyone. Otherwise
 * the servers that applied it, and servers that were unreachable (they replay it when they come back).
 * In global scope also every other member of the cluster, but never a server that refused the change
 * with an HSM error: the tool does not copy such changes (the CAUTION banner's warning) until syncUser /
 * syncKey. Before activation nodes 1 and 2 mirror node 0: activation restores node 0's backup onto them,
 * which is a replay of what node 0 applied.
 */
export function changeTargets<N>(state: ClusterState, ctx: DecideContext, run: FanOut<N>): number[] {
  if (!succeeded(run)) return [];
  const targets = new Set<number>();
  for (const o of run.outcomes) if (o.code === 'SUCCESS' || o.code === 'SERVER_UNAVAILABLE') targets.add(o.server);
  // Members the session is not connected to (down when it started) get the change from the journal.
  if (ctx.session.scope.kind === 'global' && run.stoppedAt === undefined) {
    for (const s of SERVERS) if (state.nodes[s]!.activated && !ctx.session.connected.includes(s)) targets.add(s);
  }
  return withMirrors(state, targets);
}

/** Before activation, whatever node 0 applies is queued for the nodes that will be restored from it. */
export function withMirrors(state: ClusterState, targets: Iterable<number>): number[] {
  const set = new Set(targets);
  if (!state.activated && set.has(0)) for (const s of SERVERS) if (!state.nodes[s]!.activated) set.add(s);
  return [...set].sort((a, b) => a - b);
}

/**
 * The session's login on a server, if it holds one there and its user still exists on that node. The
 * session is bound to the user's id (ids are never reused), not to the name: a user deleted, or deleted
 * and created again under the same name, leaves the old session with no rights at all.
 */
export function loginOn(session: Session, server: number, p: Partition): Login | undefined {
  const l = session.login;
  if (!l || !l.servers.includes(server)) return undefined;
  const id = l.userIdOn[server];
  return p.users.some((u) => u.id === id) ? l : undefined;
}

/** The HSM's permission check on one server: logged in there as a user that exists, with one of the roles. */
export function requireRole(session: Session, server: number, p: Partition, roles: readonly UserType[]): ErrorCode | undefined {
  const login = loginOn(session, server, p);
  if (!login) return 'NOT_LOGGED_IN';
  if (!roles.includes(login.type)) return 'NOT_AUTHORIZED';
  return undefined;
}
