// The command line being edited: text and cursor, and the readline edits people expect. Pure functions.
import { LIMITS } from '../limits.ts';

export interface LineState {
  readonly text: string;
  /** 0..text.length */
  readonly cursor: number;
}

export const emptyLine: LineState = { text: '', cursor: 0 };

export function lineOf(text: string): LineState {
  return { text, cursor: text.length };
}

export function insert(l: LineState, s: string): LineState {
  return replace(l, l.cursor, l.cursor, s);
}

/** Replaces text[start, end) and puts the cursor after the replacement; a line never grows past LIMITS.line (a paste is cut there). */
export function replace(l: LineState, start: number, end: number, s: string): LineState {
  const room = LIMITS.line - (l.text.length - (end - start));
  const put = s.length > room ? s.slice(0, Math.max(0, room)) : s;
  return { text: l.text.slice(0, start) + put + l.text.slice(end), cursor: start + put.length };
}

export function backspace(l: LineState): LineState {
  return l.cursor === 0 ? l : replace(l, l.cursor - 1, l.cursor, '');
}

export function deleteForward(l: LineState): LineState {
  return l.cursor === l.text.length ? l : { text: l.text.slice(0, l.cursor) + l.text.slice(l.cursor + 1), cursor: l.cursor };
}

export const left = (l: LineState): LineState => ({ ...l, cursor: Math.max(0, l.cursor - 1) });
export const right = (l: LineState): LineState => ({ ...l, cursor: Math.min(l.text.length, l.cursor + 1) });
export const home = (l: LineState): LineState => ({ ...l, cursor: 0 });
export const end = (l: LineState): LineState => ({ ...l, cursor: l.text.length });

/** Ctrl-K */
export const killToEnd = (l: LineState): LineState => ({ text: l.text.slice(0, l.cursor), cursor: l.cursor });
/** Ctrl-U */
export const killToStart = (l: LineState): LineState => ({ text: l.text.slice(l.cursor), cursor: 0 });

const isWordChar = (c: string | undefined): boolean => c !== undefined && /[A-Za-z0-9_]/.test(c);

/** Alt-B: to the start of this or the previous word (letters, digits, _). */
export function wordLeft(l: LineState): LineState {
  let i = l.cursor;
  while (i > 0 && !isWordChar(l.text[i - 1])) i--;
  while (i > 0 && isWordChar(l.text[i - 1])) i--;
  return { ...l, cursor: i };
}

/** Alt-F: to the end of this or the next word. */
export function wordRight(l: LineState): LineState {
  let i = l.cursor;
  while (i < l.text.length && !isWordChar(l.text[i])) i++;
  while (i < l.text.length && isWordChar(l.text[i])) i++;
  return { ...l, cursor: i };
}

/** Ctrl-W: deletes back to the previous space, as readline's unix-word-rubout does. */
export function killWordBack(l: LineState): LineState {
  let i = l.cursor;
  while (i > 0 && l.text[i - 1] === ' ') i--;
  while (i > 0 && l.text[i - 1] !== ' ') i--;
  return replace(l, i, l.cursor, '');
}

/** Alt-D: deletes to the end of this or the next word. */
export function killWordForward(l: LineState): LineState {
  const to = wordRight(l).cursor;
  return { text: l.text.slice(0, l.cursor) + l.text.slice(to), cursor: l.cursor };
}
