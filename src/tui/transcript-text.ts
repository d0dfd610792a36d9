// How a transcript entry reads on screen: echoed lines as typed, output lines coloured by their kind.
// Shared by the <Static> transcript and the prompt drawn before Ink has loaded.
import { type Paint, paintLine } from './paint.ts';
import type { TranscriptEntry } from './tui-console.ts';

export function entryLines(entry: TranscriptEntry, paint: Paint): string[] {
  switch (entry.kind) {
    case 'echo':
      return entry.lines.map((line) => line.text);
    case 'notice':
      return entry.lines.map((line) => paint.hint(line.text));
    case 'output':
      return entry.lines.map((line) => paintLine(paint, line));
  }
}
