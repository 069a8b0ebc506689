import { Role } from '@lending/kernel';

export const ContactScope = {
  SELF_CONTACT: 'SELF_CONTACT',
  REFERENCE_CONTACTS: 'REFERENCE_CONTACTS',
  ADDRESS_BOOK: 'ADDRESS_BOOK',
} as const;
export type ContactScope = (typeof ContactScope)[keyof typeof ContactScope];

export const AccessPurpose = {
  UNDERWRITING: 'UNDERWRITING',
  SERVICING: 'SERVICING',
  COLLECTIONS: 'COLLECTIONS',
  FRAUD_PREVENTION: 'FRAUD_PREVENTION',
} as const;
export type AccessPurpose = (typeof AccessPurpose)[keyof typeof AccessPurpose];

export const ContactKind = {
  PHONE: 'PHONE',
  EMAIL: 'EMAIL',
  POSTAL_ADDRESS: 'POSTAL_ADDRESS',
} as const;
export type ContactKind = (typeof ContactKind)[keyof typeof ContactKind];

export const GrantStatus = { ACTIVE: 'ACTIVE', EXPIRED: 'EXPIRED', REVOKED: 'REVOKED' } as const;
export type GrantStatus = (typeof GrantStatus)[keyof typeof GrantStatus];

export const CONTACT_SCOPES = Object.values(ContactScope);
export const ACCESS_PURPOSES = Object.values(AccessPurpose);

/**
 * The one place that decides which (scope, purpose, grantee) can ever be
 * granted. Anything not listed is refused with POLICY_FORBIDDEN, whatever the
 * borrower agrees to: collections can never reach an address book.
 */
export const GRANTABLE: Readonly<
  Record<ContactScope, Partial<Record<AccessPurpose, readonly Role[]>>>
> = {
  SELF_CONTACT: {
    SERVICING: [Role.OPS],
    COLLECTIONS: [Role.COLLECTOR],
    UNDERWRITING: [Role.UNDERWRITER],
  },
  REFERENCE_CONTACTS: {
    UNDERWRITING: [Role.UNDERWRITER],
    COLLECTIONS: [Role.COLLECTOR],
  },
  ADDRESS_BOOK: {
    FRAUD_PREVENTION: [Role.UNDERWRITER],
  },
};

export function isGrantable(scope: ContactScope, purpose: AccessPurpose, grantee: Role): boolean {
  return GRANTABLE[scope][purpose]?.includes(grantee) ?? false;
}
