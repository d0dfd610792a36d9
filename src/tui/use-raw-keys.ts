// Raw key sequences from Ink's stdin, one call per key (or run of typed or pasted text). Ink's useInput
// folds Backspace and Delete together and drops sequences it does not name; the prompt needs them apart.
// This is the one place that uses Ink's private `internal_eventEmitter` (test/tui-app.test.tsx checks
// that it still delivers raw sequences; package.json pins Ink's minor version).
import { useStdin } from 'ink';
import { useEffect, useRef } from 'react';

export function useRawKeys(onKeys: (sequence: string) => void): void {
  const { setRawMode, internal_eventEmitter: events } = useStdin();
  const handler = useRef(onKeys);
  handler.current = onKeys;
  useEffect(() => {
    // Raw mode first: Ink starts reading stdin then, and keys typed ahead arrive on a later tick.
    setRawMode(true);
    const listener = (sequence: string): void => handler.current(sequence);
    events.on('input', listener);
    return () => {
      events.removeListener('input', listener);
      setRawMode(false);
    };
  }, [setRawMode, events]);
}
