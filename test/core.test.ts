// The event-sourced core: decide/evolve, the journal as source of truth, replay onto lagging nodes,
// and the guide's rule for which changes reach which node.
import { spawn } from 'node:child_process';
import { copyFileSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import fc from 'fast-check';
import { Cluster } from '../emulator/cluster.ts';
import { lagOf } from '../emulator/model.ts';
import { generateKeyPair, generateSymmetricKey } from '../emulator/operations/key-generation.ts';
import type { Session } from '../emulator/operations/operation.ts';
import { partitionPrivateKeyDer } from '../emulator/operations/partition-key.ts';
import { copyUserToServer, createUser, login, unlockUser } from '../emulator/operations/users.ts';
import { activate, activatedTemplate, expectOk, loginCO, reopen, scratchCluster, session, userNames } from './helpers/cluster.ts';
import { deterministicEnv } from './helpers/env.ts';
import { ROOT, tempHome } from './helpers/tools.ts';

function snapshot(state: unknown): string {
  return JSON.stringify(state);
}

test('decide reads the state without changing it (a dry run appends nothing); evolve applies the events', (t) => {
  const { cluster, dir } = scratchCluster();
  activate(cluster, dir);
  const co = loginCO(cluster);
  const before = snapshot(cluster.state);
  const head = cluster.journal.head();
  const d = cluster.decide(createUser, { type: 'CU', name: 'cu1', password: 'user1234' }, session([0, 1, 2], co));
  t.is(snapshot(cluster.state), before, 'decide did not touch the state');
  t.is(cluster.journal.head(), head, 'nor the journal');
  t.is(d.events.length, 1);
  const e = d.events[0]!;
  t.is(e.type, 'UserCreated');
  t.deepEqual('targets' in e ? e.targets : [], [0, 1, 2]);
  t.false(JSON.stringify(e).includes('user1234'), 'the event holds a hash, not the password');
  t.deepEqual(userNames(cluster, 1), ['admin', 'app_user']);
});

test('a journal reopened gives identical node states', (t) => {
  const { cluster, dir, masterKey } = scratchCluster();
  activate(cluster, dir);
  const co = loginCO(cluster);
  cluster.setNodeUp(2, false);
  expectOk(cluster.execute(createUser, { type: 'CU', name: 'cu1', password: 'user1234' }, session([0, 1], co)));
  cluster.execute(login, { type: 'CU', name: 'cu1', password: 'wrong-pass' }, session([0, 1]));
  const whileDown = snapshot(cluster.state);
  t.is(snapshot(reopen(dir, masterKey).state), whileDown);
  cluster.setNodeUp(2, true);
  t.is(snapshot(reopen(dir, masterKey).state), snapshot(cluster.state));
});

test('a change a node missed while down reaches it from the journal when it comes back', (t) => {
  const { cluster, dir } = scratchCluster();
  activate(cluster, dir);
  cluster.setNodeUp(1, false);
  // The session started while server 1 was down, so it fans out to 0 and 2 only.
  const co = loginCO(cluster, [0, 2]);
  const d = expectOk(cluster.execute(createUser, { type: 'CU', name: 'cu1', password: 'user1234' }, session([0, 2], co)));
  t.deepEqual(d.outcomes.map((o) => o.server), [0, 2]);
  t.false(userNames(cluster, 1).includes('cu1'));
  t.true(lagOf(cluster.state, 1) > 0);
  const progress: number[] = [];
  cluster.onReplayProgress((p) => progress.push(p.done));
  cluster.setNodeUp(1, true);
  t.true(userNames(cluster, 1).includes('cu1'));
  t.is(lagOf(cluster.state, 1), 0);
  t.true(progress.length >= 2, 'catch-up reported progress');
});

test('a node that goes down mid-session answers unavailable and still gets the change later', (t) => {
  const { cluster, dir } = scratchCluster();
  activate(cluster, dir);
  const co = loginCO(cluster);
  cluster.setNodeUp(2, false);
  const d = cluster.execute(createUser, { type: 'CU', name: 'cu1', password: 'user1234' }, session([0, 1, 2], co));
  t.deepEqual(d.outcomes.map((o) => o.code), ['SUCCESS', 'SUCCESS', 'SERVER_UNAVAILABLE']);
  cluster.setNodeUp(2, true);
  t.deepEqual(userNames(cluster, 2), ['admin', 'app_user', 'cu1']);
});

test('a change made in server mode is not copied until syncUser', (t) => {
  const { cluster, dir } = scratchCluster();
  activate(cluster, dir);
  const co = loginCO(cluster);
  const s1 = session([0, 1, 2], co, { kind: 'server', server: 1 });
  expectOk(cluster.execute(createUser, { type: 'CU', name: 'local1', password: 'local1pass' }, s1));
  t.deepEqual([0, 1, 2].map((s) => userNames(cluster, s).includes('local1')), [false, true, false]);
  // Faults and catch-up do not copy it either.
  cluster.setNodeUp(0, false);
  cluster.setNodeUp(0, true);
  t.false(userNames(cluster, 0).includes('local1'));
  const id = cluster.state.nodes[1]!.partition!.users.find((u) => u.name === 'local1')!.id;
  expectOk(cluster.execute(copyUserToServer, { userId: id, destination: 0 }, s1));
  t.true(userNames(cluster, 0).includes('local1'));
  t.is(cluster.state.nodes[0]!.partition!.users.find((u) => u.name === 'local1')!.id, id);
  const again = cluster.execute(copyUserToServer, { userId: id, destination: 0 }, s1);
  t.is(again.outcomes[0]!.code, 'USER_ALREADY_ON_NODE');
});

test('a change that failed on a node for an HSM error is not copied to it', (t) => {
  const { cluster, dir } = scratchCluster();
  activate(cluster, dir);
  const co = loginCO(cluster);
  expectOk(cluster.execute(createUser, { type: 'CU', name: 'cu2', password: 'node1pass' }, session([0, 1, 2], co, { kind: 'server', server: 1 })));
  const node1Hash = cluster.state.nodes[1]!.partition!.users.find((u) => u.name === 'cu2')!.password.hash;
  const d = cluster.execute(createUser, { type: 'CU', name: 'cu2', password: 'clusterpass' }, session([0, 1, 2], co));
  t.deepEqual(d.outcomes.map((o) => o.code), ['SUCCESS', 'USER_EXISTS', 'SUCCESS']);
  const e = d.events[0]!;
  t.deepEqual('targets' in e ? e.targets : [], [0, 2]);
  t.is(cluster.state.nodes[1]!.partition!.users.find((u) => u.name === 'cu2')!.password.hash, node1Hash);
});

test('stopAtFirstFailure stops the fan-out, and nothing reaches the servers not yet asked', (t) => {
  const { cluster, dir } = scratchCluster();
  activate(cluster, dir);
  const co = loginCO(cluster);
  expectOk(cluster.execute(createUser, { type: 'CU', name: 'cu2', password: 'node1pass' }, session([0, 1, 2], co, { kind: 'server', server: 1 })));
  const d = cluster.execute(createUser, { type: 'CU', name: 'cu2', password: 'clusterpass' }, session([0, 1, 2], co), { stopAtFirstFailure: true });
  t.is(d.stoppedAt, 1);
  t.deepEqual(d.remaining, [2]);
  t.false(userNames(cluster, 2).includes('cu2'), 'abort leaves server 2 untouched');
  const rest = expectOk(cluster.execute(createUser, { type: 'CU', name: 'cu2', password: 'clusterpass' }, session([0, 1, 2], co), { servers: d.remaining!, stopAtFirstFailure: true }));
  t.deepEqual(rest.outcomes.map((o) => o.server), [2]);
  t.true(userNames(cluster, 2).includes('cu2'), 'ignore goes on to server 2');
});

test('five failed logins lock an account on each node that counted them', (t) => {
  const { cluster, dir } = scratchCluster();
  activate(cluster, dir);
  const co = loginCO(cluster);
  expectOk(cluster.execute(createUser, { type: 'CU', name: 'cu1', password: 'user1234' }, session([0, 1, 2], co)));
  cluster.setNodeUp(2, false);
  for (let i = 0; i < 5; i++) cluster.execute(login, { type: 'CU', name: 'cu1', password: 'badpass1' }, session([0, 1, 2]));
  const locked = cluster.execute(login, { type: 'CU', name: 'cu1', password: 'user1234' }, session([0, 1]));
  t.deepEqual(locked.outcomes.map((o) => o.code), ['ACCOUNT_LOCKED', 'ACCOUNT_LOCKED']);
  cluster.setNodeUp(2, true);
  t.is(cluster.state.nodes[2]!.partition!.users.find((u) => u.name === 'cu1')!.loginFailures, 0, 'failures are counted per node');
  expectOk(cluster.execute(unlockUser, { name: 'cu1' }, session([0, 1, 2], co)));
  const after = expectOk(cluster.execute(login, { type: 'CU', name: 'cu1', password: 'user1234' }, session([0, 1, 2])));
  t.deepEqual(after.login?.servers, [0, 1, 2]);
});

test('decide is deterministic: with one Env seed the same commands write the same journal, byte for byte', (t) => {
  const run = (seed: string, dir: string) => {
    const cluster = Cluster.open(join(dir, 'journal.db'), deterministicEnv(seed));
    cluster.ensureCreated();
    activate(cluster, dir);
    const co = loginCO(cluster);
    expectOk(cluster.execute(createUser, { type: 'CU', name: 'cu1', password: 'user1234' }, session([0, 1, 2], co)));
    const cu = expectOk(cluster.execute(login, { type: 'CU', name: 'cu1', password: 'user1234' }, { ...session([0, 1, 2]), tool: 'util' })).login!;
    const util: Session = { ...session([0, 1, 2], cu), tool: 'util' };
    const options = { label: 'k', id: '', session: false, extractable: true, wrapWithTrusted: true, sharedWith: [], mValue: 0 };
    for (const request of [{ type: 'ec', curveId: 28 }, { type: 'ec', curveId: 2 }, { type: 'rsa', modulusBits: 2048, publicExponent: 65537 }] as const) {
      expectOk(cluster.execute(generateKeyPair, { request, options }, util));
    }
    expectOk(cluster.execute(generateSymmetricKey, { keyType: 31, size: 32, options }, util));
    const records = JSON.stringify(cluster.records(0, 10_000));
    cluster.close();
    return records;
  };
  const first = tempHome('azhsm-seeded-');
  const a = run('seed-1', first);
  const second = tempHome('azhsm-seeded-');
  // The same partition key, so the same owner certificates claim it.
  for (const f of ['PO.key', 'PO.crt', 'POAC.crt']) copyFileSync(join(first, f), join(second, f));
  t.is(run('seed-1', second), a);
  t.is(JSON.parse(a).length, 14, 'creation, claim and activation, the user, four keys, three logins and the end of one at the claim');
  const other = Cluster.open(join(tempHome('azhsm-seeded-'), 'journal.db'), deterministicEnv('seed-2'));
  other.ensureCreated();
  t.not(JSON.stringify(other.records()[0]), JSON.stringify(JSON.parse(a)[0]), 'another seed, another cluster');
  other.close();
});

test('passwords and the partition key never rest in the clear', (t) => {
  const { cluster, dir } = scratchCluster();
  activate(cluster, dir);
  const co = loginCO(cluster);
  expectOk(cluster.execute(createUser, { type: 'CU', name: 'cu1', password: 'VerySecret-9x' }, session([0, 1, 2], co)));
  const pkcs8 = partitionPrivateKeyDer(cluster.env, cluster.state.nodes[0]!.partition!);
  const files = readdirSync(dir).filter((f) => f.startsWith('journal.db')).map((f) => readFileSync(join(dir, f)));
  t.true(files.length > 0);
  for (const bytes of files) {
    for (const secret of ['VerySecret-9x', 'adminpassword', 'tenantadmin']) t.is(bytes.indexOf(secret), -1, `${secret} on disk`);
    t.is(bytes.indexOf(pkcs8.subarray(40, 72)), -1, 'partition private key on disk');
  }
});

test('two processes appending at once lose nothing', async (t) => {
  const { cluster, dir, masterKey } = scratchCluster();
  const startHead = cluster.state.head;
  const rounds = 40;
  const worker = join(ROOT, 'test', 'helpers', 'append-worker.ts');
  const runWorker = (server: number) =>
    new Promise<number>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', worker, join(dir, 'journal.db'), masterKey.toString('hex'), String(server), String(rounds)], { stdio: 'inherit' });
      child.on('exit', (code) => resolve(code ?? 1));
    });
  t.deepEqual(await Promise.all([runWorker(1), runWorker(2)]), [0, 0]);
  cluster.sync();
  t.is(cluster.state.head, startHead + 4 * rounds);
  const records = cluster.records(0, 10_000);
  t.deepEqual(records.map((r) => r.seq), records.map((_, i) => i + 1), 'sequence numbers without gaps');
  for (const server of [1, 2]) t.is(records.filter((r) => 'server' in r.event && r.event.server === server).length, 2 * rounds);
  t.is(reopen(dir, masterKey).state.head, cluster.state.head);
});

