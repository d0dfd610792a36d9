// Line mode: the tools read one command per line and print what the real tool prints, each prompt
// followed by the command it read, so a piped run reads like the guide's transcripts. Questions (y/n,
// Retry/Ignore/Abort, -hpswd) read the next line; end of input quits. On a terminal (line mode chosen
// there: see program.ts) the terminal itself echoes what is typed, so nothing is written back, and a
// hidden answer is read with the terminal's echo off. Ink is never loaded here.
import type { Readable, Writable } from 'node:stream';
import type { Console } from '../console.ts';
import { damageText, JournalDamaged } from '../damage.ts';
import { LIMITS } from '../limits.ts';
import { LineSplitter } from '../lines.ts';
import { explainedTextOf, type Output, textOf } from '../output.ts';
import type { ToolShell } from '../shell.ts';

/** A line longer than LIMITS.line: dropped, in its place in the input. */
export const TOO_LONG = Symbol('line too long');

/** Lines of a stream, pulled one at a time; a line over the limit comes as TOO_LONG. */
export class LineReader {
  private readonly queue: (string | typeof TOO_LONG)[] = [];
  private waiting: ((line: string | typeof TOO_LONG | null) => void) | undefined;
  private ended = false;

  constructor(input: Readable, limit: number = LIMITS.line) {
    const lines = new LineSplitter(
      limit,
      (line) => this.deliver(line),
      () => this.deliver(TOO_LONG),
      true,
    );
    input.setEncoding('utf8');
    input.on('data', (chunk: string) => lines.push(chunk));
    input.on('end', () => {
      lines.end();
      this.finish();
    });
    input.on('error', () => this.finish());
  }

  private deliver(line: string | typeof TOO_LONG): void {
    if (this.waiting) {
      const w = this.waiting;
      this.waiting = undefined;
      w(line);
    } else this.queue.push(line);
  }

  private finish(): void {
    this.ended = true;
    this.waiting?.(null);
    this.waiting = undefined;
  }

  next(): Promise<string | typeof TOO_LONG | null> {
    const line = this.queue.shift();
    if (line !== undefined) return Promise.resolve(line);
    if (this.ended) return Promise.resolve(null);
    return new Promise((resolve) => (this.waiting = resolve));
  }
}

export interface LineConsoleOptions {
  /** Read from this terminal: it echoes what is typed (a pipe shows nothing of what it read, so then each answer is written back after its prompt). */
  readonly terminal?: { setRawMode?(raw: boolean): unknown };
  /** Print the emulator's explanations of refusals (`note: ...`), which the TUI always shows. */
  readonly explain?: boolean;
}

export class LineConsole implements Console {
  readonly tui = false;

  /** Lines dropped for their length: the run's exit status counts them as failures. */
  tooLong = 0;

  /**
   * The emulator's explanations (why the HSM refused) are printed only with `explain`: the real tool has
   * no such lines.
   */
  constructor(
    private readonly reader: LineReader,
    private readonly out: Writable,
    private readonly options: LineConsoleOptions = {},
  ) {}

  print(output: Output): void {
    const texts = this.options.explain ? explainedTextOf(output) : textOf(output);
    for (const text of texts) this.out.write(text + '\n');
  }

  /** The emulator's notices go to stderr: stdout stays the tool's own text. */
  notify(text: string): void {
    process.stderr.write(text + '\n');
  }

  async ask(prompt: string, options: { hidden?: boolean } = {}): Promise<string | null> {
    const terminal = this.options.terminal;
    if (!terminal) {
      this.out.write(prompt);
      const read = await this.reader.next();
      const answer = this.lineOf(read);
      if (read !== TOO_LONG) this.out.write((answer !== null && !options.hidden ? answer : '') + '\n');
      return answer;
    }
    if (!options.hidden || !terminal.setRawMode) {
      this.out.write(prompt);
      return this.lineOf(await this.reader.next());
    }
    // Raw mode turns the terminal's echo off (before the prompt shows: a script answers as soon as it
    // sees it); Enter then arrives as CR, which ends the line all the same.
    terminal.setRawMode(true);
    this.out.write(prompt);
    const typed = this.lineOf(await this.reader.next());
    terminal.setRawMode(false);
    this.out.write('\n');
    return typed === null ? null : editedAnswer(typed);
  }

  /** A line over the limit reads as an empty line (a command does nothing, a question asks again). */
  private lineOf(read: string | typeof TOO_LONG | null): string | null {
    if (read !== TOO_LONG) return read;
    this.tooLong++;
    this.out.write(`\nError: input line longer than ${LIMITS.line} characters: ignored\n`);
    return '';
  }
}

/** What was typed with the echo off: Backspace takes back a character; Ctrl-C or Ctrl-D gives no answer. */
export function editedAnswer(typed: string): string | null {
  let answer = '';
  for (const c of typed) {
    if (c === '\x03' || c === '\x04') return null;
    if (c === '\x7f' || c === '\b') answer = answer.slice(0, -1);
    else if (c >= ' ') answer += c;
  }
  return answer;
}

/** The line-mode loop: prompt, read, handle, until end of input or the tool quits. Returns the exit status. */
export async function runLineMode(shell: ToolShell, console: LineConsole): Promise<number> {
  await shell.start();
  for (;;) {
    const line = await console.ask(shell.prompt());
    if (line === null) break;
    try {
      if (!(await shell.handle(line))) break;
    } catch (e) {
      console.print(`Error: ${e instanceof JournalDamaged ? damageText(e) : (e as Error).message}`);
      return 2;
    }
  }
  return shell.failures > 0 || console.tooLong > 0 ? 1 : 0;
}
