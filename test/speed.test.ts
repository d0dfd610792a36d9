// The speed work of issue 9 (part B) changes what happens, not only how fast: these tests check the
// behaviour it rests on. Nothing here is timed.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createConnection, createServer, type Server } from 'node:net';
import { join } from 'node:path';
import test from 'ava';
import { generateKeyPair, generateSymmetricKey } from '../emulator/operations/key-generation.ts';
import { signMessage, verifySignature } from '../emulator/operations/key-crypto.ts';
import Database from 'better-sqlite3';
import { deleteKey, exportPublicKey, findKeys, readKeyAttributes } from '../emulator/operations/key-management.ts';
import { setKeyAttribute } from '../emulator/operations/key-sharing.ts';
import { login, logout } from '../emulator/operations/users.ts';
import { DaemonConnection } from '../src/client/connection.ts';
import { ClientDaemon, readClientConfig } from '../src/client/daemon.ts';
import { Cluster, SNAPSHOT_EVERY } from '../emulator/cluster.ts';
import { snapshotChecksum } from '../emulator/journal.ts';
import { addChurn, cryptoUserSession, makeKey } from '../src/bench/partition.ts';
import { fsck } from '../src/emu/fsck.ts';
import { writeOutput } from '../src/files.ts';
import { openHome } from '../src/home.ts';
import { LOGIN_CU1, startDaemon } from './helpers/daemon.ts';
import { ownedHome } from './helpers/ownership.ts';
import { openssl, ROOT, type RunResult, tempHome } from './helpers/tools.ts';

/** azcloudhsm_util run without blocking this process (the proxy below serves it from here). */
function utilAsync(home: string, args: readonly string[], input: string, cwd: string): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(ROOT, 'dist', 'azcloudhsm_util.js'), ...args], { cwd, env: { ...process.env, AZCLOUDHSM_EMU_HOME: home, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.once('close', (status) => resolve({ stdout, stderr, status }));
    child.stdin.end(input);
  });
}

/**
 * A socket between azcloudhsm_util and the daemon that counts the requests by `op` (and by operation for
 * `execute`): azcloudhsm_client.cfg points the tool at it.
 */
async function countingProxy(home: string): Promise<{ counts: Map<string, number>; server: Server }> {
  const cfgPath = join(home, 'bin', 'azcloudhsm_client.cfg');
  const cfg = JSON.parse(readFileSync(cfgPath, 'utf8')) as { client: { daemon_socket: string } };
  const daemonSocket = cfg.client.daemon_socket;
  const proxySocket = join(home, 'run', 'proxy.sock');
  const counts = new Map<string, number>();
  const server = createServer((client) => {
    const upstream = createConnection(daemonSocket);
    let buffer = '';
    client.on('data', (chunk) => {
      buffer += chunk.toString();
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const req = JSON.parse(buffer.slice(0, nl)) as { op: string; operation?: string };
        buffer = buffer.slice(nl + 1);
        const name = req.op === 'execute' ? `execute ${req.operation}` : req.op;
        counts.set(name, (counts.get(name) ?? 0) + 1);
      }
      upstream.write(chunk);
    });
    upstream.pipe(client);
    client.on('close', () => upstream.end());
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(proxySocket, resolve));
  writeFileSync(cfgPath, JSON.stringify({ ...cfg, client: { ...cfg.client, daemon_socket: proxySocket } }, null, 2));
  return { counts, server };
}

test('line mode and singlecmd never ask the daemon for the key list: one request a command', async (t) => {
  const home = ownedHome({ withCu1: true });
  const daemon = await startDaemon(home);
  t.teardown(() => daemon.stop());
  const { counts, server } = await countingProxy(home);
  t.teardown(() => server.close());
  const work = tempHome('azhsm-work-');
  const lines = [LOGIN_CU1, 'genSymKey -l k -t 31 -s 32', 'genSymKey -l k -t 31 -s 32', 'findKey', 'exit'];
  const r = await utilAsync(home, [], lines.join('\n') + '\n', work);
  t.is(r.status, 0, r.stdout);
  t.true(r.stdout.includes("Total number of keys present: 2"), r.stdout);
  t.is(counts.get('live'), undefined, JSON.stringify([...counts]));
  t.is(counts.get('execute generateSymmetricKey'), 2);
  const one = await utilAsync(home, ['singlecmd', ...LOGIN_CU1.split(' '), 'findKey'], '', work);
  t.is(one.status, 0, one.stdout);
  t.is(counts.get('live'), undefined, JSON.stringify([...counts]));
  t.is(counts.get('execute findKeys'), 2);
});

