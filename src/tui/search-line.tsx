// Ctrl-R: readline's reverse incremental search line.
import { Text } from 'ink';
import type { Search } from './prompt-state.ts';

export function SearchLine({ search, history }: { readonly search: Search; readonly history: readonly string[] }) {
  const failed = search.match === undefined && search.query !== '';
  const shown = search.match === undefined ? '' : history[search.match];
  return <Text>{`(${failed ? 'failed ' : ''}reverse-i-search)'${search.query}': ${shown}`}</Text>;
}
