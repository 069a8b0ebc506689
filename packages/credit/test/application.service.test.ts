import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect } from 'vitest';
import { borrowerFactory, borrowerFixtures } from '@lending/borrowers/testing';
import type { Db } from '@lending/db';
import { FixedClock, Money, toGlobalId } from '@lending/kernel';
import { getCreditLinesByIds, listCreditLinesOfBorrowers } from '@lending/ledger';
import { dbTest } from '@lending/testing/fixtures';
import {
  acceptCreditOffer,
  getCreditApplicationsByIds,
  listCreditApplicationsOfBorrowers,
  parseCsv,
  reviewCreditApplication,
  submitCreditApplication,
  type SubmitApplicationInput,
} from '../src/index.js';

const rows = parseCsv(
  readFileSync(fileURLToPath(new URL('../data/german_train.csv', import.meta.url)), 'utf8'),
).rows;
const attributesOf = (row: Record<string, string>) =>
  Object.entries(row).map(([name, value]) => ({ name, value }));
const cny = (s: string) => Money.parseOrThrow(s, 'CNY');

const test = dbTest
  .override({ dbOptions: { businessDate: '2026-03-01' } })
  .extend(borrowerFixtures);
const clock = new FixedClock('2026-03-01T09:00:00Z');
const deps = (db: Db) => ({ db, clock });
/** A borrower acting for themself, as the gateway's viewer is: the actor id is their global id. */
const asBorrower = (borrowerId: string) => ({
  id: toGlobalId('Borrower', borrowerId),
  borrowerId,
});

const input = (
  borrowerId: string,
  row = rows[0]!,
  key = `k-${Math.random()}`,
): SubmitApplicationInput => ({
  borrowerId,
  requestedLimit: cny('50000'),
  monthlyIncome: cny('20000'),
  monthlyDebtPayments: cny('3000'),
  attributes: attributesOf(row),
  idempotencyKey: key,
});

describe('submitCreditApplication', () => {
  test('records the decision with its inputs, model version and an offer valid 30 days', async ({
    db,
    borrower,
  }) => {
    const result = await submitCreditApplication(deps(db), { id: 'user-1' }, input(borrower.id));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const app = result.value;
    expect(app).toMatchObject({
      borrowerId: borrower.id,
      status: 'APPROVED',
      submittedBy: 'user-1',
      decision: {
        outcome: 'APPROVED',
        modelVersion: 'application-v2',
        score: 579,
        probabilityOfDefault: '0.03983197',
        riskGrade: 'A',
      },
    });
    expect(app.decision.limit!.toString()).toBe('50000.00 CNY');
    expect(app.decision.annualRate!.toString()).toBe('0.099');
    expect(app.decision.affordabilityCap!.toString()).toBe('79663.00 CNY');
    expect(app.offerExpiresAt!.toISOString()).toBe('2026-03-31T09:00:00.000Z');
    expect(app.attributes).not.toHaveProperty('personal_status_and_sex');
    expect(app.attributes.duration_in_month).toBe('6');
    const listed = await listCreditApplicationsOfBorrowers(db, [borrower.id]);
    expect(listed.get(borrower.id)!.map((a) => a.id)).toEqual([app.id]);
  });

  test('is idempotent on its key: the same request returns the first decision; other input under the key is refused', async ({
    db,
    borrower,
  }) => {
    const first = await submitCreditApplication(
      deps(db),
      { id: 'user-2' },
      input(borrower.id, rows[0], 'same'),
    );
    const again = await submitCreditApplication(
      deps(db),
      { id: 'user-2' },
      input(borrower.id, rows[0], 'same'),
    );
    expect(again.ok && first.ok && again.value.id === first.value.id).toBe(true);
    const other = await submitCreditApplication(
      deps(db),
      { id: 'user-2' },
      input(borrower.id, rows[1], 'same'),
    );
    expect(other).toMatchObject({
      ok: false,
      errors: [{ code: 'CONFLICT', field: ['idempotencyKey'] }],
    });
    expect(
      (await listCreditApplicationsOfBorrowers(db, [borrower.id])).get(borrower.id),
    ).toHaveLength(1);
  });

  test('refuses bad input with every problem named, and writes nothing', async ({
    db,
    borrower,
  }) => {
    const result = await submitCreditApplication(
      deps(db),
      { id: 'user-3' },
      {
        ...input(borrower.id),
        requestedLimit: Money.parseOrThrow('500', 'JPY'),
        monthlyIncome: cny('100'),
        attributes: [{ name: 'age_in_years', value: '-3' }],
        idempotencyKey: '',
      },
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => e.code)).toEqual([
      'INVALID_IDEMPOTENCY_KEY',
      'UNSUPPORTED_CURRENCY',
      'CURRENCY_MISMATCH',
      'CURRENCY_MISMATCH',
      'INVALID_ATTRIBUTE_VALUE',
      ...Array(11).fill('MISSING_ATTRIBUTE'),
    ]);
    expect(result.errors[4]!.field).toEqual(['attributes', 'age_in_years']);
    expect((await listCreditApplicationsOfBorrowers(db, [borrower.id])).get(borrower.id)).toEqual(
      [],
    );
  });

  test('refuses an unknown borrower', async ({ db }) => {
    const result = await submitCreditApplication(
      deps(db),
      { id: 'u' },
      input('0190f1c4-0000-7000-8000-000000000000'),
    );
    expect(result).toMatchObject({
      ok: false,
      errors: [{ code: 'BORROWER_NOT_FOUND', field: ['borrowerId'] }],
    });
  });
});

