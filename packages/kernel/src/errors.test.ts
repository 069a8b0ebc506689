import { describe, expect, it } from 'vitest';
import { DomainError, err, invariant, isDomainError, ok, unwrap } from './errors.js';
import type { Result } from './errors.js';

describe('errors', () => {
  it('DomainError carries a code', () => {
    const error = new DomainError('CURRENCY_MISMATCH', 'CNY vs USD');
    expect(error).toBeInstanceOf(Error);
    expect(isDomainError(error)).toBe(true);
    expect(error.code).toBe('CURRENCY_MISMATCH');
    expect(error.name).toBe('DomainError');
    expect(error.message).toBe('CNY vs USD');
  });

  it('builds results', () => {
    expect(ok(1)).toEqual({ ok: true, value: 1 });
    expect(err('NOT_FOUND', 'missing')).toEqual({
      ok: false,
      code: 'NOT_FOUND',
      message: 'missing',
    });
    expect(err('INVALID', 'bad', ['input', 'amount'])).toEqual({
      ok: false,
      code: 'INVALID',
      message: 'bad',
      field: ['input', 'amount'],
    });
    expect('field' in err('X', 'y')).toBe(false);
  });

  it('unwrap returns the value or throws the code', () => {
    const good: Result<number, 'INVALID_RATE'> = ok(2);
    const bad: Result<number, 'INVALID_RATE'> = err('INVALID_RATE', 'nope');
    expect(unwrap(good)).toBe(2);
    expect(() => unwrap(bad)).toThrow(expect.objectContaining({ code: 'INVALID_RATE' }));
  });

  it('invariant throws INVARIANT_VIOLATION', () => {
    expect(() => {
      invariant(false, 'broken');
    }).toThrow(expect.objectContaining({ code: 'INVARIANT_VIOLATION' }));
    expect(() => {
      invariant(true, 'fine');
    }).not.toThrow();
  });
});
