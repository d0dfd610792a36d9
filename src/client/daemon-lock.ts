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
    const db = new Database(path, { timeout: 0 });
    try {
      db.pragma('locking_mode = EXCLUSIVE');
      db.exec('BEGIN EXCLUSIVE');
    } catch (e) {
      db.close();
      if (!(e instanceof Error && 'code' in e && e.code === 'SQLITE_BUSY')) throw e;
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