describe('reviewCreditApplication', () => {
  async function referred(db: Db, submittedBy = 'underwriter-a') {
    const borrower = await borrowerFactory(db);
    const result = await submitCreditApplication(
      deps(db),
      { id: submittedBy },
      input(borrower.id, rows[5]),
    );
    if (!result.ok || result.value.status !== 'REFERRED') throw new Error('expected a referral');
    return { borrower, application: result.value };
  }

  test('lets another underwriter approve a referral with a reason; the proposal becomes the offer', async ({
    db,
  }) => {
    const { application } = await referred(db);
    clock.set(new Date('2026-03-02T10:00:00Z'));
    const result = await reviewCreditApplication(
      deps(db),
      { id: 'underwriter-b' },
      {
        applicationId: application.id,
        outcome: 'APPROVED',
        reason: 'Stable salaried income verified with payslips.',
      },
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value).toMatchObject({
      status: 'APPROVED',
      decision: { outcome: 'REFERRED', riskGrade: 'D' },
      review: {
        reviewedBy: 'underwriter-b',
        reason: 'Stable salaried income verified with payslips.',
      },
    });
    expect(result.value.decision.limit!.toString()).toBe('40000.00 CNY');
    expect(result.value.offerExpiresAt!.toISOString()).toBe('2026-04-01T10:00:00.000Z');
    const twice = await reviewCreditApplication(
      deps(db),
      { id: 'underwriter-c' },
      {
        applicationId: application.id,
        outcome: 'DECLINED',
        reason: 'Changed my mind about this one.',
      },
    );
    expect(twice).toMatchObject({ ok: false, errors: [{ code: 'ALREADY_REVIEWED' }] });
  });

  test('refuses a self-review, a review without a reason, and a review of a decided application', async ({
    db,
    borrower,
  }) => {
    const { application } = await referred(db, 'underwriter-a');
    const reason = 'Reviewed bank statements for six months.';
    expect(
      await reviewCreditApplication(
        deps(db),
        { id: 'underwriter-a' },
        { applicationId: application.id, outcome: 'APPROVED', reason },
      ),
    ).toMatchObject({ ok: false, errors: [{ code: 'SELF_REVIEW' }] });
    expect(
      await reviewCreditApplication(
        deps(db),
        { id: 'underwriter-b' },
        { applicationId: application.id, outcome: 'APPROVED', reason: '  ok ' },
      ),
    ).toMatchObject({ ok: false, errors: [{ code: 'INVALID_REVIEW_REASON' }] });
    const approved = await submitCreditApplication(deps(db), { id: 'x' }, input(borrower.id));
    expect(
      await reviewCreditApplication(
        deps(db),
        { id: 'underwriter-b' },
        { applicationId: approved.ok ? approved.value.id : '', outcome: 'DECLINED', reason },
      ),
    ).toMatchObject({ ok: false, errors: [{ code: 'NOT_REFERRED' }] });
    const [unchanged] = await getCreditApplicationsByIds(db, [application.id]);
    expect(unchanged).toMatchObject({ status: 'REFERRED', review: null });
  });
});

