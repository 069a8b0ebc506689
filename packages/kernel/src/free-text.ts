import { findPhoneNumbersInText, type CountryCode } from 'libphonenumber-js/max';
import { err, ok, type Result } from './errors.js';
import { fromGlobalId } from './global-id.js';

/**
 * Free text that staff or borrowers type and that is stored in the clear (a
 * review reason, a revocation reason, a journal memo) must not carry contact
 * data: that lives only encrypted in the consent vault, behind a grant and an
 * access log. Every such field is checked here, in one place, and refused
 * with CONTACT_DATA_IN_TEXT; the refusal never repeats the text.
 *
 * It lives in kernel because every package that stores free text (credit,
 * ledger, collections, consent) depends on kernel and on no common package
 * above it; it is pure computation (libphonenumber-js, no I/O).
 */
export const FreeTextError = {
  CONTACT_DATA_IN_TEXT: 'CONTACT_DATA_IN_TEXT',
} as const;
export type FreeTextError = (typeof FreeTextError)[keyof typeof FreeTextError];

export type ContactDataKind = 'PHONE_NUMBER' | 'EMAIL_ADDRESS';

/**
 * Numbers written without a country code are read as national numbers of
 * these regions: the platform's jurisdictions (borrowers' JURISDICTIONS, which
 * a test there keeps inside this list). Numbers written with `+` or `00` and
 * a country code are found for every country.
 */
export const FREE_TEXT_PHONE_REGIONS: readonly CountryCode[] = ['CN', 'US'];

/** Longer text is refused unscanned: every caller caps its field far below this. */
export const FREE_TEXT_SCAN_MAX_LENGTH = 10_000;

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const TOKEN = /[A-Za-z0-9_-]{16,}/g;
// Invisible characters (zero-width space, joiners, soft hyphen, BOM, …) that would split a number.
const FORMAT_CHARACTERS = /\p{Cf}/gu;
const EMAIL = /[\p{L}\p{N}._%+'-]+\s*@\s*[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/u;

/**
 * What kind of contact data the text seems to carry, or null. Recognises
 * phone numbers valid in any country when written internationally
 * (+86 138 0013 8000, 0086…, +1-212-555-0100) and in the platform's regions
 * when written nationally (13800138000, (212) 555-0100), also when glued to
 * letters, spread out with spaces or written in full-width digits, and
 * e-mail addresses. Ids (UUIDs, global ids), amounts, dates and ordinary
 * counts are not numbers anyone can call and pass.
 */
export function contactDataIn(text: string): ContactDataKind | null {
  const normal = normalize(text);
  if (EMAIL.test(normal)) return 'EMAIL_ADDRESS';
  for (const region of [undefined, ...FREE_TEXT_PHONE_REGIONS]) {
    if (findPhoneNumbersInText(normal, { defaultCountry: region }).length > 0) {
      return 'PHONE_NUMBER';
    }
  }
  return null;
}

function normalize(text: string): string {
  return (
    text
      .normalize('NFKC')
      .replace(FORMAT_CHARACTERS, '')
      // Ids are long runs of digits and letters, never contact data: blank them out first.
      .replace(UUID, ' ')
      .replace(TOKEN, (token) => (fromGlobalId(token) ? ' ' : token))
      // libphonenumber ignores a number glued to Latin letters ("tel13800138000"): unglue it.
      .replace(/(\p{L})(?=\d)/gu, '$1 ')
      .replace(/(\d)(?=\p{L})/gu, '$1 ')
  );
}

/**
 * The one check every stored free-text field makes: the text as given, or
 * CONTACT_DATA_IN_TEXT on `field` with a message naming the kind of data
 * found but never the text. `label` names the field for a person ("The
 * reason"). Callers check their length limit first.
 */
export function checkFreeText(
  text: string,
  field: readonly string[],
  label: string,
): Result<string, FreeTextError> {
  if (text.length > FREE_TEXT_SCAN_MAX_LENGTH) {
    return err(
      FreeTextError.CONTACT_DATA_IN_TEXT,
      `${label} is too long to be checked for contact data.`,
      field,
    );
  }
  const found = contactDataIn(text);
  if (found === null) return ok(text);
  const what = found === 'EMAIL_ADDRESS' ? 'an e-mail address' : 'a phone number';
  return err(
    FreeTextError.CONTACT_DATA_IN_TEXT,
    `${label} seems to contain ${what}. Free text is stored and shown in the clear, so it must not carry contact data: remove it (contact details belong in the borrower's contact points).`,
    field,
  );
}
