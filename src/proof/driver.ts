// Runs the proof operations (model.ts) against the emulator and checks every step against the reference
// model: mgmt_util's commands in-process on the journal, azcloudhsm_util's either in-process or through a
// real client daemon (which the chaos driver restarts between steps). Each step's servers that accept
// must be the ones the model names; at the end, with every node back, each node must hold what the
// model holds, a replay of the journal from scratch must give the live state, and fsck must pass.
import type { Cluster } from '../../emulator/cluster.ts';
import { Journal } from '../../emulator/journal.ts';
import { generateSymmetricKey } from '../../emulator/operations/key-generation.ts';
import { deleteKey } from '../../emulator/operations/key-management.ts';
import { copyKeyToServer, shareKey } from '../../emulator/operations/key-sharing.ts';
import type { AnswerOf, Login, NodeOutcome, ScopeRef, Session } from '../../emulator/operations/operation.ts';
import { copyUserToServer, createUser, deleteUser, login, logout } from '../../emulator/operations/users.ts';
import type { DaemonConnection } from '../client/connection.ts';
import { ClusterModel, describeNode, describeOp, type Op, SERVERS } from './model.ts';

/** How azcloudhsm_util's operations reach the cluster: a connection to a daemon per step, or none (in-process). */
export type UtilPath = { readonly kind: 'in-process' } | { readonly kind: 'daemon'; connect(): Promise<DaemonConnection> };

export interface StepResult {
  readonly op: Op;
  readonly expected: readonly number[];
  readonly actual: readonly number[];
}

const PASSWORD = 'password1';
const keyOptions = (shareWith: readonly number[]) => ({ label: 'proof', id: '', session: false, extractable: true, wrapWithTrusted: false, sharedWith: [...shareWith], mValue: 0 });

function accepted(outcomes: readonly NodeOutcome<unknown>[], asked: readonly number[]): number[] {
  return outcomes.filter((o) => o.code === 'SUCCESS' && asked.includes(o.server)).map((o) => o.server).sort();
}

export class ProofDriver {
  readonly model: ClusterModel;
  readonly steps: StepResult[] = [];
  readonly mismatches: string[] = [];
  private officer: { up: string; login: Login } | undefined;

  constructor(
    readonly cluster: Cluster,
    private readonly util: UtilPath = { kind: 'in-process' },
  ) {
    // The model starts from what the cluster holds (a fresh activated one, or a used home with every node up).
    const nodes = cluster.state.nodes.map((n) => ({ users: n.partition?.users ?? [], keys: Object.values(n.partition?.keys ?? {}) }));
    this.model = new ClusterModel(cluster.state.nextKeyHandle, { nextUserId: cluster.state.nextUserId, nodes });
  }

  private up(): number[] {
    return SERVERS.filter((s) => this.cluster.state.nodes[s]!.up);
  }

  /** The crypto officer's session, connected to the servers that are up (logged in again when they change). */
  private officerSession(scope: ScopeRef = { kind: 'global' }): Session {
    const up = this.up();
    if (this.officer?.up !== up.join()) {
      const d = this.cluster.execute(login, { type: 'CO', name: 'admin', password: 'adminpassword' }, { scope: { kind: 'global' }, connected: up });
      // With every node down nobody logs in: the session asks no server, and nothing may change.
      if (!d.login) return { scope, connected: up };
      this.officer = { up: up.join(), login: d.login };
    }
    return { scope, connected: up, login: this.officer.login };
  }

  /** Runs `use` with a crypto user logged in (in-process, global scope), then logs it out. */
  private asCryptoUser<T>(name: string, tool: 'mgmt' | 'util', use: (s: Session) => T): T {
    const base: Session = { scope: { kind: 'global' }, connected: this.up(), tool };
    const d = this.cluster.execute(login, { type: 'CU', name, password: PASSWORD }, base);
    const s: Session = { ...base, ...(d.login ? { login: d.login } : {}) };
    try {
      return use(s);
    } finally {
      if (d.login) this.cluster.execute(logout, {}, s);
    }
  }

  /** Through the daemon: log in, run, log out (so the login's lease ends before the next step), disconnect. */
  private async throughDaemon<T>(name: string, use: (c: DaemonConnection) => Promise<T>): Promise<T> {
    if (this.util.kind !== 'daemon') throw new Error('no daemon');
    const c = await this.util.connect();
    try {
      await c.execute(login, { type: 'CU', name, password: PASSWORD });
      const result = await use(c);
      await c.execute(logout, {});
      return result;
    } finally {
      c.close();
    }
  }

