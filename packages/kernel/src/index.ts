export { BUSINESS_DATE_MAX_YEAR, BUSINESS_DATE_MIN_YEAR, BusinessDate } from './business-date.js';
export type { BusinessDateErrorCode } from './business-date.js';
export { FixedClock, systemClock } from './clock.js';
export type { Clock } from './clock.js';
export { CURRENCIES, currencyExponent, isCurrencyCode } from './currency.js';
export type { CurrencyCode } from './currency.js';
export { DECIMAL_STRING_MAX_LENGTH, Decimal, isDecimal, parseDecimalFraction } from './decimal.js';
export type { DecimalFraction } from './decimal.js';
export {
  DomainError,
  DomainErrorCode,
  err,
  errs,
  invariant,
  isDomainError,
  ok,
  problem,
  unwrap,
} from './errors.js';
export type { Err, Ok, Problem, Result } from './errors.js';
export { GLOBAL_ID_MAX_LENGTH, fromGlobalId, fromGlobalIdOfType, toGlobalId } from './global-id.js';
export { isUuid, isUuidV7, newId } from './ids.js';
export { ALLOCATION_MAX_PARTS, MONEY_MAX_MAJOR_DIGITS, Money } from './money.js';
export type { MoneyParseErrorCode } from './money.js';
export { RATE_MAX, RATE_MAX_FRACTION_DIGITS, Rate } from './rate.js';
export type { RateErrorCode } from './rate.js';
export { Role, ROLES, STAFF_ROLES, isRole, isStaffRole } from './role.js';
export type { StaffRole } from './role.js';
export { DECIMAL_ROUNDING, ROUNDING_MODES, divideRounded, isRoundingMode } from './rounding.js';
export type { RoundingMode } from './rounding.js';
export { instantAt, localTimeOf, SECONDS_PER_DAY, startOfLocalDay } from './zoned-time.js';
export type { LocalTime } from './zoned-time.js';
export {
  checkFreeText,
  contactDataIn,
  FREE_TEXT_PHONE_REGIONS,
  FREE_TEXT_SCAN_MAX_LENGTH,
  FreeTextError,
} from './free-text.js';
export type { ContactDataKind } from './free-text.js';
