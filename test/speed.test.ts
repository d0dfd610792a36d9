// The speed work of issue 9 (part B) changes what happens, not only how fast: these tests check the
// behaviour it rests on. Nothing here is timed.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createConnection, createServer, type Server } from 'node:net';
import { join } from 'node:path';
import test from 'ava';
import { LOGIN_CU1, startDaemon } from './helpers/daemon.ts';
import { ownedHome } from './helpers/ownership.ts';
import { ROOT, type RunResult, tempHome } from './helpers/tools.ts';

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
