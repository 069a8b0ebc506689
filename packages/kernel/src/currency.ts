import { DomainError } from './errors.js';

/**
 * ISO 4217 codes with their minor-unit exponent (digits after the decimal
 * point). Only currencies we may plausibly lend or settle in; add rows as
 * needed, never change an existing exponent (stored minor amounts depend on it).
 */
export const CURRENCIES = {
  AED: 2,
  AUD: 2,
  BHD: 3,
  BRL: 2,
  CAD: 2,
  CHF: 2,
  CLP: 0,
  CNY: 2,
  CZK: 2,
  DKK: 2,
  EUR: 2,
  GBP: 2,
  HKD: 2,
  HUF: 2,
  IDR: 2,
  ILS: 2,
  INR: 2,
  IQD: 3,
  ISK: 0,
  JOD: 3,
  JPY: 0,
  KRW: 0,
  KWD: 3,
  LYD: 3,
  MOP: 2,
  MXN: 2,
  MYR: 2,
  NOK: 2,
  NZD: 2,
  OMR: 3,
  PHP: 2,
  PLN: 2,
  SAR: 2,
  SEK: 2,
  SGD: 2,
  THB: 2,
  TND: 3,
  TRY: 2,
  TWD: 2,
  UGX: 0,
  USD: 2,
  VND: 0,
  XAF: 0,
  XOF: 0,
  ZAR: 2,
} as const satisfies Record<string, 0 | 2 | 3>;

export type CurrencyCode = keyof typeof CURRENCIES;

export function isCurrencyCode(code: unknown): code is CurrencyCode {
  return typeof code === 'string' && Object.hasOwn(CURRENCIES, code);
}

/** Minor-unit exponent of an ISO 4217 code (exact, upper case). */
export function currencyExponent(code: string): number {
  if (!isCurrencyCode(code)) {
    throw new DomainError(
      'UNKNOWN_CURRENCY',
      `unknown currency: ${JSON.stringify(code).slice(0, 20)}`,
    );
  }
  return CURRENCIES[code];
}
