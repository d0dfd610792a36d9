// Runs submitted lines through the tool's front end and keeps what the screen shows of it: the prompt,
// the scope completion works in, the status line and replay progress.
import { useCallback, useEffect, useState } from 'react';
import type { Scope } from '../../grammar/spec.ts';
import { dryRunSwitched } from '../dry-run.ts';
import type { StatusView, ToolShell } from '../shell.ts';
import type { History } from './history.ts';
import type { ReplayProgress } from './status.ts';
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
  readonly run: (line: string) => Promise<void>;
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
    async (line: string) => {
      console.echo(shell.prompt(), line);
      history.add(line, shell.scope());
      setBusy(true);
      let goOn = true;
      try {
        goOn = await shell.handle(line);
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
  const quit = useCallback(() => setEnded(true), []);
  const toggleDryRun = useCallback(() => {
    const on = shell.toggleDryRun?.();
    if (on === undefined) return;
    console.print(dryRunSwitched(on));
    setView(viewOf(shell));
  }, [shell, console]);
  // Between commands the status can change too (azcloudhsm_util's arrives from the daemon after
  // start-up); ToolShell has no change event, so the prompt looks again now and then.
  useEffect(() => {
    if (busy || ended) return;
    const timer = setInterval(() => setView((old) => refreshed(old, viewOf(shell))), STATUS_POLL_MS);
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
