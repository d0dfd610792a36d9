// What a key sequence from the terminal asks the prompt to do. Ink's own key parsing reports both
// Backspace (DEL, 0x7f) and the Delete key as `delete`, so the prompt reads the raw sequences instead.

export type KeyAction =
  | { readonly kind: 'insert'; readonly text: string }
  | {
      readonly kind:
        | 'submit'
        | 'complete'
        | 'completeBack'
        | 'backspace'
        | 'deleteForward'
        | 'left'
        | 'right'
        | 'home'
        | 'end'
        | 'wordLeft'
        | 'wordRight'
        | 'killToEnd'
        | 'killToStart'
        | 'killWordBack'
        | 'killWordForward'
        | 'historyUp'
        | 'historyDown'
        | 'reverseSearch'
        /** Ctrl-C */
        | 'interrupt'
        /** Ctrl-D */
        | 'eof'
        /** Ctrl-G */
        | 'abort'
        /** Ctrl-L */
        | 'clearScreen'
        /** Ctrl-T: dry run on or off */
        | 'toggleDryRun'
        | 'escape';
    };

export type KeyName = Exclude<KeyAction, { kind: 'insert' }>['kind'];

const SEQUENCES: Readonly<Record<string, KeyName>> = {
  '\r': 'submit',
  '\n': 'submit',
  '\t': 'complete',
  '\x1b[Z': 'completeBack',
  '\x7f': 'backspace',
  '\b': 'backspace',
  '\x1b[3~': 'deleteForward',
  '\x1b[D': 'left',
  '\x1bOD': 'left',
  '\x02': 'left',
  '\x1b[C': 'right',
  '\x1bOC': 'right',
  '\x06': 'right',
  '\x1b[A': 'historyUp',
  '\x1bOA': 'historyUp',
  '\x10': 'historyUp',
  '\x1b[B': 'historyDown',
  '\x1bOB': 'historyDown',
  '\x0e': 'historyDown',
  '\x1b[H': 'home',
  '\x1bOH': 'home',
  '\x1b[1~': 'home',
  '\x1b[7~': 'home',
  '\x01': 'home',
  '\x1b[F': 'end',
  '\x1bOF': 'end',
  '\x1b[4~': 'end',
  '\x1b[8~': 'end',
  '\x05': 'end',
  '\x1bb': 'wordLeft',
  '\x1b[1;3D': 'wordLeft',
  '\x1b[1;5D': 'wordLeft',
  '\x1bf': 'wordRight',
  '\x1b[1;3C': 'wordRight',
  '\x1b[1;5C': 'wordRight',
  '\x0b': 'killToEnd',
  '\x15': 'killToStart',
  '\x17': 'killWordBack',
  '\x1b\x7f': 'killWordBack',
  '\x1bd': 'killWordForward',
  '\x12': 'reverseSearch',
  '\x03': 'interrupt',
  '\x04': 'eof',
  '\x07': 'abort',
  '\x0c': 'clearScreen',
  '\x14': 'toggleDryRun',
  '\x1b': 'escape',
};

/**
 * The actions of one input event. Ink hands over escape sequences one by one, but a run of typed or
 * pasted text arrives whole, control characters and line breaks included (`\x15server 0\r` from a fast
 * typist or tmux send-keys): each key in it counts, and each line break submits the line so far.
 */
export function decodeKeys(input: string): KeyAction[] {
  const actions: KeyAction[] = [];
  let i = 0;
  while (i < input.length) {
    const length = keyLength(input, i);
    const key = input.slice(i, i + length);
    i += length;
    const named = SEQUENCES[key === '\r\n' ? '\r' : key];
    if (named) actions.push({ kind: named });
    // Other escape sequences (function keys, mouse) and control characters do nothing.
    else if (!/^[\x00-\x1f\x7f]/.test(key)) actions.push({ kind: 'insert', text: key });
  }
  return actions;
}

/** The length of the key starting at `i`: an escape sequence, one control character, or a run of text. */
function keyLength(s: string, i: number): number {
  const c = s[i]!;
  if (c === '\x1b') {
    const next = s[i + 1];
    if (next === '[') {
      let j = i + 2;
      while (j < s.length && !/[\x40-\x7e]/.test(s[j]!)) j++;
      return Math.min(j + 1, s.length) - i;
    }
    if (next === 'O') return Math.min(3, s.length - i);
    return next === undefined ? 1 : 2;
  }
  if (c === '\r' && s[i + 1] === '\n') return 2;
  if (/[\x00-\x1f\x7f]/.test(c)) return 1;
  let j = i;
  while (j < s.length && !/[\x00-\x1f\x7f]/.test(s[j]!)) j++;
  return j - i;
}
