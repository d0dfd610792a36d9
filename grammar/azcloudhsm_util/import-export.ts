// Key Import/Export Commands: public keys, private keys, symmetric keys, and wrapping.
import { exportWrapMechanisms, symmetricKeyTypes, unwrapKeyClasses } from '../arg-tables.ts';
import { hashTypes, wrapMechanisms } from '../../emulator/domain/mechanisms.ts';
import { keyTypes } from '../../emulator/domain/key-types.ts';
import {
  attestArg,
  flag,
  HANDLE,
  HEX,
  idArg,
  INT_MAX,
  int,
  labelArg,
  minSrvArg,
  mValueArg,
  nexArg,
  opt,
  PRIVATE,
  READ,
  sessArg,
  sw,
  timeoutArg,
  unbuilt,
  usersArg,
  util,
  wrapWithTrustedArg,
  WRITE,
} from './define.ts';

const group = 'Key Import/Export Commands';

const unwrapKeyFileArg = opt('-wk', '<unwrapping key file>', READ, 'specifies the unwrapping key file if the unwrapping has to be done without the HSM');
const wrapKeyFileArg = opt('-wk', '<wrapping key file>', READ, 'specifies the wrapping key file if the wrapping has to be done without the HSM');
const exportMechArg = opt('-m', '<wrapping mechanism>', { kind: 'code', table: exportWrapMechanisms }, 'specifies the wrapping mechanism (default 4):');
const tagSizeArg = (help: string) => opt('-tag_size', '<num_tag_bytes>', int(8, 16), help);

export const createPublicKey = util({
  name: 'createPublicKey',
  vendorFunction: 'Cfm3CreateRSAPublicKey',
  group,
  summary: 'Creates an RSA public key',
  description: ['Creates an RSA public key from its modulus and public exponent.'],
  args: [
    flag('-m', '<modulus hex>', HEX, 'specifies the modulus in hex (as openssl rsa -modulus prints it)', { missing: 'Modulus' }),
    flag('-e', '<exponent>', int(undefined, INT_MAX), 'specifies the public exponent: eg. 65537', { missing: 'Public exponant' }),
    labelArg,
    sessArg,
    idArg,
    minSrvArg,
    timeoutArg,
  ],
  examples: ['createPublicKey -m 0xc2d4e5f60718293a4b5c6d7e8f901a2b -e 65537 -l rsaPublic'],
});

export const importPubKey = util({
  name: 'importPubKey',
  vendorFunction: 'Cfm3CreatePublicKey',
  group,
  summary: 'Imports RSA/DSA/EC Public key',
  description: ['Import a PEM encoded public key onto HSM.'],
  args: [
    flag('-f', '<key file>', READ, 'specifies the PEM public key file', { missing: 'File name' }),
    labelArg,
    sessArg,
    idArg,
    minSrvArg,
    timeoutArg,
  ],
  examples: ['importPubKey -l importedPublicKey -f public.pem', 'importPubKey -f public.pem -l pub -id pub-1 -sess'],
});

export const exportPubKey = util({
  name: 'exportPubKey',
  vendorFunction: 'Cfm3ExportPubKey',
  group,
  summary: 'Exports RSA/DSA/EC Public key',
  description: ['Export a public key in PEM encoded format.'],
  args: [
    flag('-k', '<key handle>', HANDLE, 'specifies the public key handle', { missing: 'Key handle' }),
    flag('-out', '<key file>', WRITE, 'specifies the file to write the PEM public key to', { missing: 'Key File' }),
  ],
  examples: ['exportPubKey -k 10 -out public.pem', 'exportPubKey -k 262151 -out rsa-pub.pem'],
});

export const importPrivateKey = util({
  name: 'importPrivateKey',
  group,
  summary: 'Imports RSA/DSA/EC private key',
  description: ['Imports an unencrypted PEM private key onto the HSM, wrapped with the given key on the way.'],
  args: [
    flag('-w', '<wrapping key handle>', HANDLE, 'specifies the wrapping key handle (Azure: the trusted user KEK)', {
      missingMessage: 'Error: wrapping Key handle (-w) is missing.',
    }),
    flag('-f', '<key file>', READ, 'specifies the PEM private key file', { missing: 'File name' }),
    labelArg,
    sessArg,
    idArg,
    usersArg,
    mValueArg,
    wrapKeyFileArg,
    attestArg,
    minSrvArg,
    timeoutArg,
    wrapWithTrustedArg,
  ],
  examples: ['importPrivateKey -l importTestKey -f key.pem -w 262150', 'importPrivateKey -f rsa2048.key -l rsa2048-imported -w 524299'],
});

