// Runs the real programs (the dist bundles, as a user would through npx) against a scratch home.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export function tempHome(prefix = 'azhsm-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export interface RunResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly status: number | null;
}

export type Tool = 'azcloudhsm_mgmt_util' | 'azcloudhsm_util' | 'azcloudhsm_client' | 'pkpspeed' | 'azcloudhsm_emu';

export function run(tool: Tool, args: readonly string[], options: { home: string; input?: string; cwd?: string }): RunResult {
  const r: SpawnSyncReturns<string> = spawnSync(process.execPath, [join(ROOT, 'dist', `${tool}.js`), ...args], {
    cwd: options.cwd ?? options.home,
    input: options.input ?? '',
    encoding: 'utf8',
    env: { ...process.env, AZCLOUDHSM_EMU_HOME: options.home, NO_COLOR: '1' },
    timeout: 60_000,
  });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

/** Pipes command lines into azcloudhsm_mgmt_util started from <home>/bin, as the guide does. */
export function mgmt(home: string, lines: readonly string[], flags: readonly string[] = []): RunResult {
  return run('azcloudhsm_mgmt_util', ['./azcloudhsm_resource.cfg', ...flags], { home, cwd: join(home, 'bin'), input: lines.join('\n') + '\n' });
}

export function openssl(args: readonly string[], cwd: string): RunResult {
  const r = spawnSync('openssl', args, { cwd, encoding: 'utf8' });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

/** The part of a transcript from the first line starting with `from` (the start-up banner cut off). */
export function after(text: string, from: string): string {
  const i = text.indexOf(from);
  return i < 0 ? '' : text.slice(i);
}
