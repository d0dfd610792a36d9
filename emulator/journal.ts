// The journal: the append-only log of events and the cluster's source of truth. One SQLite file (WAL,
// full sync) gives atomic, durable appends and safe concurrent writers across processes: mgmt_util,
// azcloudhsm_util, the client daemon and azcloudhsm_emu all open it at once. Each record carries a
// checksum of its sequence, time and body, checked on every read.
import { createHash } from 'node:crypto';
import { chmodSync, closeSync, openSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { Event, JournalRecord } from './events.ts';

import { JournalCorruption, JournalDamaged } from './journal-damage.ts';

export { JournalCorruption, JournalDamaged };

/** SQLite's own words for a file that is not (or no longer) a database. */
function damagedFile(e: unknown): JournalDamaged | undefined {
  const code = (e as { code?: unknown }).code;
  if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT_INDEX') {
    return new JournalDamaged(`the journal file is damaged (SQLite: ${(e as Error).message})`);
  }
  return undefined;
}

/** Runs a read of the file, turning SQLite's corruption errors into JournalDamaged. */
function reading<T>(read: () => T): T {
  try {
    return read();
  } catch (e) {
    throw damagedFile(e) ?? e;
  }
}

interface Row {
  seq: number;
  time: string;
  type: string;
  body: string;
  checksum: string;
}

export function snapshotChecksum(seq: number, body: string): string {
  return createHash('sha256').update(`snapshot ${seq}\n${body}`).digest('hex');
}

export function recordChecksum(seq: number, time: string, body: string): string {
  return createHash('sha256').update(`${seq}\n${time}\n${body}`).digest('hex');
}

/** What `azcloudhsm_emu fsck` learns of a journal file, read without changing it. */
export interface JournalInspection {
  /** Records read. */
  readonly records: number;
  readonly problems: readonly string[];
  readonly firstChecksum?: string;
  /** For a damaged file: which record numbers can still be read (and pass their checks), as ranges. */
  readonly recoverable?: readonly (readonly [number, number])[];
  readonly unrecoverable?: readonly (readonly [number, number])[];
}

function checkRow(row: Row): string | undefined {
  if (recordChecksum(row.seq, row.time, row.body) !== row.checksum) return `record ${row.seq}: checksum mismatch`;
  try {
    if ((JSON.parse(row.body) as Event).type !== row.type) return `record ${row.seq}: type does not match body`;
  } catch {
    return `record ${row.seq}: body is not JSON`;
  }
  return undefined;
}

/** Consecutive numbers as ranges: [1,2,3,7] -> [[1,3],[7,7]]. */
function ranges(seqs: readonly number[]): [number, number][] {
  const out: [number, number][] = [];
  for (const n of seqs) {
    const last = out[out.length - 1];
    if (last && last[1] === n - 1) last[1] = n;
    else out.push([n, n]);
  }
  return out;
}

export class Journal {
  private readonly db: Database.Database;
  private readonly insert: Database.Statement;
  private readonly selectAfter: Database.Statement;
  private readonly selectHead: Database.Statement;

  private constructor(db: Database.Database) {
    this.db = db;
    this.insert = db.prepare('INSERT INTO events (seq, time, type, body, checksum) VALUES (?, ?, ?, ?, ?)');
    this.selectAfter = db.prepare('SELECT seq, time, type, body, checksum FROM events WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?');
    this.selectHead = db.prepare('SELECT COALESCE(MAX(seq), 0) AS head FROM events');
  }

  static open(path: string): Journal {
    // Owner-only whatever the umask: SQLite gives the WAL and shared-memory files the journal's own mode.
    closeSync(openSync(path, 'a', 0o600));
    chmodSync(path, 0o600);
    return reading(() => {
      const db = new Database(path);
      db.pragma('busy_timeout = 15000');
      // Both are no-ops (no write lock) on a journal that has them already: start-up waits for nobody.
      if (db.pragma('journal_mode', { simple: true }) !== 'wal') db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'events'").get();
      if (!exists) {
        db.exec(`CREATE TABLE IF NOT EXISTS events (
          seq INTEGER PRIMARY KEY,
          time TEXT NOT NULL,
          type TEXT NOT NULL,
          body TEXT NOT NULL,
          checksum TEXT NOT NULL
        )`);
      }
      return new Journal(db);
    });
  }

