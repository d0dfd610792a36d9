// mgmt_util user management.
import { creatableUserTypes } from '../arg-tables.ts';
import { arg, mgmt, newPasswordArg, outputFileArg, SERVER_ONLY, serverIdArg, userNameArg, userTypeArg } from './define.ts';

const userIdArg = arg('userId', '<user id>', { kind: 'userId' }, 'user id as listUsers prints it');

export const createUser = mgmt({
  name: 'createUser',
  fanOutHeader: 'Creating User {userName}({userType}) on {nodes} nodes',
  summary: 'Creates a user',
  description: [
    'Creates a crypto officer (CO) or crypto user (CU). Only a crypto officer may create users.',
    'The change is made on every connected server; a server that fails keeps its old user list.',
  ],
  args: [
    arg('userType', '<user type>', { kind: 'code', table: creatableUserTypes }, 'CO or CU'),
    userNameArg,
    newPasswordArg,
  ],
  examples: ['createUser CU cu1 user1234', 'createUser CO officer2 officer2pass'],
  critical: true,
  retryPrompt: true,
});

export const deleteUser = mgmt({
  name: 'deleteUser',
  fanOutHeader: 'Deleting user {userName}({userType}) on {nodes} nodes',
  summary: 'Deletes a user',
  description: ['Deletes a user. Only a CO may delete users; a user who is logged in cannot be deleted.'],
  args: [userTypeArg, userNameArg],
  examples: ['deleteUser CU cu1'],
  critical: true,
  retryPrompt: true,
});

export const changePswd = mgmt({
  name: 'changePswd',
  fanOutHeader: 'Changing password for {userName}({userType}) on {nodes} nodes',
  summary: "Changes a user's password",
  description: [
    'Changes the password of a user. Any user may change their own; a CO may change other COs and CUs.',
    'Changing the PRECO password promotes it to CO and activates the cluster (the partition must be claimed).',
  ],
  args: [userTypeArg, userNameArg, { ...newPasswordArg, display: '<new password | -hpswd>' }],
  examples: ['changePswd PRECO admin adminpassword', 'changePswd PO admin adminpassword', 'changePswd CU cu1 newpass123'],
  critical: true,
});

export const listUsers = mgmt({
  name: 'listUsers',
  summary: 'Lists the users of each partition',
  description: ['Lists the users on every connected server (no login needed). Lists that differ show an unsynchronised node.'],
  args: [],
  examples: ['listUsers'],
  limitedMode: true,
});

export const getUserInfo = mgmt({
  name: 'getUserInfo',
  fanOutHeader: 'getUserInfo Info of user {userName} on {nodes} nodes',
  summary: 'Shows one user on each server',
  description: ['Shows the id, type, failed-login count and attributes of one user on every connected server.'],
  args: [userNameArg, outputFileArg],
  examples: ['getUserInfo cu1'],
});

export const syncUser = mgmt({
  name: 'syncUser',
  summary: 'Copies a user from this server to another',
  description: [
    'Copies a user (with its password hash) from this server to the destination server.',
    'Run it from server mode on the server that has the user. CO only.',
  ],
  args: [userIdArg, { ...serverIdArg, display: '<destination server id>' }],
  examples: ['syncUser 3 1'],
  scopes: SERVER_ONLY,
});

export const getUserDiffMap = mgmt({
  name: 'getUserDiffMap',
  summary: 'Shows which servers hold each user',
  description: ['Lists users of this server and the servers each one exists on. User id 0 means all users.'],
  args: [arg('userId', '<user id>', { kind: 'int', min: 0, max: 1024 }, 'user id, 0 for all users'), outputFileArg],
  examples: ['getUserDiffMap 0'],
  scopes: SERVER_ONLY,
});

export const unlockUser = mgmt({
  name: 'unlockUser',
  fanOutHeader: 'UnlockUser {userName} on {nodes} nodes',
  summary: 'Unlocks a crypto user locked by failed logins',
  description: ['Resets the failed-login count of a locked crypto user. CO only.'],
  args: [userNameArg],
  examples: ['unlockUser cu1'],
  critical: true,
});

export const getChallenge = mgmt({
  name: 'getChallenge',
  fanOutHeader: 'getChallenge on {nodes} nodes',
  summary: 'Gets the challenge to unlock a crypto officer',
  description: [
    'Writes one challenge per server (challenge_node_N) and the HSM signature over it (signature_node_N).',
    'Sign each challenge with PO.key (openssl dgst -sha256 -sign PO.key) and pass the signatures to unlockCO.',
  ],
  args: [
    arg('coName', '<CO name>', { kind: 'userName' }, 'the locked crypto officer'),
    arg('challengeDir', '<challenge dir>', { kind: 'dir' }, 'existing directory for challenge_node_N files'),
    arg('signatureDir', '<signature dir>', { kind: 'dir' }, 'existing directory for signature_node_N files'),
  ],
  examples: ['getChallenge admin ../cert ../cert'],
});

export const unlockCO = mgmt({
  name: 'unlockCO',
  summary: 'Unlocks a crypto officer with PO-signed challenges',
  description: [
    'Unlocks a locked crypto officer. The template is JSON: {"Unlock CO signatures": {"Node 0": "<file>", ...}}',
    'naming, per server, the PO.key signature of that server\'s challenge. A template path that does not exist',
    'gets a sample template written to it.',
  ],
  args: [
    arg('coName', '<CO name>', { kind: 'userName' }, 'the locked crypto officer'),
    arg('template', '<template file>', { kind: 'file', mode: 'read' }, 'JSON file naming the signature of each server'),
  ],
  examples: ['unlockCO admin ../cert/unlock.json'],
});

export const setUserAttributes = mgmt({
  name: 'setUserAttributes',
  summary: 'Restricts what a crypto user may do',
  description: ['Sets the SIGN/WRAP/UNWRAP/MODIFY/DERIVE/KEYGEN attributes of a crypto user.'],
  args: [],
  examples: ['setUserAttributes cu1 attrs.txt'],
  freeForm: true,
  critical: true,
  notBuilt: 'the attribute file format of setUserAttributes is not public',
});

export const disableUserAccess = mgmt({
  name: 'disableUserAccess',
  summary: "Revokes crypto officers' management of a crypto user",
  description: ['Clears MANAGE BY CO for a crypto user.'],
  args: [],
  examples: ['disableUserAccess cu1'],
  freeForm: true,
  notBuilt: 'the syntax of disableUserAccess is not public',
});

export const renamePCO = mgmt({
  name: 'renamePCO',
  summary: 'Renames the primary crypto officer',
  description: ['Renames the primary crypto officer.'],
  args: [],
  examples: ['renamePCO admin'],
  freeForm: true,
  notBuilt: 'the syntax of renamePCO is not public',
});

export const getUserHash = mgmt({
  name: 'getUserHash',
  summary: 'Gets the hash of the user table',
  description: ['Prints a hash over the users of each server, to compare servers at a glance.'],
  args: [],
  examples: ['getUserHash'],
  freeForm: true,
  notBuilt: 'the output of getUserHash is not public',
});

export const getSingleUserHash = mgmt({
  name: 'getSingleUserHash',
  summary: 'Gets the hash of one user',
  description: ['Prints a hash of one user on each server.'],
  args: [],
  examples: ['getSingleUserHash cu1'],
  freeForm: true,
  notBuilt: 'the output of getSingleUserHash is not public',
});