export const exportPrivateKey = util({
  name: 'exportPrivateKey',
  group,
  summary: 'Exports RSA/DSA/EC private key',
  description: ['Export a private key.'],
  args: [
    flag('-k', '<key handle>', HANDLE, 'specifies the private key handle', { missing: 'Key handle' }),
    flag('-w', '<wrapping key handle>', HANDLE, 'specifies the AES wrapping key handle', { missing: 'Wrapping key handle' }),
    flag('-out', '<key file>', WRITE, 'specifies the file to write the PEM private key to', { missing: 'Key File' }),
    exportMechArg,
    unwrapKeyFileArg,
  ],
  examples: ['exportPrivateKey -k 15 -w 16 -out exportKey.pem', 'exportPrivateKey -k 262152 -w 262150 -out key.pem -m 4'],
});

export const imSymKey = util({
  name: 'imSymKey',
  group,
  summary: 'Imports a Symmetric key',
  description: ['Imports a symmetric key.'],
  args: [
    flag('-t', '<key type>', { kind: 'code', table: symmetricKeyTypes }, 'specifies the key type:', { missing: 'Key type' }),
    flag('-w', '<wrapping key handle>', HANDLE, 'specifies the wrapping key handle', {
      missingMessage: 'Error: wrapping key handle (-w) is missing.',
    }),
    labelArg,
    flag('-f', '<key file>', READ, 'specifies the file holding the raw key bytes', { missing: 'Key filename' }),
    idArg,
    sessArg,
    wrapKeyFileArg,
    attestArg,
    usersArg,
    mValueArg,
    minSrvArg,
    timeoutArg,
    wrapWithTrustedArg,
  ],
  examples: ['imSymKey -f aes256.key -w 20 -t 31 -l imported', 'imSymKey -f aes.key -w 262150 -t 31 -l imported -id aes-1 -wrap_with_trusted 0'],
});

export const exSymKey = util({
  name: 'exSymKey',
  group,
  summary: 'Exports a Symmetric key',
  description: ['Exports a Symmetric key'],
  args: [
    flag('-k', '<key to export>', HANDLE, 'specifies the handle of the key to export', { missing: 'Handle of key to export' }),
    flag('-w', '<wrapping key>', HANDLE, 'specifies the handle of the AES wrapping key', { missing: 'Handle of wrapping Key' }),
    flag('-out', '<key file>', WRITE, 'specifies the file to write the key to', { missing: 'Key File' }),
    exportMechArg,
    unwrapKeyFileArg,
  ],
  examples: ['exSymKey -k 7 -w 6 -out 3DES.key', 'exSymKey -w 262150 -k 262153 -out aes.key -m 4'],
});

export const wrapKey = util({
  name: 'wrapKey',
  // AWS's wrapKey page: `Cfm2WrapKey returned: 0x00 : HSM Return: SUCCESS`.
  vendorFunction: 'Cfm2WrapKey',
  group,
  summary: 'Wraps a key from HSM using the specified handle',
  description: ['Wraps sensitive keys from HSM to host.'],
  args: [
    flag('-w', '<wrapping key handle>', HANDLE, 'specifies the wrapping key handle (an AES key, or an RSA public key)', {
      missingMessage: 'Error: wrapping Key handle (-w) is missing.',
    }),
    flag('-k', '<exported key handle>', HANDLE, 'specifies the handle of the key to wrap', { missing: 'key to be wrapped' }),
    flag('-out', '<output file>', WRITE, 'specifies the file to write the wrapped key to', { missing: 'Wrapped Key File' }),
    opt('-m', '<wrapping mechanism>', { kind: 'code', table: wrapMechanisms }, 'specifies the wrapping mechanism (default 4):'),
    opt('-aad', '<aad file>', READ, 'specifies the additional authenticated data file (AES_GCM, CLOUDHSM_AES_GCM)'),
    opt('-t', '<hash type>', { kind: 'code', table: hashTypes }, 'specifies the hash type (RSA_AES, RSA_OAEP):'),
    sw('-noheader', 'omits the header that carries the key attributes (for other tools to unwrap)'),
    opt('-i', '<wrapping IV>', HEX, 'specifies the wrapping IV in hex (with -noheader)'),
    opt('-iv_file', '<IV file>', WRITE, 'specifies the file to write the IV to (AES_GCM with -noheader)'),
    tagSizeArg('specifies the tag size in bytes, at least 8 (AES_GCM with -noheader)'),
  ],
  examples: ['wrapKey -k 7 -w 14 -out 3DES-encrypted.key -m 4', 'wrapKey -k 262152 -w 262150 -out rsa.wrapped -m 10 -noheader -iv_file rsa.iv -tag_size 16'],
});

