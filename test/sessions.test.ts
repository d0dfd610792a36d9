// Defect 1 of issue 8: a login is visible to every process (a journaled lease that ends with its
// process), a user logged in anywhere cannot be deleted, and a session is bound to its user's identity.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import { Cluster } from '../emulator/cluster.ts';
import { type Env, systemEnv } from '../emulator/crypto/env.ts';
import { generateSymmetricKey } from '../emulator/operations/key-generation.ts';
import { findKeys } from '../emulator/operations/key-management.ts';
import { changePassword, createUser, deleteUser, login } from '../emulator/operations/users.ts';
import { activate, expectOk, loginCO, scratchCluster, session } from './helpers/cluster.ts';
import { RunningTool } from './helpers/interactive.ts';
import { ownedHome } from './helpers/ownership.ts';
import { mgmt, run } from './helpers/tools.ts';
import { LOGIN_CU1, startDaemon } from './helpers/daemon.ts';
import { UTIL_PROMPT } from '../src/prompts.ts';

const CO_PROMPT = 'cloudmgmt>';

test('a user logged in by another process cannot be deleted; once that process is killed, it can', async (t) => {
  const home = ownedHome();
  mgmt(home, ['loginHSM CO admin adminpassword', 'createUser CO co3 password3', 'y', 'quit']);
  const a = new RunningTool('azcloudhsm_mgmt_util', ['./azcloudhsm_resource.cfg'], { home, cwd: join(home, 'bin') });
  t.teardown(() => void a.kill());
  await a.waitFor(CO_PROMPT);
  t.regex(await a.run('loginHSM CO co3 password3', CO_PROMPT), /loginHSM success on server 2/);
  t.regex(run('azcloudhsm_emu', ['status'], { home }).stdout, new RegExp(`Logins:\\s+co3\\(CO\\) on servers 0,1,2, pid ${a.pid}`));

  const refused = mgmt(home, ['loginHSM CO admin adminpassword', 'deleteUser CO co3', 'y', 'A', 'listUsers', 'quit']);
  t.true(refused.stdout.includes('deleteUser failed: HSM Error: The user is currently logged in and cannot be changed'), refused.stdout);
  t.regex(refused.stdout.slice(refused.stdout.indexOf('cloudmgmt>listUsers')), /co3/);
  const changed = mgmt(home, ['loginHSM CO admin adminpassword', 'changePswd CO co3 stolen123', 'y', 'A', 'quit']);
  t.true(changed.stdout.includes('changePswd failed: HSM Error: The user is currently logged in and cannot be changed'), changed.stdout);

  // The session still works: its user exists and is the one it logged in as.
  t.regex(await a.run('createUser CU cu7 password7', /Do you want to continue\(y\/n\)\?/), /CAUTION/);
  t.regex(await a.run('y', CO_PROMPT), /Creating User cu7\(CU\)[\s\S]*createUser success on server 2/);

  // A killed process blocks nobody: its lease is void.
  await a.kill();
  const deleted = mgmt(home, ['loginHSM CO admin adminpassword', 'deleteUser CO co3', 'y', 'listUsers', 'quit']);
  t.true(deleted.stdout.includes('deleteUser success on server 2(10.0.2.6)'), deleted.stdout);
  t.regex(run('azcloudhsm_emu', ['status'], { home }).stdout, /Logins:\s+none/);
});

test('a login ends its lease at logout; azcloudhsm_util logins, held by the daemon, end when the application goes', async (t) => {
  const home = ownedHome({ withCu1: true });
  const daemon = await startDaemon(home);
  t.teardown(() => void daemon.stop());
  const u = new RunningTool('azcloudhsm_util', [], { home });
  t.teardown(() => void u.kill());
  await u.waitFor(UTIL_PROMPT);
  t.regex(await u.run(LOGIN_CU1, UTIL_PROMPT), /Cfm3LoginHSM returned: 0x00/);
  const refused = mgmt(home, ['loginHSM CO admin adminpassword', 'deleteUser CU cu1', 'y', 'A', 'quit']);
  t.true(refused.stdout.includes('deleteUser failed: HSM Error: The user is currently logged in and cannot be changed'), refused.stdout);
  await u.end();
  // The daemon ends the application's lease when its connection closes.
  for (let i = 0; i < 100 && !/Logins:\s+none/.test(run('azcloudhsm_emu', ['status'], { home }).stdout); i++) await new Promise((r) => setTimeout(r, 50));
  const out = mgmt(home, ['loginHSM CU cu1 user1234', 'logoutHSM', 'loginHSM CO admin adminpassword', 'deleteUser CU cu1', 'y', 'quit']);
  t.true(out.stdout.includes('deleteUser success on server 0(10.0.2.4)'), out.stdout);
  const journal = run('azcloudhsm_emu', ['journal'], { home }).stdout;
  t.regex(journal, /SessionOpened\s+cu1\(CU\) on servers 0,1,2/);
  t.regex(journal, /SessionsClosed/);
});

