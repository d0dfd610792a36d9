// The command prompt's state and what each key does to it: editing, Tab completion with a list to
// cycle through, ↑/↓ history, Ctrl-R reverse search, Ctrl-C / Ctrl-D. A pure reducer, so every key's
// behaviour is testable without a terminal; the hook in use-prompt.ts feeds it keys.
import { type Candidate, commonPrefix, type Completion } from '../../grammar/complete.ts';
import type { KeyAction } from './keys.ts';
import * as edit from './line-editor.ts';
import { emptyLine, type LineState, lineOf } from './line-editor.ts';

/** The candidates of the last Tab, shown as a list; further Tabs put each in turn into the line. */
export interface Menu {
  readonly candidates: readonly Candidate[];
  /** -1 before the first cycle. */
  readonly selected: number;
  /** The part of the line the selected candidate occupies. */
  readonly start: number;
  readonly end: number;
}

export interface Search {
  readonly query: string;
  /** Index in the history of the entry shown; undefined when nothing matches. */
  readonly match: number | undefined;
  /** The line before the search, restored when it is cancelled. */
  readonly saved: LineState;
}

export interface PromptState {
  readonly line: LineState;
  /** How far back in the history ↑ has gone: 0 is the line being written (kept in `draft`). */
  readonly back: number;
  readonly draft: string;
  readonly menu?: Menu;
  readonly search?: Search;
  /** Ctrl-C was pressed on an empty line: a second one quits. */
  readonly quitArmed: boolean;
  /** The line came from the history (↑, Ctrl-R), edited or not: its passwords may have been written out. */
  readonly recalled: boolean;
}

export const initialPrompt: PromptState = { line: emptyLine, back: 0, draft: '', quitArmed: false, recalled: false };

export interface PromptEnv {
  /** Entries oldest first. */
  readonly history: readonly string[];
  readonly complete: (text: string, cursor: number) => Completion;
}

export type PromptEffect =
  | { readonly kind: 'submit'; readonly line: string; readonly recalled: boolean }
  | { readonly kind: 'quit' }
  /** Ctrl-L */
  | { readonly kind: 'clearScreen' }
  | { readonly kind: 'toggleDryRun' };

export interface Step {
  readonly state: PromptState;
  readonly effect?: PromptEffect;
}

export function reducePrompt(state: PromptState, action: KeyAction, env: PromptEnv): Step {
  if (state.search) return searchKey(state, state.search, action, env);
  const s: PromptState = action.kind === 'interrupt' ? state : { ...state, quitArmed: false };
  if (s.menu && (action.kind === 'complete' || action.kind === 'completeBack')) return { state: cycle(s, s.menu, action.kind === 'complete' ? 1 : -1) };
  const closed: PromptState = s.menu ? withoutMenu(s) : s;
  const line = closed.line;
  const with_ = (l: LineState): Step => ({ state: { ...closed, line: l } });
  switch (action.kind) {
    case 'insert':
      return with_(edit.insert(line, action.text));
    case 'submit':
      return { state: initialPrompt, effect: { kind: 'submit', line: line.text, recalled: closed.recalled } };
    case 'clearScreen':
      return { state: closed, effect: { kind: 'clearScreen' } };
    case 'complete':
      return { state: completeAt(closed, env) };
    case 'completeBack':
      return { state: closed };
    case 'backspace':
      return with_(edit.backspace(line));
    case 'deleteForward':
      return with_(edit.deleteForward(line));
    case 'left':
      return with_(edit.left(line));
    case 'right':
      return with_(edit.right(line));
    case 'home':
      return with_(edit.home(line));
    case 'end':
      return with_(edit.end(line));
    case 'wordLeft':
      return with_(edit.wordLeft(line));
    case 'wordRight':
      return with_(edit.wordRight(line));
    case 'killToEnd':
      return with_(edit.killToEnd(line));
    case 'killToStart':
      return with_(edit.killToStart(line));
    case 'killWordBack':
      return with_(edit.killWordBack(line));
    case 'killWordForward':
      return with_(edit.killWordForward(line));
    case 'historyUp':
      return { state: recall(closed, closed.back + 1, env.history) };
    case 'historyDown':
      return { state: recall(closed, closed.back - 1, env.history) };
    case 'reverseSearch':
      return { state: { ...closed, search: { query: '', match: undefined, saved: line } } };
    case 'interrupt':
      if (s.menu) return { state: closed };
      if (line.text !== '') return { state: { ...closed, line: emptyLine, back: 0, quitArmed: false, recalled: false } };
      if (s.quitArmed) return { state: closed, effect: { kind: 'quit' } };
      return { state: { ...closed, quitArmed: true } };
    case 'eof':
      if (line.text === '') return { state: closed, effect: { kind: 'quit' } };
      return with_(edit.deleteForward(line));
    case 'abort':
    case 'escape':
      return { state: closed };
    case 'toggleDryRun':
      return { state: closed, effect: { kind: 'toggleDryRun' } };
  }
}

