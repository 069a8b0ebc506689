export const Role = {
  BORROWER: 'BORROWER',
  UNDERWRITER: 'UNDERWRITER',
  COLLECTOR: 'COLLECTOR',
  COMPLIANCE: 'COMPLIANCE',
  OPS: 'OPS',
} as const;
export type Role = (typeof Role)[keyof typeof Role];

export const ROLES: readonly Role[] = Object.freeze(Object.values(Role));

export const STAFF_ROLES = Object.freeze([
  Role.UNDERWRITER,
  Role.COLLECTOR,
  Role.COMPLIANCE,
  Role.OPS,
] as const);
export type StaffRole = (typeof STAFF_ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function isStaffRole(value: unknown): value is StaffRole {
  return typeof value === 'string' && (STAFF_ROLES as readonly string[]).includes(value);
}
