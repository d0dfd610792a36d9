// The cluster as a process sees it: the journal plus the state folded from it. execute() runs one
// operation the event-sourced way:
//   1. prepare: slow work that needs no state (key generation, password hashing), outside any lock
//   2. take the journal's write lock        3. catch up with what other processes appended
//   4. decide(input, state): checks everything again against the fresh state, returns the events
//   5. append the events durably, commit     6. evolve the state with them (nodes that become reachable
//                                              replay the journal they missed).
// An operation that changes nothing (changesState false) takes no write lock: it catches up and decides.
import type { Env } from './crypto/env.ts';
import type { Event, JournalRecord } from './events.ts';
import { runJob } from './crypto/jobs.ts';
import { applyRecordToNode, evolveCluster } from './evolve.ts';
import { Journal, JournalDamaged } from './journal.ts';
import { type ClusterState, emptyCluster, isReachable } from './model.ts';
import { createCluster, nodeFault, preparePartitionKey, setKeyCapacity } from './operations/cluster-admin.ts';
import type { DecideContext, Decision, Operation, RunOptions, Session } from './operations/operation.ts';

export interface ReplayProgress {
  readonly server: number;
  readonly done: number;
  readonly total: number;
}

export type ProgressListener = (p: ReplayProgress) => void;

const BATCH = 2000;
/** Records folded at a start beyond the latest snapshot that make the process save a new one. */
export const SNAPSHOT_EVERY = 2000;

export class Cluster {
  readonly state: ClusterState = emptyCluster();
  private readonly listeners = new Set<ProgressListener>();
  private readonly appliedListeners = new Set<(rec: JournalRecord) => void>();
  /** Set once a change could not be applied: the state no longer follows the journal. */
  private damage: JournalDamaged | undefined;

  constructor(
    readonly journal: Journal,
    readonly env: Env,
  ) {}

  /**
   * Opens the journal and folds it. Refuses (JournalDamaged) a journal with a hole in its numbering or a
   * record that fails its checksum: a process never runs on part of the history.
   */
  static open(journalPath: string, env: Env, options: { readonly fromSnapshot?: boolean } = {}): Cluster {
    const journal = Journal.open(journalPath);
    try {
      journal.checkContinuity();
      const cluster = new Cluster(journal, env);
      const snapshot = options.fromSnapshot === false ? undefined : journal.latestSnapshot();
      if (snapshot) cluster.restore(snapshot);
      cluster.sync();
      // A long tail folded: the next start reads the state from here.
      if (options.fromSnapshot !== false && cluster.state.head - (snapshot?.seq ?? 0) >= SNAPSHOT_EVERY) cluster.snapshot();
      return cluster;
    } catch (e) {
      journal.close();
      throw e;
    }
  }

  /**
   * fsck: the latest snapshot against a replay of the journal from record 1 up to it. Undefined when
   * there is no snapshot; otherwise the record it reflects and, if any, what is wrong with it.
   */
  static checkSnapshot(journalPath: string, env: Env): { readonly seq: number; readonly problem?: string } | undefined {
    const journal = Journal.open(journalPath);
    try {
      let snapshot;
      try {
        snapshot = journal.latestSnapshot();
      } catch (e) {
        if (!(e instanceof JournalDamaged)) throw e;
        return { seq: 0, problem: e.message };
      }
      if (!snapshot) return undefined;
      const replayed = new Cluster(journal, env);
      replayed.sync(snapshot.seq);
      const same = replayed.state.head === snapshot.seq && snapshotBody(replayed.state) === snapshot.body;
      return same ? { seq: snapshot.seq } : { seq: snapshot.seq, problem: `the snapshot at journal record ${snapshot.seq} differs from the journal replayed from record 1 up to it` };
    } finally {
      journal.close();
    }
  }

