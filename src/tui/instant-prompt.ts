// The first prompt, drawn before Ink has loaded. Loading Ink, React and Yoga takes longer than the
// emulator takes to start; rather than keep the screen empty meanwhile, the start-up lines, the prompt
// and the status line are written straight away, as the app's first frame will draw them, and the
// terminal goes into raw mode so keys typed meanwhile wait, unechoed, for the app (the technique of
// zsh's "instant prompt"). The app erases this frame just before drawing its own over it.
import stringWidth from 'string-width';
import type { StatusView } from '../shell.ts';
import type { Paint } from './paint.ts';
import { statusLineText } from './status.ts';
import { entryLines } from './transcript-text.ts';
import type { TranscriptEntry } from './tui-console.ts';

export interface InstantPromptView {
  readonly transcript: readonly TranscriptEntry[];
  readonly prompt: string;
  readonly status: StatusView;
  readonly paint: Paint;
}

export interface InstantPrompt {
  /** Takes the prompt and status line off the screen (the transcript stays). */
  erase(): void;
}

export function drawInstantPrompt(out: NodeJS.WriteStream, input: NodeJS.ReadStream, view: InstantPromptView): InstantPrompt {
  const columns = out.columns || 80;
  const lines = view.transcript.flatMap((e) => entryLines(e, view.paint));
  const status = statusLineText(view.status, new Map(), view.paint, columns);
  // The cursor goes back up to the end of the prompt, where the app will put it.
  out.write([...lines, view.prompt].join('\n') + '\n' + status + `\x1b[1A\r\x1b[${stringWidth(view.prompt)}C`);
  input.setRawMode?.(true);
  return {
    erase: () => out.write('\r\x1b[J'),
  };
}
