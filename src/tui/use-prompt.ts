// The command prompt's state, driven by keys through the reducer in prompt-state.ts. The state is also
// kept in a ref: several keys can arrive before React draws again, and each must see the one before.
import { useCallback, useRef, useState } from 'react';
import { initialPrompt, type PromptEnv, type PromptState, reducePrompt } from './prompt-state.ts';
import type { KeyHandler } from './use-keyboard.ts';

export interface PromptHandlers {
  readonly onSubmit: (line: string) => void;
  readonly onQuit: () => void;
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
    if (!step.effect) return false;
    switch (step.effect.kind) {
      case 'submit':
        latest.current.handlers.onSubmit(step.effect.line);
        return true;
      case 'quit':
        latest.current.handlers.onQuit();
        return true;
      case 'toggleDryRun':
        // The prompt keeps the keyboard.
        latest.current.handlers.onToggleDryRun();
        return false;
    }
  }, []);
  return { state, handle };
}
