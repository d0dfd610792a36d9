// The journal fails its checks: no program runs on it (azcloudhsm_emu fsck says what is wrong). Kept apart
// from journal.ts so a program that only reports the error (azcloudhsm_util) does not load SQLite.
export class JournalDamaged extends Error {}

export class JournalCorruption extends JournalDamaged {
  constructor(
    readonly seq: number,
    reason: string,
  ) {
    super(`journal record ${seq} is corrupt: ${reason}`);
  }
}
