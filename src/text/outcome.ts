// One reading of what the servers answered, for the clients of the daemon (azcloudhsm_util, pkpspeed),
// which show one result for a command that ran on every node.
import type { ReturnCodeName } from '../../emulator/domain/return-codes.ts';
import type { NodeOutcome, RefusalReason } from '../../emulator/operations/operation.ts';

/** One code for the command: the first real HSM error, else success when some node succeeded. */
export function overallCode<N>(outcomes: readonly NodeOutcome<N>[]): ReturnCodeName {
  const error = outcomes.find((o) => o.code !== 'SUCCESS' && o.code !== 'SERVER_UNAVAILABLE');
  if (error) return error.code;
  if (outcomes.some((o) => o.code === 'SUCCESS')) return 'SUCCESS';
  return outcomes[0]?.code ?? 'SERVER_UNAVAILABLE';
}

/** Why the servers refused, when one said more than its code (a line the tool prints, or our note). */
export function reasonOf<N>(outcomes: readonly NodeOutcome<N>[]): RefusalReason | undefined {
  for (const o of outcomes) if (o.code !== 'SUCCESS' && o.reason) return o.reason;
  return undefined;
}
