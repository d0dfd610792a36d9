// What the interactive tools (azcloudhsm_mgmt_util, azcloudhsm_util) share on their command line and at
// start: the options, and how a session meets its user, chosen once:
//   - the Ink TUI, on a terminal that reports its size;
//   - line mode on a terminal: when the terminal reports no size (the pty of an `expect` script that set
//     none), TERM is dumb or unset, or the user asks (--no-tui, AZCLOUDHSM_EMU_NO_TUI=1). The prompts and
//     lines of piped line mode, the terminal echoing what is typed, and not one escape sequence, so a
//     script written for the real tool reads what it reads there;
//   - line mode on a pipe.
import type { Console } from './console.ts';
import { takeHomeOption } from './home.ts';
import { LineConsole, LineReader, runLineMode } from './line/line-mode.ts';
import type { SessionTool } from './prompts.ts';
import type { ToolShell } from './shell.ts';

export const NO_TUI_ENV = 'AZCLOUDHSM_EMU_NO_TUI';
export const EXPLAIN_ENV = 'AZCLOUDHSM_EMU_EXPLAIN';

/** The options both tools take, for their --help. */
export const SESSION_OPTIONS_USAGE = `  --home DIR                the emulator home (or AZCLOUDHSM_EMU_HOME; default ~/.azcloudhsm-emu)
  --vm NAME                 run on the VM NAME of the home (azcloudhsm_emu init --vm NAME), not the admin VM
  --no-tui                  line mode on a terminal, as piped (also ${NO_TUI_ENV}=1, TERM=dumb, or a
                            terminal that reports no size, as an expect script's)
  --no-color                no colour in the TUI (also NO_COLOR=1)
  --dry-run                 decide each command without changing anything; say what it would change
  --mark-not-emulated       help marks the commands the emulator does not emulate (the TUI always does)
  --explain                 line mode says why the HSM refused (note: ...), as the TUI always does
                            (also ${EXPLAIN_ENV}=1)`;

export interface ProgramArgs {
  /** The emulator home: --home DIR, AZCLOUDHSM_EMU_HOME, or ~/.azcloudhsm-emu. */
  readonly home: string;
  /** The VM the program runs on (--vm NAME or AZCLOUDHSM_EMU_VM), when not the admin VM. */
  readonly vm?: string;
  /** The other words, in order (the cfg file; singlecmd and its command). */
  readonly words: readonly string[];
  readonly noColor: boolean;
  readonly noTui: boolean;
  /** --dry-run: decide commands without appending anything, and say what they would append (dry-run.ts). */
  readonly dryRun: boolean;
  /** --mark-not-emulated: `help` marks the commands the emulator does not emulate (see helpMarksWanted). */
  readonly markNotEmulated: boolean;
  /** --explain or AZCLOUDHSM_EMU_EXPLAIN=1: line mode prints the emulator's explanations of refusals. */
  readonly explain: boolean;
  /** --help or -h as the first word. */
  readonly help: boolean;
  /** --version as the first word. */
  readonly version: boolean;
  /** An option this program does not know (before any other word), to refuse with the usage. */
  readonly unknownOption?: string;
}

/** The emulator's own switches, which the tools take beside the real tools' words. */
const SWITCHES = ['--no-color', '--no-tui', '--dry-run', '--mark-not-emulated', '--explain'] as const;

/**
 * The options count anywhere but after `singlecmd`, whose command's words they are (`singlecmd findKey
 * -h`). --home and --vm are taken anywhere (home.ts).
 */
