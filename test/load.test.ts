// Defect 6 of issue 8: while four clients generate DSA-3072 keys (seconds each), mgmt_util createUser and
// listUsers and `azcloudhsm_emu status` in other processes never fail because another process is busy:
// key generation runs outside the journal's write lock, read-only commands and start-up take none.
import { join } from 'node:path';
import test from 'ava';
import { LOGIN_CU1, startDaemon } from './helpers/daemon.ts';
import { runAsync } from './helpers/interactive.ts';
import { ownedHome } from './helpers/ownership.ts';
import { tempHome } from './helpers/tools.ts';

test('four clients generating DSA-3072 keys: createUser, listUsers and status in other processes all succeed meanwhile', async (t) => {
  const home = ownedHome({ withCu1: true });
  const daemon = await startDaemon(home);
  t.teardown(() => void daemon.stop());
  const work = tempHome('azhsm-load-');
  let generating = true;
  const clients = Promise.all(
    [1, 2, 3, 4].map((i) => runAsync('azcloudhsm_util', [], { home, cwd: work, input: `${LOGIN_CU1}\ngenDSAKeyPair -m 3072 -l dsa${i}\nexit\n` })),
  ).finally(() => (generating = false));
  const others: { what: string; status: number | null; out: string; ms: number }[] = [];
  for (let n = 0; generating || n < 2; n++) {
    const [created, listed, status] = await Promise.all([
      runAsync('azcloudhsm_mgmt_util', ['./azcloudhsm_resource.cfg'], { home, cwd: join(home, 'bin'), input: `loginHSM CO admin adminpassword\ncreateUser CU load${n} password${n}\ny\nquit\n` }),
      runAsync('azcloudhsm_mgmt_util', ['./azcloudhsm_resource.cfg'], { home, cwd: join(home, 'bin'), input: 'listUsers\nquit\n' }),
      runAsync('azcloudhsm_emu', ['status'], { home }),
    ]);
    others.push(
      { what: `createUser load${n}`, status: created.status, out: created.stdout + created.stderr, ms: created.ms },
      { what: 'listUsers', status: listed.status, out: listed.stdout + listed.stderr, ms: listed.ms },
      { what: 'status', status: status.status, out: status.stdout + status.stderr, ms: status.ms },
    );
    t.true(created.stdout.includes(`createUser success on server 2(10.0.2.6)`), created.stdout + created.stderr);
  }
  const made = await clients;
  for (const [i, r] of made.entries()) t.regex(r.stdout, /Cfm3GenerateKeyPair: returned: 0x00 : HSM Return: SUCCESS/, `client ${i + 1}: ${r.stdout.slice(-400)}`);
  for (const o of others) {
    t.is(o.status, 0, `${o.what}: ${o.out}`);
    t.notRegex(o.out, /database is locked|busy/i, o.what);
  }
  t.log(`${others.length} commands while generating; slowest ${Math.max(...others.map((o) => o.ms))} ms`);
});

test('start-up and read-only commands take no write lock: they run while another process holds it', async (t) => {
  const home = ownedHome({ withCu1: true });
  const { default: Database } = await import('better-sqlite3');
  const holder = new Database(join(home, 'emulator', 'journal.db'));
  holder.exec('BEGIN IMMEDIATE');
  try {
    const [status, listed, fsck] = await Promise.all([
      runAsync('azcloudhsm_emu', ['status'], { home }),
      runAsync('azcloudhsm_mgmt_util', ['./azcloudhsm_resource.cfg'], { home, cwd: join(home, 'bin'), input: 'listUsers\ngetHSMInfo\nquit\n' }),
      runAsync('azcloudhsm_emu', ['fsck'], { home }),
    ]);
    for (const [what, r] of Object.entries({ status, listed, fsck })) {
      t.is(r.status, 0, `${what}: ${r.stdout}${r.stderr}`);
      t.true(r.ms < 10_000, `${what} took ${r.ms} ms`);
    }
    t.regex(listed.stdout, /Number of users found:3/);
  } finally {
    holder.exec('ROLLBACK');
    holder.close();
  }
});
