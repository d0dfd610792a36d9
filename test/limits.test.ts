// Defect 7 of issue 8: every place input enters has a bound, with an error that names it: the daemon's
// frames, command lines (piped or typed), the files commands read, configuration files and recordings.
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, symlinkSync, writeFileSync, writeSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import test from 'ava';
import { PROTOCOL_VERSION } from '../src/client/protocol.ts';
import { LOGIN_CU1, startDaemon, util } from './helpers/daemon.ts';
import { ownedHome } from './helpers/ownership.ts';
import { exchange } from './helpers/socket.ts';
import { mgmt, ROOT, run, tempHome } from './helpers/tools.ts';

/** The limits as the README states them (src/limits.ts): written out, so this test runs on any version. */
const LIMITS = { line: 64 * 1024, inputFile: 4 * 1024 * 1024, recording: 16 * 1024 * 1024 };

const HELLO = JSON.stringify({ id: 7, op: 'hello', client: 'test', pid: 1, protocol: PROTOCOL_VERSION }) + '\n';

function rssMiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : 0;
}

function freshHome(): string {
  const home = tempHome();
  run('azcloudhsm_emu', ['init'], { home });
  return home;
}

test('a 64 MB frame without a newline is cut off at the limit in linear time while other clients are served', async (t) => {
  const home = freshHome();
  const daemon = await startDaemon(home);
  t.teardown(() => void daemon.stop());
  const path = join(home, 'run', 'azcloudhsm_client.sock');
  const started = Date.now();
  const flood = new Promise<{ reply: string; closed: boolean }>((resolve) => {
    const socket = createConnection(path);
    let reply = '';
    socket.on('data', (d) => (reply += d.toString()));
    socket.on('close', () => resolve({ reply, closed: true }));
    socket.on('error', () => undefined);
    socket.on('connect', () => {
      const chunk = Buffer.alloc(64 * 1024, 'a');
      let sent = 0;
      const pump = (): void => {
        while (sent < 64 * 1024 * 1024) {
          sent += chunk.length;
          if (!socket.write(chunk)) return void socket.once('drain', pump);
        }
      };
      pump();
    });
  });
  // Another application is answered meanwhile.
  const other = await exchange(path, HELLO, 1, 5000);
  t.regex(other.replies[0] ?? '', /"ok":true/);
  const { reply, closed } = await flood;
  t.true(closed, 'the daemon hangs up');
  t.regex(reply, /request longer than 8 MiB: connection closed/);
  t.true(Date.now() - started < 10_000, `cut off in ${Date.now() - started} ms`);
  t.true(rssMiB(daemon.child.pid!) < 250, `daemon RSS ${rssMiB(daemon.child.pid!).toFixed(0)} MiB`);
  t.regex((await exchange(path, HELLO, 1)).replies[0] ?? '', /"ok":true/, 'still serving');
});

test('files: sign -f /dev/zero and a file over the limit are refused with the limit, and nothing is read past it', (t) => {
  const home = ownedHome({ withCu1: true });
  const work = tempHome('azhsm-limits-');
  const big = join(work, 'big.bin');
  const fd = openSync(big, 'w');
  writeSync(fd, Buffer.alloc(1), 0, 1, LIMITS.inputFile); // a sparse file one byte over
  closeSync(fd);
  return startDaemon(home).then(async (daemon) => {
    t.teardown(() => void daemon.stop());
    const started = Date.now();
    const r = util(home, [LOGIN_CU1, 'sign -f /dev/zero -k 5 -m 1 -out sig.bin', 'sign -f big.bin -k 5 -m 1 -out sig.bin', 'exit'], work);
    t.true(Date.now() - started < 20_000);
    t.is(r.status, 1);
    t.true(r.stdout.includes('failed to open file /dev/zero : larger than 4 MiB, the most this tool reads'), r.stdout);
    t.true(r.stdout.includes('failed to open file big.bin : larger than 4 MiB, the most this tool reads'));
    const m = mgmt(home, ['loginHSM CO admin adminpassword', 'server 0', `storeCert ${big} 4`, 'exit', 'quit']);
    t.true(m.stdout.includes(`storeCert failed: cannot read file ${big}: larger than 4 MiB, the most this tool reads`), m.stdout);
  });
});

test('line mode: a line over the limit is reported and skipped, the lines after it run, the exit status says so', (t) => {
  const home = freshHome();
  const long = 'listUsers ' + 'x'.repeat(LIMITS.line);
  const r = run('azcloudhsm_mgmt_util', [], { home, input: `${long}\ngetHSMInfo\nquit\n` });
  t.is(r.status, 1);
  t.true(r.stdout.includes(`cloudmgmt>\nError: input line longer than ${LIMITS.line} characters: ignored\ncloudmgmt>getHSMInfo`), r.stdout.slice(0, 2000));
  t.false(r.stdout.includes('xxxxxxxxxx'), 'the line is not echoed');
  t.regex(r.stdout, /Firmware ID/);
});

test('configuration files and recordings: a device or an oversized file is refused, not read to the end', async (t) => {
  const home = freshHome();
  const cfg = join(tempHome('azhsm-cfg-'), 'azcloudhsm_resource.cfg');
  symlinkSync('/dev/zero', cfg);
  const r = run('azcloudhsm_mgmt_util', [cfg], { home, input: 'quit\n' });
  t.is(r.status, 2);
  t.true(r.stderr.includes(`${cfg}: cannot be read (at most 1 MiB)`), r.stderr);
  const recording = join(tempHome('azhsm-rec-'), 'huge.md');
  writeFileSync(recording, '');
  const fd = openSync(recording, 'r+');
  writeSync(fd, Buffer.from('x'), 0, 1, LIMITS.recording);
  closeSync(fd);
  const replayed = await new Promise<string>((resolve) => {
    const child = spawn(process.execPath, [join(ROOT, 'dist', 'azcloudhsm_emu.js'), 'replay', recording], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', () => resolve(out));
  });
  t.true(replayed.includes('larger than 16 MiB'), replayed);
});
