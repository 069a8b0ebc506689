import { describe, expect, it } from 'vitest';
import { ROLES, Role, STAFF_ROLES, isRole, isStaffRole } from './role.js';

describe('roles', () => {
  it('lists the contract roles', () => {
    expect(ROLES).toEqual(['BORROWER', 'UNDERWRITER', 'COLLECTOR', 'COMPLIANCE', 'OPS']);
    expect(STAFF_ROLES).toEqual(['UNDERWRITER', 'COLLECTOR', 'COMPLIANCE', 'OPS']);
    expect(STAFF_ROLES).not.toContain(Role.BORROWER);
  });

  it('recognises roles', () => {
    expect(isRole('COLLECTOR')).toBe(true);
    expect(isRole('collector')).toBe(false);
    expect(isRole('ADMIN')).toBe(false);
    expect(isRole('toString')).toBe(false);
    expect(isRole(undefined)).toBe(false);
    expect(isStaffRole('OPS')).toBe(true);
    expect(isStaffRole('BORROWER')).toBe(false);
  });
});
