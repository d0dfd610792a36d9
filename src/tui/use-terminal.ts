// The terminal's size, and full repaints. Ink redraws only its live part when the window is resized,
// and erases as many rows as that part had at the old width: after a narrower resize rows of the
// transcript went missing and the cursor left the prompt. So once the size settles, the screen and its
// scrollback are cleared and everything is drawn again at the new width: the transcript (the app
// remounts it, `repaint` being its key) and the live part (re-rendered for the new width).
import { useStdout } from 'ink';
import { useCallback, useEffect, useState } from 'react';

/** Erase the screen and the scrollback, cursor home. */
const CLEAR_ALL = '\x1b[H\x1b[2J\x1b[3J';
/** Ctrl-L: erase the screen, cursor home (the scrollback stays, as in a shell). */
const CLEAR_SCREEN = '\x1b[H\x1b[2J';

/** A resize is a burst of events while a window is dragged: repaint once it has settled. */
export const RESIZE_SETTLE_MS = 80;

export interface Terminal {
  readonly columns: number;
  readonly rows: number;
  /** Counts full repaints: the transcript is drawn again when it changes. */
  readonly repaint: number;
  /** Ctrl-L: clears the screen; the live part is drawn again at the top. */
  readonly clearScreen: () => void;
}

export function useTerminal(): Terminal {
  const { stdout, write } = useStdout();
  const [size, setSize] = useState(() => ({ columns: stdout.columns || 80, rows: stdout.rows || 24, repaint: 0 }));
  useEffect(() => {
    let timer: NodeJS.Timeout | undefined;
    const resized = (): void => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        write(CLEAR_ALL);
        setSize((s) => ({ columns: stdout.columns || 80, rows: stdout.rows || 24, repaint: s.repaint + 1 }));
      }, RESIZE_SETTLE_MS);
    };
    stdout.on('resize', resized);
    return () => {
      stdout.off('resize', resized);
      clearTimeout(timer);
    };
  }, [stdout, write]);
  const clearScreen = useCallback(() => write(CLEAR_SCREEN), [write]);
  return { ...size, clearScreen };
}
