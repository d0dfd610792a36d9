// The text azcloudhsm_util prints: the `<Cfm3Function> returned: 0x.. : <text>` line, the
// `Cluster Status:` block with Node id 1..3, and each command's own lines (reference azcloudhsm_util.md).
import { attributes } from '../../emulator/domain/attributes.ts';
import { eccCurves } from '../../emulator/domain/curves.ts';
import { returnCodes, type ReturnCodeName, returnCodeByValue } from '../../emulator/domain/return-codes.ts';
import type { NodeOutcome } from '../../emulator/decide/common.ts';
import type { FoundKeys, KeyInfo } from '../../emulator/decide/keys-manage.ts';
import type { UserView } from '../../emulator/decide/users.ts';

export function hex(code: number, width: number): string {
  return `0x${code.toString(16).padStart(width, '0')}`;
}

/** `Cfm3GenerateSymmetricKey returned: 0x00 : HSM Return: SUCCESS` */
export function returnedLine(fn: string, code: ReturnCodeName): string {
  const r = returnCodes[code];
  return `${fn} returned: ${hex(r.code, 2)} : ${r.text}`;
}

/** The cluster block: one line per member node, numbered 1..3 as Azure's azcloudhsm_util does. */
export function clusterBlock(outcomes: readonly NodeOutcome[]): string[] {
  return [
    'Cluster Status:',
    ...outcomes.map((o) => `Node id ${o.server + 1} status: ${hex(returnCodes[o.code].code, 8)} : ${returnCodes[o.code].text}`),
  ];
}

/** One code for the command: the first real HSM error, else success when some node succeeded. */
export function overallCode(outcomes: readonly NodeOutcome[]): ReturnCodeName {
  const error = outcomes.find((o) => o.code !== 'SUCCESS' && o.code !== 'SERVER_UNAVAILABLE');
  if (error) return error.code;
  if (outcomes.some((o) => o.code === 'SUCCESS')) return 'SUCCESS';
  return outcomes[0]?.code ?? 'SERVER_UNAVAILABLE';
}

/** The reason the HSM gave in words, when it gave one (bad size, wrong key type, ...). */
export function reasonOf(outcomes: readonly NodeOutcome[]): string | undefined {
  for (const o of outcomes) {
    const reason = (o.data as { reason?: string } | undefined)?.reason;
    if (o.code !== 'SUCCESS' && reason) return reason;
  }
  return undefined;
}

/** `returned` line, then (on success) the command's lines, then the cluster block, each separated by a blank line. */
export function standard(fn: string, outcomes: readonly NodeOutcome[], success: readonly string[] = []): string[] {
  const code = overallCode(outcomes);
  const lines = ['', returnedLine(fn, code)];
  const reason = reasonOf(outcomes);
  if (code !== 'SUCCESS' && reason) lines.push('', reason);
  if (code === 'SUCCESS' && success.length > 0) lines.push('', ...success);
  lines.push('', ...clusterBlock(outcomes));
  return lines;
}

export function findKeyLines(outcomes: readonly NodeOutcome[], found: FoundKeys | undefined): string[] {
  const code = overallCode(outcomes);
  const lines = [''];
  if (found) {
    lines.push(`Total number of keys present: ${found.total}`);
    if (found.handles.length > 0) {
      lines.push('', `Number of matching keys from start index 0::${found.handles.length - 1}`, '', 'Handles of matching keys:');
      for (let i = 0; i < found.handles.length; i += 15) lines.push(found.handles.slice(i, i + 15).join(', ') + (i + 15 < found.handles.length ? ',' : ''));
    }
    lines.push('');
  }
  lines.push(...clusterBlock(outcomes), '', returnedLine('Cfm3FindKey', code));
  return lines;
}

export function keyInfoLines(outcomes: readonly NodeOutcome[], info: KeyInfo | undefined): string[] {
  const code = overallCode(outcomes);
  const lines = ['', returnedLine('Cfm3GetKey', code)];
  if (code !== 'SUCCESS' || !info) return lines;
  lines.push('', `${info.token ? 'Token/Flash Key,' : 'Session Key,'}`, '', `Owned by user ${info.owner}`);
  if (info.sharedWith.length > 0) {
    lines.push('', `also, shared to following ${info.sharedWith.length} user(s):`, '', ...info.sharedWith.map((u) => `         ${u}`));
  }
  if (info.mValue > 1) lines.push(` ${info.mValue} Users need to approve to use/manage this key`);
  return lines;
}

