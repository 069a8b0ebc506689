import fc from 'fast-check';
import { describe, expect } from 'vitest';
import { FixedClock, Role, STAFF_ROLES, type StaffRole } from '@lending/kernel';
import { dbTest as test } from '@lending/testing/fixtures';
import {
  addReferenceContact,
  grantConsent,
  guardedRead,
  importAddressBook,
  listAccessLog,
  loadSealedAddressBookPage,
  loadSealedContactPoints,
  loadSealedReferenceContacts,
  registerBorrower,
  revokeConsent,
  verifyAccessLog,
  type AccessPurpose,
  type Actor,
  type AddressBookEntryValue,
  type ContactGuardDeps,
  type ContactPointValue,
  type ContactReadRequest,
  type ContactScope,
  type GuardedRead,
  type ReferenceContactValue,
} from '../src/index.js';
import { EVIDENCE, borrowerActor, staffActor, testVault } from '../src/testing.js';

// Model-based property test of the consent guard: random sequences of grants,
// revocations, clock moves and reads, checked after every step against a plain
// in-memory reference model. Each run gets fresh borrowers, so grants and
// access-log chains of earlier runs never leak into it. Reproduce a failure
// from the fast-check report with FC_SEED=<seed> FC_PATH=<path> and
// FC_REPLAY_PATH=<replayPath> (printed after the counterexample's commands).

// ------------------------------------------------------------------ vocabulary
// Spelled out independently of the source: the model must not share its bugs.

const SCOPES: readonly ContactScope[] = ['SELF_CONTACT', 'REFERENCE_CONTACTS', 'ADDRESS_BOOK'];
const PURPOSES: readonly AccessPurpose[] = [
  'UNDERWRITING',
  'SERVICING',
  'COLLECTIONS',
  'FRAUD_PREVENTION',
];
const ALL_ROLES: readonly Role[] = [
  Role.BORROWER,
  Role.UNDERWRITER,
  Role.COLLECTOR,
  Role.COMPLIANCE,
  Role.OPS,
];
/** The policy table as the product defines it: (scope, purpose, grantee). */
const POLICY: readonly (readonly [ContactScope, AccessPurpose, StaffRole])[] = [
  ['SELF_CONTACT', 'SERVICING', Role.OPS],
  ['SELF_CONTACT', 'COLLECTIONS', Role.COLLECTOR],
  ['SELF_CONTACT', 'UNDERWRITING', Role.UNDERWRITER],
  ['REFERENCE_CONTACTS', 'UNDERWRITING', Role.UNDERWRITER],
  ['REFERENCE_CONTACTS', 'COLLECTIONS', Role.COLLECTOR],
  ['ADDRESS_BOOK', 'FRAUD_PREVENTION', Role.UNDERWRITER],
];
const policyAllows = (scope: ContactScope, purpose: AccessPurpose, grantee: Role) =>
  POLICY.some(([s, p, r]) => s === scope && p === purpose && r === grantee);

const BORROWERS = 3;
const START = new Date('2026-01-15T09:00:00Z');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const NUM_RUNS = 50;
const MAX_COMMANDS = 30;

// ---------------------------------------------------------------- model & real

interface ModelGrant {
  readonly label: string;
  readonly id: string;
  readonly borrower: number;
  readonly scope: ContactScope;
  readonly purpose: AccessPurpose;
  readonly grantee: Role;
  readonly grantedAt: number;
  readonly expiresAt: number | null;
  revokedAt: number | null;
}

interface Model {
  now: number;
  readonly grants: ModelGrant[];
  /** Access-log rows each borrower must have. */
  readonly logLength: number[];
}

interface Fixture {
  readonly id: string;
  readonly self: ContactPointValue[];
  readonly references: ReferenceContactValue[];
  readonly addressBook: AddressBookEntryValue[];
}

interface Real {
  readonly deps: ContactGuardDeps;
  readonly clock: FixedClock;
  readonly borrowers: readonly Fixture[];
}

// A revoked grant is dead whatever the clock says afterwards (issue 13: decide on
// revokedAt is null, so a clock moved back cannot revive it).
const isLive = (g: ModelGrant, now: number) =>
  g.grantedAt <= now && (g.expiresAt === null || now < g.expiresAt) && g.revokedAt === null;