export function programArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): ProgramArgs {
  const { home, vm, rest } = takeHomeOption(argv, env);
  const words: string[] = [];
  const switches = new Set<string>();
  let help = false;
  let version = false;
  let unknownOption: string | undefined;
  for (const word of rest) {
    if (words[0] === 'singlecmd') words.push(word);
    else if (SWITCHES.some((s) => s === word)) switches.add(word);
    else if (word === '--help' || word === '-h') help = true;
    else if (word === '--version') version = true;
    else if (word.startsWith('--')) unknownOption ??= word;
    else words.push(word);
  }
  return {
    home,
    ...(vm !== undefined ? { vm } : {}),
    words,
    noColor: switches.has('--no-color'),
    noTui: switches.has('--no-tui'),
    dryRun: switches.has('--dry-run'),
    markNotEmulated: switches.has('--mark-not-emulated'),
    explain: switches.has('--explain') || (env[EXPLAIN_ENV] !== undefined && env[EXPLAIN_ENV] !== '' && env[EXPLAIN_ENV] !== '0'),
    help,
    version,
    ...(unknownOption ? { unknownOption } : {}),
  };
}

/**
 * Whether `help` marks the commands the emulator does not emulate: always in the TUI (not while
 * recording: a recorded TUI session is line mode's transcript), in line mode when asked
 * (--mark-not-emulated, AZCLOUDHSM_EMU_MARK_NOT_EMULATED=1).
 */
export function helpMarksWanted(args: ProgramArgs, env: NodeJS.ProcessEnv, mode: SessionMode, recording: boolean): boolean {
  return (mode === 'tui' && !recording) || args.markNotEmulated || env.AZCLOUDHSM_EMU_MARK_NOT_EMULATED === '1';
}

export type SessionMode = 'tui' | 'terminal' | 'pipe';

interface Streams {
  readonly stdin: { readonly isTTY?: boolean };
  readonly stdout: { readonly isTTY?: boolean; readonly columns?: number; readonly rows?: number };
}

export function sessionMode(io: Streams, env: NodeJS.ProcessEnv, noTui: boolean): SessionMode {
  if (!io.stdin.isTTY || !io.stdout.isTTY) return 'pipe';
  const asked = noTui || (env[NO_TUI_ENV] !== undefined && env[NO_TUI_ENV] !== '' && env[NO_TUI_ENV] !== '0');
  const dumb = !env.TERM || env.TERM === 'dumb';
  const sizeless = !io.stdout.columns || !io.stdout.rows;
  return asked || dumb || sizeless ? 'terminal' : 'tui';
}

export interface SessionOptions {
  readonly tool: SessionTool;
  readonly homeRoot: string;
  readonly args: ProgramArgs;
  /** From sessionMode, for this process's stdin and stdout. */
  readonly mode: SessionMode;
  readonly makeShell: (console: Console) => ToolShell;
}

/** Runs the tool's session until it ends; the exit status (1 when a command failed). */
export async function runSession(o: SessionOptions): Promise<number> {
  const { mode } = o;
  if (mode === 'tui') {
    // The TUI is a bundle chunk of its own: line mode never loads it.
    const { startTui, colorWanted } = await import('./tui/start.ts');
    return startTui({ tool: o.tool, homeRoot: o.homeRoot, color: colorWanted(process.env, o.args.noColor), makeShell: o.makeShell });
  }
  const console = new LineConsole(new LineReader(process.stdin), process.stdout, { explain: o.args.explain, ...(mode === 'terminal' ? { terminal: process.stdin } : {}) });
  return runLineMode(o.makeShell(console), console);
}

/** Prints a program's --help or --version, or refuses an unknown option; undefined when the program should run. */
export function answerInfoOptions(args: Pick<ProgramArgs, 'help' | 'version' | 'unknownOption'>, program: string, texts: { readonly usage: string; readonly version: string }): number | undefined {
  if (args.help) {
    process.stdout.write(texts.usage + '\n');
    return 0;
  }
  if (args.version) {
    process.stdout.write(texts.version + '\n');
    return 0;
  }
  if (args.unknownOption) {
    process.stderr.write(`${program}: unknown option '${args.unknownOption}'\n${texts.usage}\n`);
    return 2;
  }
  return undefined;
}
