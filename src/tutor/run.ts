// Runs one lesson on a home of its own: builds the state it starts from (the recording its `after:`
// names, replayed into the home), then walks its beats. Prose is shown; shell steps, background programs
// and `cd` are run (typed first by the learner at the tutor's `$ ` prompt when the lesson says so);
// tool sessions run in-process with the tool's real front end (TutorSession), driven by the TUI in a
// terminal and by line mode otherwise. Before each step the home is checkpointed, so a lesson left in
// the middle goes on from the start of that step.
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { readClientConfig } from '../client/daemon.ts';
import { type DaemonLink, openDaemonLink } from '../client/connection.ts';
import type { Console } from '../console.ts';
import { homePaths, openHome, readResourceCfg } from '../home.ts';
import { LineConsole, type LineReader, runLineMode } from '../line/line-mode.ts';
import { MgmtShell } from '../mgmt_util/shell.ts';
import { UtilShell } from '../azcloudhsm_util/shell.ts';
import { daemonMissingLines } from '../azcloudhsm_util/startup.ts';
import { data, failure, linesOf, note, type Output } from '../output.ts';
import { expectedLine, matchSegment } from '../replay/match.ts';
import { plainWords, type Step } from '../replay/format.ts';
import type { RunningProgram } from '../replay/program.ts';
import { substitute, type Values } from '../replay/pattern.ts';
import { afterPath, replayedInto, replayFiles } from '../replay/replay.ts';
import { progressText } from '../replay/report.ts';
import { runShellCommand, startBackground, stepEnvironment } from '../replay/run-recording.ts';
import { RecordingError } from '../replay/errors.ts';
import type { ToolShell } from '../shell.ts';
import type { Paint } from '../tui/paint.ts';
import { paintLine } from '../tui/paint.ts';
import { header, proseLines, type TutorState } from './feedback.ts';
import type { Beat, Lesson, SessionStep } from './lesson.ts';
import { absoluteCwd, type Progress, readProgress, relativeCwd, restoreCheckpoint, saveCheckpoint, writeProgress } from './progress.ts';
import { ShellPrompt, SHELL_PROMPT } from './shell-prompt.ts';
import { TutorConsole, TutorSession } from './tutor-shell.ts';

/** How the learner is reached: a terminal (the TUI), or a pipe read line by line. */
export type LearnerIo = { readonly kind: 'terminal'; readonly paint: Paint; readonly color: boolean } | { readonly kind: 'lines'; readonly reader: LineReader };

export interface RunLessonOptions {
  readonly lesson: Lesson;
  readonly home: string;
  readonly restart: boolean;
  readonly io: LearnerIo;
  readonly timeoutMs: number;
}

/** Prints outside a tool session: to the terminal, coloured, or to stdout in line mode. */
class Screen implements Console {
  readonly tui = false;

  constructor(private readonly io: LearnerIo) {}

  notify(text: string): void {
    process.stderr.write(text + '\n');
  }

  print(output: Output): void {
    const io = this.io;
    process.stdout.write(linesOf(output).map((l) => (io.kind === 'terminal' ? paintLine(io.paint, l) : l.text)).join('\n') + '\n');
  }

  ask(): Promise<string | null> {
    // Nothing outside a session asks: the steps typed for the learner answer every question themselves.
    return Promise.resolve(null);
  }
}

export async function runLesson(options: RunLessonOptions): Promise<number> {
  const { lesson, io } = options;
  const home = resolve(options.home);
  const screen = new Screen(io);
  const prepared = await prepareHome(lesson, home, options, screen);
  if (typeof prepared === 'number') return prepared;
  const state: TutorState = {
    lesson,
    values: { bindings: new Map(Object.entries(prepared.bindings)), secret: () => undefined },
    lastOutput: [],
    done: prepared.done,
  };
  state.values.bindings.set('home', home);
  const run = new LessonRun(lesson, home, state, screen, options);
  screen.print(header(state));
  if (prepared.beat > 0) screen.print(note(`tutor: going on from step ${state.done + 1} of ${lesson.learnerSteps} (\`--restart\` starts the lesson over).`, ''));
  try {
    return await run.from(prepared);
  } finally {
    await run.stopBackground();
  }
}

