// A lesson is a recording with prose (recordings/lessons/*.md): the replay's own parser reads its steps,
// and this module lays the file out as the tutor walks it, in the order of its lines: the prose to show,
// the top-level steps (shell steps, background programs, `cd`, tool sessions), and the inputs of each
// session. Who types what: the learner, except in fences marked ` ```console auto `, whose steps the
// tutor types and runs while the learner watches (and `cd`, which the tutor always does). Prose markers
// (see recordings/README.md, "Lessons"): `> **Hint:** ...` is kept back for the next learner step until
// asked for; a list item that starts with an output line in backticks explains that line of the output
// of the step before it.
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { type Fence, parseRecording, type Recording, type SessionItem, type Step } from '../replay/format.ts';
import { RecordingError } from '../replay/errors.ts';

export type Who = 'learner' | 'tutor';

export type SessionStep = Extract<Step, { kind: 'session' }>;
export type InputItem = Extract<SessionItem, { kind: 'input' }>;

/** A list item explaining an output line: the line as a pattern (captures allowed), and what it means. */
export interface LineNote {
  readonly pattern: string;
  readonly text: readonly string[];
}

/** Prose as it is shown: plain lines, with the line notes in their places. */
export type ProsePart = { readonly kind: 'text'; readonly lines: readonly string[] } | ({ readonly kind: 'note' } & LineNote);

export type Beat =
  | { readonly kind: 'prose'; readonly parts: readonly ProsePart[] }
  /** A top-level step: `cd`, a background program, a shell step, or the start of a tool session. */
  | { readonly kind: 'step'; readonly step: Step; readonly by: Who; readonly hints: readonly string[] }
  /** An input of a session: a command at the tool's prompt, or the answer to its question. */
  | { readonly kind: 'input'; readonly step: SessionStep; readonly item: InputItem; readonly index: number; readonly by: Who; readonly hints: readonly string[] };

export interface Lesson {
  readonly path: string;
  /** The file's name without `.md` (`3-users`). */
  readonly name: string;
  readonly title: string;
  readonly recording: Recording;
  readonly beats: readonly Beat[];
  /** The steps the learner types: commands, shell steps and answers. */
  readonly learnerSteps: number;
}

export function loadLesson(path: string): Lesson {
  const recording = parseRecording(readFileSync(path, 'utf8'));
  const name = basename(path, '.md');
  const beats = lessonBeats(recording);
  return {
    path,
    name,
    title: recording.front.title ?? name,
    recording,
    beats,
    learnerSteps: beats.filter((b) => b.kind !== 'prose' && b.by === 'learner').length,
  };
}

/** The lessons of a directory, in the order of their names (`1-cluster.md`, `2-ownership.md`...). */
export function lessonFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.md') && f !== 'README.md')
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
    .map((f) => join(dir, f));
}

/** The lesson a word names: its file name (`3-users`), its number (`3`) or the name after it (`users`). */
export function findLesson(files: readonly string[], word: string): string | undefined {
  const w = word.replace(/\.md$/, '').toLowerCase();
  return files.find((f) => {
    const n = basename(f, '.md').toLowerCase();
    const m = /^(\d+)-(.*)$/.exec(n);
    return n === w || m?.[1] === w || m?.[2] === w;
  });
}

function lessonBeats(recording: Recording): Beat[] {
  const { lines, fences, steps } = recording;
  const beats: Beat[] = [];
  let pendingHints: string[] = [];
  const take = (): string[] => {
    const h = pendingHints;
    pendingHints = [];
    return h;
  };
  const consoleFences = fences.filter((f) => f.console);
  let proseFrom = recording.contentStart;
  for (const fence of consoleFences) {
    const prose = readProse(lines.slice(proseFrom, fence.open), fences, proseFrom);
    if (prose.parts.length > 0) beats.push({ kind: 'prose', parts: prose.parts });
    pendingHints.push(...prose.hints);
    proseFrom = fence.close + 1;
    const by: Who = fence.marks.includes('auto') ? 'tutor' : 'learner';
    const inFence = (line: number): boolean => line > fence.open && line <= fence.close;
    // The fence's top-level steps and session inputs, in the order of their lines.
    const here: { line: number; beat: () => Beat }[] = [];
    for (const step of steps) {
      if (inFence(step.line - 1)) here.push({ line: step.line, beat: () => ({ kind: 'step', step, by: step.kind === 'cd' ? 'tutor' : by, hints: step.kind === 'cd' ? [] : takeFor(by) }) });
      if (step.kind !== 'session') continue;
      step.items.forEach((item, index) => {
        if (item.kind !== 'input' || !inFence(item.line - 1)) return;
        // A bare prompt ending the transcript is the end of input, which the tutor gives.
        const who: Who = item.endOfInput ? 'tutor' : by;
        here.push({ line: item.line, beat: () => ({ kind: 'input', step, item, index, by: who, hints: takeFor(who) }) });
      });
    }
    for (const h of here.sort((a, b) => a.line - b.line)) beats.push(h.beat());
  }
  const rest = readProse(lines.slice(proseFrom), fences, proseFrom);
  if (rest.parts.length > 0) beats.push({ kind: 'prose', parts: rest.parts });
  return beats;

  function takeFor(who: Who): string[] {
    return who === 'learner' ? take() : [];
  }
}

