// A line recalled from the history file may hold the marker its password was written as (util's
// `loginHSM -p ********`): sending the marker would be a wrong password, counted towards the lockout.
// The TUI asks for each such value instead, hidden, as mgmt_util's recalled `-hpswd` does.
import { QUESTIONS } from '../prompts.ts';
import { type Grammar, redactedWords, tokenize } from '../../grammar/parse.ts';
import type { Scope } from '../../grammar/spec.ts';

/** The line with each written-out secret asked for; the line as it is when it has none; null when an answer was refused (Ctrl-C, Ctrl-D). */
export async function withRecalledSecrets(
  grammar: Grammar,
  line: string,
  scope: Scope | undefined,
  ask: (prompt: string, options: { hidden: boolean }) => Promise<string | null>,
): Promise<string | null> {
  const redacted = redactedWords(grammar, line, scope);
  if (redacted.length === 0) return line;
  const words = tokenize(line);
  for (const i of redacted) {
    const answer = await ask(QUESTIONS.password.text, { hidden: true });
    if (answer === null) return null;
    words[i] = answer;
  }
  return words.join(' ');
}
