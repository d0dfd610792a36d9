// A tool session inside a lesson: the tool's real front end (MgmtShell, UtilShell) wrapped so that the
// tutor sees each line before the tool does. Line mode and the TUI drive it like any ToolShell: the
// tool's own prompt, completion, hints and `-h`. A line is checked against the lesson's step through the
// grammar (check.ts); a right one is explained (a dry run says what it will change), run by the tool,
// and its output matched against the lesson's (binding captures such as key handles); a wrong one is
// not run when it could spoil the lesson's state, and the tutor says what differs. Steps the lesson
// types itself (` ```console auto `) run without the learner, and the tool's questions are answered as
// the lesson answers them (by the learner, checked, or by the tutor).
import type { Console } from '../console.ts';
import { syntaxLine } from '../../grammar/help.ts';
import { note, type Output, textOf, warning } from '../output.ts';
import { type Expected, expectedLine, matchSegment } from '../replay/match.ts';
import { substitute, unboundDefaults } from '../replay/pattern.ts';
import type { StatusView, ToolShell } from '../shell.ts';
import { checkCommand, type CheckContext, type ExpectedCommand, expectedCommand } from './check.ts';
import { answerLine, hintLines, proseLines, stepBadge, type TutorState, wrong } from './feedback.ts';
import type { Beat, SessionStep } from './lesson.ts';

/** The Console the tool prints and asks through: what it prints is kept for matching, questions go to the tutor. */
export class TutorConsole implements Console {
  private recorded: string[] = [];
  /** Set by the session: answers the tool's questions as the lesson says. */
  asker: ((prompt: string, options: { hidden?: boolean }) => Promise<string | null>) | undefined;

  constructor(readonly inner: Console) {}

  get tui(): boolean {
    return this.inner.tui;
  }

  notify(text: string): void {
    this.inner.notify(text);
  }

  print(output: Output): void {
    this.recorded.push(...textOf(output));
    this.inner.print(output);
  }

  ask(prompt: string, options: { hidden?: boolean } = {}): Promise<string | null> {
    return this.asker ? this.asker(prompt, options) : this.inner.ask(prompt, options);
  }

  /** A line the transcript shows that the tool did not print itself (an input typed for the learner). */
  show(output: Output): void {
    this.inner.print(output);
  }

  /** Keeps a line as if printed (the echo of an answered question). */
  keep(text: string): void {
    this.recorded.push(text);
  }

  /** What the tool printed since the last call. */
  take(): string[] {
    const r = this.recorded;
    this.recorded = [];
    return r;
  }
}

export interface TutorSessionOptions {
  readonly inner: ToolShell;
  readonly console: TutorConsole;
  readonly step: SessionStep;
  /** This session's beats: its inputs, and the prose between its fences. */
  readonly beats: readonly Beat[];
  readonly state: TutorState;
  readonly cwd: string;
}

type InputBeat = Extract<Beat, { kind: 'input' }>;

export class TutorSession implements ToolShell {
  private cursor = 0;
  /** The learner's step being waited for, with the command it expects and the hints asked so far. */
  private waiting: { beat: InputBeat; expected: ExpectedCommand; hints: number; tries: number } | undefined;
  /** A password the learner types at a hidden prompt (-hpswd) for the command running now. */
  private hidden: { value: string } | { binds: string } | undefined;
  private ended = false;

  constructor(private readonly opts: TutorSessionOptions) {
    opts.console.asker = (prompt, options) => this.answer(prompt, options.hidden === true);
  }

  get grammar() {
    return this.opts.inner.grammar;
  }

  get failures(): number {
    return this.opts.inner.failures;
  }

  /** True once every step of the session is done (the tool ended as the lesson ends it). */
  get completed(): boolean {
    return this.ended && this.cursor >= this.opts.beats.length;
  }

  async start(): Promise<void> {
    await this.opts.inner.start();
    this.matchOutput(-1);
    await this.advance(true);
  }

  prompt(): string {
    return this.opts.inner.prompt();
  }

  scope() {
    return this.opts.inner.scope();
  }

  live() {
    return this.opts.inner.live();
  }

  status(): StatusView {
    const s = this.opts.inner.status();
    return { ...s, badges: [...(s.badges ?? []), stepBadge(this.opts.state)] };
  }

  onReplayProgress(listener: (p: { server: number; done: number; total: number }) => void): () => void {
    return this.opts.inner.onReplayProgress(listener);
  }

  /** The tool's status follows other processes; the lesson's steps are the tutor's (Ctrl-D leaves the lesson: no quitCommand). */
  async follow(): Promise<void> {
    await this.opts.inner.follow?.();
  }

  async handle(line: string): Promise<boolean> {
    const w = this.waiting;
    if (!w || this.ended) return false;
    const { console: out, inner, state } = this.opts;
    if (line.trim() === 'hint') {
      w.hints++;
      out.show(w.hints === 1 ? hintLines(w.beat.hints, [`the syntax is \`${syntaxLine(w.expected.command.spec)}\``]) : answerLine(w.expected.line));
      return true;
    }
    const verdict = checkCommand(this.checkContext(), w.expected, line);
    if (!verdict.ok) {
      // Help, a usage error, an unknown command: the tool answers as it would; nothing else is run.
      if (verdict.harmless) {
        await inner.handle(line);
        out.take();
      }
      out.show(wrong(verdict.reasons, w.tries === 0));
      if (verdict.reasons.length > 0) w.tries++;
      return true;
    }
    for (const [name, value] of verdict.bindings) state.values.bindings.set(name, value);
    this.hidden = verdict.hidden;
    this.waiting = undefined;
    this.cursor++;
    state.done++;
    // What the step will change, decided before it runs (the dry run's mechanism).
    out.show(await (inner.preview?.(line) ?? []));
    const goOn = await this.run(line, w.beat.index);
    return this.advance(goOn);
  }