  /** Reports the progress of replays onto lagging nodes (activation restore, catch-up after a fault). */
  onReplayProgress(listener: ProgressListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Hears every record folded into the state, this process's and other processes' (the daemon's key cache). */
  onRecordApplied(listener: (rec: JournalRecord) => void): () => void {
    this.appliedListeners.add(listener);
    return () => this.appliedListeners.delete(listener);
  }

  /** The state a snapshot holds, as this process's. */
  private restore(snapshot: { readonly seq: number; readonly body: string }): void {
    let state: ClusterState;
    try {
      state = JSON.parse(snapshot.body) as ClusterState;
    } catch {
      throw new JournalDamaged(`the snapshot of the state at journal record ${snapshot.seq} is not JSON`);
    }
    if (state.head !== snapshot.seq) throw new JournalDamaged(`the snapshot of the state at journal record ${snapshot.seq} holds the state at record ${state.head}`);
    restoreSharedKeys(state);
    Object.assign(this.state, state);
  }

  /** Saves the state as it stands now (what a start from it must find again, fsck checks). */
  snapshot(): void {
    this.journal.saveSnapshot(this.state.head, snapshotBody(this.state));
  }

  /** Folds in every record appended since this process last looked (up to `upTo`). */
  sync(upTo = Number.MAX_SAFE_INTEGER): void {
    if (this.damage) throw this.damage;
    for (;;) {
      const batch = this.journal.read(this.state.head, upTo, BATCH);
      if (batch.length === 0) return;
      for (const rec of batch) this.apply(rec);
    }
  }

  /**
   * Runs an operation: decides on the state as the journal has it now and appends what it decided.
   * `prepared`: the prepare step's result when the caller ran it elsewhere (the daemon's worker threads).
   */
  execute<I, N, R, P>(op: Operation<I, N, R, P>, input: I, session: Session, options: RunOptions = {}, prepared: P = this.prepare(op, input)): Decision<N, R> {
    if (!op.changesState) return this.decideNow(op, input, this.context(session, options), prepared);
    return this.journal.writeTransaction(() => {
      const decision = this.decideNow(op, input, this.context(session, options), prepared);
      this.commit(decision.events);
      return decision;
    });
  }

  /** What execute would decide now, without appending anything (a dry run). */
  decide<I, N, R, P>(op: Operation<I, N, R, P>, input: I, session: Session, options: RunOptions = {}): Decision<N, R> {
    return this.decideNow(op, input, this.context(session, options), this.prepare(op, input));
  }

  /** The prepare step (slow work outside the write lock): callers that queue a change run it first. */
  prepare<I, N, R, P>(op: Operation<I, N, R, P>, input: I): P {
    // An operation without a prepare step has P = undefined.
    return (op.prepare ? op.prepare(input, this.env) : undefined) as P;
  }

  private decideNow<I, N, R, P>(op: Operation<I, N, R, P>, input: I, ctx: DecideContext, prepared: P): Decision<N, R> {
    this.sync();
    const decision = op.decide(input, this.state, ctx, prepared);
    if (!op.changesState && decision.events.length > 0) throw new Error(`${op.name} changes no state but decided ${decision.events.length} event(s)`);
    if (decision.deferred && !ctx.options.deferCrypto) return decision.deferred.finish(runJob(decision.deferred.job));
    return decision;
  }

  private context(session: Session, options: RunOptions): DecideContext {
    return { session, env: this.env, options };
  }

  /** Creates the cluster (partition identity and key pair) if the journal is empty. */
  ensureCreated(): boolean {
    if (this.state.identity) return false;
    const partitionKey = preparePartitionKey(this.env);
    return this.control((state, env) => createCluster(state, env, partitionKey)).length > 0;
  }

  /** Takes a node down or brings it up; coming up replays what it missed before this returns. */
  setNodeUp(server: number, up: boolean): JournalRecord[] {
    return this.control((state) => nodeFault(state, server, up));
  }

  /** Ends a login whose holder goes away without logging out (the daemon, when an application disconnects). */
  closeSession(lease: string): void {
    this.control((state) => (state.sessions[lease] ? [{ type: 'SessionsClosed', leases: [lease] }] : []));
  }

  /** Sets how many key handles a partition holds (the emulator's own setting; Azure's is 3,200). */
  setKeyCapacity(keyCapacity: number): JournalRecord[] {
    return this.control((state) => setKeyCapacity(state, keyCapacity));
  }

  /**
   * Appends events made by the emulator's own control (not a tool command), in one transaction; each
   * step decides on the state the steps before it left.
   */
  control(...steps: ((state: ClusterState, env: Env) => readonly Event[])[]): JournalRecord[] {
    return this.journal.writeTransaction(() => {
      this.sync();
      return steps.flatMap((make) => this.commit(make(this.state, this.env)));
    });
  }

  /**
   * Appends and applies, inside the write transaction. If the state did not take every record (it would
   * not, were the journal's numbering broken under it), this throws and the transaction rolls back: no
   * tool ever prints success for a change that is not applied.
   */
  private commit(events: readonly Event[]): JournalRecord[] {
    if (this.damage) throw this.damage;
    if (events.length === 0) return [];
    const end = this.journal.head();
    if (end !== this.state.head) {
      // Records this process applied are gone from the journal (or were never there): it must not write.
      this.damage = new JournalDamaged(`the journal ends at record ${end}, but this process has applied records up to ${this.state.head}`);
      throw this.damage;
    }
    const records = this.journal.append(events, this.env.now());
    for (const rec of records) this.apply(rec);
    const last = records[records.length - 1]!;
    const behind = this.state.nodes.findIndex((n) => isReachable(n) && n.appliedSeq !== last.seq);
    if (this.state.head !== last.seq || behind >= 0) {
      // The state in memory took part of a change the journal will not keep: this process stops using it.
      this.damage = new JournalDamaged(`journal record ${last.seq} was written but not applied${behind >= 0 ? ` on server ${behind}` : ''}; nothing was changed`);
      throw this.damage;
    }
    return records;
  }

  private apply(rec: JournalRecord): void {
    for (const server of evolveCluster(this.state, rec)) this.replayOntoLaggingNode(server, rec.seq);
    for (const l of this.appliedListeners) l(rec);
  }

  /** A node that was down or not yet activated catches up: the journal it missed is replayed onto it. */
  private replayOntoLaggingNode(server: number, upTo: number): void {
    const node = this.state.nodes[server]!;
    const start = node.appliedSeq;
    const total = upTo - start;
    this.report({ server, done: 0, total });
    while (node.appliedSeq < upTo) {
      const batch = this.journal.read(node.appliedSeq, upTo, BATCH);
      if (batch.length === 0) break;
      for (const rec of batch) applyRecordToNode(node, rec, server);
      this.report({ server, done: node.appliedSeq - start, total });
    }
  }

  private report(p: ReplayProgress): void {
    for (const l of this.listeners) l(p);
  }

  records(after = 0, limit = 1000): JournalRecord[] {
    return this.journal.read(after, Number.MAX_SAFE_INTEGER, limit);
  }

  close(): void {
    this.journal.close();
  }
}

/**
 * The state as a snapshot holds it: JSON, each key written once. A node's key that is the same as the
 * first partition's (nodes in step) is written as 0; restoring gives the nodes one shared object again,
 * as applying the same events does (evolve never changes a key object in place).
 */
function snapshotBody(state: ClusterState): string {
  const first = state.nodes.find((n) => n.partition)?.partition;
  const nodes = state.nodes.map((node) => {
    const p = node.partition;
    if (!p || !first || p === first) return node;
    const keys = Object.fromEntries(Object.entries(p.keys).map(([h, k]) => {
      const same = first.keys[Number(h)];
      return [h, same === k || (same && JSON.stringify(same) === JSON.stringify(k)) ? 0 : k];
    }));
    return { ...node, partition: { ...p, keys } };
  });
  return JSON.stringify({ ...state, nodes });
}

function restoreSharedKeys(state: ClusterState): void {
  const first = state.nodes.find((n) => n.partition)?.partition;
  if (!first) return;
  for (const node of state.nodes) {
    const p = node.partition;
    if (!p || p === first) continue;
    // A 0 stands for the first partition's key of that handle (see snapshotBody).
    const keys: Record<number, unknown> = p.keys;
    for (const [h, k] of Object.entries(keys)) if (k === 0) p.keys[Number(h)] = first.keys[Number(h)]!;
  }
}