const keyOptions = { label: 'k', id: '', session: false, extractable: true, wrapWithTrusted: false, sharedWith: [], mValue: 0 };

test('the daemon keeps parsed keys between signatures and forgets them at delete, attribute change and logout; reading commands take no write lock', async (t) => {
  const home = ownedHome({ withCu1: true });
  const { cluster, paths } = openHome(home);
  const daemon = new ClientDaemon(cluster, paths, readClientConfig(paths), () => {});
  await daemon.start();
  t.teardown(async () => {
    await daemon.stop('test');
    cluster.close();
  });
  const c = await DaemonConnection.connect(readClientConfig(paths).socketPath);
  t.teardown(() => c.close());
  await c.hello('test');
  await c.execute(login, { type: 'CU', name: 'cu1', password: 'user1234' });
  // A second application connected: RSA signatures go to the worker threads (one alone signs in the main thread).
  const c2 = await DaemonConnection.connect(readClientConfig(paths).socketPath);
  t.teardown(() => c2.close());
  await c2.hello('test');
  await daemon.cryptoThreadsReady();
  const pair = async (): Promise<[number, number]> => {
    const made = await c.execute(generateKeyPair, { request: { type: 'rsa', modulusBits: 2048, publicExponent: 65537 }, options: keyOptions });
    const [pub, priv] = made.result!.handles;
    return [pub!, priv!];
  };
  const message = Buffer.from('cached or not, the same signature');
  const signs = async (handle: number): Promise<Buffer> => {
    const answer = await c.execute(signMessage, { handle, mechanism: 1, message });
    return Buffer.from(answer.result!.signature);
  };
  const verifies = async (handle: number, signature: Buffer): Promise<boolean> =>
    (await c.execute(verifySignature, { handle, mechanism: 1, message, signature })).outcomes.every((o) => o.code === 'SUCCESS');

  const [pub1, priv1] = await pair();
  const [pub2, priv2] = await pair();
  t.deepEqual(daemon.cachedKeyHandles(), []);
  const first = await signs(priv1);
  t.true(await verifies(pub1, first));
  // The key pairs and the signature were made on the daemon's worker threads; OpenSSL checks the signature.
  t.is(daemon.cryptoJobsRun(), 3);
  const work = tempHome('azhsm-work-');
  const spki = (await c.execute(exportPublicKey, { handle: pub1 })).outcomes.find((o) => o.code === 'SUCCESS');
  writeFileSync(join(work, 'pub.der'), spki && 'data' in spki ? spki.data.spki : new Uint8Array());
  writeFileSync(join(work, 'msg.bin'), message);
  writeFileSync(join(work, 'sig.bin'), first);
  const checked = openssl(['dgst', '-sha256', '-verify', 'pub.der', '-keyform', 'DER', '-signature', 'sig.bin', 'msg.bin'], work);
  t.is(checked.stdout.trim(), 'Verified OK', checked.stderr);
  t.deepEqual(daemon.cachedKeyHandles(), [pub1, priv1]);
  // A cached key signs as a parsed one did (PKCS#1 v1.5 is deterministic) and verifies again.
  t.deepEqual(await signs(priv1), first);
  t.true(await verifies(pub1, await signs(priv1)));
  await signs(priv2);
  t.deepEqual(daemon.cachedKeyHandles(), [pub1, priv1, priv2]);

  // Another process holds the journal's write lock: commands that only read still run (one that took the
  // lock would wait for it, then fail with SQLITE_BUSY).
  const writer = new Database(paths.journal);
  writer.exec('BEGIN IMMEDIATE');
  try {
    t.true(await verifies(pub1, await signs(priv1)));
    const found = (await c.execute(findKeys, {})).outcomes.map((o) => (o.code === 'SUCCESS' ? o.data.handles.length : -1));
    t.deepEqual(found, [4, 4, 4]);
    t.true((await c.execute(readKeyAttributes, { handle: priv1, attribute: 3 })).outcomes.every((o) => o.code === 'SUCCESS'));
  } finally {
    writer.exec('ROLLBACK');
    writer.close();
  }

  // An attribute changed by another process (mgmt_util's setAttribute, here on the journal the daemon shares):
  // the daemon forgets the key when it catches up, at its next request.
  const other = openHome(home).cluster;
  const cu1 = other.execute(login, { type: 'CU', name: 'cu1', password: 'user1234' }, { scope: { kind: 'global' }, connected: [0, 1, 2] }).login!;
  const changed = other.execute(setKeyAttribute, { handle: priv1, attribute: 3, value: 'relabelled' }, { scope: { kind: 'global' }, connected: [0, 1, 2], login: cu1 });
  t.true(changed.outcomes.every((o) => o.code === 'SUCCESS'));
  other.close();
  await c.loginStatus();
  await c.live();
  t.deepEqual(daemon.cachedKeyHandles(), [pub1, priv2]);
  t.deepEqual(await signs(priv1), first);

  await c.execute(deleteKey, { handle: priv2 });
  t.deepEqual(daemon.cachedKeyHandles(), [pub1, priv1]);
  t.is((await c.execute(signMessage, { handle: priv2, mechanism: 1, message })).result, undefined);

  // Two applications making session keys at once (the key pairs made on worker threads meanwhile) get
  // handles of their own.
  await c2.execute(login, { type: 'CU', name: 'cu1', password: 'user1234' });
  const sessionPair = { request: { type: 'ec', curveId: 2 }, options: { ...keyOptions, session: true } } as const;
  const made = await Promise.all([c, c2, c, c2].map(async (conn) => (await conn.execute(generateKeyPair, sessionPair)).result!.handles));
  const handles = made.flat();
  t.is(new Set(handles).size, 8, JSON.stringify(made));

  // Changes asked for at the same moment by two applications share one journal transaction.
  const before = daemon.commitStats();
  const aes = { keyType: 31, size: 32, options: keyOptions } as const;
  const both = await Promise.all([c.execute(generateSymmetricKey, aes), c2.execute(generateSymmetricKey, aes)]);
  t.true(both.every((a) => a.result?.handles.length === 1));
  const after = daemon.commitStats();
  t.is(after.changes - before.changes, 2);
  t.is(after.transactions - before.transactions, 1);

  await c.execute(logout, {});
  t.deepEqual(daemon.cachedKeyHandles(), []);
});

