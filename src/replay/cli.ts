// `azcloudhsm_emu replay` and `azcloudhsm_emu record`: their options, and what they print.
import { availableParallelism } from 'node:os';
import { writeFileSync } from 'node:fs';
import { secretEnvName } from './pattern.ts';
import { recordSession } from './record.ts';
import { type FileResult, replayFiles } from './replay.ts';
import { junitXml, progressText, summaryLine, tapLine } from './report.ts';

export const REPLAY_USAGE = `Usage: azcloudhsm_emu replay FILE... [--home DIR] [--secret NAME=VALUE]... [--update]
                             [--junit FILE] [--tap] [--timeout SECONDS] [--jobs N]
  Replays recordings (recordings/README.md): each on a fresh temporary home of its own, or in order on
  --home DIR (empty, or made by an earlier replay). Exit status 0 when every recording matches.
  --secret NAME=VALUE  the value of {{secret:NAME}} (or set AZCLOUDHSM_EMU_SECRET_NAME)
  --update             rewrite what differs in place (wildcards, captures, inputs and prose kept)
  --junit FILE         write JUnit XML;  --tap: print TAP instead of progress lines
  --timeout SECONDS    how long a program may stay silent (default 30)
  --jobs N             recordings replayed at once (default: the CPUs, at most 4)`;

export const RECORD_USAGE = `Usage: azcloudhsm_emu record FILE [--after NAME] [--home DIR] -- PROGRAM [ARGS...]
  Runs PROGRAM on the emulator home with your terminal and appends it to the recording FILE as a step:
  an interactive tool writes its own transcript (passwords typed at hidden prompts as {{secret:USER}}),
  any other program its output. --after NAME starts a new recording from the state NAME.md leaves
  (built into the home first when the home is empty).`;

interface Io {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

const stdio: Io = { out: (t) => void process.stdout.write(t + '\n'), err: (t) => void process.stderr.write(t + '\n') };

class UsageError extends Error {}

/** Options of the form `--name value` (or `--name=value`), the rest as positional words. */
function options(argv: readonly string[], valued: readonly string[], flags: readonly string[]): { values: Map<string, string[]>; words: string[] } {
  const values = new Map<string, string[]>();
  const words: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const eq = a.indexOf('=');
    const name = a.startsWith('--') && eq > 0 ? a.slice(0, eq) : a;
    if (valued.includes(name)) {
      const value = eq > 0 && a.startsWith('--') ? a.slice(eq + 1) : argv[++i];
      if (value === undefined) throw new UsageError(`${name} needs a value`);
      values.set(name, [...(values.get(name) ?? []), value]);
    } else if (flags.includes(a)) values.set(a, ['']);
    else if (a.startsWith('--')) throw new UsageError(`unknown option ${a}`);
    else words.push(a);
  }
  return { values, words };
}

function secretsFrom(pairs: readonly string[], env: NodeJS.ProcessEnv): (name: string) => string | undefined {
  const given = new Map<string, string>();
  for (const p of pairs) {
    const eq = p.indexOf('=');
    if (eq <= 0) throw new UsageError(`--secret takes NAME=VALUE, not '${p}'`);
    given.set(p.slice(0, eq), p.slice(eq + 1));
  }
  return (name) => given.get(name) ?? env[secretEnvName(name)];
}

export async function replayCommand(argv: readonly string[], io: Io = stdio, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let request;
  let junit: string | undefined;
  let tap = false;
  try {
    const { values, words } = options(argv, ['--home', '--secret', '--junit', '--timeout', '--jobs'], ['--update', '--tap']);
    if (words.length === 0) throw new UsageError('name at least one recording');
    const timeout = Number(values.get('--timeout')?.at(-1) ?? 30);
    const jobs = Number(values.get('--jobs')?.at(-1) ?? Math.min(4, availableParallelism()));
    if (!(timeout > 0)) throw new UsageError('--timeout takes a number of seconds');
    if (!Number.isInteger(jobs) || jobs < 1) throw new UsageError('--jobs takes a whole number from 1');
    junit = values.get('--junit')?.at(-1);
    tap = values.has('--tap');
    const home = values.get('--home')?.at(-1);
    request = {
      files: words,
      ...(home ? { home } : {}),
      secret: secretsFrom(values.get('--secret') ?? [], env),
      update: values.has('--update'),
      timeoutMs: timeout * 1000,
      jobs,
    };
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.err(`azcloudhsm_emu replay: ${e.message}\n${REPLAY_USAGE}`);
    return 2;
  }
  const started = Date.now();
  let n = 0;
  if (tap) io.out('TAP version 13');
  const results: FileResult[] = await replayFiles({ ...request, onResult: (r) => io.out(tap ? tapLine(r, ++n) : progressText(r)) });
  const elapsed = Date.now() - started;
  if (tap) io.out(`1..${n}`);
  else io.out(summaryLine(results, elapsed));
  if (junit) writeFileSync(junit, junitXml(results, elapsed));
  return results.some((r) => r.outcome === 'failed') ? 1 : 0;
}

export async function recordCommand(argv: readonly string[], io: Io = stdio, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const split = argv.indexOf('--');
  try {
    if (split < 0 || split === argv.length - 1) throw new UsageError('name the program to record after --');
    const { values, words } = options(argv.slice(0, split), ['--after', '--home', '--timeout'], []);
    if (words.length !== 1) throw new UsageError('name one recording FILE');
    const after = values.get('--after')?.at(-1);
    const home = values.get('--home')?.at(-1);
    return await recordSession(
      {
        file: words[0]!,
        ...(after ? { after } : {}),
        ...(home ? { home } : {}),
        program: argv.slice(split + 1),
        timeoutMs: Number(values.get('--timeout')?.at(-1) ?? 30) * 1000,
      },
      io,
      env,
    );
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.err(`azcloudhsm_emu record: ${e.message}\n${RECORD_USAGE}`);
    return 2;
  }
}
