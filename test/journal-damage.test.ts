// Defects 3, 4 and 11 of issue 8: a journal with a hole, an empty or missing journal, a replaced master
// key or a damaged database file is refused at start with what is wrong and `azcloudhsm_emu fsck`; fsck
// says what it found (and which records a damaged file still yields); only `reset` starts over; SIGHUP
// with a broken configuration says so and keeps running as it was.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import Database from 'better-sqlite3';
import { copyHome } from '../src/home.ts';
import { startDaemon } from './helpers/daemon.ts';
import { ownedHome } from './helpers/ownership.ts';
import { mgmt, ROOT, run, tempHome } from './helpers/tools.ts';

/** One owned home, copied for each case (its journal then damaged in the case's own way). */
const template = ownedHome({ withCu1: true });

function copyOfOwned(): string {
  const home = join(tempHome('azhsm-damage-'), 'home');
  copyHome(template, home);
  return home;
}

function sql(home: string, run: (db: Database.Database) => void): void {
  const db = new Database(join(home, 'emulator', 'journal.db'));
  try {
    run(db);
  } finally {
    db.close();
  }
}

/** The journal's bytes (database and WAL): unchanged means nothing was appended. */
function journalBytes(home: string): string {
  const hash = createHash('sha256');
  for (const f of ['journal.db', 'journal.db-wal']) {
    const path = join(home, 'emulator', f);
    if (existsSync(path)) hash.update(readFileSync(path));
  }
  return hash.digest('hex');
}

