import { ensureBorrower } from '@lending/borrowers';
import type { BusinessCalendar } from '@lending/close-of-business';
import {
  addReferenceContact,
  grantConsent,
  hasContactPoints,
  importAddressBook,
  insertContactPoints,
  type ContactDataDeps,
  type NeedToKnowRule,
} from '@lending/consent';
import { submitCreditApplication } from '@lending/credit';
import { Money, Rate, Role, toGlobalId } from '@lending/kernel';
import { drawdown, listCreditLinesOfBorrowers, openCreditLine } from '@lending/ledger';
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '@lending/db';
import { signToken } from './auth.js';
import { DEMO_DEBTORS, seedDemoCollections } from './demo-collections.js';

/** Fixed ids so demo tokens stay valid across restarts of the same data directory. */
export const DEMO_BORROWERS = [
  {
    id: '01937a5e-0000-7000-8000-000000000001',
    displayName: 'Li Wei',
    timeZone: 'Asia/Shanghai',
    createdAt: new Date('2026-01-05T02:00:00Z'),
  },
  {
    id: '01937a5e-0000-7000-8000-000000000002',
    displayName: 'Maria Garcia',
    timeZone: 'America/New_York',
    createdAt: new Date('2026-01-06T15:30:00Z'),
  },
] as const;

const [LI_WEI, MARIA] = DEMO_BORROWERS;
const DEMO_TERMS = {
  documentVersion: 'privacy-2026-01',
  documentSha256: '9f2c6a6b1d0e4b6f8a3c5d7e9f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c',
  channel: 'mobile-app',
};

/**
 * Demo borrowers, once per data directory: Li Wei with contact data and
 * grants (OPS may read her contact points for servicing, UNDERWRITER her
 * reference contacts and address book), Maria Garcia with contact points and
 * no grant at all, so both outcomes of the guard can be seen.
 */
export async function seedDemoData(
  deps: ContactDataDeps,
  needToKnow: readonly NeedToKnowRule[],
  calendar: BusinessCalendar,
): Promise<void> {
  for (const borrower of DEMO_BORROWERS) {
    const result = await ensureBorrower(deps.db, borrower);
    if (!result.ok)
      throw new Error(`demo borrower ${borrower.displayName}: ${result.errors[0].code}`);
  }
  if (!(await hasContactPoints(deps.db, LI_WEI.id))) {
    await insertContactPoints(deps, LI_WEI.id, [
      { kind: 'PHONE', value: '+8613800138000' },
      { kind: 'EMAIL', value: 'li.wei@example.cn' },
      { kind: 'POSTAL_ADDRESS', value: 'Room 1203, 88 Century Avenue, Pudong, Shanghai 200120' },
    ]);
    await must(
      addReferenceContact(deps, LI_WEI.id, {
        relationship: 'mother',
        name: 'Zhang Min',
        phone: '+8613900139000',
      }),
    );
    await must(
      addReferenceContact(deps, LI_WEI.id, {
        relationship: 'colleague',
        name: 'Chen Jie',
        phone: '+8613700137000',
      }),
    );
    await must(
      importAddressBook(deps, LI_WEI.id, [
        { name: 'Wang Fang', phone: '+8615900159000' },
        { name: 'Liu Yang', phone: '+8618600186000' },
      ]),
    );
    const liWei = {
      id: toGlobalId('Borrower', LI_WEI.id),
      role: Role.BORROWER,
      borrowerId: LI_WEI.id,
    };
    const grants = [
      { scope: 'SELF_CONTACT', purpose: 'SERVICING', grantee: Role.OPS },
      { scope: 'REFERENCE_CONTACTS', purpose: 'UNDERWRITING', grantee: Role.UNDERWRITER },
      { scope: 'ADDRESS_BOOK', purpose: 'FRAUD_PREVENTION', grantee: Role.UNDERWRITER },
    ] as const;
    for (const g of grants) {
      await must(
        grantConsent(deps.db, deps.clock, liWei, {
          borrowerId: LI_WEI.id,
          ...g,
          expiresAt: null,
          evidence: DEMO_TERMS,
        }),
      );
    }
  }
  if (!(await hasContactPoints(deps.db, MARIA.id))) {
    await insertContactPoints(deps, MARIA.id, [
      { kind: 'PHONE', value: '+12125550100' },
      { kind: 'EMAIL', value: 'maria.garcia@example.com' },
    ]);
  }
  // First, while the business date may still be moved back: borrowers in arrears.
  await seedDemoCollections(deps, needToKnow, calendar);
  await seedDemoLedger(deps);
  await seedDemoCredit(deps);
}

