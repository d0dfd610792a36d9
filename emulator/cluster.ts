// The cluster as a process sees it: the journal plus the state folded from it. execute() runs one
// command the event-sourced way:
//   1. take the journal's write lock   2. catch up with what other processes appended
//   3. decide(command, state)           4. append the events durably, commit
//   5. evolve the state with them (nodes that become reachable replay the journal they missed).
import type { Env } from './crypto/env.ts';
import { createCluster, nodeFault } from './decide/admin.ts';
import type { CoreCommand, Decision, RunOptions, Session } from './decide/common.ts';
import { decide } from './decide/index.ts';
import type { Event, JournalRecord } from './events.ts';
import { applyRecordToNode, evolveCluster } from './evolve.ts';
import { Journal } from './journal.ts';
import { type ClusterState, emptyCluster } from './model.ts';

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

  constructor(
    readonly journal: Journal,
    readonly env: Env,
  ) {}

  static open(journalPath: string, env: Env): Cluster {
    const cluster = new Cluster(Journal.open(journalPath), env);
    cluster.sync();
    return cluster;
  }

  /** Reports the progress of replays onto lagging nodes (activation restore, catch-up after a fault). */
  onReplayProgress(listener: ProgressListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Folds in every record appended since this process last looked. */
  sync(): void {
    for (;;) {
      const batch = this.journal.read(this.state.head, Number.MAX_SAFE_INTEGER, BATCH);
      if (batch.length === 0) return;
      for (const rec of batch) this.apply(rec);
    }
  }

  execute(cmd: CoreCommand, session: Session, options: RunOptions = {}): Decision {
    return this.journal.writeTransaction(() => {
      this.sync();
      const decision = decide(cmd, this.state, { session, env: this.env, options });
      this.commit(decision.events);
      return decision;
    });
  }

  /** Creates the cluster (partition identity and key pair) if the journal is empty. */
  ensureCreated(): boolean {
    return this.control((state, env) => createCluster(state, env)).length > 0;
  }

  /** Takes a node down or brings it up; coming up replays what it missed before this returns. */
  setNodeUp(server: number, up: boolean): JournalRecord[] {
    return this.control((state) => nodeFault(state, server, up));
  }

  /** Appends events made by the emulator's own control (not a tool command). */
  control(make: (state: ClusterState, env: Env) => Event[]): JournalRecord[] {
    return this.journal.writeTransaction(() => {
      this.sync();
      return this.commit(make(this.state, this.env));
    });
  }

  private commit(events: readonly Event[]): JournalRecord[] {
    if (events.length === 0) return [];
    const records = this.journal.append(events, this.env.now());
    for (const rec of records) this.apply(rec);
    return records;
  }

  private apply(rec: JournalRecord): void {
    for (const server of evolveCluster(this.state, rec)) this.replayOntoLaggingNode(server, rec.seq);
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
