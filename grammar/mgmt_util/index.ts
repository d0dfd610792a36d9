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

/** The specs by command name: the mgmt_util registry (src/mgmt_util/registry.ts) has an entry for each one built. */
export const mgmtSpecs = { ...session, ...users, ...certs, ...hsm, ...keys };

export const mgmtCommands: readonly CommandSpec[] = [...Object.values(mgmtSpecs), ...unsupportedCommands];

export const mgmtGrammar: Grammar = { tool: 'azcloudhsm_mgmt_util', commands: mgmtCommands };
