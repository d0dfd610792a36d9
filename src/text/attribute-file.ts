// Key attributes as the HSM writes them (getAttribute): both tools print this text.
import type { AttributeValue } from '../../emulator/operations/attribute-values.ts';
import { hex } from './hex.ts';

/** An attribute value as the HSM's attribute file holds it; `wide` is the 4-byte form of a single read. */
export function attributeValueText(a: AttributeValue, wide: boolean): string {
  switch (a.format) {
    case 'bool':
    case 'byte':
      return hex(Number(a.value), wide ? 8 : 2);
    case 'u32':
      return hex(Number(a.value), 8);
    case 'text':
      return String(a.value);
    case 'point':
      // An EC point is dumped bare on one line; read alone it reads as other hex values do.
      return wide ? wrappedHex(String(a.value)) : String(a.value);
    case 'hex':
      return wrappedHex(String(a.value));
  }
}

/** `0x` and the hex digits, 80 characters to a line. */
function wrappedHex(digits: string): string {
  const h = `0x${digits}`;
  return h.match(/.{1,80}/g)?.join('\n') ?? h;
}

/** The file getAttribute writes: each attribute's name on one line and its value on the next. */
export function attributeFile(values: readonly AttributeValue[]): string {
  const wide = values.length === 1;
  return values.map((a) => `${a.name}\n${attributeValueText(a, wide)}`).join('\n') + '\n';
}

/** What the attributes take in the HSM's own encoding, for `Attribute size: N, count: M`. */
export function attributeSize(values: readonly AttributeValue[]): number {
  return values.reduce((sum, a) => {
    const body = a.format === 'bool' || a.format === 'byte' ? 1 : a.format === 'u32' ? 4 : a.format === 'text' ? String(a.value).length : String(a.value).length / 2;
    return sum + 8 + body;
  }, 0);
}

