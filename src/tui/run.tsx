// Mounts the Ink app on the terminal and waits for the tool to end. Loaded by start.ts once the first
// prompt is on screen: this is the module that brings in Ink, React and Yoga.
import { render } from 'ink';
import type { ToolShell } from '../shell.ts';
import { App } from './app.tsx';
import type { History } from './history.ts';
import type { Paint } from './paint.ts';
import type { TuiConsole } from './tui-console.ts';

export interface AppParts {
  readonly shell: ToolShell;
  readonly console: TuiConsole;
  readonly history: History;
  readonly paint: Paint;
  readonly drawnAtStart: number;
}

export async function runApp(parts: AppParts): Promise<void> {
  const app = render(<App {...parts} />, {
    exitOnCtrlC: false,
    patchConsole: false,
    // Keys are drawn as soon as they come: Ink's default 30 frames a second can hold one back 33 ms.
    maxFps: 60,
  });
  await app.waitUntilExit();
}
