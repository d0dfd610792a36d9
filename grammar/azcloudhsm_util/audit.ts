// Audit Log Commands (Azure only). Their syntax is not public: listed in `help`, not built.
import { PRIVATE, unbuilt } from './define.ts';

const group = 'Audit Log Commands';

export const getAuditUDD = unbuilt({ name: 'getAuditUDD', group, summary: 'Get the audit UDD', notBuilt: PRIVATE });
export const setAuditUDD = unbuilt({ name: 'setAuditUDD', group, summary: 'Set/Clear the audit UDD', notBuilt: PRIVATE });

export const auditCommands = { getAuditUDD, setAuditUDD };
