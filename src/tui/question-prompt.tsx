// A question the tool asks inline (`Do you want to continue(y/n)?`, `Retry/Ignore/Abort?(R/I/A):`, a
// hidden `Enter password:` whose answer shows as `*`), with the terminal's cursor in the answer.
import { Text, useCursor } from 'ink';
import type { LineState } from './line-editor.ts';
import type { Question } from './tui-console.ts';

export function QuestionPrompt({ question, line }: { readonly question: Question; readonly line: LineState }) {
  const { setCursorPosition } = useCursor();
  setCursorPosition({ x: question.prompt.length + line.cursor, y: 0 });
  return (
    <Text>
      {question.prompt}
      {question.hidden ? '*'.repeat(line.text.length) : line.text}
    </Text>
  );
}
