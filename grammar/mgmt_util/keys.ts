// mgmt_util key commands: listing, attributes, sharing, ownership and synchronisation of keys.
import { attributes } from '../../emulator/domain/attributes.ts';
import { arg, GLOBAL_ONLY, mgmt, outputFileArg, SERVER_ONLY, serverIdArg } from './define.ts';

const keyHandleArg = arg('keyHandle', '<key handle>', { kind: 'keyHandle' }, 'key handle, e.g. 262150');
const userIdArg = arg('userId', '<user id>', { kind: 'userId' }, 'user id as listUsers prints it');

export const findAllKeys = mgmt({
  name: 'findAllKeys',
  summary: 'Lists the keys a user owns or shares, on each server',
  description: [
    'Lists the keys of a user on every connected server: (o) owned, (s) shared. User id 0 lists every key.',
    'With key hash 1 it also prints a hash of the key ownership data, to compare servers. CO only.',
  ],
  args: [
    arg('userId', '<user id>', { kind: 'int', min: 0 }, 'user id, 0 for all users'),
    arg('keyHash', '<key hash>', { kind: 'int', min: 0, max: 1 }, '1 prints the hash of the key ownership data'),
    outputFileArg,
  ],
  examples: ['findAllKeys 0 0', 'findAllKeys 3 1'],
});

export const getKeyInfo = mgmt({
  name: 'getKeyInfo',
  summary: 'Shows the owner and shared users of a key',
  description: ['Shows whether a key is a token or session key, its owner and the users it is shared with. CU.'],
  // AWS's syntax block writes -k, its examples type both `getKeyInfo -k 262177` and `getKeyInfo 262162`.
  args: [{ ...keyHandleArg, flag: '-k', flagOptional: true }, outputFileArg],
  examples: ['getKeyInfo -k 262150', 'getKeyInfo 262150'],
});

export const getAttribute = mgmt({
  name: 'getAttribute',
  summary: 'Reads an attribute of a key',
  description: ['Prints one attribute of a key on every connected server (512 prints all). CU that owns or shares the key.'],
  args: [keyHandleArg, arg('attributeId', '<attribute id>', { kind: 'code', table: attributes }, 'see listAttributes'), outputFileArg],
  examples: ['getAttribute 262150 134', 'getAttribute 262150 512'],
});

export const setAttribute = mgmt({
  name: 'setAttribute',
  summary: 'Sets an attribute of a key',
  description: [
    'Sets an attribute of a key. The owning CU may set label, encrypt, decrypt, wrap, unwrap, sign, verify,',
    'derive and destroyable; only a CO may set OBJ_ATTR_TRUSTED (134), and Azure takes only the value 1.',
  ],
  args: [
    keyHandleArg,
    arg('attributeId', '<attribute id>', { kind: 'code', table: attributes }, 'see listAttributes'),
    arg('value', '<attribute value>', { kind: 'text' }, '0 or 1, or the new label'),
  ],
  examples: ['setAttribute 262150 134 1', 'setAttribute 262151 3 newlabel'],
  critical: true,
});

export const shareKey = mgmt({
  name: 'shareKey',
  summary: 'Shares or unshares a key with crypto users',
  description: ['Shares (1) or unshares (0) a key with other crypto users. Owner only; public keys need no sharing.'],
  args: [
    keyHandleArg,
    arg('userIds', '<user id list>', { kind: 'userIdList' }, 'comma-separated user ids, e.g. 4,5'),
    arg('share', '<1 share | 0 unshare>', { kind: 'int', min: 0, max: 1 }, '1 shares, 0 unshares'),
  ],
  examples: ['shareKey 262150 4 1', 'shareKey 262150 4,5 0'],
  critical: true,
});

export const modifyKeyOwner = mgmt({
  name: 'modifyKeyOwner',
  summary: 'Gives a key to another crypto user',
  description: ['Makes another crypto user the owner of a key. CO only. KCV (hex) is required except for generic secrets.'],
  args: [keyHandleArg, userIdArg, arg('kcv', '<KCV>', { kind: 'hex' }, 'key check value from getAttribute 371', { optional: true })],
  examples: ['modifyKeyOwner 262150 4 0x59a46e'],
  critical: true,
});

export const syncKey = mgmt({
  name: 'syncKey',
  summary: 'Copies a key from this server to another',
  description: ['Copies a key from this server to the destination server. CO (any key) or the owning CU. Server mode.'],
  args: [keyHandleArg, { ...serverIdArg, display: '<destination server id>' }],
  examples: ['syncKey 262150 1'],
  scopes: SERVER_ONLY,
});

export const getKeyDiffMap = mgmt({
  name: 'getKeyDiffMap',
  summary: 'Shows which servers hold each key',
  description: [
    'Lists keys and the servers each one exists on. User id 0 means all users, key handle 0 all keys. CO only.',
    'At cloudmgmt> the first argument names the server whose map is shown.',
  ],
  // Oracle's page: `getKeyDiffMap <ServerID> <UserID> <KeyHandle> [OutputFile]`, "ServerID (Global mode
  // only)". In server mode the ServerID is left out (the reference's reading; no example shows it).
  args: [
    { ...serverIdArg, help: 'the server whose map is shown (at cloudmgmt> only)', scopes: GLOBAL_ONLY },
    arg('userId', '<user id>', { kind: 'int', min: 0 }, 'user id, 0 for all users'),
    arg('keyHandle', '<key handle>', { kind: 'int', min: 0 }, 'key handle, 0 for all keys'),
    outputFileArg,
  ],
  examples: ['getKeyDiffMap 0 0 0', 'getKeyDiffMap 0 5 263277'],
});

export const listAttributes = mgmt({
  name: 'listAttributes',
  summary: 'Lists the attribute ids for getAttribute',
  description: ['Lists every attribute id that getAttribute and setAttribute take.'],
  args: [],
  examples: ['listAttributes'],
  limitedMode: true,
});