const matching = (
  model: Model,
  q: { borrower: number; scope: ContactScope; purpose: AccessPurpose; role: Role },
) =>
  model.grants.filter(
    (g) =>
      g.borrower === q.borrower &&
      g.scope === q.scope &&
      g.purpose === q.purpose &&
      g.grantee === q.role,
  );

// -------------------------------------------------------------------- actors

type ActorSpec =
  | { readonly kind: 'subject' }
  | { readonly kind: 'otherBorrower'; readonly offset: number }
  | { readonly kind: 'staff'; readonly role: StaffRole; readonly n: number };

function resolveActor(real: Real, borrower: number, spec: ActorSpec): Actor {
  switch (spec.kind) {
    case 'subject':
      return borrowerActor(real.borrowers[borrower]!.id);
    case 'otherBorrower':
      return borrowerActor(real.borrowers[(borrower + spec.offset) % BORROWERS]!.id);
    case 'staff':
      return staffActor(spec.role, `${spec.role.toLowerCase()}-${spec.n}`);
  }
}

const showActor = (borrower: number, spec: ActorSpec) => {
  switch (spec.kind) {
    case 'subject':
      return `B${borrower}`;
    case 'otherBorrower':
      return `B${(borrower + spec.offset) % BORROWERS}`;
    case 'staff':
      return `${spec.role}-${spec.n}`;
  }
};

// ------------------------------------------------------------------ coverage
// Guards against a generator that drifts into only ever testing denials.

const seen = {
  subjectReads: 0,
  grantReads: 0,
  deniedReads: 0,
  deniedRevoked: 0,
  deniedExpired: 0,
  policyRefusals: 0,
  revocations: 0,
};

// ------------------------------------------------------------------ commands

type Cmd = fc.AsyncCommand<Model, Real>;

class GrantCmd implements Cmd {
  constructor(
    readonly borrower: number,
    readonly scope: ContactScope,
    readonly purpose: AccessPurpose,
    readonly grantee: Role,
    readonly expiresIn: number | null,
    readonly by: ActorSpec,
  ) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    const subject = real.borrowers[this.borrower]!.id;
    const result = await grantConsent(
      real.deps.db,
      real.clock,
      resolveActor(real, this.borrower, this.by),
      {
        borrowerId: subject,
        scope: this.scope,
        purpose: this.purpose,
        grantee: this.grantee,
        expiresAt: this.expiresIn === null ? null : new Date(model.now + this.expiresIn),
        evidence: EVIDENCE,
      },
    );
    if (this.by.kind !== 'subject') {
      expect(result).toMatchObject({ ok: false, errors: [{ code: 'NOT_THE_DATA_SUBJECT' }] });
      return;
    }
    if (!policyAllows(this.scope, this.purpose, this.grantee)) {
      seen.policyRefusals += 1;
      expect(result).toMatchObject({ ok: false, errors: [{ code: 'POLICY_FORBIDDEN' }] });
      return;
    }
    if (this.expiresIn !== null && this.expiresIn <= 0) {
      expect(result).toMatchObject({ ok: false, errors: [{ code: 'INVALID_EXPIRY' }] });
      return;
    }
    if (!result.ok) throw new Error(`grant refused: ${result.errors[0].code}`);
    const expiresAt = this.expiresIn === null ? null : model.now + this.expiresIn;
    expect(result.value).toMatchObject({
      borrowerId: subject,
      scope: this.scope,
      purpose: this.purpose,
      granteeRole: this.grantee,
      grantedAt: new Date(model.now),
      expiresAt: expiresAt === null ? null : new Date(expiresAt),
      revokedAt: null,
    });
    model.grants.push({
      label: `g${model.grants.length}`,
      id: result.value.id,
      borrower: this.borrower,
      scope: this.scope,
      purpose: this.purpose,
      grantee: this.grantee,
      grantedAt: model.now,
      expiresAt,
      revokedAt: null,
    });
  }
  toString() {
    const expiry = this.expiresIn === null ? 'no expiry' : `expiresIn=${this.expiresIn / MINUTE}m`;
    return `Grant(B${this.borrower} ${this.scope}/${this.purpose} to ${this.grantee}, ${expiry}, by ${showActor(this.borrower, this.by)})`;
  }
}

type RevokerSpec = 'subject' | 'compliance' | 'otherBorrower' | 'ops';

