// Exactly one azcloudhsm_client serves a home. The lock is an exclusive lock the kernel keeps for the
// daemon's process on <home>/run/azcloudhsm_client.lock (taken through SQLite, which the daemon loads
// anyway): taking it is atomic, and the kernel drops it when the process ends, however it ends (kill -9
// included), so a lock is never stale and there is no stale lock to clear. azcloudhsm_client.pid beside
// it names the holder, for the messages.
import { closeSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';

export class DaemonLock {
  private constructor(
    private readonly db: Database.Database,
    private readonly pidFile: string,
  ) {}

  /** Takes the home's daemon lock, or says which process holds it. */
  static acquire(runDir: string): DaemonLock | { readonly heldBy: string } {
    const path = join(runDir, 'azcloudhsm_client.lock');
    const pidFile = join(runDir, 'azcloudhsm_client.pid');
    closeSync(openSync(path, 'a', 0o600));
    const db = takeExclusive(path);
    if (!db) {
      let holder = 'another process';
      try {
        holder = `pid ${readFileSync(pidFile, 'utf8').trim()}`;
      } catch {
        // written just after the lock is taken: the holder may not have got there yet
      }
      return { heldBy: holder };
    }
    writeFileSync(pidFile, `${process.pid}\n`, { mode: 0o600 });
    return new DaemonLock(db, pidFile);
  }

  release(): void {
    rmSync(this.pidFile, { force: true });
    this.db.close();
  }
}

/**
 * The lock file opened with SQLite's exclusive lock, or undefined when another process holds it. Two
 * daemons asking at the same instant can each make the other's attempt fail (each takes a shared lock
 * on the way to the exclusive one): so a refusal is tried again a few times after a random pause, and
 * only one that lasts means a holder. A real holder keeps the lock for its life, so the retries only
 * delay the refusal (by at most about a quarter of a second).
 */
function takeExclusive(path: string): Database.Database | undefined {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (let attempt = 0; ; attempt++) {
    const db = new Database(path, { timeout: 0 });
    try {
      db.pragma('locking_mode = EXCLUSIVE');
      db.exec('BEGIN EXCLUSIVE');
      return db;
    } catch (e) {
      db.close();
      if (!(e instanceof Error && 'code' in e && e.code === 'SQLITE_BUSY')) throw e;
      if (attempt === 9) return undefined;
      Atomics.wait(pause, 0, 0, 5 + Math.random() * 20);
    }
  }
}
