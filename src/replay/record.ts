// `azcloudhsm_emu record FILE [--after NAME] -- PROGRAM [ARGS...]`: runs a program on the emulator home
// with the user's terminal and appends it to a recording as a step. An interactive tool writes its own
// transcript (transcript.ts) while it runs, TUI or line mode alike; any other program's output is
// copied as it goes by. Values that differ between homes are written as {{home}} and captures, a
// hidden answer as {{secret:USER}}, so the recording replays as it is.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { constants, tmpdir } from 'node:os';
import { basename, join, relative, resolve } from 'node:path';
import { isListening, readClientConfig } from '../client/daemon.ts';
import { homePaths, takeHomeOption } from '../home.ts';
import { shellQuote } from '../sh.ts';
import { RecordingError } from './errors.ts';
import { parseRecording, type Recording, sessionToolOf } from './format.ts';
import { secretEnvName } from './pattern.ts';
import { outputLines, RunningProgram } from './program.ts';
import { afterPath, readRecordingText, replayFiles } from './replay.ts';
import { progressText } from './report.ts';
import { programPath, runsClient, stepEnvironment, untilSocketAnswers } from './run-recording.ts';
import { RECORD_ENV } from './transcript.ts';
import { homeVolatiles, rewriteActual } from './volatile.ts';

export interface RecordRequest {
  readonly file: string;
  readonly after?: string;
  readonly home?: string;
  readonly program: readonly string[];
  readonly timeoutMs: number;
}

interface Io {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

/** The step that starts the client daemon, as the guide does, for recordings that use azcloudhsm_util. */
export const CLIENT_STEP = '$ azcloudhsm_client > /dev/null 2>&1 &';

export async function recordSession(request: RecordRequest, io: Io, env: NodeJS.ProcessEnv): Promise<number> {
  const home = resolve(takeHomeOption(request.home ? ['--home', request.home] : [], env).home);
  const file = request.file;
  let existing: Recording | undefined;
  if (existsSync(file)) {
    try {
      existing = parseRecording(readRecordingText(file));
    } catch (e) {
      io.err(e instanceof RecordingError ? `${file}:${e.line}: ${e.message}` : `${file}: cannot read: ${e instanceof Error ? e.message : String(e)}`);
      return 2;
    }
  }
  const after = request.after;
  if (after !== undefined) {
    const named = existing?.front.after?.name;
    if (existing && named !== after) {
      io.err(`azcloudhsm_emu record: ${file} ${named ? `starts after ${named}` : 'has no after:'}, not after ${after}`);
      return 2;
    }
    const state = afterPath(file, after);
    if (!existsSync(state)) {
      io.err(`azcloudhsm_emu record: --after ${after}: there is no ${after}.md next to ${file}`);
      return 2;
    }
    if (!existsSync(home) || readdirSync(home).length === 0) {
      io.err(`Building the state ${after} into ${home} (replaying ${relative(process.cwd(), state)}):`);
      const results = await replayFiles({
        files: [relative(process.cwd(), state)],
        home,
        secret: (name) => env[secretEnvName(name)],
        update: false,
        timeoutMs: request.timeoutMs,
        jobs: 1,
        onResult: (r) => io.err(progressText(r)),
      });
      if (results.some((r) => r.outcome === 'failed')) return 1;
    } else if (!existing) {
      io.err(`Note: ${home} is not empty, so it is taken to hold the state ${after} already.`);
    }
  }

  const commandLine = request.program.map(shellQuote).join(' ').split(home).join('{{home}}');
  const tool = sessionToolOf(commandLine);
  const steps: string[] = [];
  const cd = changeOfDirectory(existing, home, process.cwd());
  if (cd.note) io.err(cd.note);
  // The tools that reach the HSM through the client daemon need it running.
  const daemonClient = tool === 'azcloudhsm_util' || tool === 'pkpspeed';
  if (daemonClient && !existing?.steps.some((s) => s.kind === 'background' && runsClient(s.command))) steps.push(CLIENT_STEP);
  if (cd.step) steps.push(cd.step);

  const daemon = daemonClient ? await ensureDaemon(home, request.timeoutMs) : undefined;
  let ran: { lines: string[]; status: number };
  try {
    ran = tool ? await runTool(request.program, home, env) : await runProgram(request.program, home, env);
  } catch (e) {
    io.err(`azcloudhsm_emu record: cannot run ${request.program[0]}: ${(e as Error).message}`);
    return 2;
  } finally {
    await daemon?.stop();
  }
  const volatiles = homeVolatiles(home);
  const body = ran.lines.map((l) => rewriteActual(l, { home, volatiles, secrets: new Map() }));
  steps.push(`$ ${commandLine}`, ...body, ...(ran.status !== 0 ? [`[${ran.status}]`] : []));
  writeFileSync(file, appended(existing, steps, basename(file, '.md'), after));
  io.err(`Recorded \`${commandLine}\` into ${file} (${body.length} lines${ran.status !== 0 ? `, exit status ${ran.status}` : ''}).`);
  return 0;
}

/** Runs an interactive tool on the terminal; it writes its transcript to a file named in its environment. */
async function runTool(program: readonly string[], home: string, env: NodeJS.ProcessEnv): Promise<{ lines: string[]; status: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'azhsm-record-'));
  const transcript = join(dir, 'transcript');
  writeFileSync(transcript, '');
  try {
    const status = await run(program, { ...env, AZCLOUDHSM_EMU_HOME: home, PATH: programPath(home, env), [RECORD_ENV]: transcript }, 'inherit');
    return { lines: outputLines(readFileSync(transcript, 'utf8')), status };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs any other program with the terminal's input; its output (stdout and stderr) shows and is kept. */
async function runProgram(program: readonly string[], home: string, env: NodeJS.ProcessEnv): Promise<{ lines: string[]; status: number }> {
  let output = '';
  const status = await run(program, { ...env, AZCLOUDHSM_EMU_HOME: home, PATH: programPath(home, env) }, 'pipe', (chunk, to) => {
    output += chunk;
    to.write(chunk);
  });
  return { lines: outputLines(output), status };
}

function run(
  program: readonly string[],
  env: NodeJS.ProcessEnv,
  output: 'inherit' | 'pipe',
  tee?: (chunk: string, to: NodeJS.WriteStream) => void,
): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(program[0]!, program.slice(1), { env, stdio: ['inherit', output, output] });
    child.stdout?.setEncoding('utf8').on('data', (s: string) => tee?.(s, process.stdout));
    child.stderr?.setEncoding('utf8').on('data', (s: string) => tee?.(s, process.stderr));
    child.once('error', (e) => reject((e as NodeJS.ErrnoException).code === 'ENOENT' ? new Error('no such program') : e));
    child.once('close', (code, signal) => resolvePromise(code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 0)));
  });
}