function withoutMenu(s: PromptState): PromptState {
  const { menu: _, ...rest } = s;
  return rest;
}

/** What a chosen candidate puts in the line: a space after a whole value, unless one follows already. */
function filled(c: Candidate, after: string): string {
  return c.final && !after.startsWith(' ') ? c.value + ' ' : c.value;
}

function completeAt(s: PromptState, env: PromptEnv): PromptState {
  const { start, end, candidates } = env.complete(s.line.text, s.line.cursor);
  const after = s.line.text.slice(end);
  if (candidates.length === 0) return s;
  if (candidates.length === 1) return { ...s, line: edit.replace(s.line, start, end, filled(candidates[0]!, after)) };
  const typed = s.line.text.slice(start, s.line.cursor);
  const prefix = commonPrefix(candidates.map((c) => c.value));
  const line = prefix.length > typed.length ? edit.replace(s.line, start, end, prefix) : s.line;
  return { ...s, line, menu: { candidates, selected: -1, start, end: prefix.length > typed.length ? start + prefix.length : end } };
}

function cycle(s: PromptState, menu: Menu, step: 1 | -1): PromptState {
  const n = menu.candidates.length;
  const selected = menu.selected < 0 ? (step > 0 ? 0 : n - 1) : (menu.selected + step + n) % n;
  const after = s.line.text.slice(menu.end);
  const text = filled(menu.candidates[selected]!, after);
  const line = edit.replace(s.line, menu.start, menu.end, text);
  return { ...s, line, menu: { ...menu, selected, end: menu.start + text.length } };
}

function recall(s: PromptState, back: number, history: readonly string[]): PromptState {
  if (back < 0 || back > history.length || back === s.back) return s;
  const draft = s.back === 0 ? s.line.text : s.draft;
  const text = back === 0 ? draft : history[history.length - back]!;
  return { ...s, back, draft, line: lineOf(text), recalled: back > 0 };
}

// ---- Ctrl-R ------------------------------------------------------------------------------------

/** The newest entry at or before `from` (an index) containing the query. */
function findBack(history: readonly string[], query: string, from: number): number | undefined {
  for (let i = Math.min(from, history.length - 1); i >= 0; i--) if (history[i]!.includes(query)) return i;
  return undefined;
}

function searchKey(state: PromptState, search: Search, action: KeyAction, env: PromptEnv): Step {
  const h = env.history;
  const found = (query: string, from: number): Step => ({ state: { ...state, search: { ...search, query, match: findBack(h, query, from) } } });
  const matched = search.match === undefined ? search.saved : lineOf(h[search.match]!);
  const leave = (line: LineState, recalled: boolean): PromptState => {
    const { search: _, ...rest } = state;
    return { ...rest, line, back: 0, recalled };
  };
  switch (action.kind) {
    case 'insert':
      return found(search.query + action.text, search.match ?? h.length - 1);
    case 'backspace':
      return found(search.query.slice(0, -1), h.length - 1);
    case 'reverseSearch':
      // Ctrl-R again: the next older match.
      if (search.match === undefined || search.query === '') return { state };
      return { state: { ...state, search: { ...search, match: findBack(h, search.query, search.match - 1) ?? search.match } } };
    case 'submit':
      return { state: initialPrompt, effect: { kind: 'submit', line: matched.text, recalled: search.match !== undefined || state.recalled } };
    case 'interrupt':
    case 'abort':
      return { state: leave(search.saved, state.recalled) };
    default:
      // Any other key takes the match into the line for editing.
      return { state: leave(matched, search.match !== undefined || state.recalled) };
  }
}
