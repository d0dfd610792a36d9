// What every command handler shares: the session it runs in, the per-server outcomes it returns, the
// fan-out over servers, and the rule for which servers a change is journaled for.
import type { ReturnCodeName } from '../domain/return-codes.ts';
import type { Env } from '../crypto/env.ts';
import type { Event } from '../events.ts';
import { type ClusterState, isReachable, type KeyObject, type Partition, SERVERS, type UserType } from '../model.ts';

export type ScopeRef = { readonly kind: 'global' } | { readonly kind: 'server'; readonly server: number };

export interface Login {
  readonly name: string;
  readonly type: UserType;
  /** Servers on which the login succeeded. */
  readonly servers: readonly number[];
}

/** A tool process's view of the cluster: where it sends commands and who it is logged in as. */
export interface Session {
  readonly scope: ScopeRef;
  /** Servers connected at start-up, in order: global commands fan out to these. */
  readonly connected: readonly number[];
  readonly login?: Login;
  /** azcloudhsm_util (through the client daemon) logs in crypto users only. */
  readonly tool?: 'mgmt' | 'util';
  /** Session keys (-sess) of this application session: they live in the daemon and die with the session. */
  readonly sessionKeys?: Readonly<Record<number, KeyObject>>;
  /** The handle the daemon gives the next session key. */
  readonly nextSessionHandle?: number;
}

/** A command as the core receives it: the grammar's values plus the contents of input files. */
export interface CoreCommand {
  readonly name: string;
  readonly args: Readonly<Record<string, string | number | boolean | readonly number[]>>;
  readonly files?: Readonly<Record<string, Uint8Array>>;
}

export interface RunOptions {
  /** Servers to run on instead of the scope's (used to continue after Retry/Ignore). */
  readonly servers?: readonly number[];
  /** Stop at the first server that fails with an HSM error (the tool then asks Retry/Ignore/Abort). */
  readonly stopAtFirstFailure?: boolean;
}

export interface NodeOutcome<D = unknown> {
  readonly server: number;
  readonly code: ReturnCodeName;
  readonly data?: D;
}

export interface Decision<D = unknown, N = unknown> {
  readonly events: Event[];
  readonly outcomes: readonly NodeOutcome<N>[];
  /** The server where a stopAtFirstFailure run stopped, and the servers it did not reach. */
  readonly stoppedAt?: number;
  readonly remaining?: readonly number[];
  /** Result for the command as a whole (not per server). */
  readonly data?: D;
  /** A failure before any server was asked. */
  readonly error?: ReturnCodeName;
  /** New login for the session; null logs it out. */
  readonly login?: Login | null;
  /** Session keys to add to or remove from the application session (never journaled). */
  readonly sessionKeys?: { readonly add?: readonly KeyObject[]; readonly remove?: readonly number[] };
}

export interface DecideContext {
  readonly session: Session;
  readonly env: Env;
  readonly options: RunOptions;
}

export type Handler = (cmd: CoreCommand, state: ClusterState, ctx: DecideContext) => Decision;

export function fanOutServers(ctx: DecideContext): readonly number[] {
  if (ctx.options.servers) return ctx.options.servers;
  const scope = ctx.session.scope;
  return scope.kind === 'global' ? ctx.session.connected : [scope.server];
}

export interface FanOut<N> {
  readonly outcomes: NodeOutcome<N>[];
  readonly stoppedAt?: number;
  readonly remaining?: readonly number[];
}

/**
 * Asks each server in turn. A server that is down answers SERVER_UNAVAILABLE (the change still reaches it
 * later from the journal); with stopAtFirstFailure the walk stops at the first HSM error.
 */
export function eachServer<N>(
  state: ClusterState,
  ctx: DecideContext,
  visit: (server: number, partition: Partition) => NodeOutcome<N>,
): FanOut<N> {
  const servers = fanOutServers(ctx);
  const outcomes: NodeOutcome<N>[] = [];
  for (let i = 0; i < servers.length; i++) {
    const server = servers[i]!;
    const node = state.nodes[server]!;
    if (!isReachable(node) || !node.partition) {
      outcomes.push({ server, code: 'SERVER_UNAVAILABLE' });
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

/**
 * The servers a change is journaled for. Servers that applied it, and servers that were unreachable (they
 * replay it when they come back). In global scope also every other member of the cluster, but never a
 * server that refused the change with an HSM error: the tool does not copy such changes (the CAUTION
 * banner's warning) until syncUser / syncKey. Before activation nodes 1 and 2 mirror node 0: activation
 * restores node 0's backup onto them, which is a replay of what node 0 applied.
 */
export function changeTargets(state: ClusterState, ctx: DecideContext, run: FanOut<unknown>): number[] {
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

export function loginOn(session: Session, server: number): Login | undefined {
  const l = session.login;
  return l && l.servers.includes(server) ? l : undefined;
}

/** The HSM's permission check on one server: logged in there, with one of the roles. */
export function requireRole(session: Session, server: number, roles: readonly UserType[]): ReturnCodeName | undefined {
  const login = loginOn(session, server);
  if (!login) return 'NOT_LOGGED_IN';
  if (!roles.includes(login.type)) return 'NOT_AUTHORIZED';
  return undefined;
}

export function ok<N>(server: number, data?: N): NodeOutcome<N> {
  return data === undefined ? { server, code: 'SUCCESS' } : { server, code: 'SUCCESS', data };
}

export function fail(server: number, code: ReturnCodeName): NodeOutcome<never> {
  return { server, code };
}

export function argString(cmd: CoreCommand, name: string): string {
  const v = cmd.args[name];
  if (typeof v !== 'string') throw new Error(`${cmd.name}: argument ${name} missing`);
  return v;
}

export function argNumber(cmd: CoreCommand, name: string): number {
  const v = cmd.args[name];
  if (typeof v !== 'number') throw new Error(`${cmd.name}: argument ${name} missing`);
  return v;
}

/** `PO` is accepted for PRECO (the 2025 onboarding guide used `changePswd PO admin ...`). */
export function canonicalUserType(t: string): UserType {
  return (t === 'PO' ? 'PRECO' : t) as UserType;
}