  head(): number {
    return reading(() => (this.selectHead.get() as { head: number }).head);
  }

  /**
   * The check at start: records are numbered 1..N without a gap (the count equals the highest number).
   * Cheap and sufficient with the checksums read on the way: a process folds every record it applies, and
   * each is checked then. A start from a snapshot checks its checksum too (latestSnapshot) and reads the
   * tail after it.
   */
  checkContinuity(): void {
    const { count, low, high } = reading(() => this.db.prepare('SELECT COUNT(*) AS count, MIN(seq) AS low, MAX(seq) AS high FROM events').get() as { count: number; low: number | null; high: number | null });
    if (count === 0 || (low === 1 && high === count)) return;
    // Only on the way to refusing: find the first hole.
    const first =
      low !== 1
        ? 1
        : reading(() => (this.db.prepare('SELECT e.seq + 1 AS seq FROM events e WHERE NOT EXISTS (SELECT 1 FROM events n WHERE n.seq = e.seq + 1) ORDER BY e.seq LIMIT 1').get() as { seq: number }).seq);
    throw new JournalDamaged(`journal record ${first} is missing (the journal holds ${count} records numbered ${low} to ${high})`);
  }

  // ---- snapshots: the folded state at a record, so a start reads the tail after it (see Cluster.open) ----

  /** The latest snapshot at or before `upTo`, checked: its checksum, and a record it reflects. */
  latestSnapshot(upTo = Number.MAX_SAFE_INTEGER): { readonly seq: number; readonly body: string } | undefined {
    const row = reading(() => {
      const exists = this.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'snapshots'").get();
      return exists ? (this.db.prepare('SELECT seq, body, checksum FROM snapshots WHERE seq <= ? ORDER BY seq DESC LIMIT 1').get(upTo) as { seq: number; body: string; checksum: string } | undefined) : undefined;
    });
    if (!row) return undefined;
    if (snapshotChecksum(row.seq, row.body) !== row.checksum) throw new JournalDamaged(`the snapshot of the state at journal record ${row.seq} fails its checksum`);
    return { seq: row.seq, body: row.body };
  }

  /**
   * Saves the folded state as it stands after record `seq` (kept beside the events, with a checksum).
   * Only when the write lock is free at once: a start waits for nobody; false when it was not.
   */
  saveSnapshot(seq: number, body: string): boolean {
    this.db.pragma('busy_timeout = 0');
    try {
      this.writeTransaction(() => {
        this.db.exec('CREATE TABLE IF NOT EXISTS snapshots (seq INTEGER PRIMARY KEY, body TEXT NOT NULL, checksum TEXT NOT NULL)');
        this.db.prepare('INSERT OR IGNORE INTO snapshots (seq, body, checksum) VALUES (?, ?, ?)').run(seq, body, snapshotChecksum(seq, body));
        // The latest two are kept: one to start from, one more in case.
        this.db.prepare('DELETE FROM snapshots WHERE seq NOT IN (SELECT seq FROM snapshots ORDER BY seq DESC LIMIT 2)').run();
      });
      return true;
    } catch (e) {
      if ((e as { code?: unknown }).code === 'SQLITE_BUSY') return false;
      throw e;
    } finally {
      this.db.pragma('busy_timeout = 15000');
    }
  }

  /** The checksum of record 1: what names this journal (the home's marker keeps it). */
  firstChecksum(): string | undefined {
    return reading(() => (this.db.prepare('SELECT checksum FROM events WHERE seq = 1').get() as { checksum: string } | undefined)?.checksum);
  }

