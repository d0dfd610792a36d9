// Defect 10 of issue 8: exactly one azcloudhsm_client serves a home: after a kill -9 (a stale socket left
// behind), or with its socket file gone, a second daemon is refused, and two started at once never both run.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import { LOGIN_CU1, startDaemon, util } from './helpers/daemon.ts';
import { ownedHome } from './helpers/ownership.ts';
import { ROOT, tempHome } from './helpers/tools.ts';

interface Started {
  readonly child: ChildProcess;
  readonly output: () => string;
  readonly exited: Promise<number | null>;
}

function daemon(home: string): Started {
  const child = spawn(process.execPath, [join(ROOT, 'dist', 'azcloudhsm_client.js')], { cwd: home, env: { ...process.env, AZCLOUDHSM_EMU_HOME: home }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  return { child, output: () => out, exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))) };
}

/** Waits until each daemon has either said it started or exited. */
async function settled(ds: readonly Started[]): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (ds.every((d) => d.child.exitCode !== null || d.output().includes('started, daemon socket'))) return;
    await new Promise((r) => setTimeout(r, 25));
  }
}

test('with its socket file gone, a second daemon is still refused: the lock, not the socket, decides', async (t) => {
  const home = ownedHome({ withCu1: true });
  const first = await startDaemon(home);
  t.teardown(() => void first.stop());
  rmSync(join(home, 'run', 'azcloudhsm_client.sock'));
  const second = daemon(home);
  t.teardown(() => void second.child.kill('SIGKILL'));
  await settled([second]);
  t.is(second.child.exitCode, 1, second.output());
  t.regex(second.output(), new RegExp(`ERR: another azcloudhsm_client \\(pid ${first.child.pid}\\) serves this home`));
});

test('after kill -9, daemons started two at a time: exactly one serves each time, and stopping it removes only its socket', async (t) => {
  const home = ownedHome({ withCu1: true });
  const socket = join(home, 'run', 'azcloudhsm_client.sock');
  const work = tempHome('azhsm-lock-');
  let previous: Started | undefined = daemon(home);
  await settled([previous]);
  for (let round = 0; round < 12; round++) {
    // kill -9 leaves the socket (and the pid file) behind.
    previous!.child.kill('SIGKILL');
    await previous!.exited;
    t.true(existsSync(socket), 'a stale socket');
    const pair = [daemon(home), daemon(home)];
    await settled(pair);
    const running = pair.filter((d) => d.child.exitCode === null);
    t.is(running.length, 1, `round ${round}: ${pair.map((d) => d.output()).join(' | ')}`);
    for (const d of pair) if (d.child.exitCode === null && running[0] !== d) d.child.kill('SIGKILL');
    previous = running[0];
    if (!previous) break;
  }
  // The survivor serves; a clean stop removes its socket, and the next daemon starts.
  t.regex(util(home, [LOGIN_CU1, 'findKey'], work).stdout, /Cfm3FindKey returned: 0x00/);
  previous?.child.kill('SIGTERM');
  await previous?.exited;
  t.false(existsSync(socket));
  const next = await startDaemon(home);
  await next.stop();
});
