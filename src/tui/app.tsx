// The TUI: the transcript of the session, then the live part — the command prompt (or the question the
// tool is asking) and the status line. The keyboard goes to the question when there is one, else to the
// prompt, and waits while a command runs.
import { useApp } from 'ink';
import { useCallback, useEffect, useMemo, useSyncExternalStore } from 'react';
import { type CompletionContext, complete, hint } from '../../grammar/complete.ts';
import { listDirectory } from '../files.ts';
import type { ToolShell } from '../shell.ts';
import { CommandPrompt } from './command-prompt.tsx';
import type { History } from './history.ts';
import type { Paint } from './paint.ts';
import type { PromptEnv } from './prompt-state.ts';
import { QuestionPrompt } from './question-prompt.tsx';
import { StatusLine } from './status-line.tsx';
import { Transcript } from './transcript.tsx';
import type { TuiConsole } from './tui-console.ts';
import { useAnswer } from './use-answer.ts';
import { useKeyboard } from './use-keyboard.ts';
import { usePrompt } from './use-prompt.ts';
import { useShellSession } from './use-shell-session.ts';
import { useTerminal } from './use-terminal.ts';

export interface AppProps {
  readonly shell: ToolShell;
  readonly console: TuiConsole;
  readonly history: History;
  readonly paint: Paint;
  /** Transcript entries already on screen when the app starts (drawn before Ink had loaded). */
  readonly drawnAtStart?: number;
}

export function App({ shell, console, history, paint, drawnAtStart = 0 }: AppProps) {
  const { transcript, question } = useSyncExternalStore(console.subscribe, console.getSnapshot);
  const session = useShellSession(shell, console, history);
  const terminal = useTerminal();
  // After a repaint the whole transcript is drawn again, the start-up lines included.
  const shown = useMemo(() => (terminal.repaint === 0 ? transcript.slice(drawnAtStart) : transcript), [transcript, terminal.repaint, drawnAtStart]);
  // Live values are read when needed: azcloudhsm_util's arrive from the daemon after start-up.
  const contextNow = useCallback((): CompletionContext => ({ grammar: shell.grammar, scope: session.scope, live: shell.live(), listFiles: listDirectory }), [shell, session.scope]);
  const env: PromptEnv = useMemo(() => ({ history: history.entries, complete: (text, cursor) => complete(contextNow(), text, cursor) }), [history, contextNow]);
  const prompt = usePrompt(env, {
    onSubmit: (line, recalled) => void session.run(line, recalled),
    onQuit: session.quit,
    onClearScreen: terminal.clearScreen,
    onToggleDryRun: session.toggleDryRun,
  });
  const answer = useAnswer(question?.id, console.reply);
  useKeyboard(question ? answer.handle : session.busy || session.ended ? undefined : prompt.handle);

  const text = prompt.state.line.text;
  // The hint follows the end of the line; with the cursor inside the line it would mislead.
  const shownHint = useMemo(() => (prompt.state.line.cursor === text.length ? (hint(contextNow(), text) ?? '') : ''), [contextNow, text, prompt.state.line.cursor]);

  const { exit } = useApp();
  // Ending: the live part is gone from the last frame first, so only the transcript stays on screen.
  useEffect(() => {
    if (session.ended) exit();
  }, [session.ended, exit]);

  return (
    <>
      <Transcript key={terminal.repaint} entries={shown} paint={paint} />
      {!session.ended && (
        <>
          {question && <QuestionPrompt question={question} line={answer.line} />}
          {!question && !session.busy && <CommandPrompt prompt={session.prompt} state={prompt.state} hint={shownHint} history={history.entries} paint={paint} terminal={terminal} />}
          <StatusLine status={session.status} progress={session.progress} paint={paint} columns={terminal.columns} />
        </>
      )}
    </>
  );
}
