// Context based user authorization Commands (Azure only). Their syntax is not public: listed in
// `help`, not built.
import { PRIVATE, unbuilt } from './define.ts';

const group = 'Context based user authorization Commands';

export const allocContext = unbuilt({ name: 'allocContext', group, summary: 'Allocate Context', notBuilt: PRIVATE });
export const authUser = unbuilt({ name: 'authUser', group, summary: 'Authorize User', notBuilt: PRIVATE });
export const freeContext = unbuilt({ name: 'freeContext', group, summary: 'Free Context', notBuilt: PRIVATE });

export const contextCommands = { allocContext, authUser, freeContext };
