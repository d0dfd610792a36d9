// The dry run (`--dry-run` on both tools, a key in the TUI, and the tutor's explanation of a step before
// it runs): a command is decided as usual but nothing is appended to the journal, and after the tool's
// own output a clearly marked line says what the command would have appended, and for which servers.
// Nothing persists: the next command sees the cluster as it was. The lines are of kind `note`, printed
// only in a dry run, never in a tool's plain transcript.
import { dryRunText, type EventView } from './emu/journal-view.ts';
import { type Line, note } from './output.ts';
import type { StatusView } from './shell.ts';

export function dryRunLines(events: readonly EventView[]): Line[] {
  return events.length === 0 ? note('dry run: nothing would be appended') : note(...events.map(dryRunText));
}

/** What a file the command makes would be, in a dry run: not written. */
export function dryRunFileLine(path: string): Line[] {
  return note(`dry run: would write ${path}`);
}

export const DRY_RUN_BADGE = 'dry run';

export function dryRunSwitched(on: boolean): Line[] {
  return note(on ? 'dry run on: commands are decided, nothing is written; each says what it would append' : 'dry run off: commands run as usual');
}

/**
 * A tool's dry run: on or off (--dry-run, Ctrl-T), its status badge, and the preview of one line, which
 * runs the line's registry entry with the shell's runCore only deciding, quietly (`previewing`), and
 * handing over the events it would append (`collect`).
 */
export class DryRun {
  private collected: EventView[] | undefined;

  constructor(public on: boolean) {}

  toggle(): boolean {
    this.on = !this.on;
    return this.on;
  }

  status(s: StatusView): StatusView {
    return this.on ? { ...s, badges: [...(s.badges ?? []), DRY_RUN_BADGE] } : s;
  }

  get previewing(): boolean {
    return this.collected !== undefined;
  }

  collect(events: readonly EventView[]): void {
    this.collected = [...events];
  }

  /** The dry-run lines of a command that may change the cluster; `run` runs it (its runCore sees `previewing`). */
  async preview(changesState: boolean, run: () => Promise<unknown>): Promise<Line[]> {
    if (!changesState) return [];
    this.collected = [];
    try {
      await run();
      return this.collected.length > 0 ? dryRunLines(this.collected) : [];
    } finally {
      this.collected = undefined;
    }
  }
}
