// How a tool front end talks to its user, whatever drives it: a pipe (line mode), the Ink TUI, or a
// recording being replayed. The front ends print the real tools' text through this and ask their
// questions (y/n, Retry/Ignore/Abort, hidden passwords) through it.
export interface Console {
  /** Writes text followed by a newline. */
  print(text: string): void;
  /**
   * Shows `prompt` and waits for one line of answer; null when input has ended. Hidden answers are not
   * echoed (passwords).
   */
  ask(prompt: string, options?: { hidden?: boolean }): Promise<string | null>;
}

/** Collects output in memory: for tests and for tools that render a result before printing it. */
export class BufferConsole implements Console {
  readonly lines: string[] = [];
  constructor(private readonly answers: string[] = []) {}
  print(text: string): void {
    this.lines.push(text);
  }
  async ask(prompt: string, options: { hidden?: boolean } = {}): Promise<string | null> {
    const answer = this.answers.shift() ?? null;
    this.lines.push(prompt + (answer !== null && !options.hidden ? answer : ''));
    return answer;
  }
  text(): string {
    return this.lines.join('\n');
  }
}
