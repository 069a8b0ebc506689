import { err, isCurrencyCode, Money, type MoneyParseErrorCode, type Result } from '@lending/kernel';
import type { MoneyInput } from './common.types.js';

/**
 * A MoneyInput as exact Money, or the problem a client gets for it
 * (unknown currency, too many decimals, sign, exponent, size), naming `field`.
 */
export function parseMoneyInput(
  input: MoneyInput,
  field: readonly string[],
): Result<Money, MoneyParseErrorCode> {
  if (!isCurrencyCode(input.currency)) {
    return err('UNKNOWN_CURRENCY', 'Currency is not a supported ISO 4217 code.', [
      ...field,
      'currency',
    ]);
  }
  const parsed = Money.parse(input.amount, input.currency);
  if (!parsed.ok) {
    const [first] = parsed.errors;
    return err(first.code, first.message, [...field, 'amount']);
  }
  return parsed;
}
