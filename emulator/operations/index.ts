// Every core operation, by name. The tools' front ends map their command names onto these (see
// src/mgmt_util/commands/ and src/azcloudhsm_util/commands/); the client daemon serves some of them on
// its socket (src/client/protocol.ts).
import * as certificates from './certificates.ts';
import * as clusterInfo from './cluster-info.ts';
import * as keyCrypto from './key-crypto.ts';
import * as keyGeneration from './key-generation.ts';
import * as keyManagement from './key-management.ts';
import * as keySharing from './key-sharing.ts';
import * as keyTransfer from './key-transfer.ts';
import * as maskedObjects from './masked-objects.ts';
import type { AnyOperation } from './operation.ts';
import * as users from './users.ts';

export const operations = {
  login: users.login,
  logout: users.logout,
  createUser: users.createUser,
  deleteUser: users.deleteUser,
  changePassword: users.changePassword,
  listUsers: users.listUsers,
  describeUser: users.describeUser,
  copyUserToServer: users.copyUserToServer,
  locateUsers: users.locateUsers,
  unlockUser: users.unlockUser,
  issueUnlockChallenge: users.issueUnlockChallenge,
  unlockCryptoOfficer: users.unlockCryptoOfficer,
  createPartitionCsr: certificates.createPartitionCsr,
  storeCertificate: certificates.storeCertificate,
  readCertificate: certificates.readCertificate,
  describeCluster: clusterInfo.describeCluster,
  describeHsm: clusterInfo.describeHsm,
  describePartition: clusterInfo.describePartition,
  generateSymmetricKey: keyGeneration.generateSymmetricKey,
  generateKeyPair: keyGeneration.generateKeyPair,
  findKeys: keyManagement.findKeys,
  checkKeyHandle: keyManagement.checkKeyHandle,
  deleteKey: keyManagement.deleteKey,
  describeKeyOwnership: keyManagement.describeKeyOwnership,
  readKeyAttributes: keyManagement.readKeyAttributes,
  persistSessionKey: keyManagement.persistSessionKey,
  exportPublicKey: keyManagement.exportPublicKey,
  importPublicKey: keyManagement.importPublicKey,
  listUserKeys: keySharing.listUserKeys,
  setKeyAttribute: keySharing.setKeyAttribute,
  shareKey: keySharing.shareKey,
  changeKeyOwner: keySharing.changeKeyOwner,
  copyKeyToServer: keySharing.copyKeyToServer,
  locateKeys: keySharing.locateKeys,
  wrapKey: keyTransfer.wrapKey,
  unwrapKey: keyTransfer.unwrapKey,
  exportKey: keyTransfer.exportKey,
  importKey: keyTransfer.importKey,
  extractMaskedObject: maskedObjects.extractMaskedObject,
  insertMaskedObject: maskedObjects.insertMaskedObject,
  signMessage: keyCrypto.signMessage,
  verifySignature: keyCrypto.verifySignature,
  aesWrapData: keyCrypto.aesWrapData,
  encryptData: keyCrypto.encryptData,
  computeHmac: keyCrypto.computeHmac,
  generateRandom: keyCrypto.generateRandom,
  makeFakePrivateKeyPem: keyCrypto.makeFakePrivateKeyPem,
  checkKeyHandleFile: keyCrypto.checkKeyHandleFile,
} satisfies Record<string, AnyOperation>;

export type OperationName = keyof typeof operations;
