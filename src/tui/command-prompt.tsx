// The prompt a command is typed at: the line with its hint, or the Ctrl-R search, the candidate list of
// the last Tab, and the note after a first Ctrl-C.
import { Box, Text } from 'ink';
import { CandidateList, LIST_ROWS } from './candidate-list.tsx';
import type { Paint } from './paint.ts';
import { PromptLine } from './prompt-line.tsx';
import type { PromptState } from './prompt-state.ts';
import { SearchLine } from './search-line.tsx';

export interface CommandPromptProps {
  readonly prompt: string;
  readonly state: PromptState;
  /** The grey rest of the syntax ('' for none). */
  readonly hint: string;
  readonly history: readonly string[];
  readonly paint: Paint;
  readonly terminal: { readonly columns: number; readonly rows: number };
}

/** Rows the live part takes besides the candidate list: the prompt line, the list's counter, the Ctrl-C note, the status line. */
const OTHER_LIVE_ROWS = 4;

export function CommandPrompt({ prompt, state, hint, history, paint, terminal }: CommandPromptProps) {
  return (
    <Box flexDirection="column">
      {state.search ? <SearchLine search={state.search} history={history} /> : <PromptLine prompt={prompt} line={state.line} hint={hint} paint={paint} columns={terminal.columns} />}
      {/* The live part must stay shorter than the screen: Ink clears the whole terminal to draw one that is not. */}
      {state.menu && <CandidateList menu={state.menu} paint={paint} rows={Math.max(1, Math.min(LIST_ROWS, terminal.rows - OTHER_LIVE_ROWS - 1))} />}
      {state.quitArmed && <Text>{paint.hint('(To quit, press Ctrl-C again or Ctrl-D)')}</Text>}
    </Box>
  );
}
