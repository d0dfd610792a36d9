// What a core operation is: a name that says what it does, who may run it, whether it changes the
// cluster, the schemas of its input, its per-server data and its result, and the pure decide step
// (with an optional prepare step for slow work, run before the journal's write lock is taken).
// Tool commands map onto operations in their front ends' registries (src/*/commands/).
import type { Env } from '../crypto/env.ts';
import type { CryptoJob } from '../crypto/jobs.ts';
import type { ParsedKeyCache } from '../crypto/key-cache.ts';
import { ERROR_CODES, type ErrorCode } from '../domain/return-codes.ts';
import type { Event } from '../events.ts';
import type { ClusterState, KeyObject, UserType } from '../model.ts';
import { s, type Schema } from '../schema.ts';

export type ScopeRef = { readonly kind: 'global' } | { readonly kind: 'server'; readonly server: number };

export interface Login {
  readonly name: string;
  readonly type: UserType;
  /** Servers on which the login succeeded. */
  readonly servers: readonly number[];
  /** The user's id on each of those servers: the session acts as that user only while it exists. */
  readonly userIdOn: Readonly<Record<number, number>>;
  /** The journaled lease that makes the login visible to every process (ClusterState.sessions). */
  readonly lease: string;
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

export interface RunOptions {
  /** Servers to run on instead of the scope's (used to continue after Retry/Ignore). */
  readonly servers?: readonly number[];
  /** Stop at the first server that fails with an HSM error (the tool then asks Retry/Ignore/Abort). */
  readonly stopAtFirstFailure?: boolean;
  /** Parsed keys kept between commands (the client daemon's): sign and verify parse a key once. */
  readonly keyCache?: ParsedKeyCache;
  /** The caller runs a decision's crypto job itself (Decision.deferred): the daemon, on a worker thread. */
  readonly deferCrypto?: boolean;
}

export interface DecideContext {
  readonly session: Session;
  readonly env: Env;
  readonly options: RunOptions;
}

/** A server that did it, with what it answered. */
export interface Succeeded<N> {
  readonly server: number;
  readonly code: 'SUCCESS';
  readonly data: N;
}

/**
 * Why a server refused, beyond its code. `printed`: a line the real tool prints for this case (a vendor
 * string the reference records, e.g. `Input key handle should be RSA/ECDSA private key handle`); `note`:
 * the emulator's own explanation for learners, which is no part of the real tool's transcript (the
 * front ends show it as a note: the TUI always, line mode only when asked).
 */
export interface RefusalReason {
  readonly kind: 'printed' | 'note';
  readonly text: string;
}

/** A server that refused, with the HSM's code and, where there is more to say, why. */
export interface Refused {
  readonly server: number;
  readonly code: ErrorCode;
  readonly reason?: RefusalReason;
  /** syncUser: this server gave the copy, the destination server refused to insert it. */
  readonly atDestination?: boolean;
}

export type NodeOutcome<N> = Succeeded<N> | Refused;

export interface SessionKeyChanges {
  readonly add?: readonly KeyObject[];
  readonly remove?: readonly number[];
}

export interface Decision<N, R> {
  readonly events: readonly Event[];
  readonly outcomes: readonly NodeOutcome<N>[];
  /** The server where a stopAtFirstFailure run stopped, and the servers it did not reach. */
  readonly stoppedAt?: number;
  readonly remaining?: readonly number[];
  /** The result of the command as a whole (new key handles, a signature); absent when it failed. */
  readonly result?: R;
  /** New login for the session; null logs it out. */
  readonly login?: Login | null;
  /** Session keys to add to or remove from the application session (never journaled). */
  readonly sessionKeys?: SessionKeyChanges;
  /**
   * Crypto left to do (sign, verify), every check already made: the decision its output makes. Cluster
   * runs it at once unless the caller runs it itself (RunOptions.deferCrypto: the daemon's worker threads).
   */
  readonly deferred?: Deferred<N, R>;
}

export interface Deferred<N, R> {
  readonly job: CryptoJob;
  finish(output: Uint8Array): Decision<N, R>;
}

/** Who may run an operation: anyone (no login needed), or a login with one of the roles on each server. */
export type Roles = 'anyone' | readonly UserType[];

export interface Operation<I, N, R, P = undefined> {
  /** What it does, as a verb: `generateSymmetricKey`, `createUser`. */
  readonly name: string;
  readonly summary: string;
  /** True when it may append events: it then runs holding the journal's write lock. */
  readonly changesState: boolean;
  /**
   * Logging in and out: its events open or end a login's lease, which is no change to the cluster. A dry
   * run runs it for real (the dry-run session holds a real login) and lists nothing for it.
   */
  readonly sessionBookkeeping?: true;
  readonly roles: Roles;
  readonly input: Schema<I>;
  /** What each server that did it answers (nothing for most changes). */
  readonly node: Schema<N>;
  readonly result: Schema<R>;
  /**
   * Slow work that needs no state (key generation, password hashing), run before the write lock is
   * taken; decide gets its result and checks everything again against the fresh state.
   */
  prepare?(input: I, env: Env): P;
  /** Pure: reads the state, returns the events to append and each server's answer. */
  decide(input: I, state: ClusterState, ctx: DecideContext, prepared: P): Decision<NoInfer<N>, NoInfer<R>>;
}

/** Any operation: what a table of operations of every shape holds (each is fully typed where it is defined). */
export type AnyOperation = Operation<any, any, any, any>;

export type InputOf<O> = O extends Operation<infer I, any, any, any> ? I : never;
export type NodeDataOf<O> = O extends Operation<any, infer N, any, any> ? N : never;
export type ResultOf<O> = O extends Operation<any, any, infer R, any> ? R : never;
export type DecisionOf<O> = Decision<NodeDataOf<O>, ResultOf<O>>;

/** An operation, typed by its schemas (and its name kept as a literal, so tables of operations are keyed by it). */
export function defineOperation<const Name extends string, I, N, R, P = undefined>(op: Operation<I, N, R, P> & { readonly name: Name }): Operation<I, N, R, P> & { readonly name: Name } {
  return op;
}

// ---- what a decision looks like to a client of the daemon ------------------------------------------

const refusedSchema = s.object({
  server: s.int(),
  code: s.enum(ERROR_CODES),
  reason: s.optional(s.object({ kind: s.enum(['printed', 'note']), text: s.string() })),
  atDestination: s.optional(s.boolean()),
});

export function outcomeSchema<N>(node: Schema<N>): Schema<NodeOutcome<N>> {
  const succeeded: Schema<Succeeded<N>> = s.object({ server: s.int(), code: s.literal('SUCCESS'), data: node });
  return s.oneOf(succeeded, refusedSchema);
}

/** The part of a decision a client sees: each server's outcome and the result. */
export interface Answer<N, R> {
  readonly outcomes: readonly NodeOutcome<N>[];
  readonly result?: R;
}

export type AnswerOf<O> = Answer<NodeDataOf<O>, ResultOf<O>>;

export function answerSchema<O extends AnyOperation>(op: O): Schema<AnswerOf<O>> {
  return s.object({ outcomes: s.array(outcomeSchema(op.node)), result: s.optional(op.result) });
}