/** The client daemon started on the home: on a damaged home it must exit at once (10 s is plenty). */
function daemonStart(home: string): { stdout: string; stderr: string; status: number | null } {
  const r = spawnSync(process.execPath, [join(ROOT, 'dist', 'azcloudhsm_client.js')], { cwd: home, encoding: 'utf8', timeout: 10_000, env: { ...process.env, AZCLOUDHSM_EMU_HOME: home } });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

/** Each program refuses: exit status 2, what is wrong, and where to look. Nothing is appended. */
function refusedEverywhere(t: { true: (v: boolean, m?: string) => void; is: (a: unknown, b: unknown, m?: string) => void }, home: string, what: RegExp): void {
  const before = journalBytes(home);
  const runs = {
    mgmt: mgmt(home, ['loginHSM CO admin adminpassword', 'createUser CU cu9 password9', 'y', 'quit']),
    status: run('azcloudhsm_emu', ['status'], { home }),
    daemon: daemonStart(home),
  };
  for (const [name, r] of Object.entries(runs)) {
    t.is(r.status, 2, `${name} exits 2`);
    t.true(what.test(r.stderr), `${name} says what is wrong: ${r.stderr}`);
    t.true(r.stderr.includes('Run `azcloudhsm_emu fsck` to see what is wrong'), `${name} points at fsck`);
    t.true(!/success/.test(r.stdout), `${name} prints no success`);
  }
  t.is(journalBytes(home), before, 'nothing appended');
}

test('a hole in the journal is refused at start by every program; fsck names it', (t) => {
  const home = copyOfOwned();
  sql(home, (db) => db.prepare('DELETE FROM events WHERE seq = 5').run());
  refusedEverywhere(t, home, /journal record 5 is missing \(the journal holds \d+ records numbered 1 to \d+\)/);
  const f = run('azcloudhsm_emu', ['fsck'], { home });
  t.is(f.status, 1);
  t.regex(f.stdout, /problem: gap: record 5 is missing/);
});

test('a record whose checksum fails is refused at start', (t) => {
  const home = copyOfOwned();
  sql(home, (db) => db.prepare("UPDATE events SET body = replace(body, 'cu1', 'cu2') WHERE type = 'UserCreated'").run());
  refusedEverywhere(t, home, /journal record \d+ is corrupt: checksum mismatch/);
  t.regex(run('azcloudhsm_emu', ['fsck'], { home }).stdout, /problem: record \d+: checksum mismatch/);
});

test('an emptied or deleted journal is damage, not a new cluster; only reset starts over', async (t) => {
  const emptied = copyOfOwned();
  sql(emptied, (db) => db.prepare('DELETE FROM events').run());
  refusedEverywhere(t, emptied, /the journal \S+ is empty \(this home has held a cluster since \d{4}-/);
  t.regex(run('azcloudhsm_emu', ['fsck'], { home: emptied }).stdout, /problem: the journal is empty; this home has held a cluster since/);

  const deleted = copyOfOwned();
  for (const f of ['journal.db', 'journal.db-wal', 'journal.db-shm']) rmSync(join(deleted, 'emulator', f), { force: true });
  const r = mgmt(deleted, ['quit']);
  t.is(r.status, 2);
  t.regex(r.stderr, /the journal \S+ is missing \(this home has held a cluster since/);
  t.regex(run('azcloudhsm_emu', ['fsck'], { home: deleted }).stdout, /problem: the journal \S+ is missing/);

  // reset asks; anything but yes changes nothing.
  const no = run('azcloudhsm_emu', ['reset'], { home: deleted, input: 'no\n' });
  t.is(no.status, 1);
  t.regex(no.stdout, /This deletes the cluster in [\s\S]*Type 'yes' to start over: [\s\S]*Nothing was changed/);
  t.is(mgmt(deleted, ['quit']).status, 2, 'still refused');
  const yes = run('azcloudhsm_emu', ['reset'], { home: deleted, input: 'yes\n' });
  t.is(yes.status, 0, yes.stderr);
  t.regex(yes.stdout, /Started over: Cloud HSM chsm-mycloudhsm-\w+/);
  const fresh = mgmt(deleted, ['listUsers', 'quit']);
  t.is(fresh.status, 0);
  t.regex(fresh.stdout, /Number of users found:2/, 'a new, unclaimed partition');
  t.is(run('azcloudhsm_emu', ['fsck'], { home: deleted }).status, 0);
  t.is(run('azcloudhsm_emu', ['reset', '--yes'], { home: emptied }).status, 0, '--yes does not ask');
});

test('reset refuses while the client daemon serves the home', async (t) => {
  const home = copyOfOwned();
  const daemon = await startDaemon(home);
  t.teardown(() => void daemon.stop());
  const r = run('azcloudhsm_emu', ['reset', '--yes'], { home });
  t.is(r.status, 1);
  t.regex(r.stderr, /azcloudhsm_client is running on this home/);
  t.is(run('azcloudhsm_emu', ['fsck'], { home }).status, 0, 'nothing was changed');
});

test('a replaced or missing master key is found at start, not at the first signature', (t) => {
  const replaced = copyOfOwned();
  writeFileSync(join(replaced, 'emulator', 'master.key'), Buffer.alloc(32, 7));
  refusedEverywhere(t, replaced, /the master key \S+ does not open the keys in its journal/);
  t.regex(run('azcloudhsm_emu', ['fsck'], { home: replaced }).stdout, /problem: the master key \S+ does not open the keys in the journal/);
  const missing = copyOfOwned();
  rmSync(join(missing, 'emulator', 'master.key'));
  refusedEverywhere(t, missing, /the master key \S+ is missing/);
  t.throws(() => readFileSync(join(missing, 'emulator', 'master.key')), undefined, 'no new key was made for the old journal');
});

test('a damaged database file is refused with what SQLite says, and fsck tells which records can be recovered', (t) => {
  const home = copyOfOwned();
  sql(home, (db) => db.pragma('wal_checkpoint(TRUNCATE)'));
  const fd = openSync(join(home, 'emulator', 'journal.db'), 'r+');
  writeSync(fd, Buffer.alloc(4096, 0x41), 0, 4096, 8192);
  closeSync(fd);
  refusedEverywhere(t, home, /the journal file is damaged \(SQLite: database disk image is malformed\)/);
  const f = run('azcloudhsm_emu', ['fsck'], { home });
  t.is(f.status, 1);
  t.regex(f.stdout, /records that can still be read: [\d, -]+/);
  t.regex(f.stdout, /problem: the journal file is damaged/);
});

test('SIGHUP with a broken configuration says so and keeps running as it was', async (t) => {
  const home = copyOfOwned();
  const daemon = await startDaemon(home);
  t.teardown(() => void daemon.stop());
  const cfg = join(home, 'bin', 'azcloudhsm_client.cfg');
  const good = readFileSync(cfg, 'utf8');
  writeFileSync(cfg, '{ "client": { "daemon_socket": ');
  daemon.child.kill('SIGHUP');
  for (let i = 0; i < 100 && !daemon.log().includes('not reloaded'); i++) await new Promise((r) => setTimeout(r, 20));
  t.regex(daemon.log(), /ERR: configuration not reloaded: \S+azcloudhsm_client\.cfg: not a valid JSON configuration file; still running with the configuration it had/);
  t.notRegex(daemon.log(), /configuration reloaded/);
  writeFileSync(cfg, good);
  daemon.child.kill('SIGHUP');
  for (let i = 0; i < 100 && !daemon.log().includes('INF: configuration reloaded'); i++) await new Promise((r) => setTimeout(r, 20));
  t.regex(daemon.log(), /INF: configuration reloaded/);
  t.is(daemon.child.exitCode, null);
});