test('property: any interleaving of faults and changes replays to the same state, and nodes converge', (t) => {
  const template = activatedTemplate();
  type Op = { kind: 'down' | 'up'; server: number } | { kind: 'create'; n: number };
  const op: fc.Arbitrary<Op> = fc.oneof(
    fc.record({ kind: fc.constantFrom('down' as const, 'up' as const), server: fc.integer({ min: 1, max: 2 }) }),
    fc.record({ kind: fc.constant('create' as const), n: fc.nat(1000) }),
  );
  let run = 0;
  fc.assert(
    fc.property(fc.array(op, { maxLength: 12 }), (ops) => {
      // A fresh cluster for every run: a failing case shrinks to itself, not to what earlier runs left.
      const { cluster, dir, masterKey } = template.copy();
      let co = loginCO(cluster);
      run++;
      for (const o of ops) {
        if (o.kind === 'create') {
          const connected = [0, 1, 2].filter((s) => cluster.state.nodes[s]!.up);
          co = { ...co, servers: connected };
          cluster.execute(createUser, { type: 'CU', name: `u${run}_${o.n}`, password: 'password1' }, session(connected, co));
        } else cluster.setNodeUp(o.server, o.kind === 'up');
      }
      cluster.setNodeUp(1, true);
      cluster.setNodeUp(2, true);
      const same = [1, 2].every((s) => JSON.stringify(userNames(cluster, s)) === JSON.stringify(userNames(cluster, 0)));
      const replayed = reopen(dir, masterKey);
      const ok = same && snapshot(replayed.state) === snapshot(cluster.state);
      replayed.close();
      cluster.close();
      return ok;
    }),
    { numRuns: 25 },
  );
  t.pass();
});