/** A cluster on the same journal, as another process sees it: its own holder, `alive` as the host says. */
function otherProcess(dir: string, masterKey: Buffer, pid: number): Cluster {
  const base = systemEnv(masterKey);
  const env: Env = { ...base, processes: { self: { pid, started: 'gone', boot: base.processes.self.boot }, alive: base.processes.alive } };
  return Cluster.open(join(dir, 'journal.db'), env);
}

test('a session whose user was deleted (its process gone) has no rights, and never those of a new user of the same name', (t) => {
  const { cluster, dir, masterKey } = scratchCluster();
  activate(cluster, dir);
  const co = loginCO(cluster);
  const all = [0, 1, 2];
  for (const [type, name] of [['CO', 'co3'], ['CU', 'cu4']] as const) {
    expectOk(cluster.execute(createUser, { type, name, password: 'password1' }, session(all, co)));
  }
  // Sessions of a process that has ended (a pid no process has): their leases are void.
  const ghost = otherProcess(dir, masterKey, 2 ** 22 + 17);
  const co3 = expectOk(ghost.execute(login, { type: 'CO', name: 'co3', password: 'password1' }, session(all))).login!;
  const cu4 = expectOk(ghost.execute(login, { type: 'CU', name: 'cu4', password: 'password1' }, { ...session(all), tool: 'util' })).login!;
  for (const [type, name] of [['CO', 'co3'], ['CU', 'cu4']] as const) expectOk(cluster.execute(deleteUser, { type, name }, session(all, co)));
  // A new cu4 (another id) makes a key.
  expectOk(cluster.execute(createUser, { type: 'CU', name: 'cu4', password: 'password2' }, session(all, co)));
  const newCu4 = expectOk(cluster.execute(login, { type: 'CU', name: 'cu4', password: 'password2' }, { ...session(all), tool: 'util' })).login!;
  t.not(newCu4.userIdOn[0], cu4.userIdOn[0], 'the new cu4 has a new id');
  const options = { label: 'new', id: '', session: false, extractable: true, wrapWithTrusted: true, sharedWith: [], mValue: 0 };
  expectOk(cluster.execute(generateSymmetricKey, { keyType: 31, size: 32, options }, { ...session(all, newCu4), tool: 'util' }));

  const asOldCo3 = ghost.execute(createUser, { type: 'CU', name: 'sneaky', password: 'password1' }, session(all, co3));
  t.deepEqual(asOldCo3.outcomes.map((o) => o.code), ['NOT_LOGGED_IN', 'NOT_LOGGED_IN', 'NOT_LOGGED_IN']);
  t.is(asOldCo3.events.length, 0);
  const hijack = ghost.execute(changePassword, { type: 'CO', name: 'admin', password: 'hijacked1' }, session(all, co3));
  t.deepEqual(hijack.outcomes.map((o) => o.code), ['NOT_LOGGED_IN', 'NOT_LOGGED_IN', 'NOT_LOGGED_IN']);
  const seen = ghost.execute(findKeys, {}, { ...session(all, cu4), tool: 'util' });
  t.deepEqual(seen.outcomes.map((o) => o.code), ['NOT_LOGGED_IN', 'NOT_LOGGED_IN', 'NOT_LOGGED_IN'], 'the old cu4 session sees none of the new cu4 keys');
  ghost.close();
  // The journal holds no password and no lease that survives the void ones being swept by the next login.
  expectOk(cluster.execute(login, { type: 'CU', name: 'cu4', password: 'password2' }, { ...session(all), tool: 'util' }));
  const leases = Object.values(cluster.state.sessions).map((s) => s.holder.pid);
  t.false(leases.includes(2 ** 22 + 17), 'void leases are swept at the next login');
  t.false(readFileSync(join(dir, 'journal.db')).includes('password2'));
});