/** azcloudhsm_util needs the client daemon: start one for the session when none answers. */
async function ensureDaemon(home: string, timeoutMs: number): Promise<RunningProgram | undefined> {
  const socket = readClientConfig(homePaths(home)).socketPath;
  if (await isListening(socket)) return undefined;
  const daemon = new RunningProgram('exec azcloudhsm_client', { cwd: home, env: stepEnvironment(home), input: false });
  if ((await untilSocketAnswers(daemon, socket, timeoutMs)) === 'ready') return daemon;
  await daemon.stop();
  return undefined;
}

const HOME_MARK = '/{{home}}';

/** The directory a recording's steps end in, as a path under HOME_MARK for the home. */
function finalDirectory(recording: Recording | undefined): string {
  let dir = HOME_MARK;
  for (const s of recording?.steps ?? []) if (s.kind === 'cd') dir = resolve(dir, s.dir.split('{{home}}').join(HOME_MARK));
  return dir;
}

/** A `cd` step when the program runs elsewhere than the recording's steps leave the replay. */
function changeOfDirectory(recording: Recording | undefined, home: string, cwd: string): { step?: string; note?: string } {
  const inside = relative(home, cwd);
  if (inside.startsWith('..') || resolve(home, inside) !== resolve(cwd)) {
    return { note: `Note: ${cwd} is outside the home ${home}; the replay runs this step from ${finalDirectory(recording).replace(HOME_MARK, '{{home}}')}.` };
  }
  const here = resolve(HOME_MARK, inside);
  return here === finalDirectory(recording) ? {} : { step: `$ cd ${here.replace(HOME_MARK, '{{home}}')}` };
}

/** The recording with the new steps: inside its last console fence when the file ends with one. */
function appended(existing: Recording | undefined, steps: readonly string[], title: string, after: string | undefined): string {
  if (!existing) {
    return ['---', `title: ${title}`, ...(after ? [`after: ${after}`] : []), '---', '', '```console', ...steps, '```', ''].join('\n');
  }
  const lines = [...existing.lines];
  let end = lines.length;
  while (end > 0 && lines[end - 1]!.trim() === '') end--;
  const last = existing.steps[existing.steps.length - 1];
  if (last && last.bodyEnd === end - 1) lines.splice(end - 1, 0, ...steps);
  else lines.splice(end, lines.length - end, ...(end > 0 ? [''] : []), '```console', ...steps, '```');
  return lines.join('\n') + '\n';
}
