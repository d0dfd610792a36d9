// azcloudhsm_mgmt_util's registry: every command the emulator builds, joined to its spec, its core
// operation and its renderer (commands/*.ts, grouped as grammar/mgmt_util is). Its type demands an entry
// for every built spec of grammar/mgmt_util: a command half added does not compile.
import type { MgmtRegistry } from './command.ts';
import { certCommands } from './commands/certs.ts';
import { hsmCommands } from './commands/hsm.ts';
import { keyCommands } from './commands/keys.ts';
import { sessionCommands } from './commands/session.ts';
import { userCommands } from './commands/users.ts';

export const mgmtRegistry: MgmtRegistry = { ...sessionCommands, ...userCommands, ...certCommands, ...hsmCommands, ...keyCommands };
