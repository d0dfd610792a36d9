// A question the tool asks inline (`Do you want to continue(y/n)?`, `Retry/Ignore/Abort?(R/I/A):`, a
// hidden `Enter password:` whose answer shows as `*`), with the terminal's cursor in the answer. The
// answer is drawn by ink-text-input (masked for a hidden question); its keys come through the app's one
// keyboard reader (use-keyboard.ts) and the answer's reducer (use-answer.ts), not through the input's own
// useInput: a pasted "y\r" or "secret\rsecret\r" arrives as one chunk, which must split into keys and
// answers, and keys typed before the question opened must reach it.
import { Box, Text, useCursor } from 'ink';
import TextInput from 'ink-text-input';
import stringWidth from 'string-width';
import type { LineState } from './line-editor.ts';
import type { Question } from './tui-console.ts';

const ignoreChange = (): void => {};

export function QuestionPrompt({ question, line }: { readonly question: Question; readonly line: LineState }) {
  const { setCursorPosition } = useCursor();
  // A hidden answer shows one `*` per character typed.
  setCursorPosition({ x: stringWidth(question.prompt) + (question.hidden ? [...line.text.slice(0, line.cursor)].length : stringWidth(line.text.slice(0, line.cursor))), y: 0 });
  return (
    <Box>
      <Text>{question.prompt}</Text>
      <TextInput value={line.text} onChange={ignoreChange} focus={false} showCursor={false} {...(question.hidden ? { mask: '*' } : {})} />
    </Box>
  );
}