const GERMAN_COLUMNS = [
  'status_of_existing_checking_account',
  'duration_in_month',
  'credit_history',
  'purpose',
  'credit_amount',
  'savings_account_bonds',
  'present_employment_since',
  'installment_rate_in_percentage_of_disposable_income',
  'personal_status_and_sex',
  'other_debtors_guarantors',
  'present_residence_since',
  'property',
  'age_in_years',
  'other_installment_plans',
  'housing',
  'number_of_existing_credits_at_this_bank',
  'job',
  'number_of_people_liable_to_provide_maintenance_for',
  'telephone',
  'foreign_worker',
];
const attributes = (row: string) =>
  row.split(',').map((value, i) => ({ name: GERMAN_COLUMNS[i]!, value }));

/**
 * Two applications by Maria Garcia, rows 1 and 6 of german_train.csv: one
 * approved with an open offer, one referred to an underwriter. Idempotency
 * keys make a restart replay them instead of applying again.
 */
async function seedDemoCredit(deps: ContactDataDeps): Promise<void> {
  const usd = (amount: string) => Money.parseOrThrow(amount, 'USD');
  const rows = [
    'A11,6,A34,A43,1169,A65,A75,4,A93,A101,4,A121,67,A143,A152,2,A173,1,A192,A201',
    'A12,36,A32,A41,6948,A61,A73,2,A93,A101,2,A123,35,A143,A151,1,A174,1,A192,A201',
  ];
  for (const [i, row] of rows.entries()) {
    const result = await submitCreditApplication(
      deps,
      { id: toGlobalId('Borrower', MARIA.id) },
      {
        borrowerId: MARIA.id,
        requestedLimit: usd('10000'),
        monthlyIncome: usd('6000'),
        monthlyDebtPayments: usd('800'),
        attributes: attributes(row),
        idempotencyKey: `demo-application-${i + 1}`,
      },
    );
    if (!result.ok) throw new Error(`demo application: ${result.errors[0]?.code}`);
  }
}

/** A CNY line with one loan for Li Wei, an unused USD line for Maria Garcia. */
async function seedDemoLedger(deps: ContactDataDeps): Promise<void> {
  const lines = await listCreditLinesOfBorrowers(deps.db, [LI_WEI.id, MARIA.id]);
  if ((lines.get(LI_WEI.id)?.length ?? 0) === 0) {
    const line = await openCreditLine(deps.db, deps.clock, {
      borrowerId: LI_WEI.id,
      limit: Money.parseOrThrow('20000.00', 'CNY'),
      annualRate: Rate.of('0.18'),
    });
    if (!line.ok) throw new Error(`demo credit line: ${line.errors[0].code}`);
    const loan = await drawdown(
      deps,
      { id: toGlobalId('Borrower', LI_WEI.id), borrowerId: LI_WEI.id },
      {
        creditLineId: line.value.id,
        amount: Money.parseOrThrow('3000.00', 'CNY'),
        termMonths: 6,
        repaymentMethod: 'EQUAL_INSTALLMENT',
        idempotencyKey: 'demo-drawdown-1',
      },
    );
    if (!loan.ok) throw new Error(`demo drawdown: ${loan.errors[0].code}`);
  }
  if ((lines.get(MARIA.id)?.length ?? 0) === 0) {
    const line = await openCreditLine(deps.db, deps.clock, {
      borrowerId: MARIA.id,
      limit: Money.parseOrThrow('5000.00', 'USD'),
      annualRate: Rate.of('0.2199'),
    });
    if (!line.ok) throw new Error(`demo credit line: ${line.errors[0].code}`);
  }
}

/**
 * Whether this database holds nothing but demo data (or nothing at all): the
 * demo is seeded, and its tokens printed, only then — never into a database
 * with a real borrower in it.
 */
export async function holdsOnlyDemoData(db: Db): Promise<boolean> {
  const ids = [...DEMO_BORROWERS, ...DEMO_DEBTORS].map((b) => sql`${b.id}::uuid`);
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from borrowers where id not in (${sql.join(ids, sql`, `)})`,
  );
  return (row?.n ?? 0) === 0;
}

async function must(result: Promise<{ ok: boolean }>): Promise<void> {
  if (!(await result).ok) throw new Error('demo data was refused');
}

export interface DemoToken {
  readonly label: string;
  readonly role: Role;
  readonly sub: string;
  readonly token: string;
}

export async function demoTokens(auth: {
  readonly secret: Uint8Array;
  readonly issuer?: string | undefined;
  readonly audience?: string | undefined;
}): Promise<DemoToken[]> {
  const staff = [Role.OPS, Role.UNDERWRITER, Role.COLLECTOR, Role.COMPLIANCE].map((role) => ({
    label: role,
    role,
    sub: `${role.toLowerCase()}-1`,
  }));
  const borrowers = DEMO_BORROWERS.map((b) => ({
    label: `BORROWER ${b.displayName}`,
    role: Role.BORROWER,
    sub: toGlobalId('Borrower', b.id),
  }));
  return Promise.all(
    [...staff, ...borrowers].map(async (t) => ({
      ...t,
      token: await signToken(auth.secret, t, undefined, auth),
    })),
  );
}
