// Replays one recording on an emulator home: each step in order, from a working directory that starts
// at the home's root. Shell steps run through /bin/sh with stdout and stderr merged; sessions are
// driven through their prompts (session.ts); `cd` moves the replay; `&` starts a program for the rest
// of the file. The result is the file as this run would have written it: equal to the recording when
// everything matched, else the base of the diff and of --update.
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { isListening, readClientConfig } from '../client/daemon.ts';
import { homePaths, vmOfDirectory, writeProgramWrappers } from '../home.ts';
import { RecordingError } from './errors.ts';
import type { Recording, Step } from './format.ts';
import { expectedLine, matchSegment, type MatchContext } from './match.ts';
import { secretNames, substitute, type Values } from './pattern.ts';
import { outputLines, RunningProgram, type WaitResult } from './program.ts';
import { driveSession, type StepResult } from './session.ts';
import { RECORD_ENV } from './transcript.ts';
import { homeVolatiles, rewriteActual } from './volatile.ts';

export interface ReplayOptions {
  readonly home: string;
  readonly secret: (name: string) => string | undefined;
  /** How long a program may stay silent while the replay waits for it. */
  readonly timeoutMs: number;
}

export interface RecordingRun {
  /** The file as it is. */
  readonly expected: readonly string[];
  /** The file as this run would write it (bodies replaced by what matched and what was printed). */
  readonly actual: string[];
  /** What stopped the run (a step that could not be driven); mismatches are in the diff instead. */
  readonly error?: RecordingError;
  readonly stepsRun: number;
}

let programs: string | undefined;

/** A directory of wrappers for the package's programs, for this process's lifetime. */
function programsDir(): string {
  if (!programs) {
    const dir = mkdtempSync(join(tmpdir(), 'azhsm-programs-'));
    writeProgramWrappers(dir);
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    programs = dir;
  }
  return programs;
}

/**
 * PATH for the programs a recording runs: the home's tools (`./azcloudhsm_util` from <home>/bin, or by
 * bare name anywhere), the package's programs before the home exists (`azcloudhsm_emu init`), and node.
 */
export function programPath(home: string, env: NodeJS.ProcessEnv): string {
  return [homePaths(home).bin, programsDir(), dirname(process.execPath), env.PATH ?? ''].join(delimiter);
}

/** The environment every step runs in: the home selected, its programs on PATH, no colour. */
export function stepEnvironment(home: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env[RECORD_ENV];
  return { ...env, AZCLOUDHSM_EMU_HOME: home, NO_COLOR: '1', PATH: programPath(home, env) };
}

export async function runRecording(recording: Recording, options: ReplayOptions): Promise<RecordingRun> {
  const home = resolve(options.home);
  const values: Values = { bindings: new Map([['home', home]]), secret: options.secret };
  const secrets = secretsUsed(recording, options.secret);
  // The home's identity (subscription, resource label, serials) grows as its Azure steps and its cluster
  // are made: read again until the cluster's serials are there.
  let volatiles: Map<string, string> | undefined;
  const ctx: MatchContext = {
    values,
    rewrite: (line) => {
      if (!volatiles?.has('partition_serial')) volatiles = homeVolatiles(home);
      return rewriteActual(line, { home, volatiles, secrets });
    },
  };
  const env = stepEnvironment(home);
  const background: RunningProgram[] = [];
  const actual = [...recording.lines];
  // Bodies are replaced from the last step back, so earlier line numbers stay valid.
  const replaced: { start: number; end: number; body: string[] }[] = [];
  let cwd = home;
  let error: RecordingError | undefined;
  let stepsRun = 0;
  try {
    for (const step of recording.steps) {
      stepsRun++;
      let result: StepResult;
      try {
        if (step.kind === 'cd') {
          cwd = changeDirectory(cwd, substitute(step.dir, values, step.line), step.line);
          continue;
        }
        const command = substitute(step.command, values, step.line);
        if (step.kind === 'background') {
          background.push(await startBackground(step, command, { cwd, env, home, timeoutMs: options.timeoutMs }));
          continue;
        }
        result = step.kind === 'session' ? await runSessionStep(step, command, cwd, env, ctx, options.timeoutMs) : await runShellStep(step, command, cwd, env, ctx, options.timeoutMs);
      } catch (e) {
        if (!(e instanceof RecordingError)) throw e;
        error = e;
        break;
      }
      step.segments.forEach((seg, k) => replaced.push({ start: seg.start, end: seg.end, body: result.bodies[k] ?? [] }));
      if (result.error) {
        error = result.error;
        break;
      }
    }
  } finally {
    await Promise.all(background.map((p) => p.stop()));
  }
  for (const r of replaced.reverse()) actual.splice(r.start, r.end - r.start, ...r.body);
  return { expected: recording.lines, actual, stepsRun, ...(error ? { error } : {}) };
}

