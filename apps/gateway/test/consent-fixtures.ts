import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { borrowerFactory } from '@lending/borrowers/testing';
import { caseFactory } from '@lending/collections/testing';
import {
  ACCESS_PURPOSES,
  GRANTABLE,
  addReferenceContact,
  grantConsent,
  importAddressBook,
  listAccessLog,
  registerBorrower,
  revokeConsent,
  type AccessPurpose,
  type AccessRecord,
  type ConsentGrant,
  type ContactDataDeps,
  type ContactScope,
} from '@lending/consent';
import { queryRows } from '@lending/db';
import { CONTACT_DATA_DENIED } from '@lending/consent/graphql';
import { consentGrantsTable } from '@lending/consent/schema';
import { EVIDENCE, borrowerActor } from '@lending/consent/testing';
import { newId, toGlobalId, type Role } from '@lending/kernel';
import type { GraphQLResponse, TestGateway } from './harness.js';

export { CONTACT_DATA_DENIED };
export const NOT_ALLOWED = 'Not allowed for this viewer.';
export const HOUR = 3_600_000;

/** What a contact-data read of one subject should return, and what must never leak otherwise. */
export interface Subject {
  readonly id: string;
  readonly gid: string;
  readonly displayName: string;
  readonly points: readonly { kind: string; value: string }[];
  readonly references: readonly { id: string; name: string; phone: string; relationship: string }[];
  readonly addressBook: readonly { name: string; phone: string }[];
  /** Every contact value of the subject, as given and as stored after normalisation. */
  readonly secrets: readonly string[];
}

let sequence = 0;
const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** A unique, valid Chinese mobile number: `+86 13d nnnn kkkk` (as typed) and its E.164 form. */
export function phone(prefixDigit: number, n: number, k: number): { input: string; e164: string } {
  const local = `13${prefixDigit}${pad(n % 10_000, 4)}${pad(k, 4)}`;
  return {
    input: `+86 ${local.slice(0, 3)} ${local.slice(3, 7)} ${local.slice(7)}`,
    e164: `+86${local}`,
  };
}

export function contactDeps(t: TestGateway): ContactDataDeps {
  return { db: t.db.db, clock: t.clock, vault: t.deps.consent.vault };
}

/**
 * A borrower registered through the services with contact points, two
 * reference contacts and three address-book entries (or, `empty`, none).
 */
export async function createSubject(
  t: TestGateway,
  options: { empty?: boolean } = {},
): Promise<Subject> {
  sequence += 1;
  const n = sequence;
  const displayName = `Subject ${n}`;
  if (options.empty) {
    const b = await borrowerFactory(t.db.db, { displayName, timeZone: 'Asia/Shanghai' }, t.clock);
    await caseFactory(t.db.db, { borrowerId: b.id, assignedTo: 'collector-1' });
    return {
      id: b.id,
      gid: toGlobalId('Borrower', b.id),
      displayName,
      points: [],
      references: [],
      addressBook: [],
      secrets: [],
    };
  }
  const deps = contactDeps(t);
  const mobile = phone(9, n, 1);
  const email = `subject${n}.private@example.cn`;
  const postal = `${n} Hidden Lane, Xuhui District, Shanghai`;
  const registered = await registerBorrower(deps, 'ops-seed', {
    displayName,
    timeZone: 'Asia/Shanghai',
    contactPoints: [
      { kind: 'PHONE', value: mobile.input },
      { kind: 'EMAIL', value: email },
      { kind: 'POSTAL_ADDRESS', value: postal },
    ],
    idempotencyKey: `seed-${n}-${newId()}`,
  });
  if (!registered.ok) throw new Error(`createSubject: ${JSON.stringify(registered.errors)}`);
  const id = registered.value.borrowerId;
  // A collector's grant is used only while they hold an open case of the borrower: the
  // default collector token (collector-1) holds one; tests of the need-to-know take it away.
  await caseFactory(t.db.db, { borrowerId: id, assignedTo: 'collector-1' });

  const references = [];
  for (const k of [1, 2]) {
    const refPhone = phone(7, n, k);
    const input = {
      name: `Refname${n}x${k}`,
      relationship: `Kinship${n}x${k}`,
      phone: refPhone.input,
    };
    const added = await addReferenceContact(deps, id, input);
    if (!added.ok) throw new Error(`createSubject: ${JSON.stringify(added.errors)}`);
    references.push({
      id: toGlobalId('ReferenceContact', added.value.id),
      name: input.name,
      phone: refPhone.e164,
      relationship: input.relationship,
    });
  }

  const book = [1, 2, 3].map((k) => ({ name: `Bookname${n}x${k}`, ...phone(6, n, k) }));
  const imported = await importAddressBook(
    deps,
    id,
    book.map((e) => ({ name: e.name, phone: e.input })),
  );
  if (!imported.ok) throw new Error(`createSubject: ${JSON.stringify(imported.errors)}`);

  return {
    id,
    gid: toGlobalId('Borrower', id),
    displayName,
    points: [
      { kind: 'PHONE', value: mobile.e164 },
      { kind: 'EMAIL', value: email },
      { kind: 'POSTAL_ADDRESS', value: postal },
    ],
    references,
    addressBook: book.map((e) => ({ name: e.name, phone: e.e164 })),
    secrets: [
      mobile.input,
      mobile.e164,
      mobile.e164.slice(3),
      email,
      postal,
      ...references.flatMap((r) => [r.name, r.phone, r.phone.slice(3), r.relationship]),
      ...book.flatMap((e) => [e.name, e.input, e.e164, e.e164.slice(3)]),
    ],
  };
}

