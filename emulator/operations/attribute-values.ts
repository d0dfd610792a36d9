// A key's attributes as the HSM reports them (getAttribute): ids, names and values, in the order the
// HSM dumps them. How they are printed is the front end's business.
import { describePublicKey } from '../crypto/keys.ts';
import { attributes } from '../domain/attributes.ts';
import type { KeyObject } from '../model.ts';
import { type Infer, s } from '../schema.ts';

export const attributeValueSchema = s.object({
  code: s.int(),
  name: s.string(),
  /**
   * bool and byte: 1 byte in the dump of all attributes, 4 when read alone; u32: 4 bytes; text: a string;
   * hex: big-endian bytes in hex; point: an EC point in hex (the dump prints it bare, on one line).
   */
  format: s.enum(['bool', 'byte', 'u32', 'text', 'hex', 'point']),
  value: s.oneOf(s.int(), s.string()),
});

export type AttributeValue = Infer<typeof attributeValueSchema>;

function entry(code: number, value: number | string | boolean, format?: AttributeValue['format']): AttributeValue {
  const a = attributes.entries.find((x) => x.code === code)!;
  const f = format ?? (a.format === 'bytes3' ? 'hex' : a.format);
  return { code, name: a.name, format: f, value: typeof value === 'boolean' ? (value ? 1 : 0) : value };
}

/** Every attribute of the key, in the HSM's dump order (OBJ_ATTR_ALL, 512). */
export function keyAttributes(k: KeyObject): AttributeValue[] {
  const a = k.attrs;
  const list: AttributeValue[] = [
    entry(0, k.keyClass),
    entry(256, k.keyType),
    entry(1, a.token),
    entry(2, a.private),
    entry(260, a.encrypt),
    entry(261, a.decrypt),
    entry(262, a.wrap),
    entry(263, a.unwrap),
    entry(264, a.sign),
    entry(266, a.verify),
    entry(355, a.local),
    entry(259, a.sensitive),
    entry(354, a.extractable),
    entry(3, k.label),
    entry(258, k.id),
    // AWS's genRSAKeyPair page dumps an RSA-2048 public key with VALUE_LEN 0x00000200 ("the key length
    // (512, 0x200)"): twice the modulus bytes. Sizes other than 2048 follow the same rule (unconfirmed).
    entry(353, k.keyType === 0 ? k.valueLen * 2 : k.valueLen),
    entry(371, k.kcv),
  ];
  if (k.spki) {
    const info = describePublicKey(Buffer.from(k.spki, 'base64'));
    if (info.keyType === 0) {
      list.push(entry(288, info.modulus!.toString('hex')), entry(289, info.modulusBits ?? 0), entry(290, info.publicExponent!.toString('hex')));
    } else if (info.keyType === 3) {
      // AWS's genECCKeyPair page (an older build): the point without 0x, on one line.
      list.push(entry(288, info.ecPoint!.toString('hex'), 'point'), entry(289, k.modulusBits ?? 0));
    } else {
      list.push(entry(289, info.modulusBits ?? 0));
    }
  }
  list.push(
    entry(134, a.trusted),
    entry(528, a.wrapWithTrusted),
    entry(370, a.destroyable),
    entry(268, a.derive),
    entry(357, a.alwaysSensitive),
    entry(356, a.neverExtractable),
  );
  return list;
}

/** One attribute, or undefined when the key does not have it (e.g. the modulus of an AES key). */
export function keyAttribute(k: KeyObject, code: number): AttributeValue[] | undefined {
  const all = keyAttributes(k);
  if (code === 512) return all;
  const one = all.find((x) => x.code === code);
  return one ? [one] : undefined;
}
