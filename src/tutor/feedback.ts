// What the tutor prints beside the tools' own text: the lesson's prose, line notes pointing at the output
// they explain, hints and answers, and what was wrong with a step. Typed lines of kind `note` (the TUI
// colours them; line mode prints the words, each feedback line starting with `tutor:` so a transcript
// shows whose it is).
import { type Line, note, warning } from '../output.ts';
import { matchLine, substitute, type Values } from '../replay/pattern.ts';
import type { Lesson, ProsePart } from './lesson.ts';

/** What a lesson run keeps between its steps. */
export interface TutorState {
  readonly lesson: Lesson;
  readonly values: Values;
  /** The output of the latest step, which the line notes after it explain. */
  lastOutput: readonly string[];
  /** Learner steps done so far. */
  done: number;
}

/** The badge of the status line: where the learner is in the lesson. */
export function stepBadge(state: TutorState): string {
  return `lesson step ${Math.min(state.done + 1, state.lesson.learnerSteps)}/${state.lesson.learnerSteps}`;
}

export function proseLines(parts: readonly ProsePart[], state: TutorState): Line[] {
  // A blank line sets the prose off from the output before it.
  const out: Line[] = note('');
  for (const part of parts) {
    if (part.kind === 'text') {
      out.push(...note(...part.lines.map((l) => fill(l, state.values))));
      continue;
    }
    // A line note: the output line it explains, as printed, then what it means.
    const shown = state.lastOutput.find((l) => matchLine(part.pattern, l, state.values) !== undefined) ?? fill(part.pattern, state.values);
    out.push(...note(`  ▸ ${shown.trim()}`, ...part.text.map((t) => `    ${fill(t, state.values)}`)));
  }
  return out;
}

/** Prose with the captures bound so far filled in (the learner's own names, the handles made). */
function fill(text: string, values: Values): string {
  try {
    return substitute(text, { ...values, bindings: new Map(values.bindings) }, 0);
  } catch {
    return text;
  }
}

export function header(state: TutorState): Line[] {
  const title = `Lesson ${state.lesson.name}: ${state.lesson.title}`;
  return note('', `══ ${title} ══`, `${state.lesson.learnerSteps} steps. Type \`hint\` at any prompt for a hint (twice for the answer); Ctrl-D leaves, keeping your progress.`, '');
}

export function wrong(reasons: readonly string[], firstTry: boolean): Line[] {
  const lines = reasons.map((r) => `tutor: ${r}`);
  if (lines.length === 0) return [];
  if (firstTry) lines.push('tutor: type `hint` for a hint.');
  return warning(...lines);
}

export function hintLines(hints: readonly string[], extra: readonly string[]): Line[] {
  return note(...[...hints, ...extra].map((h) => `hint: ${h}`));
}

export function answerLine(answer: string): Line[] {
  return note(`answer: ${answer}`);
}