class RevokeCmd implements Cmd {
  constructor(
    readonly pick: number,
    readonly by: RevokerSpec,
  ) {}
  check = (model: Readonly<Model>) => model.grants.length > 0;
  async run(model: Model, real: Real): Promise<void> {
    const grant = model.grants[this.pick % model.grants.length]!;
    const actor: Actor =
      this.by === 'subject'
        ? borrowerActor(real.borrowers[grant.borrower]!.id)
        : this.by === 'otherBorrower'
          ? borrowerActor(real.borrowers[(grant.borrower + 1) % BORROWERS]!.id)
          : staffActor(this.by === 'compliance' ? Role.COMPLIANCE : Role.OPS, `${this.by}-1`);
    const result = await revokeConsent(real.deps.db, real.clock, actor, grant.id, 'property test');
    if (this.by === 'otherBorrower' || this.by === 'ops') {
      expect(result).toMatchObject({ ok: false, errors: [{ code: 'NOT_THE_DATA_SUBJECT' }] });
      return;
    }
    if (!result.ok) throw new Error(`revoke refused: ${result.errors[0].code}`);
    // Revoking again keeps the first revocation.
    grant.revokedAt ??= model.now;
    seen.revocations += 1;
    expect(result.value.id).toBe(grant.id);
    expect(result.value.revokedAt).toEqual(new Date(grant.revokedAt));
  }
  toString() {
    return `Revoke(grant #${this.pick} mod count, by ${this.by})`;
  }
}

class AdvanceClockCmd implements Cmd {
  constructor(readonly ms: number) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    model.now += this.ms;
    real.clock.advance(this.ms);
    expect(real.clock.now().getTime()).toBe(model.now);
  }
  toString() {
    return `AdvanceClock(${this.ms / MINUTE}m)`;
  }
}

const upcoming = (model: Readonly<Model>) =>
  model.grants.filter((g) => g.expiresAt !== null && g.expiresAt > model.now);

/** Moves the clock to just before, at or just after an upcoming expiry; returns that grant. */
async function clockToExpiry(model: Model, real: Real, pick: number, delta: number) {
  const candidates = upcoming(model);
  const grant = candidates[pick % candidates.length]!;
  const target = grant.expiresAt! + delta;
  if (target > model.now) await new AdvanceClockCmd(target - model.now).run(model, real);
  return grant;
}

/** Moves the clock to just before, at or just after an expiry: the boundary that matters. */
class ClockToExpiryCmd implements Cmd {
  constructor(
    readonly pick: number,
    readonly delta: number,
  ) {}
  check = (model: Readonly<Model>) => upcoming(model).length > 0;
  async run(model: Model, real: Real): Promise<void> {
    await clockToExpiry(model, real, this.pick, this.delta);
  }
  toString() {
    return `ClockToExpiry(upcoming expiry #${this.pick} mod count, ${this.delta >= 0 ? '+' : ''}${this.delta}ms)`;
  }
}

/** Clocks are not monotonic across nodes: the read's own moment still decides. */
class RewindClockCmd implements Cmd {
  constructor(readonly ms: number) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    model.now -= this.ms;
    real.clock.advance(-this.ms);
    expect(real.clock.now().getTime()).toBe(model.now);
  }
  toString() {
    return `RewindClock(${this.ms}ms)`;
  }
}

let requestCounter = 0;

class ReadCmd implements Cmd {
  constructor(
    readonly borrower: number,
    readonly scope: ContactScope,
    readonly purpose: AccessPurpose,
    readonly actor: ActorSpec,
  ) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    const fixture = real.borrowers[this.borrower]!;
    const actor = resolveActor(real, this.borrower, this.actor);
    requestCounter += 1;
    const request: ContactReadRequest = {
      actor,
      borrowerId: fixture.id,
      scope: this.scope,
      purpose: this.purpose,
      fields: ['value'],
      path: `borrower.${this.scope}`,
      operationName: 'PropertyTest',
      requestId: `req-${requestCounter}`,
    };

    // Reference model.
    const isSubject = this.actor.kind === 'subject';
    const candidates = matching(model, {
      borrower: this.borrower,
      scope: this.scope,
      purpose: this.purpose,
      role: actor.role,
    });
    const live = candidates.filter((g) => isLive(g, model.now));
    const allowed = isSubject || live.length > 0;

