// How a transcript entry reads on screen: echoed lines as typed, output lines coloured by their kind.
// Shared by the <Static> transcript and the prompt drawn before Ink has loaded.
import { type Paint, paintLine } from './paint.ts';
import type { TranscriptEntry } from './tui-console.ts';

export function entryLines(entry: TranscriptEntry, paint: Paint): string[] {
  return entry.lines.map((line) => (entry.kind === 'echo' ? line.text : paintLine(paint, line)));
}