test('group commit: every change the daemon acknowledged is in the journal after kill -9', async (t) => {
  const home = ownedHome({ withCu1: true });
  const daemon = await startDaemon(home);
  t.teardown(() => daemon.stop());
  const socket = join(home, 'run', 'azcloudhsm_client.sock');
  const acknowledged: number[] = [];
  const aes = { keyType: 31, size: 32, options: keyOptions } as const;
  const writer = async (): Promise<void> => {
    const c = await DaemonConnection.connect(socket);
    await c.hello('test');
    await c.execute(login, { type: 'CU', name: 'cu1', password: 'user1234' });
    try {
      for (;;) acknowledged.push(...(await c.execute(generateSymmetricKey, aes)).result!.handles);
    } catch {
      // The daemon was killed: the connection failed.
    }
  };
  const writers = [writer(), writer(), writer()];
  while (acknowledged.length < 60) await new Promise((r) => setTimeout(r, 20));
  daemon.child.kill('SIGKILL');
  await Promise.all(writers);
  const { cluster } = openHome(home);
  const keys = cluster.state.nodes[0]!.partition!.keys;
  cluster.close();
  const lost = acknowledged.filter((h) => keys[h] === undefined);
  t.deepEqual(lost, [], `${lost.length} of ${acknowledged.length} acknowledged keys lost`);
});