describe('acceptCreditOffer', () => {
  test('opens the offered line through the ledger; accepting again returns the same line', async ({
    db,
    borrower,
  }) => {
    clock.set(new Date('2026-03-01T09:00:00Z'));
    const submitted = await submitCreditApplication(deps(db), { id: 'b' }, input(borrower.id));
    if (!submitted.ok) throw new Error('submit failed');
    const first = await acceptCreditOffer(deps(db), asBorrower(borrower.id), {
      applicationId: submitted.value.id,
      idempotencyKey: 'a1',
    });
    const second = await acceptCreditOffer(deps(db), asBorrower(borrower.id), {
      applicationId: submitted.value.id,
      idempotencyKey: 'a2',
    });
    expect(first.ok && second.ok && first.value.creditLineId === second.value.creditLineId).toBe(
      true,
    );
    if (!first.ok) return;
    const [line] = await getCreditLinesByIds(db, [first.value.creditLineId]);
    expect(line!.limit.toString()).toBe('50000.00 CNY');
    expect(line!.annualRate.toString()).toBe('0.099');
    expect(line!.borrowerId).toBe(borrower.id);
    expect(first.value.application.creditLineId).toBe(first.value.creditLineId);
  });

  test('is idempotent on its key: the same key and application replay; the same key for another application is a CONFLICT', async ({
    db,
    borrower,
  }) => {
    clock.set(new Date('2026-03-01T09:00:00Z'));
    const a = await submitCreditApplication(deps(db), { id: 'b' }, input(borrower.id));
    const b = await submitCreditApplication(deps(db), { id: 'b' }, input(borrower.id));
    if (!a.ok || !b.ok || a.value.status !== 'APPROVED' || b.value.status !== 'APPROVED') {
      throw new Error('expected two approved applications');
    }
    const first = await acceptCreditOffer(deps(db), asBorrower(borrower.id), {
      applicationId: a.value.id,
      idempotencyKey: 'offer-1',
    });
    if (!first.ok) throw new Error(`accept failed: ${first.errors[0].code}`);
    const replay = await acceptCreditOffer(deps(db), asBorrower(borrower.id), {
      applicationId: a.value.id,
      idempotencyKey: 'offer-1',
    });
    expect(replay.ok).toBe(true);
    if (!replay.ok) return;
    expect(replay.value.creditLineId).toBe(first.value.creditLineId);
    expect(replay.value.application).toEqual(first.value.application);

    const conflict = await acceptCreditOffer(deps(db), asBorrower(borrower.id), {
      applicationId: b.value.id,
      idempotencyKey: 'offer-1',
    });
    expect(conflict).toEqual({
      ok: false,
      errors: [{ code: 'CONFLICT', message: expect.any(String), field: ['idempotencyKey'] }],
    });
    const [untouched] = await getCreditApplicationsByIds(db, [b.value.id]);
    expect(untouched).toMatchObject({ status: 'APPROVED', creditLineId: null, acceptedAt: null });
    const lines = await listCreditLinesOfBorrowers(db, [borrower.id]);
    expect(lines.get(borrower.id)!.map((l) => l.id)).toEqual([first.value.creditLineId]);

    // Keys are the actor's own: another borrower's same key is a fresh command.
    const other = await borrowerFactory(db);
    const theirs = await submitCreditApplication(deps(db), { id: 'b' }, input(other.id));
    if (!theirs.ok) throw new Error('submit failed');
    const accepted = await acceptCreditOffer(deps(db), asBorrower(other.id), {
      applicationId: theirs.value.id,
      idempotencyKey: 'offer-1',
    });
    expect(accepted.ok).toBe(true);
    if (!accepted.ok) return;
    expect(accepted.value.creditLineId).not.toBe(first.value.creditLineId);
    expect(accepted.value.application.borrowerId).toBe(other.id);
  });

  test('stores nothing under a key whose first use was refused: the key may be used again', async ({
    db,
    borrower,
  }) => {
    clock.set(new Date('2026-03-01T09:00:00Z'));
    const declined = await submitCreditApplication(
      deps(db),
      { id: 'b' },
      input(borrower.id, rows[1]),
    );
    const approved = await submitCreditApplication(deps(db), { id: 'b' }, input(borrower.id));
    if (!declined.ok || !approved.ok || declined.value.status !== 'DECLINED') {
      throw new Error('expected a declined and an approved application');
    }
    expect(
      await acceptCreditOffer(deps(db), asBorrower(borrower.id), {
        applicationId: declined.value.id,
        idempotencyKey: 'retry-1',
      }),
    ).toMatchObject({ ok: false, errors: [{ code: 'NO_OFFER', field: ['applicationId'] }] });
    // Had the refusal been stored, other input under the key would be a CONFLICT.
    const accepted = await acceptCreditOffer(deps(db), asBorrower(borrower.id), {
      applicationId: approved.value.id,
      idempotencyKey: 'retry-1',
    });
    expect(accepted.ok).toBe(true);
    if (!accepted.ok) return;
    expect(accepted.value.application.creditLineId).toBe(accepted.value.creditLineId);
    // Now the key is bound to the accepted application.
    expect(
      await acceptCreditOffer(deps(db), asBorrower(borrower.id), {
        applicationId: declined.value.id,
        idempotencyKey: 'retry-1',
      }),
    ).toMatchObject({ ok: false, errors: [{ code: 'CONFLICT', field: ['idempotencyKey'] }] });

    // The same input under the same key, refused first, succeeds once the offer exists.
    const waiting = await submitCreditApplication(
      deps(db),
      { id: 'underwriter-a' },
      input(borrower.id, rows[5]),
    );
    if (!waiting.ok || waiting.value.status !== 'REFERRED') throw new Error('expected a referral');
    expect(
      await acceptCreditOffer(deps(db), asBorrower(borrower.id), {
        applicationId: waiting.value.id,
        idempotencyKey: 'retry-2',
      }),
    ).toMatchObject({ ok: false, errors: [{ code: 'NO_OFFER' }] });
    const reviewed = await reviewCreditApplication(
      deps(db),
      { id: 'underwriter-b' },
      {
        applicationId: waiting.value.id,
        outcome: 'APPROVED',
        reason: 'Stable salaried income verified with payslips.',
      },
    );
    expect(reviewed.ok).toBe(true);
    const afterReview = await acceptCreditOffer(deps(db), asBorrower(borrower.id), {
      applicationId: waiting.value.id,
      idempotencyKey: 'retry-2',
    });
    expect(afterReview.ok).toBe(true);
    if (!afterReview.ok) return;
    expect(afterReview.value.application.creditLineId).toBe(afterReview.value.creditLineId);
    const lines = await listCreditLinesOfBorrowers(db, [borrower.id]);
    expect(new Set(lines.get(borrower.id)!.map((l) => l.id))).toEqual(
      new Set([accepted.value.creditLineId, afterReview.value.creditLineId]),
    );
  });

  test('refuses a malformed key and opens nothing', async ({ db, borrower }) => {
    clock.set(new Date('2026-03-01T09:00:00Z'));
    const approved = await submitCreditApplication(deps(db), { id: 'b' }, input(borrower.id));
    if (!approved.ok) throw new Error('submit failed');
    for (const idempotencyKey of ['', 'has space', 'k'.repeat(201)]) {
      expect(
        await acceptCreditOffer(deps(db), asBorrower(borrower.id), {
          applicationId: approved.value.id,
          idempotencyKey,
        }),
      ).toMatchObject({
        ok: false,
        errors: [{ code: 'INVALID_IDEMPOTENCY_KEY', field: ['idempotencyKey'] }],
      });
    }
    expect((await listCreditLinesOfBorrowers(db, [borrower.id])).get(borrower.id)).toEqual([]);
    const [unchanged] = await getCreditApplicationsByIds(db, [approved.value.id]);
    expect(unchanged).toMatchObject({ creditLineId: null, acceptedAt: null });
  });

  test('opens one line when two accepts race', async ({ db, borrower }) => {
    const submitted = await submitCreditApplication(deps(db), { id: 'b' }, input(borrower.id));
    if (!submitted.ok) throw new Error('submit failed');
    const results = await Promise.all(
      [1, 2, 3].map((k) =>
        acceptCreditOffer(deps(db), asBorrower(borrower.id), {
          applicationId: submitted.value.id,
          idempotencyKey: `r${k}`,
        }),
      ),
    );
    const ids = new Set(results.map((r) => (r.ok ? r.value.creditLineId : r.errors[0].code)));
    expect(ids.size).toBe(1);
  });

  test('opens one line when accepts under the same key race', async ({ db, borrower }) => {
    const submitted = await submitCreditApplication(deps(db), { id: 'b' }, input(borrower.id));
    if (!submitted.ok) throw new Error('submit failed');
    const results = await Promise.all(
      [1, 2, 3].map(() =>
        acceptCreditOffer(deps(db), asBorrower(borrower.id), {
          applicationId: submitted.value.id,
          idempotencyKey: 'same-race',
        }),
      ),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    const ids = new Set(results.map((r) => (r.ok ? r.value.creditLineId : r.errors[0].code)));
    expect(ids.size).toBe(1);
    expect((await listCreditLinesOfBorrowers(db, [borrower.id])).get(borrower.id)).toHaveLength(1);
  });

  test('refuses an expired offer, a declined or referred application, and someone else’s application', async ({
    db,
    borrower,
  }) => {
    clock.set(new Date('2026-03-01T09:00:00Z'));
    const approved = await submitCreditApplication(deps(db), { id: 'b' }, input(borrower.id));
    const declined = await submitCreditApplication(
      deps(db),
      { id: 'b' },
      input(borrower.id, rows[1]),
    );
    const referred = await submitCreditApplication(
      deps(db),
      { id: 'b' },
      input(borrower.id, rows[5]),
    );
    if (!approved.ok || !declined.ok || !referred.ok) throw new Error('submit failed');
    const other = await borrowerFactory(db);
    expect(
      await acceptCreditOffer(deps(db), asBorrower(other.id), {
        applicationId: approved.value.id,
        idempotencyKey: 'x',
      }),
    ).toMatchObject({ ok: false, errors: [{ code: 'APPLICATION_NOT_FOUND' }] });
    expect(
      await acceptCreditOffer(deps(db), asBorrower(borrower.id), {
        applicationId: declined.value.id,
        idempotencyKey: 'x',
      }),
    ).toMatchObject({ ok: false, errors: [{ code: 'NO_OFFER' }] });
    expect(
      await acceptCreditOffer(deps(db), asBorrower(borrower.id), {
        applicationId: referred.value.id,
        idempotencyKey: 'x',
      }),
    ).toMatchObject({
      ok: false,
      errors: [{ code: 'NO_OFFER', message: 'This application is waiting for an underwriter.' }],
    });
    clock.set(new Date('2026-03-31T09:00:00Z'));
    expect(
      await acceptCreditOffer(deps(db), asBorrower(borrower.id), {
        applicationId: approved.value.id,
        idempotencyKey: 'x',
      }),
    ).toMatchObject({ ok: false, errors: [{ code: 'OFFER_EXPIRED' }] });
    clock.set(new Date('2026-03-31T08:59:59Z'));
    expect(
      (
        await acceptCreditOffer(deps(db), asBorrower(borrower.id), {
          applicationId: approved.value.id,
          idempotencyKey: 'x',
        })
      ).ok,
    ).toBe(true);
  });
});
