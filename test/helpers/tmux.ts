// Drives a program in a real terminal: a tmux session on a private server (its own socket, so tests
// never touch a user's tmux), keys sent with send-keys, the screen read with capture-pane.
import { execFileSync, spawnSync } from 'node:child_process';
import test, { type ExecutionContext } from 'ava';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function tmuxAvailable(): boolean {
  return spawnSync('tmux', ['-V']).status === 0;
}

/** Without tmux these tests are skipped on a developer's machine, but fail in CI (CI=true), which must run them. */
export function withTmux(title: string, body: (t: ExecutionContext) => Promise<void>): void {
  if (tmuxAvailable()) test(title, body);
  else if (process.env.CI && process.env.CI !== 'false') test(title, (t) => t.fail('tmux is not installed: CI must run the terminal tests (.ci/run installs it)'));
  else test.skip(title, body);
}

export interface TmuxOptions {
  readonly command: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  readonly cwd?: string;
  readonly width?: number;
  readonly height?: number;
}

const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

let sessions = 0;

export class TmuxSession {
  private readonly socket = `azhsm-test-${process.pid}-${sessions++}`;
  private readonly configDir = mkdtempSync(join(tmpdir(), 'azhsm-tmux-'));

  constructor(options: TmuxOptions) {
    const config = join(this.configDir, 'tmux.conf');
    // The pane stays after the program ends, so a test can read its last screen.
    writeFileSync(config, 'set -g remain-on-exit on\nset -g status off\nset -g history-limit 5000\n');
    const env = Object.entries(options.env ?? {}).map(([k, v]) => `${k}=${quote(v)}`);
    // The shell writes the exit status on the screen: tmux's own pane_dead_status is not always filled in.
    const command = `${['env', ...env, ...options.command.map(quote)].join(' ')}; printf '\\n[exit status %d]\\n' $?`;
    this.tmux(['-f', config, 'new-session', '-d', '-s', 'main', '-x', String(options.width ?? 120), '-y', String(options.height ?? 40), ...(options.cwd ? ['-c', options.cwd] : []), command]);
  }

  private tmux(args: readonly string[]): string {
    return execFileSync('tmux', ['-L', this.socket, ...args], { encoding: 'utf8' });
  }

  /** Types text as it is (no key names). */
  type(text: string): void {
    this.tmux(['send-keys', '-t', 'main', '-l', '--', text]);
  }

  /** Presses keys by tmux name: Tab, Enter, Up, C-r, C-c, BSpace... */
  press(...keys: string[]): void {
    this.tmux(['send-keys', '-t', 'main', ...keys]);
  }

  /** The screen and its scrollback, wrapped lines joined, trailing blank lines dropped. */
  screen(): string {
    return this.tmux(['capture-pane', '-p', '-J', '-S', '-5000', '-t', 'main']).replace(/\s+$/, '');
  }

  /** The visible screen only (no scrollback), wrapped lines joined. */
  visible(): string {
    return this.tmux(['capture-pane', '-p', '-J', '-t', 'main']).replace(/\s+$/, '');
  }

  /** The cursor's column and row on the visible screen (0-based). */
  cursor(): { x: number; y: number } {
    const [x, y] = this.tmux(['display-message', '-p', '-t', 'main', '#{cursor_x} #{cursor_y}']).trim().split(' ').map(Number);
    return { x: x!, y: y! };
  }

  /** Resizes the window, as a user dragging the terminal's edge. */
  resize(width: number, height: number): void {
    this.tmux(['resize-window', '-t', 'main', '-x', String(width), '-y', String(height)]);
  }

  /** Polls the screen until the text, pattern or test matches, or fails with the screen as it is. */
  async waitFor(pattern: string | RegExp | ((screen: string) => boolean), timeoutMs = 15_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    const matches = typeof pattern === 'string' ? (s: string) => s.includes(pattern) : pattern instanceof RegExp ? (s: string) => pattern.test(s) : pattern;
    for (;;) {
      const screen = this.screen();
      if (matches(screen)) return screen;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${String(pattern)}; the screen was:\n${screen}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** The program's exit status once it has ended, or undefined while it runs. */
  exitStatus(): number | undefined {
    const m = /^\[exit status (\d+)\]$/m.exec(this.screen());
    return m ? Number(m[1]) : undefined;
  }

  async waitForExit(timeoutMs = 15_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const status = this.exitStatus();
      if (status !== undefined) return status;
      if (Date.now() > deadline) throw new Error(`the program did not end; the screen was:\n${this.screen()}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  kill(): void {
    spawnSync('tmux', ['-L', this.socket, 'kill-server']);
    rmSync(this.configDir, { recursive: true, force: true });
  }
}