// ------------------------------------------------------------------ grants

export async function grant(
  t: TestGateway,
  subject: Pick<Subject, 'id'>,
  scope: ContactScope,
  purpose: AccessPurpose,
  grantee: Role,
  expiresAt: Date | null = null,
): Promise<ConsentGrant> {
  const result = await grantConsent(t.db.db, t.clock, borrowerActor(subject.id), {
    borrowerId: subject.id,
    scope,
    purpose,
    grantee,
    expiresAt,
    evidence: { ...EVIDENCE },
  });
  if (!result.ok) throw new Error(`grant ${scope}/${purpose}/${grantee}: ${result.errors[0].code}`);
  return result.value;
}

export async function revoke(t: TestGateway, subject: Pick<Subject, 'id'>, g: { id: string }) {
  const result = await revokeConsent(t.db.db, t.clock, borrowerActor(subject.id), g.id, null);
  if (!result.ok) throw new Error(`revoke: ${result.errors[0].code}`);
  return result.value;
}

/**
 * A grant row the policy would refuse, written straight to the table: the
 * only way to have a grant on exactly this scope and purpose for another role.
 */
export async function insertRawGrant(
  t: TestGateway,
  subject: Pick<Subject, 'id'>,
  scope: ContactScope,
  purpose: AccessPurpose,
  grantee: Role,
): Promise<void> {
  await t.db.db.insert(consentGrantsTable).values({
    id: newId(),
    borrowerId: subject.id,
    scope,
    purpose,
    granteeRole: grantee,
    grantedBy: toGlobalId('Borrower', subject.id),
    grantedAt: t.clock.now(),
    expiresAt: null,
    revokedAt: null,
    revokedBy: null,
    revokeReason: null,
    documentVersion: EVIDENCE.documentVersion,
    documentSha256: EVIDENCE.documentSha256,
    channel: EVIDENCE.channel,
  });
}

/** Every (purpose, grantee) the policy allows on a scope. */
export function grantable(scope: ContactScope): { purpose: AccessPurpose; grantee: Role }[] {
  return ACCESS_PURPOSES.flatMap((purpose) =>
    (GRANTABLE[scope][purpose] ?? []).map((grantee) => ({ purpose, grantee })),
  );
}

/** The purpose a role may be granted on a scope, if any. */
export function ownPurpose(scope: ContactScope, role: Role): AccessPurpose | null {
  return grantable(scope).find((g) => g.grantee === role)?.purpose ?? null;
}

// -------------------------------------------------------------- access log

export async function accessLog(t: TestGateway, borrowerId: string): Promise<AccessRecord[]> {
  return (await listAccessLog(t.db.db, borrowerId, 200, null)).records;
}

/** Runs `read` and returns the access-log rows it added for each borrower (oldest first). */
export async function newLogRows<T>(
  t: TestGateway,
  borrowerIds: readonly string[],
  read: () => Promise<T>,
): Promise<{ result: T; rows: AccessRecord[][] }> {
  const before = await Promise.all(borrowerIds.map((id) => accessLog(t, id)));
  const result = await read();
  const after = await Promise.all(borrowerIds.map((id) => accessLog(t, id)));
  return {
    result,
    rows: after.map((rows, i) => rows.slice(0, rows.length - before[i]!.length).reverse()),
  };
}

export interface ExpectedAccess {
  actorId: string;
  actorRole: Role;
  purpose: AccessPurpose;
  scope: ContactScope;
  grantId: string | null;
  fields: string[];
  path: string;
  operationName: string | null;
}

export function expectAccessRow(row: AccessRecord | undefined, expected: ExpectedAccess): void {
  expect(row).toBeDefined();
  expect({
    actorId: row!.actorId,
    actorRole: row!.actorRole,
    purpose: row!.purpose,
    scope: row!.scope,
    grantId: row!.grantId,
    fields: [...row!.fields],
    path: row!.path,
    operationName: row!.operationName,
  }).toEqual(expected);
}

// ------------------------------------------------------------- responses

export function expectNoSecrets(response: unknown, ...subjects: Pick<Subject, 'secrets'>[]) {
  const text = JSON.stringify(response);
  for (const subject of subjects) {
    for (const secret of subject.secrets) expect(text).not.toContain(secret);
  }
}

/** The only error of a response, without the per-request id. */
export function onlyError(res: GraphQLResponse<unknown>): {
  message: string;
  path: unknown;
  code: unknown;
} {
  expect(res.errors ?? []).toHaveLength(1);
  const [error] = res.errors!;
  return { message: error!.message, path: error!.path, code: error!.extensions?.['code'] };
}

export function sortByJson<T>(values: readonly T[]): T[] {
  return [...values].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

export function get(data: unknown, path: readonly (string | number)[]): unknown {
  let value: unknown = data;
  for (const key of path) {
    if (value === null || value === undefined) return value;
    value = (value as Record<string | number, unknown>)[key];
  }
  return value;
}

// ------------------------------------------------------------------ tables

export const CONTACT_TABLES = [
  'borrowers',
  'contact_points',
  'reference_contacts',
  'address_book_entries',
  'consent_grants',
  'contact_access_log',
  'idempotency_keys',
] as const;

/** Row counts of the tables a consent mutation may write, to prove a refusal wrote nothing. */
export async function tableCounts(t: TestGateway): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of CONTACT_TABLES) {
    const [row] = await queryRows<{ n: number }>(
      t.db.db,
      sql`select count(*)::int as n from ${sql.identifier(table)}`,
    );
    counts[table] = Number(row!.n);
  }
  return counts;
}
