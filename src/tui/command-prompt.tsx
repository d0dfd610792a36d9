// The prompt a command is typed at: the line with its hint, or the Ctrl-R search, the candidate list of
// the last Tab, and the note after a first Ctrl-C.
import { Box, Text } from 'ink';
import { CandidateList } from './candidate-list.tsx';
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
}

export function CommandPrompt({ prompt, state, hint, history, paint }: CommandPromptProps) {
  return (
    <Box flexDirection="column">
      {state.search ? <SearchLine search={state.search} history={history} /> : <PromptLine prompt={prompt} line={state.line} hint={hint} paint={paint} />}
      {state.menu && <CandidateList menu={state.menu} paint={paint} />}
      {state.quitArmed && <Text>{paint.hint('(To quit, press Ctrl-C again or Ctrl-D)')}</Text>}
    </Box>
  );
}
