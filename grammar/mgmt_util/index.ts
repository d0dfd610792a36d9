// Every azcloudhsm_mgmt_util command, one spec each. The Azure `help` lists (global and server scope)
// are derived from this table and each spec's `scopes`.
import type { Grammar } from '../parse.ts';
import type { CommandSpec } from '../spec.ts';
import * as certs from './certs.ts';
import * as hsm from './hsm.ts';
import * as keys from './keys.ts';
import * as session from './session.ts';
import { unsupportedCommands } from './unsupported.ts';
import * as users from './users.ts';

export const mgmtCommands: readonly CommandSpec[] = [
  ...Object.values(session),
  ...Object.values(users),
  ...Object.values(certs),
  ...Object.values(hsm),
  ...Object.values(keys),
  ...unsupportedCommands,
];

export const mgmtGrammar: Grammar = { tool: 'azcloudhsm_mgmt_util', commands: mgmtCommands };
