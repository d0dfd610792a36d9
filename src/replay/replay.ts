// `azcloudhsm_emu replay`: runs recordings, each on a fresh temporary home of its own (or, with --home,
// in order on one home), and reports per file. A recording that starts `after:` another starts from a
// copy of the home that other recording leaves; each such state is built once per run. Files run
// concurrently up to `jobs` at a time.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { readBounded } from '../files.ts';
import { copyHome } from '../home.ts';
import { LIMITS } from '../limits.ts';
import { firstDifference, unifiedDiff } from './diff.ts';
import { RecordingError } from './errors.ts';
import { parseRecording, type Recording } from './format.ts';
import { runRecording } from './run-recording.ts';

export interface ReplayRequest {
  /** The files as the user named them (their names label the results). */
  readonly files: readonly string[];
  readonly home?: string;
  readonly secret: (name: string) => string | undefined;
  readonly update: boolean;
  readonly timeoutMs: number;
  readonly jobs: number;
  /** Called as each file finishes. */
  readonly onResult?: (r: FileResult) => void;
}

export interface FileResult {
  readonly file: string;
  /** `state`: replayed only to build the start of another recording, and green. */
  readonly outcome: 'passed' | 'failed' | 'updated' | 'state';
  /** `file:line: message` for what stopped the run or made the file unusable. */
  readonly message?: string;
  readonly diff?: string;
  readonly durationMs: number;
  readonly steps: number;
  /** A failed file's home, kept to look into. */
  readonly home?: string;
}

interface Loaded {
  readonly path: string;
  readonly label: string;
  readonly recording?: Recording;
  readonly after?: Loaded;
  readonly error?: string;
}

/** A file by its real path: one recording reached through a link is still one state, built once. */
function realPath(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return resolve(file);
  }
}

/** Where `after: NAME` points: NAME.md next to the recording naming it. */
export function afterPath(recordingPath: string, name: string): string {
  return join(dirname(resolve(recordingPath)), `${name}.md`);
}

/** A recording's text, at most LIMITS.recording bytes; an Error saying why when it cannot be read. */
export function readRecordingText(path: string): string {
  const read = readBounded(path, LIMITS.recording);
  if ('error' in read) throw new Error(existsSync(path) ? read.error.replace(/^cannot (open|read) file .*?: /, '') : 'no such file');
  return Buffer.from(read.bytes).toString('utf8');
}

/** Reads and parses the files and every recording their `after:` chains name. */
function loadAll(files: readonly string[]): Map<string, Loaded> {
  const loaded = new Map<string, Loaded>();
  const load = (label: string, stack: readonly string[]): Loaded => {
    const path = realPath(label);
    const known = loaded.get(path);
    if (known) return known;
    let result: Loaded;
    try {
      const recording = parseRecording(readRecordingText(path));
      const after = recording.front.after;
      if (!after) result = { path, label, recording };
      else {
        const target = realPath(afterPath(label, after.name));
        if (!existsSync(target)) throw new RecordingError(after.line, `after: ${after.name}: there is no ${after.name}.md next to this recording`);
        if (stack.includes(target) || target === path) {
          const loop = [...stack.slice(stack.indexOf(target)), path, target].map((p) => basename(p)).join(' -> ');
          throw new RecordingError(after.line, `after: ${after.name}: the after chain loops (${loop})`);
        }
        const parent = load(join(dirname(label), `${after.name}.md`), [...stack, path]);
        result = parent.error ? { path, label, error: `${label}:${after.line}: starts after ${parent.label}, which is unusable: ${parent.error}` } : { path, label, recording, after: parent };
      }
    } catch (e) {
      if (e instanceof RecordingError) result = { path, label, error: `${label}:${e.line}: ${e.message}` };
      else result = { path, label, error: `${label}: cannot read: ${(e as Error).message}` };
    }
    loaded.set(path, result);
    return result;
  };
  for (const f of files) load(f, []);
  return loaded;
}

/** A counting semaphore: at most `n` recordings replay at once. */
function limiter(n: number): <T>(work: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async (work) => {
    if (running < n) running++;
    // A finishing job hands its slot straight to the next in line.
    else await new Promise<void>((r) => waiting.push(r));
    try {
      return await work();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else running--;
    }
  };
}

/** Replays one loaded recording on a home; --update rewrites it when the run completed. */
async function replayOn(file: Loaded, home: string, request: ReplayRequest): Promise<FileResult> {
  const started = Date.now();
  const run = await runRecording(file.recording!, { home, secret: request.secret, timeoutMs: request.timeoutMs });
  const durationMs = Date.now() - started;
  const first = firstDifference(run.expected, run.actual);
  const diff = first === undefined ? undefined : unifiedDiff(run.expected, run.actual, file.label);
  const base = { file: file.label, durationMs, steps: run.stepsRun };
  if (run.error) return { ...base, outcome: 'failed', message: `${file.label}:${run.error.line}: ${run.error.message}`, ...(diff ? { diff } : {}) };
  if (first === undefined) return { ...base, outcome: 'passed' };
  if (request.update) {
    writeFileSync(file.path, run.actual.join('\n') + '\n');
    return { ...base, outcome: 'updated', diff: diff! };
  }
  return { ...base, outcome: 'failed', message: `${file.label}:${first}: the output differs from the recording`, diff: diff! };
}

