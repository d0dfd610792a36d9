// Flags many azcloudhsm_util commands share, in the core's terms.
import type { KeyOptions } from '../../emulator/operations/key-objects.ts';

/** The options of a command that makes or brings in a key: -l -id -sess -nex -wrap_with_trusted -u -m_value -attest. */
export function keyOptions(a: {
  readonly l?: string;
  readonly id?: string;
  readonly sess?: true;
  readonly nex?: true;
  readonly wrap_with_trusted?: number;
  readonly u?: readonly number[];
  readonly m_value?: number;
  readonly attest?: true;
}): KeyOptions {
  return {
    label: a.l ?? '',
    id: a.id ?? '',
    session: a.sess === true,
    extractable: a.nex !== true,
    // Azure's default is 1: only a trusted key may wrap the new key.
    wrapWithTrusted: (a.wrap_with_trusted ?? 1) === 1,
    sharedWith: [...(a.u ?? [])],
    mValue: a.m_value ?? 0,
    ...(a.attest ? { attest: true } : {}),
  };
}

/** A hex value as typed (0x optional). */
export function hexBytes(text: string): Uint8Array {
  return Buffer.from(text.replace(/^0x/i, ''), 'hex');
}
