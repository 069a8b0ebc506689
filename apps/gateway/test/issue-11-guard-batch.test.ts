import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAccessLog } from '@lending/consent';
import { Role } from '@lending/kernel';
import {
  CONTACT_DATA_DENIED,
  createSubject,
  grant,
  newLogRows,
  type Subject,
} from './consent-fixtures.js';
import { startTestGateway, type TestGateway } from './harness.js';

// Issue 11: every contact-data field of a request is decided and recorded
// in one statement. Over HTTP: the statements a request sends, a denial
// among allowed fields, and many requests at once on one set of chains.

let t: TestGateway;
let statements: string[] = [];
let subjects: Subject[];
let ungranted: Subject;
let uwToken: string;

beforeAll(async () => {
  t = await startTestGateway({ onQuery: (query) => void statements.push(query) });
  subjects = [];
  for (let i = 0; i < 4; i++) {
    const subject = await createSubject(t);
    await grant(t, subject, 'REFERENCE_CONTACTS', 'UNDERWRITING', Role.UNDERWRITER);
    subjects.push(subject);
  }
  ungranted = await createSubject(t);
  uwToken = await t.token(Role.UNDERWRITER);
});
afterAll(() => t.stop());

const query = (of: readonly Subject[]) =>
  `query Batch { ${of
    .map(
      (s, i) =>
        `b${i}: borrower(id: "${s.gid}") { referenceContacts(purpose: UNDERWRITING) { id name phone relationship } }`,
    )
    .join(' ')} }`;

const guardStatements = (sent: readonly string[]) =>
  sent.filter((q) => q.includes('contact_access_append'));

describe('the guard over HTTP', () => {
  it('records all of a request’s contact-data fields with one statement', async () => {
    statements = [];
    const { result: res, rows } = await newLogRows(
      t,
      subjects.map((s) => s.id),
      () => t.gql(query(subjects), { token: uwToken }),
    );
    expect(res.errors).toBeUndefined();
    for (const [i, subject] of subjects.entries()) {
      expect((res.data as Record<string, { referenceContacts: unknown[] }>)[`b${i}`]).toEqual({
        referenceContacts: subject.references,
      });
      expect(rows[i]!.map((r) => r.path)).toEqual([`b${i}.referenceContacts`]);
    }
    expect(guardStatements(statements)).toHaveLength(1);
  });

  it('denies the field without a grant with FORBIDDEN and no log row, and serves the rest', async () => {
    const of = [subjects[0]!, ungranted, subjects[1]!];
    const { result: res, rows } = await newLogRows(
      t,
      of.map((s) => s.id),
      () => t.gql(query(of), { token: uwToken }),
    );
    expect(res.errors).toEqual([
      expect.objectContaining({
        message: CONTACT_DATA_DENIED,
        path: ['b1', 'referenceContacts'],
        extensions: expect.objectContaining({ code: 'FORBIDDEN' }) as unknown,
      }),
    ]);
    expect(res.data).toEqual({
      b0: { referenceContacts: subjects[0]!.references },
      b1: { referenceContacts: null },
      b2: { referenceContacts: subjects[1]!.references },
    });
    expect(rows.map((r) => r.length)).toEqual([1, 0, 1]);
    expect(JSON.stringify(res)).not.toContain(ungranted.references[0]!.name);
  });

  it('keeps every chain gap-free and verifiable under many requests at once', async () => {
    const REQUESTS = 40;
    const before = await Promise.all(subjects.map((s) => verifyAccessLog(t.db.db, s.id)));
    const responses = await Promise.all(
      Array.from({ length: REQUESTS }, (_, i) =>
        // Varying order and subsets, each request reading every subject at least once.
        t.gql(query(i % 2 === 0 ? subjects : [...subjects].reverse().concat(subjects[0]!)), {
          token: uwToken,
        }),
      ),
    );
    for (const res of responses) expect(res.errors).toBeUndefined();
    for (const [i, subject] of subjects.entries()) {
      const reads = REQUESTS + (i === 0 ? REQUESTS / 2 : 0);
      expect(await verifyAccessLog(t.db.db, subject.id)).toEqual({
        ok: true,
        length: (before[i] as { length: number }).length + reads,
      });
    }
  });
});
