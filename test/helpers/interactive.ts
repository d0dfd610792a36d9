// A tool process kept running while a test sends it lines one at a time and waits for what it prints:
// for scenarios where two processes act on one cluster at once (a session open in one, a change in another).
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT, type Tool } from './tools.ts';

export class RunningTool {
  private readonly child: ChildProcess;
  private output = '';
  readonly exited: Promise<number | null>;

  constructor(tool: Tool, args: readonly string[], options: { home: string; cwd?: string }) {
    this.child = spawn(process.execPath, [join(ROOT, 'dist', `${tool}.js`), ...args], {
      cwd: options.cwd ?? options.home,
      env: { ...process.env, AZCLOUDHSM_EMU_HOME: options.home, NO_COLOR: '1' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.child.stdout!.setEncoding('utf8').on('data', (s: string) => (this.output += s));
    this.child.stderr!.setEncoding('utf8').on('data', (s: string) => (this.output += s));
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
  }

  get pid(): number {
    return this.child.pid!;
  }

  get text(): string {
    return this.output;
  }

  send(line: string): void {
    this.child.stdin!.write(line + '\n');
  }

  /** Waits until the output (from `from` on) matches; fails with the output as it is. */
  async waitFor(pattern: string | RegExp, from = 0, timeoutMs = 30_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    const matches = (s: string) => (typeof pattern === 'string' ? s.includes(pattern) : pattern.test(s));
    for (;;) {
      const seen = this.output.slice(from);
      if (matches(seen)) return seen;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${String(pattern)}; the output was:\n${this.output}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  /** Sends a line and waits for the next prompt after it: what the command printed. */
  async run(line: string, prompt: string | RegExp): Promise<string> {
    const from = this.output.length;
    this.send(line);
    const echoed = `${line}\n`;
    const seen = await this.waitFor(new RegExp(`${escape(echoed)}[\\s\\S]*${typeof prompt === 'string' ? escape(prompt) : prompt.source}`), from);
    return seen.slice(seen.indexOf(echoed) + echoed.length);
  }

  kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<number | null> {
    this.child.kill(signal);
    return this.exited;
  }

  async end(): Promise<number | null> {
    this.child.stdin!.end();
    return this.exited;
  }
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Runs a program to its end without blocking the test (other processes run meanwhile). */
export function runAsync(tool: Tool, args: readonly string[], options: { home: string; cwd?: string; input?: string }): Promise<{ stdout: string; stderr: string; status: number | null; ms: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(ROOT, 'dist', `${tool}.js`), ...args], {
      cwd: options.cwd ?? options.home,
      env: { ...process.env, AZCLOUDHSM_EMU_HOME: options.home, NO_COLOR: '1' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr!.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.stdin!.end(options.input ?? '');
    child.once('close', (status) => resolve({ stdout, stderr, status, ms: Date.now() - started }));
  });
}
