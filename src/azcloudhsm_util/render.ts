// The text azcloudhsm_util prints that its commands share: the `<Cfm3Function> returned: 0x.. : <text>`
// line, the `Cluster Status:` block with Node id 1..3, and the standard layout of a command's answer
// (reference azcloudhsm_util.md). Each command's own lines are with its registry entry (commands/*.ts).
import { returnCodes, type ReturnCodeName } from '../../emulator/domain/return-codes.ts';
import type { NodeOutcome } from '../../emulator/operations/operation.ts';
import { data, failure, type Line, success } from '../output.ts';
import { hex } from '../text/hex.ts';
import { overallCode, reasonOf } from '../text/outcome.ts';

export { overallCode, reasonOf };

function kindOf(code: ReturnCodeName): 'success' | 'failure' {
  return code === 'SUCCESS' ? 'success' : 'failure';
}

/** `Cfm3GenerateSymmetricKey returned: 0x00 : HSM Return: SUCCESS` (after `indent`). */
export function returnedLine(fn: string, code: ReturnCodeName, indent = ''): Line {
  const r = returnCodes[code];
  return { text: `${indent}${fn} returned: ${hex(r.code, 2)} : ${r.text}`, kind: kindOf(code) };
}

/** The cluster block: one line per member node, numbered 1..3 as Azure's azcloudhsm_util does. */
export function clusterBlock<N>(outcomes: readonly NodeOutcome<N>[]): Line[] {
  return [
    ...data('Cluster Status:'),
    ...outcomes.map((o) => ({ text: `Node id ${o.server + 1} status: ${hex(returnCodes[o.code].code, 8)} : ${returnCodes[o.code].text}`, kind: kindOf(o.code) })),
  ];
}


/** `returned` line, then (on success) the command's lines, then the cluster block, each separated by a blank line. */
export function standard<N>(fn: string, outcomes: readonly NodeOutcome<N>[], done: readonly string[] = []): Line[] {
  const code = overallCode(outcomes);
  const lines = [...data(''), returnedLine(fn, code)];
  const reason = reasonOf(outcomes);
  if (code !== 'SUCCESS' && reason) lines.push(...data(''), ...failure(reason));
  if (code === 'SUCCESS' && done.length > 0) lines.push(...data(''), ...success(...done));
  lines.push(...data(''), ...clusterBlock(outcomes));
  return lines;
}

/** A failed command of the kind that prints no cluster block: its `returned` line and the HSM's reason. */
export function failedLines<N>(fn: string, outcomes: readonly NodeOutcome<N>[]): Line[] {
  const reason = reasonOf(outcomes);
  return [...data(''), returnedLine(fn, overallCode(outcomes)), ...(reason ? [...data(''), ...failure(reason)] : [])];
}

/** A file that could not be written, in place of the command's success text. */
export function writeFailed(error: string): Line[] {
  return [...data(''), ...failure(`\t${error}`)];
}
