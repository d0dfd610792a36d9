// Shorthands for writing azcloudhsm_util specs; the specs themselves are in the sibling files.
// Every argument is a `-flag`, and its `name` is the flag without the dash (`-m_value` -> 'm_value'):
// the command's registry entry reads the parsed values under those names. The helpers keep every
// literal in the spec's type, so parsed arguments are typed by the spec (ArgsOf in ../spec.ts).
import type { ArgSpec, CommandSpec, ValueKind } from '../spec.ts';

export function util<const S extends Omit<CommandSpec, 'tool'>>(spec: S): S & { readonly tool: 'azcloudhsm_util' } {
  return { tool: 'azcloudhsm_util', ...spec };
}

type NameOf<F extends string> = F extends `-${infer N}` ? N : never;

/** A required `-flag value` argument. */
export function flag<const F extends `-${string}`, const V extends ValueKind, const X extends Partial<ArgSpec> = {}>(
  f: F,
  display: string,
  value: V,
  help: string,
  extra?: X,
): ArgSpec<NameOf<F>, V> & { readonly flag: F } & NoInfer<X> {
  const name = f.slice(1) as NameOf<F>;
  return { name, flag: f, display, value, help, ...(extra ?? ({} as X)) };
}

/** An optional `-flag value` argument. */
export function opt<const F extends `-${string}`, const V extends ValueKind, const X extends Partial<ArgSpec> = {}>(
  f: F,
  display: string,
  value: V,
  help: string,
  extra?: X,
): ArgSpec<NameOf<F>, V> & { readonly flag: F; readonly optional: true } & NoInfer<X> {
  return flag(f, display, value, help, { optional: true as const, ...(extra ?? ({} as X)) });
}

/** A switch: present or absent, no value. */
export function sw<const F extends `-${string}`, const X extends Partial<ArgSpec> = {}>(
  f: F,
  help: string,
  extra?: X,
): ArgSpec<NameOf<F>, typeof SWITCH> & { readonly flag: F; readonly optional: true } & NoInfer<X> {
  return opt(f, '', SWITCH, help, extra ?? ({} as X));
}

/** A spec the emulator does not build: says why, and takes whatever follows the name. */
export function unbuilt<const S extends Omit<CommandSpec, 'tool' | 'args' | 'examples' | 'description' | 'freeForm'> & { readonly notBuilt: string; readonly description?: readonly string[] }>(
  spec: S,
) {
  return util({
    args: [],
    examples: [spec.name],
    description: [spec.summary.replace(/\n/g, ' ') + '.'],
    freeForm: true,
    ...spec,
  });
}

/** Arguments with a different invalid-value message for some of them (genDSAKeyPair words its own). */
export function withInvalidMessages<const A extends readonly ArgSpec[]>(args: A, messages: Readonly<Record<string, string>>): A {
  // Each argument keeps its name and value kind, so the list keeps its type.
  return args.map((a) => (messages[a.name] === undefined ? a : { ...a, invalidMessage: messages[a.name] })) as unknown as A;
}

// ---- value kinds ---------------------------------------------------------------------------------

export const SWITCH = { kind: 'switch' } as const;
export const TEXT = { kind: 'text' } as const;
export const HEX = { kind: 'hex' } as const;
export const HANDLE = { kind: 'keyHandle' } as const;
export const READ = { kind: 'file', mode: 'read' } as const;
export const WRITE = { kind: 'file', mode: 'write' } as const;
export const USER_IDS = { kind: 'userIdList' } as const;

export function int(min?: number, max?: number, multipleOf?: number): { readonly kind: 'int'; readonly min?: number; readonly max?: number; readonly multipleOf?: number } {
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
export const keyGenOptions = [
  sessArg,
  nexArg,
  idArg,
  usersArg,
  mValueArg,
  attestArg,
  minSrvArg,
  timeoutArg,
  wrapWithTrustedArg,
] as const;