    let loaded = false;
    const { result, values } = await readScope(real, request, () => {
      loaded = true;
    });

    const [newest] = (await listAccessLog(real.deps.db, fixture.id, 1, null)).records;
    if (!allowed) {
      seen.deniedReads += 1;
      if (candidates.some((g) => g.revokedAt !== null)) seen.deniedRevoked += 1;
      if (candidates.some((g) => g.expiresAt !== null && g.expiresAt <= model.now)) {
        seen.deniedExpired += 1;
      }
      expect(result).toEqual({ ok: false });
      expect(loaded).toBe(false);
      expect(newest?.seq ?? 0n).toBe(BigInt(model.logLength[this.borrower]!));
      return;
    }

    if (!result.ok) throw new Error('model allows this read but the guard denied it');
    model.logLength[this.borrower]! += 1;
    expect(loaded).toBe(true);
    expect(values).toEqual(canonical(expectedValues(fixture, this.scope)));

    expect(newest).toBeDefined();
    expect(newest!.seq).toBe(BigInt(model.logLength[this.borrower]!));
    expect(newest).toEqual(result.access);
    expect(newest).toMatchObject({
      borrowerId: fixture.id,
      at: new Date(model.now),
      actorId: actor.id,
      actorRole: actor.role,
      purpose: this.purpose,
      scope: this.scope,
      fields: request.fields,
      path: request.path,
      operationName: request.operationName,
      requestId: request.requestId,
    });
    if (isSubject) {
      seen.subjectReads += 1;
      expect(newest!.grantId).toBeNull();
    } else {
      seen.grantReads += 1;
      expect(live.map((g) => g.id)).toContain(newest!.grantId);
    }
  }
  toString() {
    return `Read(B${this.borrower} ${this.scope}/${this.purpose} as ${showActor(this.borrower, this.actor)})`;
  }
}

type Shift = 'none' | 'scope' | 'purpose' | 'borrower' | 'role';

/**
 * A read aimed at an earlier grant (live, expired or revoked): exactly what it
 * covers, or with one thing shifted, which the grant must not stretch to.
 */
class ReadGrantedCmd implements Cmd {
  private resolved = '';
  constructor(
    readonly pick: number,
    readonly shift: Shift,
    readonly offset: number,
    readonly n: number,
  ) {}
  check = (model: Readonly<Model>) => model.grants.length > 0;
  async run(model: Model, real: Real): Promise<void> {
    const grant = model.grants[this.pick % model.grants.length]!;
    /** Another element of `all` than `current`, never the same one. */
    const other = <T>(all: readonly T[], current: T) =>
      all[(all.indexOf(current) + 1 + (this.offset % (all.length - 1))) % all.length]!;
    const borrowers = [...Array(BORROWERS).keys()];
    const read = new ReadCmd(
      this.shift === 'borrower' ? other(borrowers, grant.borrower) : grant.borrower,
      this.shift === 'scope' ? other(SCOPES, grant.scope) : grant.scope,
      this.shift === 'purpose' ? other(PURPOSES, grant.purpose) : grant.purpose,
      {
        kind: 'staff',
        role:
          this.shift === 'role'
            ? other(STAFF_ROLES, grant.grantee as StaffRole)
            : (grant.grantee as StaffRole),
        n: this.n,
      },
    );
    this.resolved = `${grant.label}: ${read.toString()}`;
    await read.run(model, real);
  }
  toString() {
    return `ReadGranted(grant #${this.pick} mod count, shift ${this.shift}${this.resolved ? ` → ${this.resolved}` : ''})`;
  }
}

/** The expiry boundary itself: the clock to an upcoming expiry (±1 ms), then a read under that grant. */
class ReadAtExpiryCmd implements Cmd {
  private resolved = '';
  constructor(
    readonly pick: number,
    readonly delta: number,
    readonly n: number,
  ) {}
  check = (model: Readonly<Model>) => upcoming(model).length > 0;
  async run(model: Model, real: Real): Promise<void> {
    const grant = await clockToExpiry(model, real, this.pick, this.delta);
    const read = new ReadCmd(grant.borrower, grant.scope, grant.purpose, {
      kind: 'staff',
      role: grant.grantee as StaffRole,
      n: this.n,
    });
    this.resolved = `${grant.label}: ${read.toString()}`;
    await read.run(model, real);
  }
  toString() {
    return `ReadAtExpiry(upcoming expiry #${this.pick} mod count, ${this.delta >= 0 ? '+' : ''}${this.delta}ms${this.resolved ? ` → ${this.resolved}` : ''})`;
  }
}