test('an output file written over an older one holds exactly the new bytes', (t) => {
  const dir = tempHome('azhsm-files-');
  const path = join(dir, 'sig.bin');
  t.is(writeOutput(path, Buffer.alloc(300, 7)), undefined);
  t.deepEqual(readFileSync(path), Buffer.alloc(300, 7));
  t.is(writeOutput(path, 'short'), undefined);
  t.is(readFileSync(path, 'utf8'), 'short');
  t.is(writeOutput(path, Buffer.alloc(0)), undefined);
  t.is(readFileSync(path).length, 0);
  t.regex(writeOutput(dir, 'x') ?? '', /^cannot write file .*: Is a directory$/);
  t.regex(writeOutput(join(dir, 'no', 'such'), 'x') ?? '', /^cannot write file .*: No such file or directory$/);
});

test('snapshots: a start reads the latest snapshot and the tail, which equals a replay from record 1; fsck compares them; a damaged snapshot is refused', async (t) => {
  const home = ownedHome({ withCu1: true });
  const first = openHome(home);
  addChurn(first.cluster, cryptoUserSession(first.cluster), SNAPSHOT_EVERY + 100, 50);
  first.cluster.close();
  // The next start folds the long tail, and saves the state it reached.
  const second = openHome(home);
  const head = second.cluster.state.head;
  t.is(second.cluster.journal.latestSnapshot()?.seq, head);
  // More history after the snapshot: keys made and deleted, a node down while some are, and back.
  const session = cryptoUserSession(second.cluster);
  makeKey(second.cluster, session, 'aes256', 'after');
  second.cluster.setNodeUp(2, false);
  const [pub] = makeKey(second.cluster, session, 'p256', 'while 2 is down');
  second.cluster.execute(deleteKey, { handle: pub! }, session);
  second.cluster.setNodeUp(2, true);
  second.cluster.close();

  const { cluster, paths } = openHome(home);
  const replayed = Cluster.open(paths.journal, cluster.env, { fromSnapshot: false });
  t.true(cluster.state.head > head);
  t.is(JSON.stringify(cluster.state), JSON.stringify(replayed.state));
  replayed.close();
  // Nodes in step share their key objects, from the snapshot as from the events; node 2 replayed the key
  // made while it was down, and holds its own copy.
  const [n0, n1, n2] = cluster.state.nodes.map((n) => n.partition!.keys);
  const live = Object.values(n0!).find((k) => k.label === 'live-1')!;
  t.true(n1![live.handle] === live && n2![live.handle] === live);
  const made = Object.values(n0!).find((k) => k.label === 'while 2 is down')!;
  t.true(n1![made.handle] === made);
  t.false(n2![made.handle] === made);
  t.deepEqual(n2![made.handle], made);
  cluster.close();
  const report = fsck(paths);
  t.is(report.problems, 0, report.lines.join('\n'));
  t.true(report.lines.includes(`the snapshot at record ${head} equals the journal replayed from record 1 up to it`), report.lines.join('\n'));

  // A snapshot whose bytes changed: refused at start (its checksum), and by fsck.
  const db = new Database(paths.journal);
  db.prepare("UPDATE snapshots SET body = replace(body, '\"label\":\"live-1\"', '\"label\":\"live-X\"') WHERE seq = ?").run(head);
  t.throws(() => openHome(home), { message: new RegExp(`snapshot of the state at journal record ${head} fails its checksum`) });
  t.regex(fsck(paths).lines.join('\n'), /problem: the snapshot of the state at journal record \d+ fails its checksum/);
  // One whose checksum was made to fit: fsck finds that it is not what the journal says.
  const body = (db.prepare('SELECT body FROM snapshots WHERE seq = ?').get(head) as { body: string }).body;
  db.prepare('UPDATE snapshots SET checksum = ? WHERE seq = ?').run(snapshotChecksum(head, body), head);
  db.close();
  t.regex(fsck(paths).lines.join('\n'), new RegExp(`problem: the snapshot at journal record ${head} differs from the journal replayed from record 1 up to it`));
});
