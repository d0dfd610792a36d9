// For tests of replay and record: the bundled azcloudhsm_emu run without blocking (the tests around it
// keep running), recordings written into a scratch directory next to links to the named states.
import { spawn } from 'node:child_process';
import { readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, type RunResult, tempHome } from './tools.ts';

export const RECORDINGS = join(ROOT, 'recordings');

export function emu(args: readonly string[], options: { cwd: string; input?: string; env?: Readonly<Record<string, string>> }): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(ROOT, 'dist', 'azcloudhsm_emu.js'), ...args], {
      cwd: options.cwd,
      env: { ...process.env, NO_COLOR: '1', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.stdin.end(options.input ?? '');
    child.once('close', (status) => resolve({ stdout, stderr, status }));
  });
}

/** A scratch directory holding links to step11.md and owned.md, so recordings there can start `after: owned`. */
export function scratchWithStates(): string {
  const dir = tempHome('azhsm-recs-');
  for (const f of ['step11.md', 'owned.md']) symlinkSync(join(RECORDINGS, f), join(dir, f));
  return dir;
}

/** Writes recordings (name -> text) into a directory; returns their paths. */
export function writeRecordings(dir: string, files: Readonly<Record<string, string>>): string[] {
  return Object.entries(files).map(([name, text]) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  });
}

/** The complete example in recordings/README.md (the ````markdown fence). */
export function readmeExample(): string {
  const readme = readFileSync(join(RECORDINGS, 'README.md'), 'utf8');
  const m = /^````markdown\n([\s\S]*?)^````$/m.exec(readme);
  if (!m) throw new Error('recordings/README.md has no ````markdown example');
  return m[1]!;
}
