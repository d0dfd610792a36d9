// The command line: the tool's prompt, the text being edited with the terminal's own cursor in it, and
// the hint of the syntax still to type (cut to the screen's width, so the line never wraps for it).
// Positions are display widths: a CJK character takes two columns, a combining mark none.
import { Text, useCursor } from 'ink';
import stringWidth from 'string-width';
import type { LineState } from './line-editor.ts';
import type { Paint } from './paint.ts';

export interface PromptLineProps {
  readonly prompt: string;
  readonly line: LineState;
  readonly hint: string;
  readonly paint: Paint;
  readonly columns: number;
}

export function PromptLine({ prompt, line, hint, paint, columns }: PromptLineProps) {
  const { setCursorPosition } = useCursor();
  setCursorPosition(cursorCell(prompt, line, columns));
  const used = stringWidth(prompt + line.text) % columns;
  return (
    <Text>
      {prompt}
      {line.text}
      {hint ? shownHint(paint, hint, columns - used - 1) : keepTrailingSpaces(prompt + line.text)}
    </Text>
  );
}

/**
 * Ink trims the spaces at the end of a line it draws, but `Command:  ` ends in two that scripts wait
 * for (`expect "Command:  "`). An escape sequence that shows nothing after them keeps them in what the
 * terminal is sent: the end of an OSC 8 hyperlink (no link is open; a terminal without hyperlinks
 * ignores it). Ink keeps OSC sequences, and no character lands on the screen.
 */
export const SPACE_KEEPER = '\x1b]8;;\x1b\\';

export function keepTrailingSpaces(text: string): string {
  return text.endsWith(' ') ? SPACE_KEEPER : '';
}

/** Where the terminal's cursor goes: the column and row (from the prompt's row) of the cursor in the line. */
export function cursorCell(prompt: string, line: LineState, columns: number): { x: number; y: number } {
  const at = stringWidth(prompt + line.text.slice(0, line.cursor));
  return { x: at % columns, y: Math.floor(at / columns) };
}

/**
 * The hint as it shows after the typed text: grey; without colour in brackets, so it does not pass for
 * typed text (`createUser [ <user type> <user name> <password | -hpswd>]`).
 */
export function shownHint(paint: Paint, hint: string, room: number): string {
  if (paint.enabled) return paint.hint(fitHint(hint, room));
  const inner = fitHint(hint, room - 2);
  return inner ? `[${inner}]` : '';
}

export function fitHint(hint: string, room: number): string {
  if (stringWidth(hint) <= room) return hint;
  if (room <= 1) return '';
  let cut = '';
  for (const c of hint) {
    if (stringWidth(cut + c) > room - 1) break;
    cut += c;
  }
  return cut + '…';
}
