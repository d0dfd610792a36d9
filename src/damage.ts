// How the programs word a home or journal that fails its checks (src/home-checks.ts finds them).
import { JournalDamaged } from '../emulator/journal-damage.ts';

const ADVICE =
  'Nothing was changed. Run `azcloudhsm_emu fsck` to see what is wrong; `azcloudhsm_emu reset` starts over with a new cluster (everything in this one is lost).';

/** The home cannot be used as it is; the message says why and what to do. */
export class HomeDamaged extends JournalDamaged {
  constructor(
    readonly home: string,
    readonly reason: string,
  ) {
    super(`the emulator home ${home} fails its checks: ${reason}.\n${ADVICE}`);
  }
}

/** How a program words a journal that failed its checks, at start or while it ran. */
export function damageText(e: JournalDamaged): string {
  return e instanceof HomeDamaged ? e.message : `${e.message}.\n${ADVICE}`;
}

export { JournalDamaged };
