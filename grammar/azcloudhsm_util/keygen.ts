// Key Generation Commands (asymmetric and symmetric keys) and Key Derivation Commands.
import { eccCurves } from '../../emulator/domain/curves.ts';
import { symmetricKeyTypes } from '../arg-tables.ts';
import {
  attestArg,
  flag,
  idArg,
  INT_MAX,
  int,
  keyGenOptions,
  labelArg,
  minSrvArg,
  mValueArg,
  nexArg,
  PRIVATE,
  sessArg,
  timeoutArg,
  unbuilt,
  usersArg,
  util,
  withInvalidMessages,
} from './define.ts';

const group = 'Key Generation Commands';
const asymmetric = 'Asymmetric Keys:';
const symmetric = 'Symmetric Keys:';

// ---- asymmetric keys -------------------------------------------------------------------------------

const EXPONENT_ERROR = 'Error: Public exponant (-e) is missing or invalid input passed';
/** Azure partitions are non-FIPS (FIPS state 0): the modulus rules of non-FIPS mode apply. */
const MODULUS_ERROR = 'Incorrect Modulus Length for NON-FIPS mode';

export const genRSAKeyPair = util({
  name: 'genRSAKeyPair',
  vendorFunction: 'Cfm3GenerateKeyPair',
  aliases: ['rsaGenKeyPair'],
  group,
  subgroup: asymmetric,
  summary: 'Generates an RSA Key Pair',
  description: ['Generate RSA key pair specifying modulus length, public exponent', 'and key label.'],
  args: [
    flag('-m', '<modulus length>', int(1024, 4096, 256), 'specifies the modulus length: eg. 2048 (1024 to 4096, a multiple of 256)', {
      missing: 'Modulus size',
      invalidMessage: MODULUS_ERROR,
    }),
    flag('-e', '<public exponent>', int(undefined, INT_MAX), 'specifies the public exponent: any odd number typically >= 65537 to 2^31 - 1', {
      missingMessage: EXPONENT_ERROR,
      invalidMessage: EXPONENT_ERROR,
    }),
    { ...labelArg, help: 'specifies the label of both keys' },
    ...keyGenOptions,
  ],
  examples: [
    'genRSAKeyPair -m 2048 -e 65537 -l rsa-key-1',
    'genRSAKeyPair -m 2048 -e 65537 -l rsa_test -id rsa_test',
    'rsaGenKeyPair -m 3072 -e 65537 -l rsa3k -sess',
    'genRSAKeyPair -m 2048 -e 65537 -l shared -u 4,5 -m_value 1 -nex -wrap_with_trusted 0',
  ],
});

/** genDSAKeyPair words the -min_srv and -timeout errors itself. */
const dsaOptions = withInvalidMessages(keyGenOptions, {
  timeout: 'Error: Not able to decode core -timeout argument.',
  min_srv: 'Error: Invalid value for -min_srv.',
});

export const genDSAKeyPair = util({
  name: 'genDSAKeyPair',
  // sic: genDSAKeyPair prints a colon after the function's name.
  vendorFunction: 'Cfm3GenerateKeyPair:',
  aliases: ['dsaGenKeyPair'],
  group,
  subgroup: asymmetric,
  summary: 'Generates a DSA Key Pair',
  description: ['Generate DSA key pair specifying modulus length and key label.'],
  args: [
    flag('-m', '<modulus length>', int(1024, 3072, 1024), 'specifies the modulus length in bits: Should be either 1024, 2048 or 3072', {
      missing: 'Modulus size',
      invalidMessage: MODULUS_ERROR,
    }),
    { ...labelArg, help: 'specifies the label of both keys' },
    ...dsaOptions,
  ],
  examples: ['genDSAKeyPair -m 2048 -l DSA_key_pair', 'dsaGenKeyPair -m 2048 -l dsa -attest'],
});

