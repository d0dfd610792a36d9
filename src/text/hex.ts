// Hexadecimal as the real tools print codes and values: 0x and a fixed number of digits.
export function hex(code: number, width: number): string {
  return `0x${code.toString(16).padStart(width, '0')}`;
}
