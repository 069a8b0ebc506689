import { describe, expect, it } from 'vitest';
import { CURRENCIES, currencyExponent, isCurrencyCode } from './currency.js';
import { DomainError } from './errors.js';

describe('currencyExponent', () => {
  it.each([
    ['CNY', 2],
    ['USD', 2],
    ['EUR', 2],
    ['GBP', 2],
    ['HKD', 2],
    ['TWD', 2],
    ['JPY', 0],
    ['KRW', 0],
    ['KWD', 3],
    ['BHD', 3],
  ])('%s has %s minor digits', (code, exponent) => {
    expect(currencyExponent(code)).toBe(exponent);
  });

  it.each(['XXX', 'cny', '', 'toString', '__proto__', 'CNY '])('rejects %j', (code) => {
    expect(isCurrencyCode(code)).toBe(false);
    try {
      currencyExponent(code);
      expect.fail('expected a throw');
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe('UNKNOWN_CURRENCY');
    }
  });

  it('lists only three-letter upper-case codes', () => {
    for (const code of Object.keys(CURRENCIES)) expect(code).toMatch(/^[A-Z]{3}$/);
  });
});