export const genECCKeyPair = util({
  name: 'genECCKeyPair',
  vendorFunction: 'Cfm3GenerateKeyPair',
  group,
  subgroup: asymmetric,
  summary: 'Generates an ECC Key Pair',
  description: ['Generate ECC key pair specifying the curve id', 'and key label.'],
  args: [
    flag('-i', '<EC curve id>', { kind: 'code', table: eccCurves }, 'specifies the Curve ID of the key:', {
      missing: 'Curve id',
      invalidMessage: 'Error: Invalid EC Curve ID.',
    }),
    { ...labelArg, help: 'specifies the label of both keys' },
    ...keyGenOptions,
  ],
  examples: ['genECCKeyPair -i 14 -l ecc14', 'genECCKeyPair -i 2 -l labelECTest', 'genECCKeyPair -i 28 -l labelED25519Test'],
});

// ---- symmetric keys --------------------------------------------------------------------------------

export const genPBEKey = util({
  name: 'genPBEKey',
  group,
  subgroup: symmetric,
  summary: 'Generates a PBE DES3 key',
  description: ['Generates a DES3 key from a password, a salt and an iteration count.'],
  args: [
    flag('-c', '<iteration count>', int(1, 10000), 'specifies the iteration count <= 10000: eg. 10', { missing: 'Iteration count' }),
    flag('-p', '<password>', { kind: 'password' }, 'specifies the password', { missing: 'Password', secret: true }),
    flag('-s', '<salt>', { kind: 'text' }, 'specifies the salt value: eg. name', { missing: 'Salt value' }),
    labelArg,
    sessArg,
    nexArg,
    idArg,
    attestArg,
    usersArg,
    mValueArg,
    minSrvArg,
    timeoutArg,
  ],
  examples: ['genPBEKey -l pbe1 -p password1 -s name -c 10'],
  notBuilt: 'PBE key generation is not emulated: the key derivation the HSM uses is not public',
});

export const genSymKey = util({
  name: 'genSymKey',
  vendorFunction: 'Cfm3GenerateSymmetricKey',
  group,
  subgroup: symmetric,
  summary: 'Generates a Symmetric keys',
  description: ['Generates a Symmetric  keys.'],
  args: [
    flag('-t', '<key type>', { kind: 'code', table: symmetricKeyTypes }, 'specifies the key type:', { missing: 'Key type' }),
    flag('-s', '<key size>', int(1, 3584), 'specifies the key size in bytes: AES 16, 24, 32; DES3 24; RC4 <= 256; GENERIC_SECRET < 3584', {
      missing: 'Key size',
    }),
    labelArg,
    ...keyGenOptions,
  ],
  examples: [
    'genSymKey -l userkek -t 31 -s 32 -wrap_with_trusted 1',
    'genSymKey -t 31 -s 32 -l aes256',
    'genSymKey -t 21 -s 24 -l 3DES_shared -id IT-02 -u 4,5',
    'genSymKey -l aes -t 31 -s 32 -min_srv 1 -timeout 1',
    'genSymKey -t 16 -s 2048 -l hmac -sess -nex',
  ],
});

export const genParkingKey = unbuilt({
  name: 'genParkingKey',
  group,
  subgroup: symmetric,
  summary: 'Generates a parking key',
  notBuilt: PRIVATE,
});

export const splitKey = unbuilt({
  name: 'splitKey',
  group,
  subgroup: symmetric,
  summary: 'Split one symmetric key into multiple symmetric keys',
  notBuilt: PRIVATE,
});

// ---- key derivation --------------------------------------------------------------------------------

export const deriveSymKey = unbuilt({
  name: 'deriveSymKey',
  group: 'Key Derivation Commands',
  summary: 'Derive Symmetric Key',
  notBuilt: PRIVATE,
});

export const keygenCommands = { genRSAKeyPair, genDSAKeyPair, genECCKeyPair, genPBEKey, genSymKey, genParkingKey, splitKey };
export const derivationCommands = { deriveSymKey };
