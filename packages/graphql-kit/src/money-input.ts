import { isCurrencyCode, Money } from '@lending/kernel';
import { UserError, type MoneyInput } from './common.types.js';

/**
 * A MoneyInput as exact Money, or the userError a client gets for it
 * (unknown currency, too many decimals, sign, exponent, size), naming `field`.
 */
export function parseMoneyInput(
  input: MoneyInput,
  field: readonly string[],
): { ok: true; value: Money } | { ok: false; error: UserError } {
  if (!isCurrencyCode(input.currency)) {
    return {
      ok: false,
      error: UserError.of('UNKNOWN_CURRENCY', 'Currency is not a supported ISO 4217 code.', [
        ...field,
        'currency',
      ]),
    };
  }
  const parsed = Money.parse(input.amount, input.currency);
  if (!parsed.ok)
    return { ok: false, error: UserError.of(parsed.code, parsed.message, [...field, 'amount']) };
  return { ok: true, value: parsed.value };
}
