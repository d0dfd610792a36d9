// Shorthands for writing azcloudhsm_mgmt_util specs; the specs themselves are in the sibling files.
// The helpers keep every literal (names, tables, optional flags) in the spec's type, so a command's
// parsed arguments are typed by its spec (ArgsOf in ../spec.ts).
import { userTypes } from '../../emulator/domain/users.ts';
import type { ArgSpec, CommandSpec, Scope, ValueKind } from '../spec.ts';

export const BOTH: readonly Scope[] = ['global', 'server'];
export const SERVER_ONLY: readonly Scope[] = ['server'];
export const GLOBAL_ONLY: readonly Scope[] = ['global'];

type MgmtSpecInput = Omit<CommandSpec, 'tool' | 'scopes'> & { readonly scopes?: readonly Scope[] };

export function mgmt<const S extends MgmtSpecInput>(spec: S): S & { readonly tool: 'azcloudhsm_mgmt_util'; readonly scopes: readonly Scope[] } {
  return { tool: 'azcloudhsm_mgmt_util', scopes: BOTH, ...spec };
}

export function arg<const N extends string, const V extends ValueKind, const X extends Partial<ArgSpec> = {}>(
  name: N,
  display: string,
  value: V,
  help: string,
  extra?: X,
): ArgSpec<N, V> & NoInfer<X> {
  return { name, display, value, help, ...(extra ?? ({} as X)) };
}

export const userTypeArg = arg('userType', '<user type>', { kind: 'code', table: userTypes }, 'PRECO, CO or CU (case-sensitive)');
export const userNameArg = arg('userName', '<user name>', { kind: 'userName' }, 'up to 31 letters, digits or _ (case-insensitive)');
export const passwordArg = arg('password', '<password | -hpswd>', { kind: 'password' }, '8 to 32 characters (case-sensitive); -hpswd asks for it hidden', {
  secret: true,
  hiddenPrompt: true,
});
export const serverIdArg = arg('serverId', '<server id>', { kind: 'serverId' }, 'server number as printed at start-up: 0, 1 or 2');
export const outputFileArg = arg('outputFile', '<output file>', { kind: 'file', mode: 'write' }, 'also write the output to this file', {
  optional: true,
});

/** Minimum and maximum password lengths of an Azure Cloud HSM partition (MinPswdLen / MaxPswdLen). */
export const PASSWORD_LENGTH = { min: 8, max: 32 } as const;

export const newPasswordArg = arg(
  'newPassword',
  '<password | -hpswd>',
  { kind: 'password', minLength: PASSWORD_LENGTH.min, maxLength: PASSWORD_LENGTH.max },
  '8 to 32 characters (case-sensitive); -hpswd asks for it hidden',
  { secret: true, hiddenPrompt: true },
);