const HINT = /^>\s*\*\*Hint:\*\*\s*(.*)$/;
const NOTE = /^\s*[-*]\s+`([^`]+)`\s*(?:[:—–-]\s*)?(.*)$/;

/** Prose lines as shown: hints taken out, line notes found, Markdown reduced to plain text. */
function readProse(text: readonly string[], fences: readonly Fence[], offset: number): { parts: ProsePart[]; hints: string[] } {
  const parts: ProsePart[] = [];
  const hints: string[] = [];
  let plain: string[] = [];
  const flush = (): void => {
    while (plain.length > 0 && plain[plain.length - 1] === '') plain.pop();
    if (plain.some((l) => l !== '')) parts.push({ kind: 'text', lines: plain });
    plain = [];
  };
  for (let i = 0; i < text.length; i++) {
    const line = text[i]!;
    const fence = fences.find((f) => f.open === offset + i);
    if (fence) {
      // A fence of another kind (JSON, a config file) is shown indented.
      for (let j = i + 1; j < fence.close - offset && j < text.length; j++) plain.push(`    ${text[j]}`);
      i = fence.close - offset;
      continue;
    }
    const hint = HINT.exec(line);
    if (hint) {
      const body = [hint[1]!];
      while (i + 1 < text.length && /^>/.test(text[i + 1]!) && !HINT.test(text[i + 1]!)) body.push(text[++i]!.replace(/^>\s?/, ''));
      hints.push(inline(body.join(' ').trim()));
      continue;
    }
    const note = NOTE.exec(line);
    if (note) {
      flush();
      const body = [note[2]!];
      // Its continuation lines are indented.
      while (i + 1 < text.length && /^\s{2,}\S/.test(text[i + 1]!) && !NOTE.test(text[i + 1]!)) body.push(text[++i]!.trim());
      parts.push({ kind: 'note', pattern: note[1]!, text: body.filter(Boolean).map(inline) });
      continue;
    }
    const heading = /^#{1,6}\s+(.*)$/.exec(line);
    if (heading) {
      if (/^#\s/.test(line)) continue; // the title: shown as the lesson's header
      plain.push(`── ${inline(heading[1]!)} ──`);
      continue;
    }
    if (line.trim() === '' && (plain.length === 0 || plain[plain.length - 1] === '')) continue;
    plain.push(inline(line));
  }
  flush();
  return { parts, hints };
}

/** Inline Markdown as a terminal shows it: emphasis marks and link targets dropped, code kept in backticks. */
export function inline(text: string): string {
  return text
    .replace(/\[([^\]]+)\]\(([^)]+)\)/g, '$1')
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replace(/(^|[^\w*])\*([^*\s][^*]*)\*(?=[^\w*]|$)/g, '$1$2')
    .replace(/^>\s?/, '');
}

/** Loads every lesson of a directory; a file that does not parse is reported, not thrown. */
export function loadLessons(dir: string): { lessons: Lesson[]; errors: string[] } {
  const lessons: Lesson[] = [];
  const errors: string[] = [];
  for (const f of lessonFiles(dir)) {
    try {
      lessons.push(loadLesson(f));
    } catch (e) {
      if (!(e instanceof RecordingError)) throw e;
      errors.push(`${f}:${e.line}: ${e.message}`);
    }
  }
  return { lessons, errors };
}
