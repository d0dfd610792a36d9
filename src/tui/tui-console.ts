// The Console the tool front ends print and ask through when the TUI drives them. It is a small store
// the Ink app subscribes to: printed lines become transcript entries (drawn once, in <Static>), and a
// question (y/n, Retry/Ignore/Abort, a hidden password) waits for the inline prompt to answer it.
import type { Console } from '../console.ts';
import { data, type Line, linesOf, type Output } from '../output.ts';

/** Lines printed together: one <Static> item, so a long listing is one entry and not thousands. */
export interface TranscriptEntry {
  readonly id: number;
  readonly lines: readonly Line[];
  /**
   * `echo`: a prompt with what was typed after it, drawn as typed (not coloured). `notice`: the
   * emulator's own word (Console.notify), drawn as a hint.
   */
  readonly kind: 'output' | 'echo' | 'notice';
}

export interface Question {
  /** Distinguishes one question from the next (the inline input starts empty for each). */
  readonly id: number;
  readonly prompt: string;
  readonly hidden: boolean;
}

export interface ConsoleSnapshot {
  readonly transcript: readonly TranscriptEntry[];
  readonly question: Question | undefined;
}

export class TuiConsole implements Console {
  readonly tui = true;
  private snapshot: ConsoleSnapshot = { transcript: [], question: undefined };
  private pending: Line[] = [];
  private nextId = 0;
  private flushScheduled = false;
  private answer: ((value: string | null) => void) | undefined;
  private readonly listeners = new Set<() => void>();

  print(output: Output): void {
    this.pending.push(...linesOf(output));
    // A command prints line by line, synchronously: gather them into one entry.
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    queueMicrotask(() => {
      this.flush();
      this.changed();
    });
  }

  /** What a terminal shows for a submitted command: the prompt and the line after it. */
  echo(prompt: string, line: string): void {
    this.flush();
    this.append(data(prompt + line), 'echo');
    this.changed();
  }

  notify(text: string): void {
    this.flush();
    this.append(data(text), 'notice');
    this.changed();
  }

  ask(prompt: string, options: { hidden?: boolean } = {}): Promise<string | null> {
    this.flush();
    const hidden = options.hidden === true;
    return new Promise((resolve) => {
      this.answer = (value) => {
        this.answer = undefined;
        // As a terminal leaves it: the prompt, and the answer unless it was hidden.
        this.snapshot = { ...this.snapshot, question: undefined };
        this.append(data(prompt + (value !== null && !hidden ? value : '')), 'echo');
        this.changed();
        resolve(value);
      };
      this.snapshot = { ...this.snapshot, question: { id: this.nextId++, prompt, hidden } };
      this.changed();
    });
  }

  /** Answers the open question; null as at end of input (Ctrl-D, Ctrl-C). */
  reply = (value: string | null): void => {
    this.answer?.(value);
  };

  // ---- the store's side, for useSyncExternalStore ----

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Lines printed since the last notification are taken in first (idempotent, as React requires). */
  getSnapshot = (): ConsoleSnapshot => {
    this.flush();
    return this.snapshot;
  };

  private flush(): void {
    this.flushScheduled = false;
    if (this.pending.length === 0) return;
    const lines = this.pending;
    this.pending = [];
    this.append(lines, 'output');
  }

  private append(lines: readonly Line[], kind: TranscriptEntry['kind']): void {
    this.snapshot = { ...this.snapshot, transcript: [...this.snapshot.transcript, { id: this.nextId++, lines, kind }] };
  }

  private changed(): void {
    for (const l of this.listeners) l();
  }
}
