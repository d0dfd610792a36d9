// Drives one interactive tool through a recorded transcript, as `expect` does: wait until the tool's
// last output line is the prompt the recording expects next, compare what it printed since the last
// input, bind captures, type the next input (captures and secrets filled in). After the last input its
// stdin is closed and the rest of its output compared. A tool that asks something else, exits early or
// stays silent too long ends the session with a line-numbered error, never a hang.
import { promptShown } from '../prompts.ts';
import { RecordingError } from './errors.ts';
import type { Step } from './format.ts';
import { type Expected, expectedLine, matchSegment, type MatchContext } from './match.ts';
import { substitute } from './pattern.ts';
import { outputLines, type RunningProgram } from './program.ts';

export interface StepResult {
  /** The step's body as this run would write it, one list of lines per segment (fence) of the step. */
  readonly bodies: string[][];
  readonly error?: RecordingError;
}

type SessionStep = Extract<Step, { kind: 'session' }>;

export async function driveSession(step: SessionStep, program: RunningProgram, ctx: MatchContext, timeoutMs: number): Promise<StepResult> {
  // A session continued in later fences is written back fence by fence: a new segment starts at the
  // input that opens its fence (the lines before it are the output of the input before).
  const bodies: string[][] = [[]];
  let body = bodies[0]!;
  let segment = 0;
  let consumed = 0;
  let expected: Expected[] = [];
  const partial = (): string => program.stdout.slice(program.stdout.lastIndexOf('\n') + 1);
  const takeLines = (upTo: number): string[] => {
    const lines = outputLines(program.stdout.slice(consumed, upTo));
    consumed = upTo;
    return lines;
  };
  const fail = async (line: number, message: string): Promise<StepResult> => {
    body.push(...matchSegment(expected, takeLines(program.stdout.length), ctx));
    await program.stop();
    return { bodies, error: new RecordingError(line, message + stderrNote(program)) };
  };

  // After an input, the prompt still on screen is the old one until the tool has echoed the input.
  let echoed = (): boolean => true;
  // The last whole line: a menu's end makes the empty line after it a prompt (pkpspeed's test letter).
  const lastLine = (): string => {
    const end = program.stdout.lastIndexOf('\n');
    return end < 0 ? '' : program.stdout.slice(program.stdout.lastIndexOf('\n', end - 1) + 1, end);
  };
  const promptNow = () => (echoed() ? promptShown(step.tool, partial(), lastLine()) : undefined);
  const items = step.items;
  let ended = false;
  for (const item of items) {
    if (item.kind === 'output') {
      expected.push(expectedLine(item.text));
      continue;
    }
    const waited = await program.waitFor(() => promptNow() !== undefined, timeoutMs);
    if (waited === 'exited') return fail(item.line, `the tool ended (exit status ${program.exitStatus}) before the prompt '${item.prompt}' of this line`);
    if (waited === 'silent') return fail(item.line, `no prompt within ${timeoutMs / 1000} s where this line expects '${item.prompt}' (the tool's last line: '${partial()}')`);
    const shown = promptNow()!;
    body.push(...matchSegment(expected, takeLines(program.stdout.length - partial().length), ctx));
    while (segment + 1 < step.segments.length && item.line > step.segments[segment + 1]!.start) {
      segment++;
      bodies.push((body = []));
    }
    if (shown.kind !== (item.question ? 'question' : 'command') || (item.question && shown.prompt !== item.prompt)) {
      const what = item.question ? `'${item.prompt}'` : 'a command prompt';
      return fail(item.line, `the tool asks '${shown.prompt}' where this line expects ${what}`);
    }
    let typed: string;
    try {
      typed = item.endOfInput ? '' : substitute(item.typed, ctx.values, item.line);
    } catch (e) {
      return fail(item.line, (e as Error).message);
    }
    // The tool echoes what it read after its prompt (nothing for a hidden answer).
    expected = [{ kind: 'literal', text: item.prompt + (item.hidden ? '' : typed), source: item.text, otherwise: shown.prompt + item.text.slice(item.prompt.length) }];
    const inputAt = consumed;
    echoed = () => program.stdout.lastIndexOf('\n') >= inputAt;
    if (item.endOfInput) {
      program.endInput();
      ended = true;
    } else program.write(typed + '\n');
  }
  if (!ended) program.endInput();
  const waited = await program.waitFor(() => false, timeoutMs);
  if (waited === 'silent') return fail(step.bodyEnd, `the tool did not end within ${timeoutMs / 1000} s of its input ending (its last line: '${partial()}')`);
  body.push(...matchSegment(expected, takeLines(program.stdout.length), ctx));
  if (program.exitStatus !== 0) body.push(`[${program.exitStatus}]`);
  // A run that ended early leaves the later segments empty.
  while (bodies.length < step.segments.length) bodies.push([]);
  return { bodies };
}

function stderrNote(program: RunningProgram): string {
  const err = program.stderr.trim();
  if (!err) return '';
  const lines = err.split('\n');
  return `\n  its stderr: ${lines.slice(-5).join('\n  ')}`;
}
