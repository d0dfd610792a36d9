// The emulator's own options, which both tools take on their command line beside the real tools' words:
// --dry-run (see dry-run.ts), --mark-not-emulated (or AZCLOUDHSM_EMU_MARK_NOT_EMULATED=1: `help` marks
// the commands the emulator does not emulate, as the TUI always does), --no-color (the TUI's colour),
// --explain (or AZCLOUDHSM_EMU_EXPLAIN=1: line mode prints why the HSM refused, as the TUI always does).
export interface ToolOptions {
  /** The words left for the tool itself. */
  readonly rest: string[];
  readonly dryRun: boolean;
  readonly helpMarks: boolean;
  /** Line mode prints the emulator's explanations of refusals (`note: ...`). */
  readonly explain: boolean;
}

export const EXPLAIN_ENV = 'AZCLOUDHSM_EMU_EXPLAIN';

const OWN = ['--dry-run', '--mark-not-emulated', '--no-color', '--explain'];

export function takeToolOptions(args: readonly string[], env: NodeJS.ProcessEnv, terminal: boolean): ToolOptions {
  return {
    rest: args.filter((a) => !OWN.includes(a)),
    dryRun: args.includes('--dry-run'),
    helpMarks: terminal || args.includes('--mark-not-emulated') || env.AZCLOUDHSM_EMU_MARK_NOT_EMULATED === '1',
    explain: args.includes('--explain') || (env[EXPLAIN_ENV] !== undefined && env[EXPLAIN_ENV] !== '' && env[EXPLAIN_ENV] !== '0'),
  };
}
