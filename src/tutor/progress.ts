// A lesson's progress, kept in the lesson's own home (<home>/.tutor/): where to go on from, the values
// the learner chose, and a copy of the home as it was when the step that is running began. Resuming
// goes back to that copy and starts the step again (a tool session half done cannot be picked up in the
// middle: its login and scope lived in the process that ended).
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

export interface Progress {
  readonly lesson: string;
  /** The beat the lesson goes on from: the start of the step that was running (its prose first). */
  readonly beat: number;
  /** Learner steps done before it. */
  readonly done: number;
  readonly bindings: Readonly<Record<string, string>>;
  /** The directory the lesson was in, relative to the home. */
  readonly cwd: string;
  /** Beats of the background programs started before it (started again on resume). */
  readonly background: readonly number[];
  readonly finished: boolean;
}

const TUTOR_DIR = '.tutor';
/** Left out of a checkpoint: the tutor's own files, sockets and logs of running programs, the prompt history. */
const NOT_STATE = new Set([TUTOR_DIR, 'run', 'history']);

const progressPath = (home: string): string => join(home, TUTOR_DIR, 'progress.json');
const checkpointPath = (home: string): string => join(home, TUTOR_DIR, 'checkpoint');

export function readProgress(home: string): Progress | undefined {
  const path = progressPath(home);
  if (!existsSync(path)) return undefined;
  try {
    const p: unknown = JSON.parse(readFileSync(path, 'utf8'));
    return isProgress(p) ? p : undefined;
  } catch {
    return undefined;
  }
}

function isProgress(p: unknown): p is Progress {
  if (typeof p !== 'object' || p === null) return false;
  const r: Record<string, unknown> = { ...p };
  return (
    typeof r.lesson === 'string' &&
    typeof r.beat === 'number' &&
    typeof r.done === 'number' &&
    typeof r.cwd === 'string' &&
    typeof r.finished === 'boolean' &&
    Array.isArray(r.background) &&
    typeof r.bindings === 'object' &&
    r.bindings !== null
  );
}

export function writeProgress(home: string, progress: Progress): void {
  mkdirSync(join(home, TUTOR_DIR), { recursive: true });
  writeFileSync(progressPath(home), JSON.stringify(progress, null, 2) + '\n');
}

export function relativeCwd(home: string, cwd: string): string {
  return relative(home, cwd) || '.';
}

export function absoluteCwd(home: string, cwd: string): string {
  return resolve(home, cwd);
}

/** Keeps a copy of the home's state (journal, master key, certificates, files the lesson made). */
export function saveCheckpoint(home: string): void {
  const target = checkpointPath(home);
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  for (const name of readdirSync(home)) if (!NOT_STATE.has(name)) cpSync(join(home, name), join(target, name), { recursive: true });
}

/** Puts the home back as the last checkpoint left it; false when there is none. */
export function restoreCheckpoint(home: string): boolean {
  const source = checkpointPath(home);
  if (!existsSync(source)) return false;
  for (const name of readdirSync(home)) if (!NOT_STATE.has(name)) rmSync(join(home, name), { recursive: true, force: true });
  for (const name of readdirSync(source)) cpSync(join(source, name), join(home, name), { recursive: true });
  return true;
}

/** Whether a directory holds a lesson's home (its progress). */
export function isLessonHome(home: string): boolean {
  return existsSync(progressPath(home));
}
