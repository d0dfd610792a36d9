// pkpspeed on a terminal: answers are echoed by the terminal itself (a pipe's are echoed by line mode's
// console), a hidden answer is read with echo off, and a progress line sits below the output while a test
// runs. The progress line is drawn only when stdout is a terminal, so piped output stays parseable.
import type { ReadStream, WriteStream } from 'node:tty';
import type { Console } from '../console.ts';
import type { LineReader } from '../line/line-mode.ts';
import { textOf } from '../output.ts';

export class TerminalConsole implements Console {
  readonly tui = false;

  constructor(
    private readonly reader: LineReader,
    private readonly input: ReadStream,
    private readonly out: WriteStream,
  ) {}

  print(output: Parameters<Console['print']>[0]): void {
    this.out.write(textOf(output).join('\n') + '\n');
  }

  notify(text: string): void {
    process.stderr.write(text + '\n');
  }

  async ask(prompt: string, options: { hidden?: boolean } = {}): Promise<string | null> {
    this.out.write(prompt);
    if (!options.hidden) return this.reader.next();
    this.input.setRawMode(true);
    try {
      const typed = await this.reader.next();
      this.out.write('\n');
      // Raw mode hands over Ctrl-C and Backspace as characters.
      if (typed === null || typed.includes('\u0003')) return null;
      return [...typed].reduce((s, ch) => (ch === '\u007f' || ch === '\b' ? s.slice(0, -1) : s + ch), '');
    } finally {
      this.input.setRawMode(false);
    }
  }
}

/** A console that keeps a status line (a progress bar) under what is printed; none when `text` is undefined. */
export function withStatusLine(inner: Console, out: WriteStream): { console: Console; status: (text: string | undefined) => void } {
  let shown: string | undefined;
  const erase = (): void => void (shown !== undefined && out.write('\r\u001b[K'));
  const draw = (): void => void (shown !== undefined && out.write(shown));
  return {
    console: {
      print: (output) => {
        erase();
        inner.print(output);
        draw();
      },
      ask: (prompt, options) => {
        erase();
        shown = undefined;
        return inner.ask(prompt, options);
      },
      notify: (text) => inner.notify(text),
      tui: inner.tui,
    },
    status: (text) => {
      erase();
      shown = text;
      draw();
    },
  };
}