export const unWrapKey = util({
  name: 'unWrapKey',
  vendorFunction: 'Cfm3UnWrapKey',
  group,
  summary: 'UnWraps a key into HSM using the specified handle',
  description: ['unWraps sensitive key onto HSM.'],
  args: [
    flag('-w', '<wrapping key handle>', HANDLE, 'specifies the unwrapping key handle (an AES key, or an RSA private key)', {
      missingMessage: 'Error: wrapping key handle (-w) is missing.',
    }),
    flag('-f', '<key file>', READ, 'specifies the file holding the wrapped key', { missing: 'Key filename' }),
    sw('-noheader', 'the file has no header: give -l, -kc and -kt', {
      needs: [
        { arg: 'l', message: 'Error: Key label (-l) is missing.' },
        { arg: 'kc', message: 'Error: Key class (-kc) is missing.' },
        { arg: 'kt', message: 'Error: Key type (-kt) is missing.' },
      ],
    }),
    opt('-l', '<label>', { kind: 'text' }, 'specifies the key label (with -noheader)'),
    idArg,
    opt('-kt', '<key type>', { kind: 'code', table: keyTypes }, 'specifies the key type (with -noheader):'),
    opt('-kc', '<key class>', { kind: 'code', table: unwrapKeyClasses }, 'specifies the key class (with -noheader):'),
    opt('-i', '<unwrapping IV>', HEX, 'specifies the unwrapping IV in hex (with -noheader)'),
    opt('-aad', '<aad file>', READ, 'specifies the additional authenticated data file (AES_GCM, CLOUDHSM_AES_GCM)'),
    opt('-iv_file', '<IV file>', READ, 'specifies the file holding the IV (AES_GCM with -noheader)'),
    tagSizeArg('specifies the tag size in bytes, at least 8 (AES_GCM with -noheader)'),
    opt('-t', '<hash type>', { kind: 'code', table: hashTypes }, 'specifies the hash type (RSA_AES, RSA_OAEP):'),
    opt('-m', '<wrapping mechanism>', { kind: 'code', table: wrapMechanisms }, 'specifies the wrapping mechanism (default 4):'),
    sessArg,
    nexArg,
    usersArg,
    mValueArg,
    minSrvArg,
    timeoutArg,
    attestArg,
    wrapWithTrustedArg,
  ],
  examples: ['unWrapKey -f 3DES.key -w 6 -m 4', 'unWrapKey -f aes.wrapped -w 262150 -noheader -l unwrapped -kc 4 -kt 31 -m 5 -sess'],
});

export const unWrapKeyWithSize = util({
  name: 'unWrapKeyWithSize',
  group,
  summary: 'UnWraps a key into HSM using the key size',
  description: ['UnWraps a key blob of an older firmware onto the HSM, given the key type and size.'],
  args: [
    flag('-f', '<key file>', READ, 'specifies the file holding the wrapped key', { missing: 'Key filename' }),
    flag('-w', '<wrapping key handle>', HANDLE, 'specifies the unwrapping key handle', {
      missingMessage: 'Error: wrapping key handle (-w) is missing.',
    }),
    labelArg,
    flag('-t', '<key type>', { kind: 'code', table: keyTypes }, 'specifies the key type:', { missing: 'Key type' }),
    opt('-s', '<key size>', int(1, 4096), 'specifies the key size in bytes (the PKCS#8 length for private keys)'),
    opt('-m', '<modulus length>', int(1024, 4096), 'specifies the RSA modulus length in bits'),
    opt('-mech', '<4/5/10>', int(4, 10), 'specifies the mechanism: 4 NIST_AES_WRAP_PAD, 5 NIST_AES_WRAP_NO_PAD (default), 10 AES_KEY_WRAP_PKCS_PAD'),
    opt('-i', '<unwrapping IV>', HEX, 'specifies the 8-byte unwrapping IV in hex'),
    sw('-template', 'unwraps the key with the attribute template'),
    sessArg,
    sw('-extractable', 'marks the key extractable (default not extractable)'),
  ],
  examples: ['unWrapKeyWithSize -f aes.wrapped -w 262150 -l old-aes -t 31 -s 32 -mech 5'],
  notBuilt: 'unwrapping blobs of old firmware (before 2.04) is not emulated: use unWrapKey',
});

export const atomicGenAndWrapASymKey = unbuilt({
  name: 'atomicGenAndWrapASymKey',
  group,
  summary: 'Generates Asymmetric key and Wraps its private key with provided public key(DER format)',
  notBuilt: PRIVATE,
});

export const atomicGenAndWrapSymKey = unbuilt({
  name: 'atomicGenAndWrapSymKey',
  group,
  summary: 'Generates Symmetric key and Wraps with provided public key(DER format)',
  notBuilt: PRIVATE,
});

export const importExportCommands = {
  createPublicKey,
  importPubKey,
  exportPubKey,
  importPrivateKey,
  exportPrivateKey,
  imSymKey,
  exSymKey,
  wrapKey,
  unWrapKey,
  unWrapKeyWithSize,
  atomicGenAndWrapASymKey,
  atomicGenAndWrapSymKey,
};
