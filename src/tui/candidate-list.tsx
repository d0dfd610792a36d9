// The candidates of a Tab with several: a window of rows around the selected one (Tab / Shift-Tab move
// it), each with its meaning, and where the window is in the whole list.
import { Box, Text } from 'ink';
import type { Paint } from './paint.ts';
import type { Menu } from './prompt-state.ts';

export const LIST_ROWS = 8;

/** The first row shown, so the selected row stays in view. */
export function windowStart(selected: number, total: number, rows = LIST_ROWS): number {
  if (total <= rows || selected < 0) return 0;
  return Math.min(Math.max(0, selected - Math.floor(rows / 2)), total - rows);
}

export function CandidateList({ menu, paint, rows = LIST_ROWS }: { readonly menu: Menu; readonly paint: Paint; readonly rows?: number }) {
  const total = menu.candidates.length;
  const first = windowStart(menu.selected, total, rows);
  const shown = menu.candidates.slice(first, first + rows);
  const width = Math.max(...shown.map((c) => c.label.length));
  return (
    <Box flexDirection="column">
      {shown.map((c, i) => {
        const selected = first + i === menu.selected;
        const label = (selected ? '> ' : '  ') + c.label.padEnd(width);
        return (
          <Text key={c.value} wrap="truncate">
            {selected ? paint.selected(label) : label}
            {c.detail ? '  ' + paint.hint(c.detail) : ''}
          </Text>
        );
      })}
      {total > rows && <Text>{paint.hint(`  ${candidateCounter(menu.selected, total)} (Tab for the next)`)}</Text>}
    </Box>
  );
}

/** `16 candidates` until one is selected, then where it is: `3/16`. */
export function candidateCounter(selected: number, total: number): string {
  return selected < 0 ? `${total} candidates` : `${selected + 1}/${total}`;
}
