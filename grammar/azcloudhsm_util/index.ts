// Every azcloudhsm_util command, one spec each, in the order of the `help` list: the list, its groups
// and their order are derived from this table (see utilHelpList in ../help.ts).
import type { Grammar } from '../parse.ts';
import type { CommandSpec } from '../spec.ts';
import { adminCommands } from './admin.ts';
import { auditCommands } from './audit.ts';
import { certCommands } from './certs.ts';
import { contextCommands } from './context.ts';
import { cryptoCommands } from './crypto.ts';
import { helperCommands } from './helpers.ts';
import { importExportCommands } from './import-export.ts';
import { derivationCommands, keygenCommands } from './keygen.ts';
import { managementCommands } from './management.ts';
import { quorumCommands } from './quorum.ts';
import { toolCommands } from './tool.ts';
import { transferCommands } from './transfer.ts';

/** The specs by command name: the azcloudhsm_util registry (src/azcloudhsm_util/registry.ts) has an entry for each one built. */
export const utilSpecs = {
  ...toolCommands,
  ...adminCommands,
  ...auditCommands,
  ...contextCommands,
  ...quorumCommands,
  ...keygenCommands,
  ...derivationCommands,
  ...importExportCommands,
  ...managementCommands,
  ...certCommands,
  ...transferCommands,
  ...cryptoCommands,
  ...helperCommands,
};

export const utilCommands: readonly CommandSpec[] = Object.values(utilSpecs);

export const utilGrammar: Grammar = { tool: 'azcloudhsm_util', commands: utilCommands };
