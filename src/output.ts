// What the tools print, as typed lines: the text the real tool prints and what the line is, so line mode
// writes the text and the TUI colours it by its kind (never by reading the words).
export type LineKind =
  /** What a command shows: listings, values, blank lines. */
  | 'data'
  /** A server or the tool did what was asked. */
  | 'success'
  /** A refusal or an error. */
  | 'failure'
  /** A caution: limited mode, an unencrypted server, a default taken. */
  | 'warning'
  /** Help and usage text: how a command is written. */
  | 'usage'
  /**
   * What the emulator says beside the real tool's text: a dry run's events, the tutor's lessons and
   * feedback. Printed only in those modes, never in a tool's plain run.
   */
  | 'note'
  /**
   * The emulator's explanation for learners of why the HSM refused: no part of the real tool's
   * transcript. The TUI shows it as a note; line mode prints it only when asked (--explain).
   */
  | 'explanation';

export interface Line {
  readonly text: string;
  readonly kind: LineKind;
}

/** What Console.print takes: typed lines, or plain text (data; several lines at its newlines). */
export type Output = string | Line | readonly Line[];

function lines(kind: LineKind, text: string): Line[] {
  return text.split('\n').map((t) => ({ text: t, kind }));
}

export const data = (...texts: readonly string[]): Line[] => texts.flatMap((t) => lines('data', t));
export const success = (...texts: readonly string[]): Line[] => texts.flatMap((t) => lines('success', t));
export const failure = (...texts: readonly string[]): Line[] => texts.flatMap((t) => lines('failure', t));
export const warning = (...texts: readonly string[]): Line[] => texts.flatMap((t) => lines('warning', t));
export const usage = (...texts: readonly string[]): Line[] => texts.flatMap((t) => lines('usage', t));
export const note = (...texts: readonly string[]): Line[] => texts.flatMap((t) => lines('note', t));
export const explanation = (...texts: readonly string[]): Line[] => texts.flatMap((t) => lines('explanation', t));

/** The lines of an output, plain text split into data lines. */
export function linesOf(output: Output): Line[] {
  if (typeof output === 'string') return data(output);
  return 'text' in output ? [output] : [...output];
}

/** The text an output prints, line by line (what line mode writes and a recording keeps): explanations left out. */
export function textOf(output: Output): string[] {
  return linesOf(output)
    .filter((l) => l.kind !== 'explanation')
    .map((l) => l.text);
}

/** How an explanation reads when it is shown (the TUI, line mode with --explain): marked as the emulator's. */
export function explanationText(text: string): string {
  return `note: ${text}`;
}

/** The text of an output with its explanations shown (line mode with --explain). */
export function explainedTextOf(output: Output): string[] {
  return linesOf(output).map((l) => (l.kind === 'explanation' ? explanationText(l.text) : l.text));
}
