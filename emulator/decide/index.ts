// decide: command + state -> events and per-server outcomes. Handlers are pure apart from the Env
// (clock, randomness, sealer) passed in; the journal and the terminal are elsewhere. The two tools share
// a command name now and then (setAttribute) with different meanings, so each has its own table.
import type { ClusterState } from '../model.ts';
import * as certs from './certs.ts';
import type { CoreCommand, Decision, DecideContext, Handler } from './common.ts';
import * as info from './info.ts';
import * as crypto from './keys-crypto.ts';
import * as generate from './keys-generate.ts';
import * as manage from './keys-manage.ts';
import * as mgmtKeys from './keys-mgmt.ts';
import * as transfer from './keys-transfer.ts';
import * as users from './users.ts';

const shared: Readonly<Record<string, Handler>> = {
  loginHSM: users.loginHSM,
  logoutHSM: users.logoutHSM,
  listUsers: users.listUsers,
  getHSMInfo: info.getHSMInfo,
  getPartitionInfo: info.getPartitionInfo,
  getCert: certs.getCert,
  getKeyInfo: manage.getKeyInfo,
  getAttribute: manage.getAttribute,
};

const mgmtHandlers: Readonly<Record<string, Handler>> = {
  ...shared,
  createUser: users.createUser,
  deleteUser: users.deleteUser,
  changePswd: users.changePswd,
  getUserInfo: users.getUserInfo,
  syncUser: users.syncUser,
  getUserDiffMap: users.getUserDiffMap,
  unlockUser: users.unlockUser,
  getChallenge: users.getChallenge,
  unlockCO: users.unlockCO,
  getCertReq: certs.getCertReq,
  storeCert: certs.storeCert,
  getClusterInfo: info.getClusterInfo,
  findAllKeys: mgmtKeys.findAllKeys,
  setAttribute: mgmtKeys.setAttribute,
  shareKey: mgmtKeys.shareKey,
  modifyKeyOwner: mgmtKeys.modifyKeyOwner,
  syncKey: mgmtKeys.syncKey,
  getKeyDiffMap: mgmtKeys.getKeyDiffMap,
};

const utilHandlers: Readonly<Record<string, Handler>> = {
  ...shared,
  genSymKey: generate.genSymKey,
  genRSAKeyPair: generate.genRSAKeyPair,
  genECCKeyPair: generate.genECCKeyPair,
  genDSAKeyPair: generate.genDSAKeyPair,
  findKey: manage.findKey,
  findSingleKey: manage.findSingleKey,
  deleteKey: manage.deleteKey,
  setAttribute: manage.setAttributeUtil,
  exportPubKey: manage.exportPubKey,
  importPubKey: manage.importPubKey,
  createPublicKey: manage.createPublicKey,
  wrapKey: transfer.wrapKey,
  unWrapKey: transfer.unWrapKey,
  exSymKey: transfer.exSymKey,
  imSymKey: transfer.imSymKey,
  exportPrivateKey: transfer.exportPrivateKey,
  importPrivateKey: transfer.importPrivateKey,
  sign: crypto.sign,
  verify: crypto.verify,
  aesWrapUnwrap: crypto.aesWrapUnwrap,
  getCaviumPrivKey: crypto.getCaviumPrivKey,
  IsValidKeyHandlefile: crypto.IsValidKeyHandlefile,
};

function handlersFor(ctx: DecideContext): Readonly<Record<string, Handler>> {
  return ctx.session.tool === 'util' ? utilHandlers : mgmtHandlers;
}

export function decide(cmd: CoreCommand, state: ClusterState, ctx: DecideContext): Decision {
  const handler = handlersFor(ctx)[cmd.name];
  if (!handler) throw new Error(`no decider for ${cmd.name}`);
  return handler(cmd, state, ctx);
}