  /**
   * Records with seq in (after, upTo], oldest first, at most `limit`; each checksum is verified, and the
   * numbers must follow on from `after` without a gap (a missing record is never skipped silently).
   */
  read(after: number, upTo = Number.MAX_SAFE_INTEGER, limit = 1000): JournalRecord[] {
    let expected = after + 1;
    return reading(() => this.selectAfter.all(after, upTo, limit) as Row[]).map((row) => {
      if (row.seq !== expected) throw new JournalCorruption(expected, `missing (the next record is ${row.seq})`);
      expected++;
      if (recordChecksum(row.seq, row.time, row.body) !== row.checksum) throw new JournalCorruption(row.seq, 'checksum mismatch');
      let event: Event;
      try {
        event = JSON.parse(row.body) as Event;
      } catch {
        throw new JournalCorruption(row.seq, 'body is not JSON');
      }
      if (event.type !== row.type) throw new JournalCorruption(row.seq, 'type column does not match the body');
      return { seq: row.seq, time: row.time, event };
    });
  }

  /** Runs fn holding the write lock (BEGIN IMMEDIATE): other processes wait, nothing interleaves. */
  writeTransaction<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  /** Appends events after the current head. Call inside writeTransaction. */
  append(events: readonly Event[], time: Date): JournalRecord[] {
    let seq = this.head();
    const iso = time.toISOString();
    return events.map((event) => {
      seq += 1;
      const body = JSON.stringify(event);
      this.insert.run(seq, iso, event.type, body, recordChecksum(seq, iso, body));
      return { seq, time: iso, event };
    });
  }

  /**
   * Every record checked (checksums, JSON, numbering without gaps) and SQLite's integrity check, without
   * writing anything. A file SQLite finds damaged is probed record by record: which can still be read.
   */
  static inspect(path: string): JournalInspection {
    let db: Database.Database;
    try {
      db = new Database(path, { fileMustExist: true });
    } catch (e) {
      return { records: 0, problems: [damagedFile(e)?.message ?? `the journal cannot be opened: ${(e as Error).message}`] };
    }
    try {
      const hasTable = () => db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'events'").get() !== undefined;
      const problems: string[] = [];
      let records = 0;
      try {
        if (!hasTable()) return { records: 0, problems: [] };
        let expected = 1;
        for (const row of db.prepare('SELECT seq, time, type, body, checksum FROM events ORDER BY seq').iterate() as Iterable<Row>) {
          records++;
          if (row.seq !== expected) problems.push(row.seq === expected + 1 ? `gap: record ${expected} is missing` : `gap: records ${expected} to ${row.seq - 1} are missing`);
          expected = row.seq + 1;
          const problem = checkRow(row);
          if (problem) problems.push(problem);
        }
        const integrity = db.pragma('integrity_check', { simple: true });
        if (integrity !== 'ok') problems.push(`sqlite integrity_check: ${String(integrity)}`);
        const first = db.prepare('SELECT checksum FROM events WHERE seq = 1').get() as { checksum: string } | undefined;
        return { records, problems, ...(first ? { firstChecksum: first.checksum } : {}) };
      } catch (e) {
        const damaged = damagedFile(e);
        if (!damaged) throw e;
        return { records, problems: [...problems, damaged.message], ...Journal.probe(db) };
      }
    } finally {
      db.close();
    }
  }

  /** Reads a damaged file one record at a time: the numbers that can be read and pass their checks. */
  private static probe(db: Database.Database): { recoverable: [number, number][]; unrecoverable: [number, number][] } {
    const one = db.prepare('SELECT seq, time, type, body, checksum FROM events WHERE seq = ?');
    let high: number | undefined;
    try {
      high = (db.prepare('SELECT MAX(seq) AS high FROM events').get() as { high: number | null }).high ?? 0;
    } catch {
      // The end is unknown: probe until a long run of numbers gives nothing.
    }
    const good: number[] = [];
    const bad: number[] = [];
    let misses = 0;
    for (let seq = 1; high !== undefined ? seq <= high : misses < 1000; seq++) {
      try {
        const row = one.get(seq) as Row | undefined;
        if (row && !checkRow(row)) {
          good.push(seq);
          misses = 0;
          continue;
        }
      } catch {
        // unreadable here
      }
      bad.push(seq);
      misses++;
    }
    // Probing past the end found nothing there: those numbers never existed.
    if (high === undefined) bad.splice(bad.length - misses, misses);
    return { recoverable: ranges(good), unrecoverable: ranges(bad) };
  }

  close(): void {
    this.db.close();
  }
}
