// Management Crypto Commands: sign, verify and AES key wrap of host data.
import { signMechanisms } from '../../emulator/domain/mechanisms.ts';
import { flag, HANDLE, HEX, int, opt, READ, util, WRITE } from './define.ts';

const group = 'Management Crypto Commands';

export const sign = util({
  name: 'sign',
  vendorFunction: 'Cfm3Sign',
  group,
  summary: 'Generates a signature',
  description: ['Generates signature on the given data with given Private Key'],
  args: [
    flag('-f', '<msg file>', READ, 'specifies the file holding the data to sign', { missing: 'Message file' }),
    flag('-k', '<key handle>', HANDLE, 'specifies the private key handle', { missing: 'Private Key' }),
    flag('-m', '<signature mechanism>', { kind: 'code', table: signMechanisms }, 'specifies the signature mechanism:', {
      missing: 'Mechanism',
    }),
    flag('-out', '<signature file>', WRITE, 'specifies the file to write the signature to', { missing: 'Signature File' }),
  ],
  examples: ['sign -f hash.bin -k 262159 -m 1 -out sign.bin', 'sign -f messageFile -k 8 -out signedFile -m 1'],
});

export const verify = util({
  name: 'verify',
  vendorFunction: 'Cfm3Verify',
  group,
  summary: 'Verifies a signature',
  description: ['Verifies signature on the given data with give Public Key'],
  args: [
    flag('-f', '<msg file>', READ, 'specifies the file holding the signed data', { missing: 'Message file' }),
    flag('-s', '<signature file>', READ, 'specifies the file holding the signature', { missing: 'Signature file' }),
    // sic: the real tool names the public key "Private Key" in this message.
    flag('-k', '<key handle>', HANDLE, 'specifies the public key handle', { missing: 'Private Key' }),
    flag('-m', '<signature mechanism>', { kind: 'code', table: signMechanisms }, 'specifies the signature mechanism:', {
      missing: 'Mechanism',
    }),
  ],
  examples: ['verify -f hash.bin -s sign.bin -k 262158 -m 1', 'verify -f hardwareCert.crt -s hardwareCertSigned -k 262276 -m 1'],
});

export const aesWrapUnwrap = util({
  name: 'aesWrapUnwrap',
  group,
  summary: 'Does NIST AES Wrap/Unwrap',
  description: ['Wraps/Unwraps data with specified AES key.'],
  args: [
    flag('-f', '<file>', READ, 'specifies the file to wrap or unwrap (at most 4096 bytes)', {
      missing: 'file to be wrapped/unwrapped',
    }),
    flag('-w', '<wrapping key handle>', HANDLE, 'specifies the AES wrapping key handle', { missing: 'Handle of wrapping Key' }),
    flag('-m', '<wrap/unwrap mode>', int(0, 1), 'specifies the mode: 1 = wrap, 0 = unwrap', {
      missing: 'wrapping or unwrapping mode',
      invalidMessage: 'Error: wrapping or unwrapping mode should be 0 or 1.',
    }),
    opt('-i', '<wrapping IV>', HEX, 'specifies the 8-byte IV in hex (default 0xA6A6A6A6A6A6A6A6)'),
    opt('-out', '<output file>', WRITE, 'specifies the output file (default wrapped_key / unwrapped_key)'),
  ],
  examples: ['aesWrapUnwrap -f 3DES.key -w 6 -m 1 -out 3DES.key.wrapped', 'aesWrapUnwrap -m 0 -f 3DES.key.wrapped -w 6 -i 0xA6A6A6A6A6A6A6A6'],
});

export const aesUnwrapPkcs5Buffer = util({
  name: 'aesUnwrapPkcs5Buffer',
  group,
  summary: 'Does KW PKCS5 Pad Unwrap',
  description: ['Unwraps data wrapped by firmware older than 2.04 (AES key wrap, PKCS#5 padding).'],
  args: [
    flag('-f', '<file>', READ, 'specifies the file to unwrap', { missing: 'file to be unwrapped' }),
    flag('-w', '<wrapping key handle>', HANDLE, 'specifies the AES wrapping key handle', { missing: 'Handle of wrapping Key' }),
    opt('-i', '<wrapping IV>', HEX, 'specifies the 8-byte IV in hex'),
    opt('-out', '<output file>', WRITE, 'specifies the output file'),
  ],
  examples: ['aesUnwrapPkcs5Buffer -f old.wrapped -w 262150 -out old.key'],
  notBuilt: 'unwrapping blobs of old firmware (before 2.04) is not emulated: use aesWrapUnwrap',
});

export const cryptoCommands = { sign, verify, aesWrapUnwrap, aesUnwrapPkcs5Buffer };
