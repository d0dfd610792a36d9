// Attribute ids of key objects (OBJ_ATTR_*), in the order listAttributes prints them.
import { codeTable, type CodeEntry } from './code-table.ts';

export interface AttributeEntry extends CodeEntry<number> {
  /**
   * How getAttribute prints the value: a flag, a one-byte code (`byte`: the class and key type, one byte
   * wide in the dump of all attributes as AWS's genRSAKeyPair and genSymKey pages show them, `0x02`, four
   * bytes when read alone, `0x00000002`, as flags are), a 4-byte number, text, or hex bytes.
   */
  readonly format: 'bool' | 'byte' | 'u32' | 'text' | 'hex' | 'bytes3';
}

/** Attribute ids, in the order listAttributes prints them. */
export const attributes = codeTable<AttributeEntry>('attribute', 'attribute ids', [
  { code: 0, name: 'OBJ_ATTR_CLASS', format: 'byte' },
  { code: 1, name: 'OBJ_ATTR_TOKEN', format: 'bool' },
  { code: 2, name: 'OBJ_ATTR_PRIVATE', format: 'bool' },
  { code: 3, name: 'OBJ_ATTR_LABEL', format: 'text' },
  { code: 134, name: 'OBJ_ATTR_TRUSTED', format: 'bool' },
  { code: 256, name: 'OBJ_ATTR_KEY_TYPE', format: 'byte' },
  { code: 258, name: 'OBJ_ATTR_ID', format: 'text' },
  { code: 259, name: 'OBJ_ATTR_SENSITIVE', format: 'bool' },
  { code: 260, name: 'OBJ_ATTR_ENCRYPT', format: 'bool' },
  { code: 261, name: 'OBJ_ATTR_DECRYPT', format: 'bool' },
  { code: 262, name: 'OBJ_ATTR_WRAP', format: 'bool' },
  { code: 263, name: 'OBJ_ATTR_UNWRAP', format: 'bool' },
  { code: 264, name: 'OBJ_ATTR_SIGN', format: 'bool' },
  { code: 266, name: 'OBJ_ATTR_VERIFY', format: 'bool' },
  { code: 268, name: 'OBJ_ATTR_DERIVE', format: 'bool' },
  { code: 355, name: 'OBJ_ATTR_LOCAL', format: 'bool' },
  { code: 288, name: 'OBJ_ATTR_MODULUS', format: 'hex' },
  { code: 289, name: 'OBJ_ATTR_MODULUS_BITS', format: 'u32' },
  { code: 290, name: 'OBJ_ATTR_PUBLIC_EXPONENT', format: 'hex' },
  { code: 353, name: 'OBJ_ATTR_VALUE_LEN', format: 'u32' },
  { code: 354, name: 'OBJ_ATTR_EXTRACTABLE', format: 'bool' },
  { code: 356, name: 'OBJ_ATTR_NEVER_EXTRACTABLE', format: 'bool' },
  { code: 357, name: 'OBJ_ATTR_ALWAYS_SENSITIVE', format: 'bool' },
  { code: 370, name: 'OBJ_ATTR_DESTROYABLE', format: 'bool' },
  { code: 371, name: 'OBJ_ATTR_KCV', format: 'bytes3' },
  { code: 528, name: 'OBJ_ATTR_WRAP_WITH_TRUSTED', format: 'bool' },
  { code: 1073742353, name: 'OBJ_ATTR_WRAP_TEMPLATE', format: 'hex' },
  { code: 1073742354, name: 'OBJ_ATTR_UNWRAP_TEMPLATE', format: 'hex' },
  { code: 512, name: 'OBJ_ATTR_ALL', format: 'hex', meaning: 'every attribute (getAttribute only)' },
]);
