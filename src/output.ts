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
   * The emulator's own explanation for learners (why the HSM refused): no part of the real tool's
   * transcript. The TUI shows it as a styled note; line mode prints it only when asked (--explain).
   */
  | 'note';

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

/** The lines of an output, plain text split into data lines. */
export function linesOf(output: Output): Line[] {
  if (typeof output === 'string') return data(output);
  return 'text' in output ? [output] : [...output];
}

/** The real tool's text of an output, line by line (what line mode writes and a recording keeps): notes left out. */
export function textOf(output: Output): string[] {
  return linesOf(output)
    .filter((l) => l.kind !== 'note')
    .map((l) => l.text);
}

/** How a note reads when it is shown (the TUI, line mode with --explain): marked as the emulator's, not the tool's. */
export function noteText(text: string): string {
  return `note: ${text}`;
}

/** The text of an output with its notes shown (line mode with --explain). */
export function explainedTextOf(output: Output): string[] {
  return linesOf(output).map((l) => (l.kind === 'note' ? noteText(l.text) : l.text));
}

/** Line mode prints notes when `--explain` is given or AZCLOUDHSM_EMU_EXPLAIN is set (not empty, not 0). */
export const EXPLAIN_ENV = 'AZCLOUDHSM_EMU_EXPLAIN';

export function explainWanted(env: NodeJS.ProcessEnv, argv: readonly string[]): boolean {
  const value = env[EXPLAIN_ENV];
  return argv.includes('--explain') || (value !== undefined && value !== '' && value !== '0');
}
