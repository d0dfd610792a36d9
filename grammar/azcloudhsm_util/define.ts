// Shorthands for writing azcloudhsm_util specs; the specs themselves are in the sibling files.
// Every argument is a `-flag`, and its `name` is the flag without the dash (`-m_value` -> 'm_value'):
// the command handlers read the parsed values under those names.
import type { ArgSpec, CommandSpec, ValueKind } from '../spec.ts';

export function util(spec: Omit<CommandSpec, 'tool'>): CommandSpec {
  return { tool: 'azcloudhsm_util', ...spec };
}

/** A required `-flag value` argument. */
export function flag(f: string, display: string, value: ValueKind, help: string, extra: Partial<ArgSpec> = {}): ArgSpec {
  return { name: f.slice(1), flag: f, display, value, help, ...extra };
}

/** An optional `-flag value` argument. */
export function opt(f: string, display: string, value: ValueKind, help: string, extra: Partial<ArgSpec> = {}): ArgSpec {
  return flag(f, display, value, help, { optional: true, ...extra });
}

/** A switch: present or absent, no value. */
export function sw(f: string, help: string, extra: Partial<ArgSpec> = {}): ArgSpec {
  return opt(f, '', SWITCH, help, extra);
}

/** A spec the emulator does not build: says why, and takes whatever follows the name. */
export function unbuilt(spec: Omit<CommandSpec, 'tool' | 'args' | 'examples' | 'description' | 'freeForm'> & {
  readonly notBuilt: string;
  readonly description?: readonly string[];
}): CommandSpec {
  return util({
    args: [],
    examples: [spec.name],
    description: [spec.summary.replace(/\n/g, ' ') + '.'],
    freeForm: true,
    ...spec,
  });
}

// ---- value kinds ---------------------------------------------------------------------------------

export const SWITCH: ValueKind = { kind: 'switch' };
export const TEXT: ValueKind = { kind: 'text' };
export const HEX: ValueKind = { kind: 'hex' };
export const HANDLE: ValueKind = { kind: 'keyHandle' };
export const READ: ValueKind = { kind: 'file', mode: 'read' };
export const WRITE: ValueKind = { kind: 'file', mode: 'write' };
export const USER_IDS: ValueKind = { kind: 'userIdList' };

export function int(min?: number, max?: number, multipleOf?: number): ValueKind {
  return { kind: 'int', min, max, multipleOf };
}

/** The largest value readIntegerArg takes (2^31 - 1). */
export const INT_MAX = 2147483647;
/** Servers in the emulated cluster: `-min_srv` above it prints the help, as on the real tool. */
export const CLUSTER_SIZE = 3;

// ---- reasons a command is not built ----------------------------------------------------------------

export const PRIVATE = 'Azure-only command: its syntax and output are not public';
export const QUORUM = 'Azure Cloud HSM is password-only: M of N (quorum) tokens are not supported';

// ---- arguments many commands share ---------------------------------------------------------------

export const labelArg = flag('-l', '<label>', TEXT, 'specifies the key label', { missing: 'Key label' });
export const sessArg = sw('-sess', 'specifies key as session (ephemeral); default is a token (persistent) key');
export const nexArg = sw('-nex', 'set the key as non-extractable');
export const idArg = opt('-id', '<key ID>', TEXT, 'specifies key ID');
export const attestArg = sw('-attest', 'performs the attestation check on the firmware response');
export const usersArg = opt('-u', '<user-ids>', USER_IDS, 'specifies the comma separated list of user ids to share the key with (e.g. 4,5)', {
  excludes: [{ arg: 'sess', message: 'Error: sharing session keys is not allowed' }],
});
export const mValueArg = opt('-m_value', '<0..8>', int(0, 8), 'specifies the number of users who must approve any operation on the key (with -u)', {
  invalidMessage: 'Error: Invalid m_value.\nValid m_value range is 1 to 8',
});
export const minSrvArg = opt(
  '-min_srv',
  '<minimum number of servers>',
  int(1, CLUSTER_SIZE),
  'specifies the minimum number of servers the key must reach before the command returns',
);
export const timeoutArg = opt('-timeout', '<number of seconds>', int(0, INT_MAX), 'specifies how long to wait for -min_srv servers (only with -min_srv)', {
  needs: [{ arg: 'min_srv', message: 'Error: Minimum servers (-min_srv) option is missing' }],
});
export const wrapWithTrustedArg = opt(
  '-wrap_with_trusted',
  '<0|1>',
  int(0, 1),
  '<Azure> 1 (default): only a trusted key may wrap this key; 0: any wrapping key may',
);

/** The optional tail of the key generation commands, in the order their syntax lists it. */
export const keyGenOptions: readonly ArgSpec[] = [
  sessArg,
  nexArg,
  idArg,
  usersArg,
  mValueArg,
  attestArg,
  minSrvArg,
  timeoutArg,
  wrapWithTrustedArg,
];