/** Revocation is effective for the very next read, at the same instant. */
class RevokeThenReadCmd implements Cmd {
  constructor(
    readonly pick: number,
    readonly by: 'subject' | 'compliance',
    readonly n: number,
  ) {}
  check = (model: Readonly<Model>) => model.grants.length > 0;
  async run(model: Model, real: Real): Promise<void> {
    await new RevokeCmd(this.pick, this.by).run(model, real);
    await new ReadGrantedCmd(this.pick, 'none', 1, this.n).run(model, real);
  }
  toString() {
    return `RevokeThenRead(grant #${this.pick} mod count, by ${this.by})`;
  }
}

class VerifyChainCmd implements Cmd {
  constructor(readonly borrower: number) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    expect(await verifyAccessLog(real.deps.db, real.borrowers[this.borrower]!.id)).toEqual({
      ok: true,
      length: model.logLength[this.borrower],
    });
  }
  toString() {
    return `VerifyChain(B${this.borrower})`;
  }
}

// ------------------------------------------------------------- reading values

/** Sorted JSON of each item: order-insensitive, but exact about content. */
const canonical = (items: readonly object[]) =>
  items
    .map((item) =>
      JSON.stringify(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    )
    .sort();

function expectedValues(fixture: Fixture, scope: ContactScope): readonly object[] {
  switch (scope) {
    case 'SELF_CONTACT':
      return fixture.self;
    case 'REFERENCE_CONTACTS':
      return fixture.references;
    case 'ADDRESS_BOOK':
      return fixture.addressBook;
  }
}

async function readScope(
  real: Real,
  request: ContactReadRequest,
  onLoad: () => void,
): Promise<{ result: GuardedRead<unknown>; values: string[] | null }> {
  const { db } = real.deps;
  const id = request.borrowerId;
  switch (request.scope) {
    case 'SELF_CONTACT': {
      const result = await guardedRead(real.deps, request, async () => {
        onLoad();
        return (await loadSealedContactPoints(db, [id])).get(id) ?? [];
      });
      return { result, values: result.ok ? canonical(result.value) : null };
    }
    case 'REFERENCE_CONTACTS': {
      const result = await guardedRead(real.deps, request, async () => {
        onLoad();
        return (await loadSealedReferenceContacts(db, [id])).get(id) ?? [];
      });
      return { result, values: result.ok ? canonical(result.value) : null };
    }
    case 'ADDRESS_BOOK': {
      const result = await guardedRead(real.deps, request, async () => {
        onLoad();
        return loadSealedAddressBookPage(db, id, 500, null);
      });
      if (result.ok) expect(result.value.hasNextPage).toBe(false);
      return { result, values: result.ok ? canonical(result.value.items) : null };
    }
  }
}

// ------------------------------------------------------------------- fixtures

interface Shape {
  readonly emails: number;
  readonly phones: number;
  readonly references: number;
  readonly addressBook: number;
}

let valueCounter = 0;
/** A valid Chinese mobile number in E.164, unique within this file. */
const phone = (prefix: '136' | '137' | '138') => {
  valueCounter += 1;
  return `+86${prefix}${String(valueCounter).padStart(8, '0')}`;
};

async function createFixture(real: Omit<Real, 'borrowers'>, shape: Shape): Promise<Fixture> {
  const deps = { db: real.deps.db, vault: real.deps.vault, clock: real.clock };
  const self: ContactPointValue[] = [
    ...Array.from({ length: shape.phones }, () => ({
      kind: 'PHONE' as const,
      value: phone('138'),
    })),
    ...Array.from({ length: shape.emails }, () => {
      valueCounter += 1;
      return { kind: 'EMAIL' as const, value: `borrower${valueCounter}@example.com` };
    }),
  ];
  valueCounter += 1;
  const registered = await registerBorrower(deps, 'ops-1', {
    displayName: `Property ${valueCounter}`,
    timeZone: 'Asia/Shanghai',
    contactPoints: self,
    idempotencyKey: `property-${valueCounter}`,
  });
  if (!registered.ok) throw new Error(`setup: ${JSON.stringify(registered.errors)}`);
  const id = registered.value.borrowerId;

  const references: ReferenceContactValue[] = [];
  for (let i = 0; i < shape.references; i += 1) {
    const value = {
      relationship: i % 2 ? 'colleague' : 'sibling',
      name: `Reference ${i}`,
      phone: phone('137'),
    };
    const added = await addReferenceContact(deps, id, value);
    if (!added.ok) throw new Error(`setup: ${JSON.stringify(added.errors)}`);
    references.push({ id: added.value.id, ...value });
  }

  const addressBook: AddressBookEntryValue[] = Array.from(
    { length: shape.addressBook },
    (_, i) => ({ name: `Friend ${i}`, phone: phone('136') }),
  );
  if (addressBook.length > 0) {
    const imported = await importAddressBook(deps, id, addressBook);
    if (!imported.ok) throw new Error(`setup: ${JSON.stringify(imported.errors)}`);
    expect(imported.value.imported).toBe(addressBook.length);
  }
  return { id, self, references, addressBook };
}

// ----------------------------------------------------------------- arbitraries

const borrowerArb = fc.integer({ min: 0, max: BORROWERS - 1 });
const scopeArb = fc.constantFrom(...SCOPES);
const purposeArb = fc.constantFrom(...PURPOSES);
const policyArb = fc.constantFrom(...POLICY);
const durationArb = fc
  .tuple(fc.integer({ min: 1, max: 3 }), fc.constantFrom(MINUTE, 30 * MINUTE, HOUR, DAY))
  .map(([k, unit]) => k * unit);
const staffArb = (role: fc.Arbitrary<StaffRole>): fc.Arbitrary<ActorSpec> =>
  fc.record({ kind: fc.constant('staff' as const), role, n: fc.integer({ min: 1, max: 2 }) });
const anyActorArb: fc.Arbitrary<ActorSpec> = fc.oneof(
  { weight: 2, arbitrary: fc.constant({ kind: 'subject' as const }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('otherBorrower' as const),
      offset: fc.integer({ min: 1, max: BORROWERS - 1 }),
    }),
  },
  { weight: 4, arbitrary: staffArb(fc.constantFrom(...STAFF_ROLES)) },
);
const notSubjectArb: fc.Arbitrary<ActorSpec> = fc.oneof(
  fc.record({
    kind: fc.constant('otherBorrower' as const),
    offset: fc.integer({ min: 1, max: BORROWERS - 1 }),
  }),
  staffArb(fc.constantFrom(...STAFF_ROLES)),
);
const expiresInArb = fc.oneof(
  { weight: 2, arbitrary: fc.constant(null) },
  { weight: 6, arbitrary: durationArb },
  { weight: 1, arbitrary: fc.constant(0) },
);