export function listUsersLines(outcomes: readonly NodeOutcome[]): string[] {
  const code = overallCode(outcomes);
  const first = outcomes.find((o) => o.code === 'SUCCESS');
  const lines: string[] = [''];
  if (first) {
    const users = first.data as UserView[];
    lines.push(
      `\tNumber Of Users Found: ${users.length}`,
      '',
      '\tIndex\t    User ID    \tUser Type\tUser Name\t\t\t   MofnPubKey\t LoginFailureCnt\t 2FA',
      ...users.map(
        (u, i) => `\t${i + 1}\t${String(u.id).padStart(10)}\t${u.type}\t\t${u.name.padEnd(32)}\t${'NO'.padStart(3)} ${String(u.loginFailures).padStart(15)}\t\t ${'NO'.padStart(3)}`,
      ),
      '',
    );
  }
  lines.push(`\t${returnedLine('Cfm3ListUsers', code)}`);
  return lines;
}

export function listAttributesLines(): string[] {
  // The key_mgmt_util list: the short one of getAttribute's -a values, plus DERIVE (newer builds).
  const names = new Set([
    'OBJ_ATTR_CLASS', 'OBJ_ATTR_TOKEN', 'OBJ_ATTR_PRIVATE', 'OBJ_ATTR_LABEL', 'OBJ_ATTR_TRUSTED', 'OBJ_ATTR_KEY_TYPE', 'OBJ_ATTR_ID',
    'OBJ_ATTR_SENSITIVE', 'OBJ_ATTR_ENCRYPT', 'OBJ_ATTR_DECRYPT', 'OBJ_ATTR_WRAP', 'OBJ_ATTR_UNWRAP', 'OBJ_ATTR_SIGN', 'OBJ_ATTR_VERIFY',
    'OBJ_ATTR_DERIVE', 'OBJ_ATTR_LOCAL', 'OBJ_ATTR_MODULUS', 'OBJ_ATTR_MODULUS_BITS', 'OBJ_ATTR_PUBLIC_EXPONENT', 'OBJ_ATTR_VALUE_LEN',
    'OBJ_ATTR_EXTRACTABLE', 'OBJ_ATTR_NEVER_EXTRACTABLE', 'OBJ_ATTR_ALWAYS_SENSITIVE', 'OBJ_ATTR_DESTROYABLE', 'OBJ_ATTR_KCV',
    'OBJ_ATTR_WRAP_WITH_TRUSTED',
  ]);
  return [
    '',
    'Description',
    '===========',
    'The following are all of the possible attribute values for getAttributes.',
    '',
    ...attributes.entries.filter((a) => names.has(a.name)).map((a) => `      ${a.name.padEnd(32)}= ${a.code}`),
    '',
  ];
}

export function listEccCurveLines(): string[] {
  return [
    '',
    'Description',
    '===========',
    'The following are HSM supported ECC CurveIds',
    '',
    ...eccCurves.entries.map((c) => `      ${c.name.padEnd(32)}= ${c.code}`),
    '',
  ];
}

/** Error2String: `Error Code db maps to HSM Error: Invalid User Type.` (-r as 0xdb, 219 or 0333). */
export function error2StringLines(raw: string): string[] {
  const code = /^0x[0-9a-f]+$/i.test(raw) ? parseInt(raw, 16) : /^0[0-7]+$/.test(raw) ? parseInt(raw, 8) : /^\d+$/.test(raw) ? parseInt(raw, 10) : 0;
  const known = returnCodeByValue(code);
  return ['', `\tError Code ${code.toString(16)} maps to ${known ? known.text : 'HSM Error: Unknown error code'}`];
}

/** aesWrapUnwrap's `result data:` dump: upper-case hex bytes, 8 to a line, each followed by a space. */
export function hexDump(bytes: Buffer): string[] {
  const lines: string[] = [];
  for (let i = 0; i < bytes.length; i += 8) {
    lines.push([...bytes.subarray(i, i + 8)].map((b) => b.toString(16).toUpperCase().padStart(2, '0') + ' ').join(''));
  }
  return lines;
}
