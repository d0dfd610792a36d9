// Colour for the TUI: failures red, successes green, warnings and usage yellow, hints grey. The printed
// words stay exactly those of line mode; only colour is added, by each line's kind (never by reading its
// words), and none at all under NO_COLOR (any non-empty value) or --no-color. The emulator's
// explanations of refusals, which line mode prints only with --explain, show as `note: ...` in the notes'
// colour. Chalk's own detection
// honours --no-color but not NO_COLOR, so the TUI keeps its own instance.
import { Chalk, type ChalkInstance, supportsColor } from 'chalk';
import { explanationText, type Line } from '../output.ts';

/** `noColorOption`: --no-color was given. */
export function colorWanted(env: NodeJS.ProcessEnv, noColorOption: boolean): boolean {
  return !(env.NO_COLOR !== undefined && env.NO_COLOR !== '') && !noColorOption;
}

export interface Paint {
  readonly enabled: boolean;
  error(text: string): string;
  success(text: string): string;
  warning(text: string): string;
  /** The inline hint and other secondary text. */
  hint(text: string): string;
  /** The selected entry of a list (also marked with `>` so it shows without colour). */
  selected(text: string): string;
  /** The emulator's own lines beside the tool's text (dry run, the tutor). */
  note(text: string): string;
}

export function makePaint(level: 0 | 1 | 2 | 3): Paint {
  const c: ChalkInstance = new Chalk({ level });
  return {
    enabled: level > 0,
    error: (t) => c.red(t),
    success: (t) => c.green(t),
    warning: (t) => c.yellow(t),
    hint: (t) => c.gray(t),
    selected: (t) => c.inverse(t),
    note: (t) => c.cyan(t),
  };
}

/** The terminal's colour level when colour is wanted at all. */
export function paintFor(wanted: boolean): Paint {
  return makePaint(wanted && supportsColor ? supportsColor.level : 0);
}

/** One printed line, coloured by its kind. */
export function paintLine(paint: Paint, line: Line): string {
  switch (line.kind) {
    case 'failure':
      return paint.error(line.text);
    case 'success':
      return paint.success(line.text);
    case 'warning':
    case 'usage':
      return paint.warning(line.text);
    case 'note':
      return paint.note(line.text);
    case 'explanation':
      return paint.note(explanationText(line.text));
    case 'data':
      return line.text;
  }
}
