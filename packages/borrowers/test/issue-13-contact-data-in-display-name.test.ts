import { describe, expect, it } from 'vitest';
import { validateNewBorrower } from '../src/index.js';

// Issue 13: staff see display names without a grant (queues, cases), so a
// phone number or e-mail typed into one would bypass the consent vault.

describe('validateNewBorrower refuses contact data in the display name', () => {
  it.each([
    'Li Wei +86 138 0013 8000',
    'Li Wei 13800138000',
    'Maria (212) 555-0100',
    'maria@example.com',
  ])('%j', (displayName) => {
    const result = validateNewBorrower({ displayName, timeZone: 'Asia/Shanghai' });
    expect(result).toMatchObject({
      ok: false,
      errors: [{ code: 'CONTACT_DATA_IN_TEXT', field: ['displayName'] }],
    });
    if (!result.ok) expect(result.errors[0].message).not.toMatch(/138|555|example/);
  });

  it.each(['Li Wei', 'Maria Garcia 2nd', '王芳', "O'Brien-Smith III"])(
    'accepts %j',
    (displayName) => {
      expect(validateNewBorrower({ displayName, timeZone: 'Asia/Shanghai' })).toMatchObject({
        ok: true,
      });
    },
  );
});
