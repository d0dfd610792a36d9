// Group commit: the changes that several applications ask for at the same moment share one journal
// transaction, so one fsync. A change waits for the end of the event loop's turn (setImmediate), when
// every request that arrived meanwhile is queued too; each runs in the transaction in turn (decided on
// the state the ones before it left, as one at a time would be) and nobody is answered before the
// commit: every success an application prints is on disk first. A change that throws is undone on its
// own (a nested transaction is a savepoint); a commit that fails fails every change in it.

type Done = { readonly ok: true } | { readonly ok: false; readonly error: unknown };

interface Queued {
  readonly work: () => void;
  readonly settle: (done: Done) => void;
}

export class GroupCommit {
  private queue: Queued[] = [];
  private scheduled = false;
  /** Transactions committed, and the changes they held (what the benchmark and a test look at). */
  readonly stats = { transactions: 0, changes: 0 };

  /** `transaction`: runs a function in one write transaction (the journal's). */
  constructor(private readonly transaction: (fn: () => void) => void) {}

  run<T>(work: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let value: T;
      this.queue.push({
        work: () => void (value = work()),
        settle: (done) => (done.ok ? resolve(value) : reject(done.error)),
      });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    const batch = this.queue;
    this.queue = [];
    this.scheduled = false;
    const done: Done[] = [];
    try {
      this.transaction(() => {
        for (const item of batch) {
          try {
            item.work();
            done.push({ ok: true });
          } catch (error) {
            done.push({ ok: false, error });
          }
        }
      });
    } catch (e) {
      for (const item of batch) item.settle({ ok: false, error: e });
      return;
    }
    this.stats.transactions++;
    this.stats.changes += batch.length;
    batch.forEach((item, i) => item.settle(done[i]!));
  }
}
