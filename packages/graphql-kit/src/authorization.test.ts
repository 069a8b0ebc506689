import { describe, expect, it } from 'vitest';
import { Role } from '@lending/kernel';
import { canSeeBorrower } from './authorization.js';

const ALICE = '01937a5e-0000-7000-8000-000000000001';
const BOB = '01937a5e-0000-7000-8000-000000000002';

describe('canSeeBorrower', () => {
  it('lets a borrower see only themself', () => {
    const alice = { id: 'x', role: Role.BORROWER, borrowerId: ALICE };
    expect(canSeeBorrower(alice, ALICE)).toBe(true);
    expect(canSeeBorrower(alice, BOB)).toBe(false);
  });

  it('never lets a borrower without a borrower id see anyone', () => {
    expect(canSeeBorrower({ id: 'x', role: Role.BORROWER, borrowerId: null }, ALICE)).toBe(false);
  });

  it.each([Role.OPS, Role.UNDERWRITER, Role.COLLECTOR, Role.COMPLIANCE])(
    'lets %s see a borrower record',
    (role) => {
      expect(canSeeBorrower({ id: 'staff', role, borrowerId: null }, BOB)).toBe(true);
    },
  );
});
