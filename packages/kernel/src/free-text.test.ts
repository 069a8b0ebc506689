import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkFreeText, contactDataIn, FREE_TEXT_SCAN_MAX_LENGTH } from './free-text.js';
import { toGlobalId } from './global-id.js';
import { newId } from './ids.js';

describe('contactDataIn: phone numbers are found', () => {
  it.each([
    '+86 138 0013 8000',
    '13800138000',
    '(212) 555-0100',
    '+1-212-555-0100',
    '+1 (212) 555-0100',
    '212.555.0100',
    '138-0013-8000',
    '0086 138 0013 8000',
    '+86 10 6552 9988',
    '(010) 6552 9988',
    '+44 20 7946 0958',
    // glued to letters, spread out, full-width digits, split by invisible characters
    'tel13800138000',
    'call13800138000now',
    '电话13800138000',
    '1 3 8 0 0 1 3 8 0 0 0',
    '１３８００１３８０００',
    '138\u200b0013\u200b8000',
  ])('%j', (phone) => {
    expect(contactDataIn(phone)).toBe('PHONE_NUMBER');
    expect(contactDataIn(`Borrower asked to be called on ${phone} after 6pm.`)).toBe(
      'PHONE_NUMBER',
    );
  });
});

describe('contactDataIn: e-mail addresses are found', () => {
  it.each([
    'li.wei@example.com',
    'MARIA+loans@mail.example.co.uk',
    'li.wei @ example.com',
    'li.wei＠example.com',
    '王芳@例子.中国',
  ])('%j', (email) => {
    expect(contactDataIn(email)).toBe('EMAIL_ADDRESS');
    expect(contactDataIn(`write to ${email} instead`)).toBe('EMAIL_ADDRESS');
  });
});

describe('contactDataIn: ordinary reasons with numbers pass', () => {
  it.each([
    'Income verified, debt ratio acceptable for the requested limit.',
    'Reduced hours at work for 3 months',
    'demo: reduced hours at work',
    'Repayment of CNY 12,000.00 was posted twice on 2026-01-15.',
    'USD 1,250,000.00 exposure is above policy',
    'Paid 2,500.00 on 2024-03-15 at 08:00, bank reference missing',
    'between 2023-01-01 and 2023-12-31',
    'Statement dated 15.03.2024 and 2024/03/15',
    'income 8500 per month, 12 months arrears, 2 missed instalments',
    'score 612, grade C, 19.99% APR',
    'applications 1 and 6 of the training file',
    'loan 0191f3a2-7b4c-7def-8123-138001380001 reversed by mistake',
    `loan ${toGlobalId('Loan', '0191f3a2-7b4c-7def-8123-456789012345')} reversed by mistake`,
    'Revoked: I no longer use this app',
    '',
  ])('%j', (text) => {
    expect(contactDataIn(text)).toBeNull();
  });

  it('passes any UUID and any global id of one', () => {
    const uuid = fc.uuid({ version: [4, 7] });
    fc.assert(
      fc.property(uuid, fc.constantFrom('Loan', 'Repayment', 'CreditApplication'), (id, type) => {
        expect(contactDataIn(`see ${id} and ${toGlobalId(type, id)}`)).toBeNull();
      }),
      { numRuns: 500 },
    );
    for (let i = 0; i < 200; i++) expect(contactDataIn(toGlobalId('Loan', newId()))).toBeNull();
  });
});

describe('checkFreeText', () => {
  it('refuses with CONTACT_DATA_IN_TEXT on the field, never repeating the text', () => {
    const result = checkFreeText('call me on +86 138 0013 8000', ['reason'], 'The reason');
    expect(result).toEqual({
      ok: false,
      errors: [
        {
          code: 'CONTACT_DATA_IN_TEXT',
          message: expect.stringContaining('The reason seems to contain a phone number') as string,
          field: ['reason'],
        },
      ],
    });
    if (result.ok) return;
    expect(result.errors[0].message).not.toMatch(/138|8000/);
    const email = checkFreeText('mail li@example.com', ['memo'], 'The memo');
    expect(email.ok ? null : email.errors[0].message).toMatch(/an e-mail address/);
    expect(email.ok ? null : email.errors[0].message).not.toContain('example');
  });

  it('answers the text when it is clean, and refuses text too long to scan', () => {
    expect(checkFreeText('3 months of reduced hours', ['reason'], 'The reason')).toEqual({
      ok: true,
      value: '3 months of reduced hours',
    });
    expect(
      checkFreeText('a'.repeat(FREE_TEXT_SCAN_MAX_LENGTH + 1), ['reason'], 'The reason'),
    ).toMatchObject({ ok: false, errors: [{ code: 'CONTACT_DATA_IN_TEXT' }] });
  });
});
