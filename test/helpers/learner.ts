// A learner at the other end of `azcloudhsm_emu learn` in line mode (stdin a pipe): waits for each prompt
// the tutor or the tool shows, and types what a learner would. At every step: first a wrong answer
// (another command), then `hint` (twice for a command: the second gives the answer), the answer a word
// short, and then the answer, or the learner's own version of it. Each exchange comes back with what was
// printed after it, for the test to read.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promptShown } from '../../src/prompts.ts';
import { outputLines, RunningProgram } from '../../src/replay/program.ts';
import { ROOT } from './tools.ts';

/** One line the learner typed, at which prompt, as what, and what came back before the next prompt. */
export interface Exchange {
  readonly prompt: string;
  readonly typed: string;
  readonly as: 'wrong' | 'hint' | 'answer';
  readonly reply: string;
}

export interface LearnerRun {
  readonly output: string;
  readonly status: number;
  readonly exchanges: readonly Exchange[];
}

export interface LearnerOptions {
  readonly lesson: string;
  readonly home: string;
  /** The learner's own versions of answers (`createUser CU alice alice1234` -> `createUser CU bob bob12345`). */
  readonly own?: ReadonlyMap<string, string>;
  /** Stop after this many answers (input ends: the lesson pauses). */
  readonly stopAfter?: number;
  readonly timeoutMs?: number;
}

type Shown = { readonly kind: 'shell' } | { readonly kind: 'command'; readonly prompt: string } | { readonly kind: 'question'; readonly prompt: string };

/** The prompt the tutor or a tool is waiting at, from its last, unfinished line. */
function shownPrompt(partial: string): Shown | undefined {
  if (partial === '$ ') return { kind: 'shell' };
  for (const tool of ['azcloudhsm_mgmt_util', 'azcloudhsm_util'] as const) {
    const p = promptShown(tool, partial);
    if (p) return p.kind === 'question' ? { kind: 'question', prompt: p.prompt } : { kind: 'command', prompt: p.prompt };
  }
  return undefined;
}

/** A wrong answer: the other answer to a question, another program at the shell, another command at a tool. */
function wrongFor(shown: Shown): string {
  if (shown.kind === 'question') return shown.prompt.startsWith('Do you want') ? 'n' : 'x';
  if (shown.kind === 'shell') return 'ls -l';
  // A command both tools have, and no lesson step runs.
  return 'getHSMInfo';
}

export async function learn(options: LearnerOptions): Promise<LearnerRun> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const program = new RunningProgram(`exec node ${join(ROOT, 'dist', 'azcloudhsm_emu.js')} learn ${options.lesson} --home ${options.home}`, {
    cwd: tmpdir(),
    env: { ...process.env, NO_COLOR: '1' },
    input: true,
  });
  const exchanges: { prompt: string; typed: string; as: Exchange['as']; from: number }[] = [];
  let answers = 0;
  let typedAt = -1;
  // What the learner does next at this step; a step starts with a wrong answer.
  let plan: (Exchange['as'] | 'short')[] = [];
  const partial = (): string => program.stdout.slice(program.stdout.lastIndexOf('\n') + 1);
  for (;;) {
    // After typing, the old prompt stays on screen until the line is echoed.
    const waited = await program.waitFor(() => program.stdout.lastIndexOf('\n') > typedAt && shownPrompt(partial()) !== undefined, timeoutMs);
    if (waited !== 'ready') break;
    const shown = shownPrompt(partial())!;
    if (options.stopAfter !== undefined && answers >= options.stopAfter) break;
    // A command: another command, `hint`, `hint` (the answer), the answer a word short, the answer.
    // A question: the other answer, `hint` (the answer), the answer.
    if (plan.length === 0) plan = shown.kind === 'question' ? ['wrong', 'hint', 'answer'] : ['wrong', 'hint', 'hint', 'short', 'answer'];
    const as = plan.shift()!;
    const given = outputLines(program.stdout).filter((l) => l.startsWith('answer: ')).pop()?.slice('answer: '.length) ?? '';
    let typed: string;
    if (as === 'wrong') typed = wrongFor(shown);
    else if (as === 'hint') typed = 'hint';
    else if (as === 'short') {
      const words = given.split(/\s+/);
      // A one-word command has no shorter form: the step goes on to its answer.
      if (words.length < 2) {
        plan.shift();
        typed = options.own?.get(given) ?? given;
        answers++;
        exchanges.push({ prompt: partial(), typed, as: 'answer', from: (typedAt = program.stdout.length) });
        program.write(typed + '\n');
        continue;
      }
      typed = words.slice(0, -1).join(' ');
    } else {
      typed = options.own?.get(given) ?? given;
      answers++;
    }
    typedAt = program.stdout.length;
    exchanges.push({ prompt: partial(), typed, as: as === 'short' ? 'wrong' : as, from: typedAt });
    program.write(typed + '\n');
  }
  program.endInput();
  await program.waitFor(() => false, timeoutMs);
  const exit = await program.stop();
  const output = program.stdout;
  const replies = exchanges.map((e, i) => {
    const end = exchanges[i + 1]?.from ?? output.length;
    // What came back: from the end of the echoed line up to the next prompt.
    const text = output.slice(e.from, end);
    return { prompt: e.prompt, typed: e.typed, as: e.as, reply: text.slice(text.indexOf('\n') + 1) };
  });
  return { output: output + program.stderr, status: exit.status, exchanges: replies };
}
