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
  static open(journalPath: string, env: Env): Cluster {
    const journal = Journal.open(journalPath);
    try {
      journal.checkContinuity();
      const cluster = new Cluster(journal, env);
      cluster.sync();
      return cluster;
    } catch (e) {
      journal.close();
      throw e;
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

  /** Folds in every record appended since this process last looked. */
  sync(): void {
    if (this.damage) throw this.damage;
    for (;;) {
      const batch = this.journal.read(this.state.head, Number.MAX_SAFE_INTEGER, BATCH);
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

  private prepare<I, N, R, P>(op: Operation<I, N, R, P>, input: I): P {
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
