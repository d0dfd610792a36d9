// The command line: the tool's prompt, the text being edited with the terminal's own cursor in it, and
// the grey hint of the syntax still to type (cut to the screen's width, so the line never wraps for it).
import { Text, useCursor, useStdout } from 'ink';
import type { LineState } from './line-editor.ts';
import type { Paint } from './paint.ts';

export function PromptLine({ prompt, line, hint, paint }: { readonly prompt: string; readonly line: LineState; readonly hint: string; readonly paint: Paint }) {
  const columns = useStdout().stdout.columns || 80;
  const { setCursorPosition } = useCursor();
  const at = prompt.length + line.cursor;
  setCursorPosition({ x: at % columns, y: Math.floor(at / columns) });
  const used = (prompt.length + line.text.length) % columns;
  return (
    <Text>
      {prompt}
      {line.text}
      {hint && paint.hint(fitHint(hint, columns - used - 1))}
    </Text>
  );
}

export function fitHint(hint: string, room: number): string {
  if (hint.length <= room) return hint;
  return room <= 1 ? '' : hint.slice(0, room - 1) + '…';
}
