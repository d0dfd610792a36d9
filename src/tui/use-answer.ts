// The answer being typed to a question the tool asks: the same line editing as the prompt, Enter gives
// the answer, Ctrl-C or Ctrl-D answers as end of input would (null).
import { useCallback, useRef, useState } from 'react';
import * as edit from './line-editor.ts';
import { emptyLine, type LineState } from './line-editor.ts';
import type { KeyAction } from './keys.ts';
import type { KeyHandler } from './use-keyboard.ts';

/** What a key does to an answer: a new line, or the answer given (a string, or null for none). */
export function answerKey(line: LineState, action: KeyAction): { line: LineState } | { answer: string | null } {
  switch (action.kind) {
    case 'insert':
      return { line: edit.insert(line, action.text) };
    case 'submit':
      return { answer: line.text };
    case 'interrupt':
    case 'eof':
      return { answer: null };
    case 'backspace':
      return { line: edit.backspace(line) };
    case 'deleteForward':
      return { line: edit.deleteForward(line) };
    case 'left':
      return { line: edit.left(line) };
    case 'right':
      return { line: edit.right(line) };
    case 'home':
      return { line: edit.home(line) };
    case 'end':
      return { line: edit.end(line) };
    case 'killToStart':
      return { line: edit.killToStart(line) };
    case 'killToEnd':
      return { line: edit.killToEnd(line) };
    case 'killWordBack':
      return { line: edit.killWordBack(line) };
    default:
      return { line };
  }
}

/** `questionId`: a new question starts with an empty answer. */
export function useAnswer(questionId: number | undefined, reply: (answer: string | null) => void): { line: LineState; handle: KeyHandler } {
  const [state, setState] = useState({ questionId, line: emptyLine });
  const current = useRef(state);
  if (current.current.questionId !== questionId) current.current = { questionId, line: emptyLine };
  const latestReply = useRef(reply);
  latestReply.current = reply;

  const handle: KeyHandler = useCallback((action) => {
    const step = answerKey(current.current.line, action);
    if ('answer' in step) {
      current.current = { ...current.current, line: emptyLine };
      setState(current.current);
      latestReply.current(step.answer);
      return true;
    }
    current.current = { ...current.current, line: step.line };
    setState(current.current);
    return false;
  }, []);
  return { line: state.questionId === questionId ? state.line : emptyLine, handle };
}
