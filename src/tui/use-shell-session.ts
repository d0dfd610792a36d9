// Runs submitted lines through the tool's front end and keeps what the screen shows of it: the prompt,
// the scope completion works in, the status line and replay progress.
import { useCallback, useEffect, useState } from 'react';
import type { Scope } from '../../grammar/spec.ts';
import { dryRunSwitched } from '../dry-run.ts';
import type { StatusView, ToolShell } from '../shell.ts';
import type { History } from './history.ts';
import type { ReplayProgress } from './status.ts';
import { withRecalledSecrets } from './recalled.ts';
import type { TuiConsole } from './tui-console.ts';

export interface ShellView {
  readonly prompt: string;
  readonly scope: Scope | undefined;
  readonly status: StatusView;
}

function viewOf(shell: ToolShell): ShellView {
  return { prompt: shell.prompt(), scope: shell.scope(), status: shell.status() };
}

export interface ShellSession extends ShellView {
  /** A command is running. */
  readonly busy: boolean;
  /** The tool has ended (quit, Ctrl-D, Ctrl-C twice). */
  readonly ended: boolean;
  readonly progress: ReadonlyMap<number, ReplayProgress>;
  /** Runs a submitted line; `recalled`: it came from the history (see recalled.ts). */
  readonly run: (line: string, recalled?: boolean) => Promise<void>;
  /** Ctrl-D, Ctrl-C twice: the tool's own quit command runs, so it says goodbye as `quit` does. */
  readonly quit: () => void;
  /** Ctrl-T: the dry run on or off (a tool without one ignores it). */
  readonly toggleDryRun: () => void;
}

export function useShellSession(shell: ToolShell, console: TuiConsole, history: History): ShellSession {
  const [view, setView] = useState(() => viewOf(shell));
  const [busy, setBusy] = useState(false);
  const [ended, setEnded] = useState(false);
  const progress = useReplayProgress(shell);

  const run = useCallback(
    async (line: string, recalled = false) => {
      console.echo(shell.prompt(), line);
      history.add(line, shell.scope());
      setBusy(true);
      let goOn = true;
      try {
        const filled = recalled ? await withRecalledSecrets(shell.grammar, line, shell.scope(), (prompt, options) => console.ask(prompt, options)) : line;
        if (filled !== null) goOn = await shell.handle(filled);
      } catch (e) {
        // Line mode stops here with status 2; an interactive session says what happened and goes on.
        console.print(`Error: ${(e as Error).message}`);
      }
      setView(viewOf(shell));
      setBusy(false);
      if (!goOn) setEnded(true);
    },
    [shell, console, history],
  );
  const quit = useCallback(() => (shell.quitCommand === undefined ? setEnded(true) : void run(shell.quitCommand)), [run, shell]);
  const toggleDryRun = useCallback(() => {
    const on = shell.toggleDryRun?.();
    if (on === undefined) return;
    console.print(dryRunSwitched(on));
    setView(viewOf(shell));
  }, [shell, console]);
  // Between commands other processes change the cluster (a node taken down from another terminal) and
  // azcloudhsm_util's status arrives from the daemon: the shell follows them about once a second.
  useEffect(() => {
    if (busy || ended || !shell.follow) return;
    let following = false;
    const timer = setInterval(() => {
      if (following) return;
      following = true;
      void Promise.resolve(shell.follow?.())
        .catch(() => {})
        .finally(() => {
          following = false;
          setView((old) => refreshed(old, viewOf(shell)));
        });
    }, STATUS_POLL_MS);
    return () => clearInterval(timer);
  }, [shell, busy, ended]);
  return { ...view, busy, ended, progress, run, quit, toggleDryRun };
}

const STATUS_POLL_MS = 1000;

/** The old view when nothing changed, so an unchanged status draws nothing. */
function refreshed(old: ShellView, now: ShellView): ShellView {
  return JSON.stringify(old) === JSON.stringify(now) ? old : now;
}

/** The latest replay progress per server (activation restore, catch-up after a fault). */
export function useReplayProgress(shell: ToolShell): ReadonlyMap<number, ReplayProgress> {
  const [progress, setProgress] = useState<ReadonlyMap<number, ReplayProgress>>(new Map());
  useEffect(() => shell.onReplayProgress((p) => setProgress((m) => new Map(m).set(p.server, p))), [shell]);
  return progress;
}
