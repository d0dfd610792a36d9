// Line mode: the tools read one command per line from a pipe and print what the real tool prints, each
// prompt followed by the command it read, so a piped run reads like the guide's transcripts. Questions
// (y/n, Retry/Ignore/Abort, -hpswd) read the next line; end of input quits. Ink is never loaded here.
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Console } from '../console.ts';
import { explainedTextOf, type Output, textOf } from '../output.ts';
import type { ToolShell } from '../shell.ts';

/** Lines of a stream, pulled one at a time. */
export class LineReader {
  private readonly queue: string[] = [];
  private waiting: ((line: string | null) => void) | undefined;
  private ended = false;

  constructor(input: Readable) {
    const rl = createInterface({ input, crlfDelay: Infinity, terminal: false });
    rl.on('line', (line) => {
      if (this.waiting) {
        const w = this.waiting;
        this.waiting = undefined;
        w(line);
      } else this.queue.push(line);
    });
    rl.on('close', () => {
      this.ended = true;
      this.waiting?.(null);
      this.waiting = undefined;
    });
  }

  next(): Promise<string | null> {
    const line = this.queue.shift();
    if (line !== undefined) return Promise.resolve(line);
    if (this.ended) return Promise.resolve(null);
    return new Promise((resolve) => (this.waiting = resolve));
  }
}

export class LineConsole implements Console {
  /**
   * Each answer is written back after its prompt: a pipe shows nothing of what it read. The emulator's
   * explanations (why the HSM refused) are printed only with `explain`: the real tool has no such lines.
   */
  constructor(
    private readonly reader: LineReader,
    private readonly out: Writable,
    private readonly options: { readonly explain?: boolean } = {},
  ) {}

  print(output: Output): void {
    const texts = this.options.explain ? explainedTextOf(output) : textOf(output);
    for (const text of texts) this.out.write(text + '\n');
  }

  async ask(prompt: string, options: { hidden?: boolean } = {}): Promise<string | null> {
    this.out.write(prompt);
    const answer = await this.reader.next();
    this.out.write((answer !== null && !options.hidden ? answer : '') + '\n');
    return answer;
  }
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
      console.print(`Error: ${(e as Error).message}`);
      return 2;
    }
  }
  return shell.failures > 0 ? 1 : 0;
}
