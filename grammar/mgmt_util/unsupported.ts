// Commands the Azure help lists name but the emulator does not build: their syntax is not public, or
// Azure Cloud HSM does not support them (password-only: no M of N, no MFA; backups are made by the service).
// The onboarding guide says M-of-N is "not supported"; how Azure's tool answers the quorum commands is not
// published, so the refusal's words are ours (unconfirmed).
import type { CommandSpec } from '../spec.ts';
import { BOTH, mgmt, SERVER_ONLY } from './define.ts';

const QUORUM = 'Azure Cloud HSM is password-only: M of N (quorum) authentication is not supported';
const MFA = 'Azure Cloud HSM is password-only: user authentication keys (MFA) are not supported';
const BACKUP = 'Azure Cloud HSM backups and restores are made by the service through the Azure API, not in mgmt_util';
const PRIVATE = 'its syntax and output are not public';

function unbuilt(name: string, summary: string, reason: string, scopes = BOTH): CommandSpec {
  return mgmt({ name, summary, description: [summary + '.'], args: [], examples: [name], scopes, freeForm: true, notBuilt: reason });
}

export const unsupportedCommands: readonly CommandSpec[] = [
  unbuilt('approveToken', 'Approves an M of N token', QUORUM),
  unbuilt('delToken', 'Deletes M of N tokens', QUORUM),
  unbuilt('getToken', 'Initiates an M of N service and gets a token', QUORUM),
  unbuilt('listTokens', 'Lists the M of N tokens', QUORUM),
  unbuilt('getMValue', 'Shows the M value of a service', QUORUM),
  unbuilt('setMValue', 'Sets the M value of a service', QUORUM),
  unbuilt('getTokenTimeout', 'Shows the token timeout', QUORUM),
  unbuilt('setTokenTimeout', 'Sets the token timeout', QUORUM),
  unbuilt('registerQuorumPubKey', 'Registers a quorum public key', QUORUM),
  unbuilt('registerMofnPubKey', 'Registers an M of N public key', QUORUM),
  unbuilt('registerUserAuthPubKey', 'Registers a user authentication key', MFA),
  unbuilt('deregisterUserAuthPubKey', 'Removes a user authentication key', MFA),
  unbuilt('listUserAuthPubKeys', 'Lists user authentication keys', MFA),
  unbuilt('resetUserAuthPubKey', 'Resets a user authentication key', MFA),
  unbuilt('setUserAuthPubKey', 'Sets a user authentication key', MFA),
  unbuilt('updateUserAuthPubKey', 'Updates a user authentication key', MFA),
  unbuilt('getAuditUDD', 'Gets the audit UDD', PRIVATE),
  unbuilt('setAuditUDD', 'Sets or clears the audit UDD', PRIVATE),
  unbuilt('getPolicy', 'Shows a partition policy', PRIVATE),
  unbuilt('setPolicy', 'Sets a partition policy', PRIVATE),
  unbuilt('setHSMConfig', 'Sets an HSM configuration value', PRIVATE),
  unbuilt('listKBKSlots', 'Lists the key backup key slots', PRIVATE),
  unbuilt('setKBKPrimary', 'Sets the primary key backup key', PRIVATE),
  unbuilt('storeFixedKey', 'Stores a fixed key', PRIVATE),
  unbuilt('getConfigPreGenCacheSize', 'Shows the configured key pre-generation cache size', PRIVATE),
  unbuilt('setConfigPreGenCacheSize', 'Sets the key pre-generation cache size', PRIVATE),
  unbuilt('getPreGenCacheSize', 'Shows the key pre-generation cache size', PRIVATE),
  unbuilt('smAppCtrl', 'Controls a security module application', PRIVATE),
  unbuilt('smAppDelete', 'Deletes a security module application', PRIVATE),
  unbuilt('smAppDiagInfo', 'Shows diagnostics of a security module application', PRIVATE),
  unbuilt('smAppUpdate', 'Updates a security module application', PRIVATE),
  unbuilt('backupPartition', 'Backs up the partition', BACKUP, SERVER_ONLY),
  unbuilt('restorePartition', 'Restores the partition from a backup', BACKUP, SERVER_ONLY),
  unbuilt('clone', 'Clones the partition to another HSM', BACKUP, SERVER_ONLY),
  unbuilt('generateKEK', 'Generates the partition key encryption key', PRIVATE, SERVER_ONLY),
  unbuilt('SAFE_STATE', 'Puts the partition in safe state (name as printed in the Azure help; unconfirmed)', PRIVATE, SERVER_ONLY),
];
