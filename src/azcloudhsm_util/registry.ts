// azcloudhsm_util's registry: every command the emulator builds, joined to its spec, the daemon
// operation it runs and its renderer (commands/*.ts, grouped as grammar/azcloudhsm_util is). Its type
// demands an entry for every built spec of grammar/azcloudhsm_util: a command half added does not compile.
import type { UtilRegistry } from './command.ts';
import { adminCommands } from './commands/admin.ts';
import { certCommands } from './commands/certs.ts';
import { cryptoCommands } from './commands/crypto.ts';
import { helperCommands } from './commands/helpers.ts';
import { importExportCommands } from './commands/import-export.ts';
import { keygenCommands } from './commands/keygen.ts';
import { managementCommands } from './commands/management.ts';
import { toolCommands } from './commands/tool.ts';
import { transferCommands } from './commands/transfer.ts';

export const utilRegistry: UtilRegistry = {
  ...toolCommands,
  ...adminCommands,
  ...keygenCommands,
  ...importExportCommands,
  ...managementCommands,
  ...certCommands,
  ...transferCommands,
  ...cryptoCommands,
  ...helperCommands,
};
