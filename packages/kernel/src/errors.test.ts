import { describe, expect, it } from 'vitest';
import { DomainError, err, errs, invariant, isDomainError, ok, problem, unwrap } from './errors.js';
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
      errors: [{ code: 'NOT_FOUND', message: 'missing' }],
    });
    expect(err('INVALID', 'bad', ['input', 'amount'])).toEqual({
      ok: false,
      errors: [{ code: 'INVALID', message: 'bad', field: ['input', 'amount'] }],
    });
    expect('field' in err('X', 'y').errors[0]).toBe(false);
  });

  it('collects several problems, never none', () => {
    expect(errs([problem('A', 'a'), problem('B', 'b', ['x'])])).toEqual({
      ok: false,
      errors: [
        { code: 'A', message: 'a' },
        { code: 'B', message: 'b', field: ['x'] },
      ],
    });
    expect(() => errs([])).toThrow(expect.objectContaining({ code: 'INVARIANT_VIOLATION' }));
  });

  it('unwrap returns the value or throws the code', () => {
    const good: Result<number, 'INVALID_RATE'> = ok(2);
    const bad: Result<number, 'INVALID_RATE'> = err('INVALID_RATE', 'nope');
    expect(unwrap(good)).toBe(2);
    expect(() => unwrap(bad)).toThrow(expect.objectContaining({ code: 'INVALID_RATE' }));
    expect(() => unwrap(err('LOAN_NOT_FOUND', 'No such loan.'))).toThrow(
      expect.objectContaining({
        code: 'INVARIANT_VIOLATION',
        message: 'LOAN_NOT_FOUND: No such loan.',
      }),
    );
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
