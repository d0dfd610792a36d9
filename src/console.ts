// How a tool front end talks to its user, whatever drives it: a pipe or a terminal (line mode), the Ink
// TUI, or a recording being replayed. The front ends print the real tools' text through this and ask
// their questions (y/n, Retry/Ignore/Abort, hidden passwords) through it.
import type { Output } from './output.ts';

export interface Console {
  /**
   * Writes lines, each followed by a newline. Typed lines carry their kind (the TUI colours by it);
   * plain text is printed as it is (see textOf in output.ts for the text of any output).
   */
  print(output: Output): void;
  /**
   * Shows `prompt` and waits for one line of answer; null when input has ended. Hidden answers are not
   * echoed (passwords).
   */
  ask(prompt: string, options?: { hidden?: boolean }): Promise<string | null>;
  /**
   * The emulator's own word to the operator, which the real tool does not print (how to start the
   * daemon it cannot reach): never part of the tool's output. Line mode writes it to stderr, the TUI
   * shows it as a hint; a transcript does not keep it.
   */
  notify(text: string): void;
  /**
   * A person works in the TUI: a front end may then help more than the real tool does (the suggestion
   * for a mistyped command), where line mode prints what the real tool prints.
   */
  readonly tui: boolean;
}
