// pkpspeed on a terminal: answers are echoed by the terminal itself (a pipe's are echoed by line mode's
// console), a hidden answer is read with echo off, and a progress line sits below the output while a test
// runs. The progress line is drawn only when stdout is a terminal, so piped output stays parseable.
import type { ReadStream, WriteStream } from 'node:tty';
import type { Console } from '../console.ts';
import { editedAnswer, type LineReader, TOO_LONG } from '../line/line-mode.ts';
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
    if (!options.hidden) return lineText(await this.reader.next());
    this.input.setRawMode(true);
    try {
      const typed = lineText(await this.reader.next());
      this.out.write('\n');
      return typed === null ? null : editedAnswer(typed);
    } finally {
      this.input.setRawMode(false);
    }
  }
}

/** A line over the length limit answers nothing (the question is asked again). */
function lineText(read: string | typeof TOO_LONG | null): string | null {
  return read === TOO_LONG ? '' : read;
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
