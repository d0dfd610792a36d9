// Helper Commands: return codes, fake PEM files and the code lists. Error2String, listAttributes and
// listECCCurveIds make no HSM call.
import { flag, HANDLE, READ, TEXT, util, WRITE } from './define.ts';

const group = 'Helper Commands';

export const Error2String = util({
  name: 'Error2String',
  group,
  // sic: the real list prints getCaviumPrivKey's second line under Error2String.
  summary: 'Converts Error codes to Strings\nsave key handle in fake PEM format',
  description: ['convert a response code to Error String.'],
  args: [
    flag('-r', '<response code>', TEXT, 'specifies the response code to convert: hex (0xdb), decimal (219) or octal (0333)', {
      missing: 'Response code',
    }),
  ],
  examples: ['Error2String -r 0xdb', 'Error2String -r 219', 'Error2String -r 0333'],
});

export const getCaviumPrivKey = util({
  name: 'getCaviumPrivKey',
  vendorFunction: 'getCaviumPrivKey',
  aliases: ['getPrivKeyfile'],
  group,
  summary: 'Saves an RSA private key handle\nin fake PEM format',
  description: ['Creates PrivateKey file for specified RSA or ECDSA private key handle.'],
  args: [
    flag('-k', '<key handle>', HANDLE, 'specifies the RSA or EC private key handle', { missing: 'Key handle' }),
    flag('-out', '<key file>', WRITE, 'specifies the file to write the fake PEM key to', { missing: 'Key File' }),
  ],
  examples: ['getCaviumPrivKey -k 262152 -out web_server_fake_PEM.key', 'getPrivKeyfile -k 15 -out cavKey.pem'],
});

export const IsValidKeyHandlefile = util({
  name: 'IsValidKeyHandlefile',
  group,
  summary: 'Checks if private key file has\nan HSM key handle or a real key',
  description: ['Checks given key file has key handle or real key', '(supported for RSA keys only)'],
  args: [flag('-f', '<private key file>', READ, 'specifies the RSA private key file (PEM)', { missing: 'Key file' })],
  examples: ['IsValidKeyHandlefile -f web_server_fake_PEM.key', 'IsValidKeyHandlefile -f rsaPrivKey.pem'],
});

export const listAttributes = util({
  name: 'listAttributes',
  group,
  summary: 'List all attributes for getAttributes',
  description: ['Lists all of the possible attribute values for getAttribute.'],
  args: [],
  examples: ['listAttributes'],
});

export const listECCCurveIds = util({
  name: 'listECCCurveIds',
  group,
  summary: 'List HSM supported ECC CurveIds',
  description: ['Lists the ECC curve ids genECCKeyPair takes.'],
  args: [],
  examples: ['listECCCurveIds'],
});

export const helperCommands = { Error2String, getCaviumPrivKey, IsValidKeyHandlefile, listAttributes, listECCCurveIds };
