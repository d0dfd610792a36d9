// The command prompt's state, driven by keys through the reducer in prompt-state.ts. The state is also
// kept in a ref: several keys can arrive before React draws again, and each must see the one before.
import { useCallback, useRef, useState } from 'react';
import { initialPrompt, type PromptEnv, type PromptState, reducePrompt } from './prompt-state.ts';
import type { KeyHandler } from './use-keyboard.ts';

export interface PromptHandlers {
  /** `recalled`: the line came from the history. */
  readonly onSubmit: (line: string, recalled: boolean) => void;
  readonly onQuit: () => void;
  readonly onClearScreen: () => void;
  readonly onToggleDryRun: () => void;
}

export function usePrompt(env: PromptEnv, handlers: PromptHandlers): { state: PromptState; handle: KeyHandler } {
  const [state, setState] = useState(initialPrompt);
  const current = useRef(state);
  const latest = useRef({ env, handlers });
  latest.current = { env, handlers };

  const handle: KeyHandler = useCallback((action) => {
    const step = reducePrompt(current.current, action, latest.current.env);
    current.current = step.state;
    setState(step.state);
    const handlers = latest.current.handlers;
    switch (step.effect?.kind) {
      case undefined:
        return false;
      case 'clearScreen':
        handlers.onClearScreen();
        return false;
      case 'submit':
        handlers.onSubmit(step.effect.line, step.effect.recalled);
        return true;
      case 'quit':
        handlers.onQuit();
        return true;
      case 'toggleDryRun':
        // The prompt keeps the keyboard.
        handlers.onToggleDryRun();
        return false;
    }
  }, []);
  return { state, handle };
}
