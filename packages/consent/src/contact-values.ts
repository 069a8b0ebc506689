import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { err, ok, type Result } from '@lending/kernel';
import { ContactKind } from './vocabulary.js';

// Messages never repeat the rejected value: it is someone's personal data.

export const ContactValueError = {
  INVALID_PHONE: 'INVALID_PHONE',
  INVALID_EMAIL: 'INVALID_EMAIL',
  INVALID_POSTAL_ADDRESS: 'INVALID_POSTAL_ADDRESS',
  INVALID_NAME: 'INVALID_NAME',
  INVALID_RELATIONSHIP: 'INVALID_RELATIONSHIP',
} as const;
export type ContactValueError = (typeof ContactValueError)[keyof typeof ContactValueError];

const PHONE_INPUT_MAX = 40;
export const NAME_MAX_LENGTH = 200;
export const RELATIONSHIP_MAX_LENGTH = 50;
export const POSTAL_ADDRESS_MAX_LENGTH = 500;
const EMAIL_MAX_LENGTH = 254;
const EMAIL = /^[^\s@]{1,64}@[^\s@]+\.[^\s@]{2,}$/;

/** E.164 (+8613800138000). Input must carry its country code: the platform spans countries. */
export function normalizePhone(
  input: string,
  field: readonly string[],
): Result<string, ContactValueError> {
  const phone =
    input.length <= PHONE_INPUT_MAX ? parsePhoneNumberFromString(input.trim()) : undefined;
  if (!phone?.isValid()) {
    return err(
      ContactValueError.INVALID_PHONE,
      'Phone number is not valid: give it in international format with the country code, e.g. +86 138 0013 8000.',
      field,
    );
  }
  return ok(phone.number);
}

export function normalizeEmail(
  input: string,
  field: readonly string[],
): Result<string, ContactValueError> {
  const email = input.trim();
  if (email.length > EMAIL_MAX_LENGTH || !EMAIL.test(email)) {
    return err(ContactValueError.INVALID_EMAIL, 'Email address is not valid.', field);
  }
  const at = email.lastIndexOf('@');
  return ok(email.slice(0, at) + email.slice(at).toLowerCase());
}

export function normalizePostalAddress(
  input: string,
  field: readonly string[],
): Result<string, ContactValueError> {
  const address = input.trim().replace(/[ \t]+/g, ' ');
  if (address.length === 0 || address.length > POSTAL_ADDRESS_MAX_LENGTH) {
    return err(
      ContactValueError.INVALID_POSTAL_ADDRESS,
      `Postal address must be 1 to ${POSTAL_ADDRESS_MAX_LENGTH} characters.`,
      field,
    );
  }
  return ok(address);
}

export function normalizeContactValue(
  kind: ContactKind,
  value: string,
  field: readonly string[],
): Result<string, ContactValueError> {
  switch (kind) {
    case ContactKind.PHONE:
      return normalizePhone(value, field);
    case ContactKind.EMAIL:
      return normalizeEmail(value, field);
    case ContactKind.POSTAL_ADDRESS:
      return normalizePostalAddress(value, field);
  }
}

export function normalizeText(
  input: string,
  max: number,
  code: typeof ContactValueError.INVALID_NAME | typeof ContactValueError.INVALID_RELATIONSHIP,
  label: string,
  field: readonly string[],
): Result<string, ContactValueError> {
  const text = input.trim().replace(/\s+/g, ' ');
  if (text.length === 0 || text.length > max) {
    return err(code, `${label} must be 1 to ${max} characters.`, field);
  }
  return ok(text);
}