const policyGrantArb = fc
  .tuple(borrowerArb, policyArb, expiresInArb)
  .map(([b, [s, p, r], e]) => new GrantCmd(b, s, p, r, e, { kind: 'subject' }));
const readGrantedArb = fc
  .tuple(
    fc.nat(),
    fc.constantFrom<Shift>('none', 'none', 'none', 'scope', 'purpose', 'borrower', 'role'),
    fc.integer({ min: 1, max: 3 }),
    fc.integer({ min: 1, max: 2 }),
  )
  .map(([pick, shift, offset, n]) => new ReadGrantedCmd(pick, shift, offset, n));

const revokeArb = fc
  .tuple(
    fc.nat(),
    fc.constantFrom<RevokerSpec>('subject', 'subject', 'compliance', 'otherBorrower', 'ops'),
  )
  .map(([pick, by]) => new RevokeCmd(pick, by));
const clockToExpiryArb = fc
  .tuple(fc.nat(), fc.constantFrom(-1, 0, 0, 1))
  .map(([pick, delta]) => new ClockToExpiryCmd(pick, delta));

/** fc.commands picks among these uniformly: repeating one weighs it. */
const commandArbs: fc.Arbitrary<Cmd>[] = [
  // Grants the policy allows, by the data subject: the ones that matter.
  policyGrantArb,
  policyGrantArb,
  // Anything at all, by the data subject: mostly POLICY_FORBIDDEN.
  fc
    .tuple(borrowerArb, scopeArb, purposeArb, fc.constantFrom(...ALL_ROLES), expiresInArb)
    .map(([b, s, p, r, e]) => new GrantCmd(b, s, p, r, e, { kind: 'subject' })),
  // A grant the policy allows, attempted by someone else: NOT_THE_DATA_SUBJECT.
  fc
    .tuple(borrowerArb, policyArb, notSubjectArb)
    .map(([b, [s, p, r], by]) => new GrantCmd(b, s, p, r, null, by)),
  revokeArb,
  revokeArb,
  fc
    .tuple(
      fc.nat(),
      fc.constantFrom('subject' as const, 'compliance' as const),
      fc.integer({ min: 1, max: 2 }),
    )
    .map(([pick, by, n]) => new RevokeThenReadCmd(pick, by, n)),
  durationArb.map((ms) => new AdvanceClockCmd(ms)),
  durationArb.map((ms) => new AdvanceClockCmd(ms)),
  clockToExpiryArb,
  fc
    .tuple(fc.nat(), fc.constantFrom(-1, 0, 1), fc.integer({ min: 1, max: 2 }))
    .map(([pick, delta, n]) => new ReadAtExpiryCmd(pick, delta, n)),
  fc.constantFrom(1, MINUTE, 30 * MINUTE, HOUR).map((ms) => new RewindClockCmd(ms)),
  // Reads aimed at what can be granted, by the role it can be granted to.
  fc
    .tuple(borrowerArb, policyArb, fc.integer({ min: 1, max: 2 }))
    .map(([b, [s, p, r], n]) => new ReadCmd(b, s, p, { kind: 'staff', role: r, n })),
  // Reads aimed at earlier grants, exactly or shifted.
  readGrantedArb,
  readGrantedArb,
  // Any read by anyone, the data subject and other borrowers included.
  fc
    .tuple(borrowerArb, scopeArb, purposeArb, anyActorArb)
    .map(([b, s, p, a]) => new ReadCmd(b, s, p, a)),
  borrowerArb.map((b) => new VerifyChainCmd(b)),
];

