// Line mode: the tools read one command per line from a pipe and print what the real tool prints, each
// prompt followed by the command it read, so a piped run reads like the guide's transcripts. Questions
// (y/n, Retry/Ignore/Abort, -hpswd) read the next line; end of input quits. Ink is never loaded here.
import type { Readable, Writable } from 'node:stream';
import type { Console } from '../console.ts';
import { damageText, JournalDamaged } from '../damage.ts';
import { LIMITS } from '../limits.ts';
import { LineSplitter } from '../lines.ts';
import { type Output, textOf } from '../output.ts';
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
      (line) => this.deliver(line.endsWith('\r') ? line.slice(0, -1) : line),
      () => this.deliver(TOO_LONG),
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

export class LineConsole implements Console {
  /** Lines dropped for their length: the run's exit status counts them as failures. */
  tooLong = 0;

  /** Each answer is written back after its prompt: a pipe shows nothing of what it read. */
  constructor(
    private readonly reader: LineReader,
    private readonly out: Writable,
  ) {}

  print(output: Output): void {
    for (const text of textOf(output)) this.out.write(text + '\n');
  }

  async ask(prompt: string, options: { hidden?: boolean } = {}): Promise<string | null> {
    this.out.write(prompt);
    const answer = await this.reader.next();
    if (answer === TOO_LONG) {
      // Read as an empty line: a command does nothing, a question asks again.
      this.tooLong++;
      this.out.write(`\nError: input line longer than ${LIMITS.line} characters: ignored\n`);
      return '';
    }
    this.out.write((answer !== null && !options.hidden ? answer : '') + '\n');
    return answer;
  }
}

/** The line-mode loop: prompt, read, handle, until end of input or the tool quits. Returns the exit status. */
export async function runLineMode(shell: ToolShell, console: LineConsole): Promise<number> {
  shell.start();
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
