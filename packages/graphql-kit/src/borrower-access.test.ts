import { describe, expect, it } from 'vitest';
import { Role } from '@lending/kernel';
import { assertOwnerOrStaff, isOwnerOrStaff } from './borrower-access.js';
import type { GraphQLContext, Viewer } from './context.js';

const ALICE = '01937a5e-0000-7000-8000-000000000001';
const BOB = '01937a5e-0000-7000-8000-000000000002';
const CASES = new Set([`collector-1|${BOB}`]);
const ctxOf = (viewer: Viewer | null) =>
  ({
    viewer,
    collectorAssignments: {
      canSeeBorrower: async (collectorId: string, borrowerId: string) =>
        CASES.has(`${collectorId}|${borrowerId}`),
    },
  }) as unknown as GraphQLContext;
const alice = ctxOf({ id: 'alice', role: Role.BORROWER, borrowerId: ALICE });
const everyone = [Role.BORROWER, Role.OPS, Role.UNDERWRITER, Role.COMPLIANCE, Role.COLLECTOR];

describe('assertOwnerOrStaff', () => {
  it('lets a borrower see only themself', async () => {
    expect(await isOwnerOrStaff(alice, ALICE, everyone)).toBe(true);
    expect(await isOwnerOrStaff(alice, BOB, everyone)).toBe(false);
    await expect(assertOwnerOrStaff(alice, BOB, everyone)).rejects.toMatchObject({
      extensions: { code: 'FORBIDDEN' },
    });
  });

  it('never lets a borrower without a borrower id see anyone', async () => {
    const anonymous = ctxOf({ id: 'x', role: Role.BORROWER, borrowerId: null });
    expect(await isOwnerOrStaff(anonymous, ALICE, everyone)).toBe(false);
  });

  it('refuses a role the data is not for, even the borrower themself', async () => {
    expect(await isOwnerOrStaff(alice, ALICE, [Role.OPS])).toBe(false);
    const underwriter = ctxOf({ id: 'u', role: Role.UNDERWRITER, borrowerId: null });
    expect(await isOwnerOrStaff(underwriter, BOB, [Role.BORROWER, Role.OPS])).toBe(false);
    await expect(assertOwnerOrStaff(underwriter, BOB, [Role.OPS])).rejects.toMatchObject({
      extensions: { code: 'FORBIDDEN' },
    });
  });

  it.each([Role.OPS, Role.UNDERWRITER, Role.COMPLIANCE])(
    'lets %s see any borrower where the data is for its role',
    async (role) => {
      const staff = ctxOf({ id: 'staff', role, borrowerId: null });
      expect(await assertOwnerOrStaff(staff, BOB, [role])).toMatchObject({ role });
    },
  );

  it('lets a collector see only the borrowers of the cases in their queue', async () => {
    const collector = ctxOf({ id: 'collector-1', role: Role.COLLECTOR, borrowerId: null });
    expect(await isOwnerOrStaff(collector, BOB, [Role.COLLECTOR])).toBe(true);
    expect(await isOwnerOrStaff(collector, ALICE, [Role.COLLECTOR])).toBe(false);
    const other = ctxOf({ id: 'collector-2', role: Role.COLLECTOR, borrowerId: null });
    await expect(assertOwnerOrStaff(other, BOB, [Role.COLLECTOR])).rejects.toMatchObject({
      extensions: { code: 'FORBIDDEN' },
    });
  });

  it('asks for a token first', async () => {
    await expect(assertOwnerOrStaff(ctxOf(null), BOB, everyone)).rejects.toMatchObject({
      extensions: { code: 'UNAUTHENTICATED' },
    });
  });
});