const shapeArb: fc.Arbitrary<Shape> = fc.record({
  phones: fc.integer({ min: 0, max: 2 }),
  emails: fc.integer({ min: 0, max: 1 }),
  references: fc.integer({ min: 0, max: 2 }),
  addressBook: fc.integer({ min: 0, max: 3 }),
});

// ----------------------------------------------------------------------- test

const vault = testVault();

const replay: Partial<fc.Parameters<unknown>> = process.env['FC_SEED']
  ? {
      seed: Number(process.env['FC_SEED']),
      ...(process.env['FC_PATH'] ? { path: process.env['FC_PATH'] } : {}),
    }
  : {};

describe('guardedRead against a reference model', () => {
  test('never returns contact data without a live grant, and logs every value it returns', async ({
    db,
  }) => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(shapeArb, { minLength: BORROWERS, maxLength: BORROWERS }),
        fc.commands(commandArbs, {
          maxCommands: MAX_COMMANDS,
          size: 'max',
          ...(process.env['FC_REPLAY_PATH'] ? { replayPath: process.env['FC_REPLAY_PATH'] } : {}),
        }),
        async (shapes, cmds) => {
          const clock = new FixedClock(START);
          const base = { deps: { db, clock, vault, needToKnow: [] }, clock };
          const borrowers: Fixture[] = [];
          for (const shape of shapes) borrowers.push(await createFixture(base, shape));
          const real: Real = { ...base, borrowers };
          const model: Model = {
            now: START.getTime(),
            grants: [],
            logLength: borrowers.map(() => 0),
          };
          await fc.asyncModelRun(() => ({ model, real }), cmds);
          // Every returned value has its row, and no row exists without one.
          for (const [i, b] of borrowers.entries()) {
            expect(await verifyAccessLog(db, b.id)).toEqual({
              ok: true,
              length: model.logLength[i],
            });
          }
        },
      ),
      { numRuns: NUM_RUNS, ...replay },
    );
    if (process.env['FC_SEED']) return; // a replay runs too little to cover everything
    for (const [what, count] of Object.entries(seen)) {
      expect(count, `never exercised ${what}: ${JSON.stringify(seen)}`).toBeGreaterThan(0);
    }
  }, 180_000);
});
