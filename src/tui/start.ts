// Starts a tool's TUI. Nothing here loads Ink: the tool starts, its start-up lines and first prompt are
// drawn at once (instant-prompt.ts), and only then is the Ink app loaded to take over the terminal.
import type { Console } from '../console.ts';
import type { ToolShell } from '../shell.ts';
import { History, historyPath } from './history.ts';
import { drawInstantPrompt } from './instant-prompt.ts';
import { paintFor } from './paint.ts';
import { TuiConsole } from './tui-console.ts';

export { colorWanted } from './paint.ts';

export interface TuiOptions {
  readonly makeShell: (console: Console) => ToolShell;
  /** The history is kept per tool in the emulator home: <home>/history/<tool>. */
  readonly tool: string;
  readonly homeRoot: string;
  readonly color: boolean;
}

/** Runs the TUI until the tool ends; the exit status is line mode's (1 when any command failed). */
export async function startTui(options: TuiOptions): Promise<number> {
  const console = new TuiConsole();
  const shell = options.makeShell(console);
  await shell.start();
  const paint = paintFor(options.color);
  const startup = console.getSnapshot().transcript;
  const instant = drawInstantPrompt(process.stdout, process.stdin, { transcript: startup, prompt: shell.prompt(), status: shell.status(), paint });
  const history = new History(historyPath(options.homeRoot, options.tool), shell.grammar);
  const { runApp } = await import('./run.tsx');
  instant.erase();
  await runApp({ shell, console, history, paint, drawnAtStart: startup.length });
  return shell.failures > 0 ? 1 : 0;
}