function changeDirectory(cwd: string, dir: string, line: number): string {
  const next = resolve(cwd, dir);
  if (!existsSync(next) || !statSync(next).isDirectory()) throw new RecordingError(line, `cd: no such directory ${next}`);
  return next;
}

async function runSessionStep(step: Extract<Step, { kind: 'session' }>, command: string, cwd: string, env: NodeJS.ProcessEnv, ctx: MatchContext, timeoutMs: number): Promise<StepResult> {
  const program = new RunningProgram(`exec ${command}`, { cwd, env, input: true });
  return driveSession(step, program, ctx, timeoutMs);
}

async function runShellStep(step: Extract<Step, { kind: 'shell' }>, command: string, cwd: string, env: NodeJS.ProcessEnv, ctx: MatchContext, timeoutMs: number): Promise<StepResult> {
  const ran = await runShellCommand(command, cwd, env, timeoutMs);
  if (ran.silent) return { bodies: [ran.lines.map(ctx.rewrite)], error: new RecordingError(step.line, `still running after ${timeoutMs / 1000} s without output: stopped`) };
  const body = matchSegment(step.output.map((o) => expectedLine(o.text)), ran.lines, ctx);
  if (ran.status !== 0) body.push(`[${ran.status}]`);
  return { bodies: [body] };
}

/** A shell step's command through /bin/sh, stdout and stderr merged; stopped when silent for `timeoutMs`. */
export async function runShellCommand(command: string, cwd: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<{ lines: string[]; status: number; silent: boolean }> {
  const program = new RunningProgram(`exec 2>&1\n${command}`, { cwd, env, input: false });
  const waited = await program.waitFor(() => false, timeoutMs);
  if (waited === 'silent') await program.stop();
  return { lines: outputLines(program.stdout), status: program.exitStatus ?? 0, silent: waited === 'silent' };
}

/** Starts a `&` step; for the client daemon, waits until its socket answers (as a user would). */
export async function startBackground(
  step: Step,
  command: string,
  at: { cwd: string; env: NodeJS.ProcessEnv; home: string; timeoutMs: number },
): Promise<RunningProgram> {
  const text = command.replace(/&\s*$/, '').trim();
  // A simple command is exec'd, so the program itself is the process the replay stops at the end.
  const simple = !/[;|()\n]|&&/.test(text);
  const program = new RunningProgram(simple ? `exec ${text}` : text, { cwd: at.cwd, env: at.env, input: false });
  if (!runsClient(text)) return program;
  // A client started in another VM's bin/ serves that VM's socket.
  const socket = readClientConfig(homePaths(at.home, vmOfDirectory(at.home, at.cwd))).socketPath;
  const waited = await untilSocketAnswers(program, socket, at.timeoutMs);
  if (waited === 'exited') {
    throw new RecordingError(step.line, `azcloudhsm_client ended (exit status ${program.exitStatus}) before its socket ${socket} answered${program.stdout ? ': ' + program.stdout.trim() : ''}`);
  }
  if (waited === 'silent') {
    await program.stop();
    throw new RecordingError(step.line, `azcloudhsm_client's socket ${socket} did not answer within ${at.timeoutMs / 1000} s`);
  }
  return program;
}

/** A command that runs the client daemon (`./azcloudhsm_client cfg`, or inside `sh -c '... exec azcloudhsm_client'`). */
export function runsClient(command: string): boolean {
  return /(^|[\s/'"])azcloudhsm_client([\s'";]|$)/.test(command);
}

/** Waits until a daemon's socket takes connections, the daemon ends, or the time is up. */
export async function untilSocketAnswers(program: RunningProgram, socket: string, timeoutMs: number): Promise<WaitResult> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await isListening(socket)) return 'ready';
    if (program.exitStatus !== undefined) return 'exited';
    if (Date.now() > deadline) return 'silent';
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The secrets this recording names, with their values, so a rewritten line never shows one in clear. */
function secretsUsed(recording: Recording, secret: (name: string) => string | undefined): Map<string, string> {
  const found = new Map<string, string>();
  for (const name of recording.lines.flatMap(secretNames)) {
    const value = secret(name);
    if (value) found.set(name, value);
  }
  return found;
}
