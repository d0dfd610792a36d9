// Starts the real azcloudhsm_client daemon on a home, and stops it: for tests of azcloudhsm_util.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { UTIL_PROMPT } from '../../src/prompts.ts';
import { ROOT, run, type RunResult } from './tools.ts';

export interface RunningDaemon {
  readonly child: ChildProcess;
  readonly log: () => string;
  stop(): Promise<number | null>;
}

export async function startDaemon(home: string): Promise<RunningDaemon> {
  const socket = join(home, 'run', 'azcloudhsm_client.sock');
  const child = spawn(process.execPath, [join(ROOT, 'dist', 'azcloudhsm_client.js'), 'azcloudhsm_resource.cfg'], {
    cwd: join(home, 'bin'),
    env: { ...process.env, AZCLOUDHSM_EMU_HOME: home },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (b: Buffer) => (output += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (output += b.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  for (let i = 0; i < 200 && !(existsSync(socket) && output.includes('started')); i++) await new Promise((r) => setTimeout(r, 25));
  if (!existsSync(socket)) throw new Error(`daemon did not start: ${output}`);
  return {
    child,
    log: () => output,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

/** Pipes command lines into azcloudhsm_util (from `cwd`, where its input and output files live). */
export function util(home: string, lines: readonly string[], cwd: string): RunResult {
  return run('azcloudhsm_util', [], { home, cwd, input: lines.join('\n') + '\n' });
}

export function singlecmd(home: string, words: readonly string[], cwd: string): RunResult {
  return run('azcloudhsm_util', ['singlecmd', ...words], { home, cwd });
}

export const LOGIN_CU1 = 'loginHSM -u CU -s cu1 -p user1234';

/** The `Command: X` section of a transcript, up to the next `Command:`. */
export function section(text: string, command: string): string {
  const start = text.indexOf(`${UTIL_PROMPT}${command}\n`);
  if (start < 0) return '';
  const next = text.indexOf(`\n${UTIL_PROMPT}`, start + 1);
  return text.slice(start, next < 0 ? undefined : next + 1);
}

/** The handle printed by a key-making command. */
export function handleIn(text: string, pattern: RegExp): number {
  const m = pattern.exec(text);
  if (!m) throw new Error(`no handle in: ${text}`);
  return Number(m[1]);
}
