// The journal: the append-only log of events and the cluster's source of truth. One SQLite file (WAL,
// full sync) gives atomic, durable appends and safe concurrent writers across processes: mgmt_util,
// azcloudhsm_util, the client daemon and azcloudhsm_emu all open it at once. Each record carries a
// checksum of its sequence, time and body, checked on every read.
import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import type { Event, JournalRecord } from './events.ts';

export class JournalCorruption extends Error {
  constructor(readonly seq: number, reason: string) {
    super(`journal record ${seq} is corrupt: ${reason}`);
  }
}

interface Row {
  seq: number;
  time: string;
  type: string;
  body: string;
  checksum: string;
}

export function recordChecksum(seq: number, time: string, body: string): string {
  return createHash('sha256').update(`${seq}\n${time}\n${body}`).digest('hex');
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
    const db = new Database(path);
    db.pragma('busy_timeout = 15000');
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec(`CREATE TABLE IF NOT EXISTS events (
      seq INTEGER PRIMARY KEY,
      time TEXT NOT NULL,
      type TEXT NOT NULL,
      body TEXT NOT NULL,
      checksum TEXT NOT NULL
    )`);
    return new Journal(db);
  }

  head(): number {
    return (this.selectHead.get() as { head: number }).head;
  }

  /** Records with seq in (after, upTo], oldest first, at most `limit`; each checksum is verified. */
  read(after: number, upTo = Number.MAX_SAFE_INTEGER, limit = 1000): JournalRecord[] {
    return (this.selectAfter.all(after, upTo, limit) as Row[]).map((row) => {
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

  /** Every record checked: checksums, JSON, and sequence numbers without gaps. */
  verify(): { records: number; problems: string[] } {
    const problems: string[] = [];
    let records = 0;
    let expected = 1;
    for (const row of this.db.prepare('SELECT seq, time, type, body, checksum FROM events ORDER BY seq').iterate() as Iterable<Row>) {
      records++;
      if (row.seq !== expected) problems.push(`gap: expected record ${expected}, found ${row.seq}`);
      expected = row.seq + 1;
      if (recordChecksum(row.seq, row.time, row.body) !== row.checksum) problems.push(`record ${row.seq}: checksum mismatch`);
      try {
        if ((JSON.parse(row.body) as Event).type !== row.type) problems.push(`record ${row.seq}: type does not match body`);
      } catch {
        problems.push(`record ${row.seq}: body is not JSON`);
      }
    }
    const integrity = this.db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') problems.push(`sqlite integrity_check: ${String(integrity)}`);
    return { records, problems };
  }

  close(): void {
    this.db.close();
  }
}