  private checkContext(): CheckContext {
    const { inner, cwd } = this.opts;
    return { grammar: inner.grammar, scope: inner.scope(), prompt: inner.prompt(), cwd };
  }

  /** Runs a line the lesson expects, and matches what the tool printed against the lesson. */
  private async run(line: string, index: number): Promise<boolean> {
    const goOn = await this.opts.inner.handle(line);
    this.hidden = undefined;
    this.matchOutput(index);
    return goOn;
  }

  /** Goes on through the session: prose, steps typed for the learner, up to the learner's next step or the end. */
  private async advance(goOn: boolean): Promise<boolean> {
    const { beats, console: out, state, inner } = this.opts;
    while (goOn && this.cursor < beats.length) {
      const beat = beats[this.cursor]!;
      if (beat.kind === 'prose') {
        out.show(proseLines(beat.parts, state));
        this.cursor++;
        continue;
      }
      if (beat.kind !== 'input') break;
      if (beat.item.question) {
        // A question the tool did not ask: the lesson and the tool disagree.
        out.show(warning(`tutor: the lesson expected the question '${beat.item.prompt}' here; going on.`));
        this.cursor++;
        continue;
      }
      if (beat.item.endOfInput) {
        this.cursor++;
        goOn = false;
        break;
      }
      if (beat.by === 'learner') {
        this.waiting = { beat, expected: expectedCommand(this.checkContext(), beat.item.typed, state.values, beat.item.line), hints: 0, tries: 0 };
        return true;
      }
      const typed = substitute(beat.item.typed, state.values, beat.item.line);
      out.show(inner.prompt() + typed);
      this.cursor++;
      goOn = await this.run(typed, beat.index);
    }
    // The tool ended (quit, exit, end of input): the session is over, done or not.
    this.ended = true;
    while (this.cursor < beats.length && beats[this.cursor]!.kind === 'prose') {
      const beat = beats[this.cursor]!;
      if (beat.kind === 'prose') out.show(proseLines(beat.parts, state));
      this.cursor++;
    }
    return false;
  }

  /** The tool asks a question: the lesson's answer, typed by the tutor or by the learner (checked). */
  private async answer(prompt: string, hidden: boolean): Promise<string | null> {
    const { beats, console: out, state } = this.opts;
    const beat = beats[this.cursor];
    if (beat?.kind === 'input' && beat.item.question && beat.item.prompt === prompt) {
      this.cursor++;
      const expected = beat.item.typed;
      const free = unboundDefaults(expected, state.values);
      if (beat.by === 'tutor') {
        const answer = substitute(expected, state.values, beat.item.line);
        out.show(prompt + (hidden ? '' : answer));
        out.keep(prompt + (hidden ? '' : answer));
        return answer;
      }
      for (;;) {
        const answer = await out.inner.ask(prompt, { hidden });
        if (answer === null) return null;
        const wanted = substitute(expected, { ...state.values, bindings: new Map(state.values.bindings) }, beat.item.line);
        if (answer.trim() === 'hint') {
          out.show(answerLine(hidden ? '(the password the lesson gives)' : wanted));
          continue;
        }
        // A whole answer of the learner's own (a password they choose) binds; anything else must be the lesson's.
        const own = free.size === 1 && /^\{\{[^{}]+\}\}$/.test(expected.trim()) ? [...free.keys()][0] : undefined;
        if (own) state.values.bindings.set(own, answer.trim());
        else if (answer.trim().toLowerCase() !== wanted.trim().toLowerCase()) {
          out.show(warning(`tutor: this step answers ${hidden ? 'with the password of the step' : `\`${wanted}\``} here.`));
          continue;
        }
        out.keep(prompt + (hidden ? '' : answer));
        state.done++;
        return answer;
      }
    }
    // A password asked because the learner typed -hpswd: it must be the one the step gives (or their own).
    if (hidden && this.hidden) {
      const want = this.hidden;
      for (;;) {
        const answer = await out.inner.ask(prompt, { hidden });
        if (answer === null) return null;
        if ('binds' in want) {
          const known = state.values.bindings.get(want.binds);
          if (known === undefined) state.values.bindings.set(want.binds, answer);
          else if (known !== answer) {
            out.show(warning('tutor: type the same password again.'));
            continue;
          }
          return answer;
        }
        if (answer === want.value) return answer;
        out.show(warning(`tutor: that is not the password this step uses; it is \`${want.value}\`.`));
      }
    }
    const answer = await out.inner.ask(prompt, { hidden });
    if (answer !== null) out.keep(prompt + (hidden ? '' : answer));
    return answer;
  }

  /** Matches what the tool printed after the input at `index` (-1: its start-up) against the lesson, binding captures. */
  private matchOutput(index: number): void {
    const { step, console: out, state } = this.opts;
    const actual = out.take();
    const expected: Expected[] = [];
    for (let i = index + 1; i < step.items.length; i++) {
      const item = step.items[i]!;
      if (item.kind === 'input' && !item.question) break;
      expected.push(expectedLine(item.kind === 'output' ? item.text : item.prompt + (item.hidden ? '' : item.typed)));
    }
    const matched = matchSegment(expected, actual, { values: state.values, rewrite: (l) => l });
    state.lastOutput = actual;
    const same = matched.length === expected.length && matched.every((l, i) => l === expected[i]!.source);
    if (!same) out.show(note('tutor: the output differs from the lesson’s; the lesson goes on with what the tool printed.'));
  }
}
