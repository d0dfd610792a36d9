// Drives a program with `expect` (Debian's package), as the public CI/CD scripts for the real tools do:
// expect runs the program on a pty, which has no size unless the script sets one (stty_init).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test, { type ExecutionContext } from 'ava';

export function expectAvailable(): boolean {
  return spawnSync('expect', ['-v']).status === 0;
}

/** Without expect these tests are skipped on a developer's machine, but fail in CI (CI=true), which must run them. */
export function withExpect(title: string, body: (t: ExecutionContext) => Promise<void>): void {
  if (expectAvailable()) test(title, body);
  else if (process.env.CI && process.env.CI !== 'false') test(title, (t) => t.fail('expect is not installed: CI must run the terminal tests (.ci/run installs it)'));
  else test.skip(title, body);
}

export interface ExpectRun {
  readonly status: number | null;
  /** What the script printed: the program's output as the pty gave it (log_user 1), and the script's own lines. */
  readonly output: string;
}

/** A Tcl string literal. */
export const tcl = (s: string): string => `"${s.replace(/[\\"$[\]]/g, (c) => '\\' + c)}"`;

/** Runs an expect script (Tcl) with the environment given (TERM left out when undefined). */
export async function runExpect(script: string, env: Readonly<Record<string, string | undefined>>): Promise<ExpectRun> {
  const dir = mkdtempSync(join(tmpdir(), 'azhsm-expect-'));
  const file = join(dir, 'script.exp');
  writeFileSync(file, script);
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete childEnv[k];
    else childEnv[k] = v;
  }
  // expect's own stdin is not a terminal here, so a pty gets no size unless the script sets stty_init.
  const child = spawn('expect', ['-f', file], { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (b: Buffer) => (output += b.toString('utf8')));
  child.stderr.on('data', (b: Buffer) => (output += b.toString('utf8')));
  const status = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  rmSync(dir, { recursive: true, force: true });
  return { status, output };
}

/**
 * The Tcl for `expect` with a pattern that must come, and the patterns that must not: the script ends
 * with `FAIL: <what>` and status 1 at a wrong one or a timeout.
 */
export function expectOne(what: string, pattern: string, wrong: readonly string[] = [], options: { regexp?: boolean; then?: string } = {}): string {
  const flag = options.regexp ? '-re ' : '';
  return [
    'expect {',
    `  ${flag}${pattern} {${options.then ?? ''}}`,
    ...wrong.map((w) => `  ${w} { puts "\\nFAIL: ${what}: got ${w.replace(/["\\[\]$]/g, '')}"; exit 1 }`),
    `  timeout { puts "\\nFAIL: ${what}: timed out"; exit 1 }`,
    `  eof { puts "\\nFAIL: ${what}: the program ended"; exit 1 }`,
    '}',
  ].join('\n');
}
