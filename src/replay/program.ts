// A program a replay runs through /bin/sh, in a process group of its own so that a timeout or the end
// of a recording stops everything it started. Output is gathered as text; waits end when a condition
// holds, when the program exits, or when it has been silent too long: never a hang.
import { type ChildProcess, spawn } from 'node:child_process';
import { constants } from 'node:os';

export interface Exit {
  /** The exit status as a shell reports it (128 + N for a signal). */
  readonly status: number;
}

/** How long output may still arrive after a program has exited. */
const DRAIN_MS = 500;

export type WaitResult = 'ready' | 'exited' | 'silent';

export interface ProgramOptions {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** Keep stdin open as a pipe to write to (a session); otherwise it reads /dev/null. */
  readonly input: boolean;
}

export class RunningProgram {
  private readonly child: ChildProcess;
  private out = '';
  private err = '';
  private exit: Exit | undefined;
  private lastOutput = Date.now();
  private readonly listeners = new Set<() => void>();
  readonly exited: Promise<Exit>;

  constructor(script: string, options: ProgramOptions) {
    this.child = spawn('/bin/sh', ['-c', script], {
      cwd: options.cwd,
      env: options.env,
      detached: true,
      stdio: [options.input ? 'pipe' : 'ignore', 'pipe', 'pipe'],
    });
    this.child.stdin?.on('error', () => {
      // The program exited before reading all its input: what it printed says so.
    });
    this.child.stdout!.setEncoding('utf8').on('data', (s: string) => this.received(() => (this.out += s)));
    this.child.stderr!.setEncoding('utf8').on('data', (s: string) => this.received(() => (this.err += s)));
    this.exited = new Promise((resolve) => {
      const done = (exit: Exit): void => {
        if (this.exit) return;
        this.exit = exit;
        this.notify();
        resolve(exit);
      };
      this.child.once('error', (e) => {
        this.err += `${e.message}\n`;
        done({ status: 127 });
      });
      // Done once the output pipes are drained too ('close'), or soon after the exit when something the
      // program started in the background still holds them.
      this.child.once('exit', (code, signal) => {
        const exit = { status: code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 0) };
        this.child.once('close', () => done(exit));
        setTimeout(() => done(exit), DRAIN_MS).unref();
      });
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get stdout(): string {
    return this.out;
  }

  get stderr(): string {
    return this.err;
  }

  get exitStatus(): number | undefined {
    return this.exit?.status;
  }

  write(text: string): void {
    this.child.stdin?.write(text);
  }

  endInput(): void {
    this.child.stdin?.end();
  }

  /** Waits until `ready()` holds, the program exits, or nothing has been printed for `silenceMs`. */
  waitFor(ready: () => boolean, silenceMs: number): Promise<WaitResult> {
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const check = (): void => {
        const result: WaitResult | undefined = ready() ? 'ready' : this.exit ? 'exited' : Date.now() - this.lastOutput >= silenceMs ? 'silent' : undefined;
        if (!result) return;
        this.listeners.delete(check);
        clearInterval(timer);
        resolve(result);
      };
      this.listeners.add(check);
      timer = setInterval(check, Math.min(250, silenceMs));
      check();
    });
  }

  /** Stops the program and everything it started: SIGTERM, then SIGKILL after `graceMs`. */
  async stop(graceMs = 5000): Promise<Exit> {
    if (this.exit) return this.exit;
    this.signal('SIGTERM');
    const timer = setTimeout(() => this.signal('SIGKILL'), graceMs);
    const exit = await this.exited;
    clearTimeout(timer);
    return exit;
  }

  private signal(name: NodeJS.Signals): void {
    try {
      if (this.child.pid !== undefined) process.kill(-this.child.pid, name);
    } catch {
      // The group is gone already.
    }
  }

  private received(append: () => void): void {
    append();
    this.lastOutput = Date.now();
    this.notify();
  }

  private notify(): void {
    for (const l of [...this.listeners]) l();
  }
}

/** The lines of program output; a last line without a newline counts as a line. */
export function outputLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}