  /** genSymKey or deleteKey as azcloudhsm_util runs them. */
  private async utilRun(user: string, run: { readonly generate: readonly number[] } | { readonly delete: number }): Promise<readonly NodeOutcome<unknown>[]> {
    const generate = 'generate' in run ? { keyType: 31 as const, size: 16, options: keyOptions(run.generate) } : undefined;
    if (this.util.kind === 'daemon') {
      return this.throughDaemon(user, async (c) => {
        const a: AnswerOf<typeof generateSymmetricKey | typeof deleteKey> = generate ? await c.execute(generateSymmetricKey, generate) : await c.execute(deleteKey, { handle: 'delete' in run ? run.delete : 0 });
        return a.outcomes;
      });
    }
    return this.asCryptoUser(user, 'util', (s) =>
      generate ? this.cluster.execute(generateSymmetricKey, generate, s).outcomes : this.cluster.execute(deleteKey, { handle: 'delete' in run ? run.delete : 0 }, s).outcomes,
    );
  }

  /** Runs one operation on the emulator and on the model; a difference in which servers accept is recorded. */
  async perform(op: Op): Promise<StepResult> {
    const prediction = this.model.perform(op);
    const outcomes = await this.run(op);
    const actual = outcomes ? accepted(outcomes, prediction.asked) : [];
    const step = { op, expected: [...prediction.accepted].sort(), actual };
    this.steps.push(step);
    if (step.expected.join() !== step.actual.join()) {
      this.mismatches.push(`step ${this.steps.length} (${describeOp(op)}): the model says servers [${step.expected}] accept, the emulator's accepted [${step.actual}]`);
    }
    return step;
  }

  private async run(op: Op): Promise<readonly NodeOutcome<unknown>[] | undefined> {
    const c = this.cluster;
    switch (op.kind) {
      case 'createUser':
        return c.execute(createUser, { type: 'CU', name: op.name, password: PASSWORD }, this.officerSession(op.scope)).outcomes;
      case 'deleteUser':
        return c.execute(deleteUser, { type: 'CU', name: op.name }, this.officerSession(op.scope)).outcomes;
      case 'syncUser': {
        const id = c.state.nodes[op.from]!.partition?.users.find((u) => u.name === op.name)?.id ?? 0;
        return c.execute(copyUserToServer, { userId: id, destination: op.to }, this.officerSession({ kind: 'server', server: op.from })).outcomes;
      }
      case 'syncKey':
        return c.execute(copyKeyToServer, { handle: op.handle, destination: op.to }, this.officerSession({ kind: 'server', server: op.from })).outcomes;
      case 'shareKey':
        return this.asCryptoUser(op.user, 'mgmt', (s) => c.execute(shareKey, { handle: op.handle, userIds: [op.with], share: op.share }, s).outcomes);
      case 'genKey':
        return this.utilRun(op.user, { generate: op.shareWith });
      case 'deleteKey':
        return this.utilRun(op.user, { delete: op.handle });
      case 'down':
      case 'up':
        c.setNodeUp(op.server, op.kind === 'up');
        return undefined;
    }
  }

  /** Every node back up, then each node against the model, a replay from scratch against the live state, and fsck. */
  async finish(reopen: () => Cluster): Promise<{ eventsVerified: number }> {
    for (const s of SERVERS) await this.perform({ kind: 'up', server: s });
    this.cluster.sync();
    for (const s of SERVERS) {
      const p = this.cluster.state.nodes[s]!.partition;
      const actual = describeNode(p?.users ?? [], Object.values(p?.keys ?? {}));
      const expected = this.model.describe(s);
      if (actual !== expected) this.mismatches.push(`server ${s} holds\n    ${actual}\n  the model holds\n    ${expected}`);
    }
    const replayed = reopen();
    try {
      if (JSON.stringify(replayed.state) !== JSON.stringify(this.cluster.state)) this.mismatches.push('a replay of the journal from scratch differs from the live state');
    } finally {
      replayed.close();
    }
    return { eventsVerified: this.cluster.state.head };
  }
}

/** fsck's record checks on a journal file: the problems, none when it is sound. */
export function journalProblems(path: string): readonly string[] {
  return Journal.inspect(path).problems;
}
