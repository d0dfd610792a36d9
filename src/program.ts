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

export interface ProgramArgs {
  /** The emulator home: --home DIR, AZCLOUDHSM_EMU_HOME, or ~/.azcloudhsm-emu. */
  readonly home: string;
  /** The other words, in order (the cfg file; singlecmd and its command). */
  readonly words: readonly string[];
  readonly noColor: boolean;
  readonly noTui: boolean;
  /** --help or -h as the first word. */
  readonly help: boolean;
  /** --version as the first word. */
  readonly version: boolean;
  /** An option this program does not know (before any other word), to refuse with the usage. */
  readonly unknownOption?: string;
}

/** `--help`, `--version`, `--no-tui` and `--no-color` count before the first plain word: after it (singlecmd's command) every word is the command's. */
export function programArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): ProgramArgs {
  const { home, rest } = takeHomeOption(argv, env);
  const words: string[] = [];
  let noColor = false;
  let noTui = false;
  let help = false;
  let version = false;
  let unknownOption: string | undefined;
  for (const word of rest) {
    if (words.length > 0) words.push(word);
    else if (word === '--no-color') noColor = true;
    else if (word === '--no-tui') noTui = true;
    else if (word === '--help' || word === '-h') help = true;
    else if (word === '--version') version = true;
    else if (word.startsWith('--')) unknownOption ??= word;
    else words.push(word);
  }
  return { home, words, noColor, noTui, help, version, ...(unknownOption ? { unknownOption } : {}) };
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
  readonly makeShell: (console: Console) => ToolShell;
}

/** Runs the tool's session until it ends; the exit status (1 when a command failed). */
export async function runSession(o: SessionOptions): Promise<number> {
  const mode = sessionMode(process, process.env, o.args.noTui);
  if (mode === 'tui') {
    // The TUI is a bundle chunk of its own: line mode never loads it.
    const { startTui, colorWanted } = await import('./tui/start.ts');
    return startTui({ tool: o.tool, homeRoot: o.homeRoot, color: colorWanted(process.env, o.args.noColor), makeShell: o.makeShell });
  }
  const console = new LineConsole(new LineReader(process.stdin), process.stdout, mode === 'terminal' ? { terminal: process.stdin } : {});
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
