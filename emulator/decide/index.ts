// decide: command + state -> events and per-server outcomes. Handlers are pure apart from the Env
// (clock, randomness, sealer) passed in; the journal and the terminal are elsewhere.
import type { ClusterState } from '../model.ts';
import type { CoreCommand, Decision, DecideContext, Handler } from './common.ts';
import * as certs from './certs.ts';
import * as info from './info.ts';
import * as users from './users.ts';

const handlers: Readonly<Record<string, Handler>> = {
  loginHSM: users.loginHSM,
  logoutHSM: users.logoutHSM,
  createUser: users.createUser,
  deleteUser: users.deleteUser,
  changePswd: users.changePswd,
  listUsers: users.listUsers,
  getUserInfo: users.getUserInfo,
  syncUser: users.syncUser,
  getUserDiffMap: users.getUserDiffMap,
  unlockUser: users.unlockUser,
  getChallenge: users.getChallenge,
  unlockCO: users.unlockCO,
  getCertReq: certs.getCertReq,
  storeCert: certs.storeCert,
  getCert: certs.getCert,
  getClusterInfo: info.getClusterInfo,
  getHSMInfo: info.getHSMInfo,
  getPartitionInfo: info.getPartitionInfo,
};

export function hasHandler(name: string): boolean {
  return name in handlers;
}

export function decide(cmd: CoreCommand, state: ClusterState, ctx: DecideContext): Decision {
  const handler = handlers[cmd.name];
  if (!handler) throw new Error(`no decider for ${cmd.name}`);
  return handler(cmd, state, ctx);
}