const usable = (r: FileResult): boolean => r.outcome !== 'failed';

export async function replayFiles(request: ReplayRequest): Promise<FileResult[]> {
  const loaded = loadAll(request.files);
  const listed = request.files.map((f) => loaded.get(realPath(f))!);
  return request.home ? replayOnOneHome(listed, request.home, request) : replayOnFreshHomes(listed, request);
}

async function replayOnFreshHomes(listed: readonly Loaded[], request: ReplayRequest): Promise<FileResult[]> {
  const slot = limiter(Math.max(1, request.jobs));
  const isListed = new Set(listed.map((l) => l.path));
  const scratch = mkdtempSync(join(tmpdir(), 'azhsm-replay-'));
  const runs = new Map<string, Promise<{ result: FileResult; home: string }>>();
  const reported: FileResult[] = [];
  const report = (r: FileResult): FileResult => {
    reported.push(r);
    request.onResult?.(r);
    return r;
  };

  // Each recording replays once per run, also when several others start after it.
  const replay = (file: Loaded): Promise<{ result: FileResult; home: string }> => {
    const known = runs.get(file.path);
    if (known) return known;
    const home = join(scratch, `${runs.size + 1}-${basename(file.path, '.md')}`);
    const running = (async () => {
      const parent = file.after ? await replay(file.after) : undefined;
      let result: FileResult;
      if (parent && !usable(parent.result)) {
        result = { file: file.label, outcome: 'failed', message: `${file.label}:${file.recording!.front.after!.line}: starts after ${parent.result.file}, which did not replay`, durationMs: 0, steps: 0 };
      } else {
        result = await slot(async () => {
          if (parent) copyHome(parent.home, home);
          else mkdirSync(home);
          return replayOn(file, home, request);
        });
        if (!usable(result)) result = { ...result, home };
      }
      const asState = !isListed.has(file.path) && usable(result);
      return { home, result: report(asState ? { ...result, outcome: 'state' } : result) };
    })();
    runs.set(file.path, running);
    return running;
  };

  await Promise.all(listed.map((file) => (file.error ? report({ file: file.label, outcome: 'failed', message: file.error, durationMs: 0, steps: 0 }) : replay(file))));
  // Homes that replayed green go; the others stay for a look (their results name them).
  let kept = false;
  for (const run of runs.values()) {
    const { result, home } = await run;
    if (usable(result)) rmSync(home, { recursive: true, force: true });
    else kept = true;
  }
  if (!kept) rmSync(scratch, { recursive: true, force: true });
  return reported;
}

/** The recordings that made a --home, oldest first (one name per line). */
const MARKER = '.replayed';

/** The recordings a replay with --home has played into a home, oldest first (their names without .md). */
export function replayedInto(home: string): string[] {
  const markerPath = join(home, MARKER);
  return existsSync(markerPath) ? readFileSync(markerPath, 'utf8').split('\n').filter(Boolean) : [];
}

async function replayOnOneHome(listed: readonly Loaded[], homeDir: string, request: ReplayRequest): Promise<FileResult[]> {
  const home = resolve(homeDir);
  const markerPath = join(home, MARKER);
  const made = replayedInto(home);
  const results: FileResult[] = [];
  const fail = (file: Loaded, message: string): FileResult => {
    const r: FileResult = { file: file.label, outcome: 'failed', message, durationMs: 0, steps: 0 };
    request.onResult?.(r);
    return r;
  };
  if (existsSync(home) && readdirSync(home).length > 0 && made.length === 0) {
    return listed.map((f) => fail(f, `${f.label}: --home ${homeDir} is neither empty nor made by an earlier replay`));
  }
  mkdirSync(home, { recursive: true });
  const runOne = async (file: Loaded, asState: boolean): Promise<FileResult> => {
    const result = await replayOn(file, home, request);
    if (usable(result)) {
      made.push(basename(file.path, '.md'));
      writeFileSync(markerPath, made.join('\n') + '\n');
    }
    const shown: FileResult = asState && usable(result) ? { ...result, outcome: 'state' } : { ...result, ...(usable(result) ? {} : { home }) };
    request.onResult?.(shown);
    return shown;
  };
  for (const file of listed) {
    if (file.error) {
      results.push(fail(file, file.error));
      continue;
    }
    // The states this file starts after, oldest first, that the home does not hold yet.
    const chain: Loaded[] = [];
    for (let a = file.after; a; a = a.after) chain.unshift(a);
    const name = (l: Loaded): string => basename(l.path, '.md');
    if (file.after && !made.includes(name(file.after))) {
      if (made.length > 0) {
        results.push(fail(file, `${file.label}:${file.recording!.front.after!.line}: starts after ${name(file.after)}, but --home ${homeDir} was made by ${made.join(', ')}`));
        continue;
      }
      let built = true;
      for (const state of chain) {
        const r = await runOne(state, true);
        results.push(r);
        if (!usable(r)) built = false;
      }
      if (!built) {
        results.push(fail(file, `${file.label}:${file.recording!.front.after!.line}: starts after ${name(file.after)}, which did not replay`));
        continue;
      }
    }
    results.push(await runOne(file, false));
  }
  return results;
}
