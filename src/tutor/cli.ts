// `azcloudhsm_emu learn`: the lessons (recordings/lessons/*.md) and how far the learner is in each, or
// one lesson run on its own home: ~/.azcloudhsm-emu-lessons/<lesson> (AZCLOUDHSM_EMU_LESSONS moves the
// lessons' homes), or --home DIR. Never the learner's own cluster.
import { homedir } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../home.ts';
import { LineReader } from '../line/line-mode.ts';
import { colorWanted, paintFor } from '../tui/paint.ts';
import { findLesson, lessonFiles, loadLesson, loadLessons } from './lesson.ts';
import { readProgress } from './progress.ts';
import { runLesson } from './run.ts';

export const LEARN_USAGE = `Usage: azcloudhsm_emu learn [LESSON [--home DIR] [--restart] [--no-color]]
  Without a lesson: lists the lessons, their length and how far you are in each.
  LESSON (its number, name or file name) runs in the tool's own terminal UI (line mode when piped), on
  a home of its own (~/.azcloudhsm-emu-lessons/<lesson>, or AZCLOUDHSM_EMU_LESSONS/<lesson>, or
  --home DIR): never your own cluster. Type the commands the lesson asks for; \`hint\` gives a hint,
  twice the answer. Leaving a lesson keeps your progress; running it again goes on from that step.
  --restart  start the lesson over`;

export function lessonsDir(): string {
  return join(packageRoot(), 'recordings', 'lessons');
}

function lessonHome(env: NodeJS.ProcessEnv, name: string): string {
  return join(env.AZCLOUDHSM_EMU_LESSONS ?? join(homedir(), '.azcloudhsm-emu-lessons'), name);
}

export async function learnCommand(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const out = (s: string): void => void process.stdout.write(s + '\n');
  const err = (s: string): void => void process.stderr.write(s + '\n');
  const words: string[] = [];
  let home: string | undefined;
  let restart = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--home' && argv[i + 1] !== undefined) home = argv[++i];
    else if (a.startsWith('--home=')) home = a.slice('--home='.length);
    else if (a === '--restart') restart = true;
    else if (a === '--no-color') continue;
    else if (a === '--help' || a === '-h') {
      out(LEARN_USAGE);
      return 0;
    } else if (a.startsWith('-')) {
      err(`azcloudhsm_emu learn: unknown option ${a}\n${LEARN_USAGE}`);
      return 2;
    } else words.push(a);
  }
  if (words.length > 1) {
    err(`azcloudhsm_emu learn: one lesson at a time\n${LEARN_USAGE}`);
    return 2;
  }
  const files = lessonFiles(lessonsDir());
  if (words.length === 0) {
    const { lessons, errors } = loadLessons(lessonsDir());
    out('Lessons (azcloudhsm_emu learn <lesson>):');
    const width = Math.max(...lessons.map((l) => l.name.length));
    const titleWidth = Math.max(...lessons.map((l) => l.title.length));
    for (const l of lessons) {
      const p = readProgress(lessonHome(env, l.name));
      const where = !p ? 'not started' : p.finished ? 'done' : `at step ${p.done + 1} of ${l.learnerSteps}`;
      out(`  ${l.name.padEnd(width)}  ${l.title.padEnd(titleWidth)}  ${String(l.learnerSteps).padStart(2)} steps  ${where}`);
    }
    for (const e of errors) err(`azcloudhsm_emu learn: ${e}`);
    return errors.length > 0 ? 1 : 0;
  }
  const file = findLesson(files, words[0]!);
  if (!file) {
    err(`azcloudhsm_emu learn: no lesson '${words[0]}' (azcloudhsm_emu learn lists them)`);
    return 2;
  }
  const lesson = loadLesson(file);
  const terminal = Boolean(process.stdin.isTTY && process.stdout.isTTY);
  const color = colorWanted(env, argv.includes('--no-color'));
  return runLesson({
    lesson,
    home: home ?? lessonHome(env, lesson.name),
    restart,
    io: terminal ? { kind: 'terminal', paint: paintFor(color), color } : { kind: 'lines', reader: new LineReader(process.stdin) },
    timeoutMs: 30_000,
  });
}
