// Key Management Commands: finding, inspecting, changing and deleting keys.
import { attributes } from '../../emulator/domain/attributes.ts';
import { keyClasses, keyTypes } from '../../emulator/domain/key-types.ts';
import { flag, HANDLE, HEX, int, opt, READ, sw, TEXT, USER_IDS, util, WRITE } from './define.ts';

const group = 'Key Management Commands';

export const deleteKey = util({
  name: 'deleteKey',
  vendorFunction: 'Cfm3DeleteKey',
  group,
  summary: 'Delete Key',
  description: ['Delete a key specifying a key handle.'],
  args: [flag('-k', '<key handle>', HANDLE, 'specifies the key handle to delete', { missing: 'Key handle' })],
  examples: ['deleteKey -k 262160', 'deleteKey -k 6'],
});

export const setAttribute = util({
  name: 'setAttribute',
  vendorFunction: 'Cfm3SetAttribute',
  group,
  summary: 'Sets an attribute of an object',
  description: ['Sets an attribute of an object: makes a session key a token key. The value is asked for.'],
  args: [
    flag('-o', '<object handle>', HANDLE, 'specifies the handle of the object to modify', { missing: 'Object handle' }),
    flag('-a', '<attribute>', { kind: 'code', table: attributes }, 'specifies the attribute to modify (only OBJ_ATTR_TOKEN = 1 can be modified)', {
      missing: 'Attribute ID',
      listValues: false,
    }),
  ],
  examples: ['setAttribute -o 262154 -a 1'],
});

export const getKeyInfo = util({
  name: 'getKeyInfo',
  vendorFunction: 'Cfm3GetKey',
  group,
  summary: 'Get Key Info about shared users/sessions',
  description: ['Gets the owner of a key, the users it is shared with and how many of them must approve its use.'],
  args: [flag('-k', '<key handle>', HANDLE, 'specifies the key handle', { missing: 'Key handle' })],
  examples: ['getKeyInfo -k 17', 'getKeyInfo -k 262150'],
});

export const findKey = util({
  name: 'findKey',
  vendorFunction: 'Cfm3FindKey',
  group,
  summary: 'Find Key',
  description: ['Find keys optionally matching the specified key class, key label and modulus.'],
  args: [
    opt('-c', '<key class>', { kind: 'code', table: keyClasses }, 'specifies the key class to find:'),
    opt('-t', '<key type>', { kind: 'code', table: keyTypes }, 'specifies the key type to find:'),
    opt('-l', '<key label>', TEXT, 'specifies the key label to find (exact match)'),
    opt('-id', '<key ID>', TEXT, 'specifies the key ID to find'),
    opt('-idx', '<key ID in hex>', HEX, 'specifies the key ID to find, in hex'),
    opt('-sess', '<0 | 1>', int(0, 1), 'specifies 1 to find session keys only, 0 for token keys only'),
    opt('-u', '<user-ids>', USER_IDS, 'specifies the users (comma separated ids) all matching keys must be shared with'),
    opt('-m', '<modulus file>', READ, 'specifies the file holding the RSA modulus (hex) to find'),
    opt('-kcv', '<key check value>', HEX, 'specifies the key check value to find (3 bytes, hex)'),
  ],
  examples: ['findKey', 'findKey -l userkek', 'findKey -c 3 -t 0', 'findKey -sess 1 -u 4,5', 'findKey -kcv 0x59a46e -id IT-02'],
});

export const findSingleKey = util({
  name: 'findSingleKey',
  // AWS's findSingleKey page: `Cfm3FindKey returned: 0x00 : HSM Return: SUCCESS`.
  vendorFunction: 'Cfm3FindKey',
  group,
  summary: 'Find single Key',
  description: ['Checks the existence of a key handle on all connected HSMs'],
  // The real tool prints only the help when -k is missing.
  args: [flag('-k', '<key handle>', HANDLE, 'specifies the key handle to look for', { missingMessage: '' })],
  examples: ['findSingleKey -k 262158', 'findSingleKey -k 252136'],
});

export const getAttribute = util({
  name: 'getAttribute',
  vendorFunction: 'Cfm3GetAttribute',
  group,
  summary: 'Reads an attribute from an object',
  description: ['Reads an attribute of an object, or all of them, into a file.'],
  args: [
    flag('-o', '<object handle>', HANDLE, 'specifies the object handle', { missing: 'Object handle' }),
    flag(
      '-a',
      '<attribute>',
      { kind: 'code', table: attributes },
      'specifies the attribute to read.(512 for all attributes; run listAttributes to see a list of all possible attribute values)',
      { missing: 'Attribute ID', listValues: false },
    ),
    flag('-out', '<attribute file>', WRITE, 'specifies the file to write the attribute value(s) to', { missing: 'Attribute File' }),
    sw('-attest', 'performs the attestation check on the firmware response'),
  ],
  examples: ['getAttribute -o 262150 -a 512 -out attr_262150', 'getAttribute -o 7 -a 371 -out kcv.txt -attest'],
});

export const managementCommands = { deleteKey, setAttribute, getKeyInfo, findKey, findSingleKey, getAttribute };
