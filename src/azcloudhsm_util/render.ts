// The text azcloudhsm_util prints that its commands share: the `<Cfm3Function> returned: 0x.. : <text>`
// line, the `Cluster Status:` block with Node id 1..3, and the standard layout of a command's answer
// (reference azcloudhsm_util.md). Each command's own lines are with its registry entry (commands/*.ts).
import { returnCodes, type ReturnCodeName } from '../../emulator/domain/return-codes.ts';
import type { NodeOutcome, RefusalReason } from '../../emulator/operations/operation.ts';
import { data, explanation, failure, type Line, success, warning } from '../output.ts';
import { hex } from '../text/hex.ts';
import { overallCode, reasonOf } from '../text/outcome.ts';
import type { AttestationCheck } from './command.ts';

export { overallCode, reasonOf };

function kindOf(code: ReturnCodeName): 'success' | 'failure' {
  return code === 'SUCCESS' ? 'success' : 'failure';
}

/** `Cfm3GenerateSymmetricKey returned: 0x00 : HSM Return: SUCCESS` (after `indent`). */
export function returnedLine(fn: string, code: ReturnCodeName, indent = ''): Line {
  const r = returnCodes[code];
  return { text: `${indent}${fn} returned: ${hex(r.code, 2)} : ${r.text}`, kind: kindOf(code) };
}

/**
 * The vendor source's own form of a result line (`"\n\t%s returned: 0x%02x %s%s\n"` with `"\n\n\t"` when the
 * code is not 0): a failure's text on a line of its own after a blank line. AWS's verify page prints it
 * so (`Cfm3Verify returned: 0x1b`, blank, `CSP Error: ERR_BAD_PKCS_DATA`); other pages print failures on
 * one line, which the other commands keep (unconfirmed which form Azure's build prints for them).
 */
export function returnedLines(fn: string, code: ReturnCodeName): Line[] {
  if (code === 'SUCCESS') return [returnedLine(fn, code)];
  const r = returnCodes[code];
  return [...failure(`${fn} returned: ${hex(r.code, 2)}`), ...data(''), ...failure(r.text)];
}

/** The cluster block: one line per member node, numbered 1..3 as Azure's azcloudhsm_util does. */
export function clusterBlock<N>(outcomes: readonly NodeOutcome<N>[]): Line[] {
  return [
    ...data('Cluster Status:'),
    ...outcomes.map((o) => ({ text: `Node id ${o.server + 1} status: ${hex(returnCodes[o.code].code, 8)} : ${returnCodes[o.code].text}`, kind: kindOf(o.code) })),
  ];
}


/** A refusal's reason: a line the real tool prints (after a blank line), or the emulator's note. */
export function reasonLines(reason: RefusalReason | undefined): Line[] {
  if (!reason) return [];
  return reason.kind === 'printed' ? [...data(''), ...failure(reason.text)] : explanation(reason.text);
}

/**
 * Some nodes did it and some refused with an HSM error: the change is made, on those nodes only (a
 * node that was unreachable gets it later from the journal, so it does not count).
 */
export function partial<N>(outcomes: readonly NodeOutcome<N>[]): boolean {
  return outcomes.some((o) => o.code === 'SUCCESS') && outcomes.some((o) => o.code !== 'SUCCESS' && o.code !== 'SERVER_UNAVAILABLE');
}

/**
 * The lines of a command that makes a key: `standard`, except for a key made on some nodes only. That
 * is no bare failure: as the vendor's source does for RET_CLUSTER_OPERATION_INCOMPLETE, the result line
 * says so, the handle line follows anyway (a warning), and the cluster block gives each node's own
 * status, so an operator does not retry and make the key twice.
 */
export function keyMade<N>(fn: string, outcomes: readonly NodeOutcome<N>[], done: readonly Line[]): Line[] {
  if (!partial(outcomes)) return standard(fn, outcomes, done);
  const handles = done.map((l) => (l.kind === 'success' ? { ...l, kind: 'warning' as const } : l));
  return [...data(''), returnedLine(fn, 'CLUSTER_OPERATION_INCOMPLETE'), ...data(''), ...handles, ...data(''), ...clusterBlock(outcomes)];
}

/** `returned` line, then (on success) the command's lines, then the cluster block, each separated by a blank line. */
export function standard<N>(fn: string, outcomes: readonly NodeOutcome<N>[], done: readonly Line[] = []): Line[] {
  const code = overallCode(outcomes);
  const lines = [...data(''), returnedLine(fn, code)];
  if (code !== 'SUCCESS') lines.push(...reasonLines(reasonOf(outcomes)));
  if (code === 'SUCCESS' && done.length > 0) lines.push(...data(''), ...done);
  lines.push(...data(''), ...clusterBlock(outcomes));
  return lines;
}

/** A failed command of the kind that prints no cluster block: its `returned` line and the HSM's reason. */
export function failedLines<N>(fn: string, outcomes: readonly NodeOutcome<N>[]): Line[] {
  return [...data(''), returnedLine(fn, overallCode(outcomes)), ...reasonLines(reasonOf(outcomes))];
}

/**
 * With -attest, after the handle line: `Attestation Check : [PASS]` (AWS's genSymKey page; the vendor source
 * prints `\n\tAttestation Check : [%s]\n` once it has checked the signature).
 */
export function attestationLines(ctx: { readonly attestation?: AttestationCheck }): Line[] {
  if (!ctx.attestation) return [];
  const text = `Attestation Check : [${ctx.attestation}]`;
  return [...data(''), ...(ctx.attestation === 'PASS' ? success(text) : failure(text))];
}

/** A file that could not be written, in place of the command's success text. */
export function writeFailed(error: string): Line[] {
  return [...data(''), ...failure(`\t${error}`)];
}

/**
 * The command list (`help`, an unknown command, the start of a session): the vendor source prints
 * `"\n"` and then `"\nHelp Commands Available:"`, so two blank lines come before it.
 */
export function helpListLines(list: string): Line[] {
  return data('', '', list);
}
