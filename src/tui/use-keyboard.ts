// One reader of the keyboard for the whole app. Keys go, in order, to whoever has the keyboard now:
// the command prompt, or the question the tool is asking. A key that hands a line over (Enter at the
// prompt, an answer) takes the keyboard away until the app has drawn who has it next; the keys after
// it wait — typed ahead while a command runs, or pasted with line breaks — for the next prompt or question.
import { useEffect, useRef } from 'react';
import { decodeKeys, type KeyAction } from './keys.ts';
import { useRawKeys } from './use-raw-keys.ts';

/** Handles one key; true when it handed a line over (what comes next is not known yet). */
export type KeyHandler = (action: KeyAction) => boolean;

/** `target`: who has the keyboard now; undefined while a command runs without asking anything. */
export function useKeyboard(target: KeyHandler | undefined): void {
  const queue = useRef<KeyAction[]>([]);
  const holder = useRef(target);
  // Each render says who has the keyboard; a hand-over clears it until the next render.
  holder.current = target;
  const draining = useRef(false);

  const drain = (): void => {
    // A handler's state change can draw (and run effects) synchronously: one loop at a time.
    if (draining.current) return;
    draining.current = true;
    try {
      while (queue.current.length > 0 && holder.current) {
        const handler = holder.current;
        if (handler(queue.current.shift()!) && holder.current === handler) holder.current = undefined;
      }
    } finally {
      draining.current = false;
    }
  };

  useRawKeys((sequence) => {
    queue.current.push(...decodeKeys(sequence));
    drain();
  });

  useEffect(drain);
}
