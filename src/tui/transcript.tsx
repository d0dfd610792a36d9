// What the session printed, drawn once above the live prompt.
import { Box, Static, Text } from 'ink';
import type { Paint } from './paint.ts';
import { entryLines } from './transcript-text.ts';
import type { TranscriptEntry } from './tui-console.ts';

export function Transcript({ entries, paint }: { readonly entries: readonly TranscriptEntry[]; readonly paint: Paint }) {
  return (
    <Static items={[...entries]}>
      {(entry) => (
        <Box key={entry.id} flexDirection="column">
          {entryLines(entry, paint).map((line, i) => (
            // An empty Text would take no row; a printed blank line must keep its row.
            <Text key={i}>{line === '' ? ' ' : line}</Text>
          ))}
        </Box>
      )}
    </Static>
  );
}
