// The emulator's own options, which both tools take on their command line beside the real tools' words:
// --dry-run (see dry-run.ts), --mark-not-emulated (or AZCLOUDHSM_EMU_MARK_NOT_EMULATED=1: `help` marks
// the commands the emulator does not emulate, as the TUI always does), --no-color (the TUI's colour).
export interface ToolOptions {
  /** The words left for the tool itself. */
  readonly rest: string[];
  readonly dryRun: boolean;
  readonly helpMarks: boolean;
}

const OWN = ['--dry-run', '--mark-not-emulated', '--no-color'];

export function takeToolOptions(args: readonly string[], env: NodeJS.ProcessEnv, terminal: boolean): ToolOptions {
  return {
    rest: args.filter((a) => !OWN.includes(a)),
    dryRun: args.includes('--dry-run'),
    helpMarks: terminal || args.includes('--mark-not-emulated') || env.AZCLOUDHSM_EMU_MARK_NOT_EMULATED === '1',
  };
}