/** The home the lesson runs on, made or resumed; a number is an exit status (the home cannot be used). */
async function prepareHome(lesson: Lesson, home: string, options: RunLessonOptions, screen: Screen): Promise<Progress | number> {
  let progress = readProgress(home);
  if (progress && progress.lesson !== lesson.name) {
    screen.print(failure(`azcloudhsm_emu learn: ${home} holds the lesson ${progress.lesson}, not ${lesson.name}`));
    return 2;
  }
  if (options.restart && progress) {
    rmSync(home, { recursive: true, force: true });
    progress = undefined;
  }
  if (progress && !progress.finished) {
    restoreCheckpoint(home);
    return progress;
  }
  if (progress?.finished) {
    screen.print(note(`tutor: you have done lesson ${lesson.name} already; \`azcloudhsm_emu learn ${lesson.name} --restart\` does it again.`));
    return 0;
  }
  const after = lesson.recording.front.after;
  const made = replayedInto(home);
  const empty = !existsSync(home) || readdirSync(home).length === 0;
  const holdsState = after !== undefined && made[made.length - 1] === basename(after.name);
  if (!empty && !holdsState) {
    screen.print(failure(`azcloudhsm_emu learn: ${home} is not empty: give --home an empty directory (or one a replay of ${after?.name ?? 'the lesson'}'s state made)`));
    return 2;
  }
  mkdirSync(home, { recursive: true });
  if (after && !holdsState) {
    screen.print(note(`tutor: preparing the lesson's cluster in ${home} (replaying ${after.name}.md)...`));
    const results = await replayFiles({
      files: [afterPath(lesson.path, after.name)],
      home,
      secret: () => undefined,
      update: false,
      timeoutMs: options.timeoutMs,
      jobs: 1,
    });
    const failed = results.filter((r) => r.outcome === 'failed');
    if (failed.length > 0) {
      screen.print(failure(...failed.map((r) => progressText(r))));
      return 1;
    }
  }
  const start: Progress = { lesson: lesson.name, beat: 0, done: 0, bindings: {}, cwd: '.', background: [], finished: false };
  writeProgress(home, start);
  return start;
}

class LessonRun {
  private cwd: string;
  /** The learner steps done before the step a resumed lesson starts again from. */
  private resumesAt = 0;
  private readonly background = new Map<number, RunningProgram>();

  constructor(
    private readonly lesson: Lesson,
    private readonly home: string,
    private readonly state: TutorState,
    private readonly screen: Screen,
    private readonly options: RunLessonOptions,
  ) {
    this.cwd = home;
  }

  private get env(): NodeJS.ProcessEnv {
    return stepEnvironment(this.home);
  }

  async from(progress: Progress): Promise<number> {
    const { beats } = this.lesson;
    this.cwd = absoluteCwd(this.home, progress.cwd);
    for (const b of progress.background) {
      const beat = beats[b];
      if (beat?.kind === 'step') await this.startProgram(beat.step, b, true);
    }
    for (let i = progress.beat; i < beats.length; i++) {
      const beat = beats[i]!;
      if (beat.kind === 'prose') {
        this.screen.print(proseLines(beat.parts, this.state));
        continue;
      }
      if (beat.kind !== 'step') continue;
      this.checkpoint(i);
      const next = await this.step(beat, i);
      if (next === undefined) return this.pause();
      i = next;
    }
    writeProgress(this.home, { ...this.progressAt(beats.length), finished: true });
    this.screen.print(note('', `══ Lesson ${this.lesson.name} done: ${this.lesson.learnerSteps} steps. ══`));
    return 0;
  }

  private progressAt(beat: number): Progress {
    // Going on from a step shows the prose before it again.
    let from = beat;
    while (from > 0 && this.lesson.beats[from - 1]?.kind === 'prose') from--;
    return {
      lesson: this.lesson.name,
      beat: from,
      done: this.state.done,
      bindings: Object.fromEntries([...this.state.values.bindings].filter(([k]) => k !== 'home')),
      cwd: relativeCwd(this.home, this.cwd),
      background: [...this.background.keys()],
      finished: false,
    };
  }

  private checkpoint(beat: number): void {
    const progress = this.progressAt(beat);
    writeProgress(this.home, progress);
    saveCheckpoint(this.home);
    this.resumesAt = progress.done;
  }

  private pause(): number {
    this.screen.print(
      note('', `tutor: lesson ${this.lesson.name} paused: \`azcloudhsm_emu learn ${this.lesson.name}\` goes on from step ${this.resumesAt + 1} of ${this.lesson.learnerSteps}, where the part you were in starts.`),
    );
    return 1;
  }

  /** Runs one top-level step; the index of its last beat, or undefined when the learner left. */
  private async step(beat: Extract<Beat, { kind: 'step' }>, index: number): Promise<number | undefined> {
    const { step } = beat;
    const values = this.state.values;
    let command = step.command;
    if (beat.by === 'learner' && step.kind !== 'cd') {
      const typed = await this.askShell(step, beat.hints);
      if (typed === undefined) return undefined;
      this.state.done++;
    } else this.screen.print(data(SHELL_PROMPT + substitute(command, values, step.line)));
    command = substitute(step.command, values, step.line);
    switch (step.kind) {
      case 'cd':
        this.cwd = resolve(this.cwd, substitute(step.dir, values, step.line));
        return index;
      case 'background':
        await this.startProgram(step, index, false);
        return index;
      case 'shell': {
        const ran = await runShellCommand(command, this.cwd, this.env, this.options.timeoutMs);
        this.screen.print(data(...ran.lines));
        this.matchShellOutput(step, ran.lines, ran.status);
        return index;
      }
      case 'session':
        return this.session(step, index);
    }
  }

