// Colour for the TUI: errors red, success lines green, hints grey. The printed words stay exactly those
// of line mode; only colour is added, and none at all under NO_COLOR (any non-empty value) or --no-color.
// Chalk's own detection honours --no-color but not NO_COLOR, so the TUI keeps its own instance.
import { Chalk, type ChalkInstance, supportsColor } from 'chalk';

export function colorWanted(env: NodeJS.ProcessEnv, argv: readonly string[]): boolean {
  return !(env.NO_COLOR !== undefined && env.NO_COLOR !== '') && !argv.includes('--no-color');
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
  };
}

/** The terminal's colour level when colour is wanted at all. */
export function paintFor(wanted: boolean): Paint {
  return makePaint(wanted && supportsColor ? supportsColor.level : 0);
}

export type LineStyle = 'error' | 'success' | 'warning' | 'plain';

// The real tools' words for failure and success (src/mgmt/render.ts, connect.ts and the shell's usage errors).
const ERROR =
  /\bfailed\b|^Invalid |^Ambiguous command|HSM Error|^Error\b|Certificate ERROR|not allowed|is not connected|^Passwords do not match|runs in server mode only|runs at the cloudmgmt> prompt only|: not emulated/;
const SUCCESS = /\bsuccess( on |$)|HSM Return: SUCCESS|^E2E enabled on|^Connected to /;
const WARNING = /^Usage: |^Did you mean: |limited commands mode|unencrypted mode/;

export function lineStyle(line: string): LineStyle {
  if (ERROR.test(line)) return 'error';
  if (SUCCESS.test(line)) return 'success';
  if (WARNING.test(line)) return 'warning';
  return 'plain';
}

/** One printed line, coloured by what it says. */
export function paintLine(paint: Paint, line: string): string {
  const style = lineStyle(line);
  return style === 'plain' ? line : paint[style](line);
}
