// User types of a partition.
import type { UserType } from '../model.ts';
import { codeTable } from './code-table.ts';

/** User types as the tools take them. `PO` is accepted as PRECO (the 2025 guide's `changePswd PO`). */
export const userTypes = codeTable('userType', 'user types', [
  { code: 'PRECO', name: 'PRECO', meaning: 'pre-crypto officer (default admin before activation)' },
  { code: 'CO', name: 'CO', meaning: 'crypto officer: manages users' },
  { code: 'CU', name: 'CU', meaning: 'crypto user: owns and uses keys' },
  { code: 'AU', name: 'AU', meaning: 'appliance user (held by the service)' },
  { code: 'PO', name: 'PRECO', meaning: 'alias of PRECO accepted by changePswd and loginHSM', unconfirmed: true },
]);

/** `PO` is accepted for PRECO (the 2025 onboarding guide used `changePswd PO admin ...`). */
export function canonicalUserType(t: UserType | 'PO'): UserType {
  return t === 'PO' ? 'PRECO' : t;
}
