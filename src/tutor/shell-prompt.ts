// The tutor's `$ ` prompt, for the steps a lesson has the learner type in a shell (`openssl ...`, starting
// a tool, `azcloudhsm_emu node 1 down`). A ToolShell like the tools', so line mode and the TUI drive it
// the same way (editing, history); it ends, without running anything, once the learner has typed the
// step's command: the tutor runs it.
import type { Console } from '../console.ts';
import type { LiveValues } from '../../grammar/complete.ts';
import type { Grammar } from '../../grammar/parse.ts';
import { substitute } from '../replay/pattern.ts';
import { plainWords } from '../replay/format.ts';
import type { StatusView, ToolShell } from '../shell.ts';
import { checkShellLine } from './check.ts';
import { answerLine, hintLines, stepBadge, type TutorState, wrong } from './feedback.ts';

export const SHELL_PROMPT = '$ ';

/** No tool's commands: the shell prompt completes nothing and hints nothing. */
const NO_COMMANDS: Grammar = { tool: 'azcloudhsm_util', commands: [] };

export interface ShellPromptOptions {
  readonly console: Console;
  /** The step's command as the lesson writes it (captures, `{{name=value}}`). */
  readonly expected: string;
  readonly hints: readonly string[];
  readonly state: TutorState;
  /** The step's line in the lesson (for errors in its captures). */
  readonly line: number;
}

export class ShellPrompt implements ToolShell {
  readonly grammar = NO_COMMANDS;
  readonly failures = 0;
  /** The command as the learner typed it, once it is the step's. */
  accepted: string | undefined;
  private hints = 0;
  private tries = 0;

  constructor(private readonly opts: ShellPromptOptions) {}

  start(): void {}

  prompt(): string {
    return SHELL_PROMPT;
  }

  scope(): undefined {
    return undefined;
  }

  live(): LiveValues {
    return { users: [], keys: [], servers: [] };
  }

  status(): StatusView {
    return { scope: 'shell', nodes: [], e2e: false, badges: [stepBadge(this.opts.state)] };
  }

  onReplayProgress(): () => void {
    return () => {};
  }

  async handle(line: string): Promise<boolean> {
    const { console, expected, state } = this.opts;
    if (line.trim() === '') return true;
    // The command with the values bound so far, and the lesson's own for the rest.
    const answer = substitute(expected, { ...state.values, bindings: new Map(state.values.bindings) }, this.opts.line);
    if (line.trim() === 'hint') {
      this.hints++;
      console.print(this.hints === 1 ? hintLines(this.opts.hints.length > 0 ? this.opts.hints : [`this step runs ${plainWords(answer)?.[0] ?? 'a shell command'}`], []) : answerLine(answer));
      return true;
    }
    const checked = checkShellLine(expected, line, state.values);
    if (!checked.ok) {
      const want = answer.trim().split(/\s+/)[0];
      const got = line.trim().split(/\s+/)[0];
      const reason = want !== got ? `this step runs ${want}, not ${got}: nothing was run.` : 'that is not quite the command of this step: nothing was run.';
      console.print(wrong([reason], this.tries++ === 0));
      return true;
    }
    for (const [name, value] of checked.bindings) state.values.bindings.set(name, value);
    this.accepted = line.trim();
    return false;
  }
}