  /** The learner types a shell step's command at the tutor's `$ ` prompt; undefined when input ended. */
  private async askShell(step: Step, hints: readonly string[]): Promise<string | undefined> {
    let prompt: ShellPrompt | undefined;
    const make = (console: Console): ShellPrompt => (prompt = new ShellPrompt({ console, expected: step.command, hints, state: this.state, line: step.line }));
    await this.drive(make, 'shell');
    return prompt?.accepted;
  }

  private async startProgram(step: Step, index: number, again: boolean): Promise<void> {
    const command = substitute(step.command, this.state.values, step.line);
    if (again) this.screen.print(note(`tutor: starting again what the lesson runs in the background: ${command}`));
    try {
      this.background.set(index, await startBackground(step, command, { cwd: this.cwd, env: this.env, home: this.home, timeoutMs: this.options.timeoutMs }));
    } catch (e) {
      if (!(e instanceof RecordingError)) throw e;
      this.screen.print(failure(`tutor: ${e.message}`));
    }
  }

  async stopBackground(): Promise<void> {
    await Promise.all([...this.background.values()].map((p) => p.stop()));
    this.background.clear();
  }

  private matchShellOutput(step: Extract<Step, { kind: 'shell' }>, lines: readonly string[], status: number): void {
    const values: Values = this.state.values;
    const matched = matchSegment(step.output.map((o) => expectedLine(o.text)), lines, { values, rewrite: (l) => l });
    this.state.lastOutput = lines;
    const same = matched.length === step.output.length && matched.every((l, i) => l === step.output[i]!.text);
    if (!same || status !== step.status) this.screen.print(note(`tutor: the output differs from the lesson’s${status !== step.status ? ` (exit status ${status}, the lesson's is ${step.status})` : ''}; going on.`));
  }

  /** A tool session: its beats are the inputs of this step and the prose between its fences. */
  private async session(step: SessionStep, index: number): Promise<number | undefined> {
    const { beats } = this.lesson;
    let last = index;
    for (let i = index + 1; i < beats.length; i++) {
      const b = beats[i]!;
      if (b.kind === 'input' && b.step === step) last = i;
      else if (b.kind === 'step') break;
    }
    const own = beats.slice(index + 1, last + 1);
    // The tools resolve the file names they are given from the process's directory, as from a shell's.
    process.chdir(this.cwd);
    const tool = await this.openTool(step);
    if (!tool) return undefined;
    let session: TutorSession | undefined;
    const make = (console: Console): TutorSession => {
      const tutorConsole = new TutorConsole(console);
      session = new TutorSession({ inner: tool.make(tutorConsole), console: tutorConsole, step, beats: own, state: this.state, cwd: this.cwd });
      return session;
    };
    try {
      // A session the tutor types all of runs without a prompt for the learner.
      if (own.some((b) => b.kind === 'input' && b.by === 'learner')) await this.drive(make, step.tool);
      else await make(this.screen).start();
    } finally {
      tool.close();
    }
    return session?.completed ? last : undefined;
  }

  /** The tool a session step runs, opened as its program would open it (the home's cluster, the daemon's socket). */
  private async openTool(step: SessionStep): Promise<{ make: (console: Console) => ToolShell; close: () => void } | undefined> {
    const words = plainWords(substitute(step.command, this.state.values, step.line)) ?? [];
    // In the TUI, `help` marks what the emulator does not emulate, as the tools' own TUI does.
    const helpMarks = this.options.io.kind === 'terminal';
    const args = words.slice(1).filter((w) => !w.startsWith('--'));
    if (step.tool === 'azcloudhsm_mgmt_util') {
      const opened = openHome(this.home);
      const cfg = readResourceCfg(resolve(this.cwd, args[0] ?? opened.paths.resourceCfg));
      if (cfg.error) {
        opened.cluster.close();
        this.screen.print(failure(`azcloudhsm_mgmt_util: ${cfg.error}`));
        return undefined;
      }
      return {
        make: (console) => new MgmtShell({ paths: opened.paths, cluster: opened.cluster, console, helpMarks, ...(cfg.hostname ? { cfgHostname: cfg.hostname } : {}) }),
        close: () => opened.cluster.close(),
      };
    }
    let link: DaemonLink;
    try {
      link = await openDaemonLink(readClientConfig(homePaths(this.home)).socketPath, 'azcloudhsm_util');
    } catch {
      this.screen.print(daemonMissingLines());
      return undefined;
    }
    return { make: (console) => new UtilShell({ console, link, helpMarks }), close: () => link.connection.close() };
  }

  /** Hands a shell to the learner: the TUI in a terminal, line mode otherwise. */
  private async drive(make: (console: Console) => ToolShell, tool: string): Promise<void> {
    const io = this.options.io;
    if (io.kind === 'lines') {
      const console = new LineConsole(io.reader, process.stdout);
      await runLineMode(make(console), console);
      return;
    }
    const { startTui } = await import('../tui/start.ts');
    await startTui({ tool, homeRoot: this.home, color: io.color, makeShell: make });
  }
}
