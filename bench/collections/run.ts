/**
 * Collections benchmark, in one run, on PostgreSQL (DATABASE_URL, or the
 * server on 127.0.0.1:5432; `--pglite` for in-memory PGlite instead):
 *
 *  1. Close of business for a book of 100,000 loans (about 10 % delinquent,
 *     spread over the buckets): collections' step (`closeCollectionsDay`:
 *     promises, plans, resolving, opening and following cases, planned
 *     messages) timed on its own inside the day's transaction, right after
 *     the ledger's step, as a ratio to one plain UPDATE of the live loans'
 *     rows (and to one UPDATE of the open cases' rows); plus the whole day
 *     through `runCloseOfBusiness`. Each figure is the median of --reps
 *     business days; each repetition closes a new day, after the day's
 *     repayments keep the book's shape (seed.ts, `payDay`).
 *  2. `collectionsQueue(first: 20)` through the real gateway (a child
 *     process, bench/harness/collections-gateway-server.ts) with 10,000 open
 *     cases, as a ratio to `{ viewer { id } }` on the same gateway: p99
 *     latency and requests/s under autocannon from this process.
 *
 *   pnpm --filter @lending/bench bench:collections [--quick] [--loans 100000] [--cases 10000] [--reps 3]
 *     [--duration 10] [--warmup 2] [--connections 16] [--rounds 1] [--explain] [--only cob|queue]
 *     [--jit on|off] [--keep] [--queue-index] [--pglite]
 *
 * `--explain` adds, after the measurements, EXPLAIN (ANALYZE, BUFFERS) of
 * every statement of collections' step (one more day, rolled back) and of
 * the queue's query (listQueue) over the same 10,000 cases, through
 * auto_explain (PostgreSQL only). `--jit off` runs close of business with
 * PostgreSQL's JIT off (ALTER DATABASE), to weigh it. Every database is
 * created for the run and dropped at the end (`--keep` keeps the close of
 * business one, for psql). `--queue-index` is a what-if for the queue: its
 * database also gets the queue's index in the direction listQueue's ORDER BY
 * asks for (seed.ts, QUEUE_INDEX_NULLS_FIRST). Run on demand, never in CI.
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import {
  AUTOMATED_STEPS,
  closeCollectionsDay,
  DelinquencyBucket,
  listQueue,
  queueKeyOf,
} from '@lending/collections';
import { BusinessCalendarMode, runCloseOfBusiness } from '@lending/close-of-business';
import {
  createDb,
  getBusinessDate,
  initBusinessDate,
  migrate,
  queryRows,
  redactUrl,
  setBusinessDate,
  withTransaction,
  type Db,
  type DbHandle,
} from '@lending/db';
import { BusinessDate, FixedClock } from '@lending/kernel';
import { closeLedgerDay } from '@lending/ledger';
import { createTestDb } from '@lending/testing';
import { combine, measure, table, type Measurement, type Sample } from '../gateway/measure.js';
import { isQueueAnnouncement, type QueueAnnouncement } from './announcement.js';
import {
  killChildren,
  startServerProcess,
  superviseChildren,
  wasInterrupted,
  type ServerProcess,
} from '../harness/server-process.js';
import { payDay, seedLoanBook, seedPromises, seedQueue } from './seed.js';

const SIMULATED = { mode: BusinessCalendarMode.SIMULATED, timeZone: 'Asia/Shanghai' } as const;

const HERE = dirname(fileURLToPath(import.meta.url));
const DEFAULT_SERVER = 'postgres://postgres@127.0.0.1:5432/postgres';
/** The business date the loan book is seeded on; the run closes the days after it. */
const START_DATE = '2026-06-01';
const CHECK_TIMEOUT_MS = 30_000;

const QUEUE_QUERY =
  '{ collectionsQueue(first: 20) { edges { node { id bucket daysPastDue amountOverdue { amount currency } } } } }';
const VIEWER_QUERY = '{ viewer { id } }';

/** Anything else busy on the machine skews the figures: reported with them. */
const LOAD_BEFORE = os.loadavg();

const USAGE =
  'usage: pnpm --filter @lending/bench bench:collections [--quick] [--loans <n>=100000] [--cases <n>=10000] [--reps <n>=3] ' +
  '[--duration <s>=10] [--warmup <s>=2] [--connections <n>=16] [--rounds <n>=1] [--explain] [--only cob|queue] [--jit on|off] [--keep] [--queue-index] [--pglite]';

class UsageError extends Error {}

interface Settings {
  readonly loans: number;
  readonly cases: number;
  readonly reps: number;
  readonly duration: number;
  readonly warmup: number;
  readonly connections: number;
  readonly rounds: number;
  readonly explain: boolean;
  readonly cob: boolean;
  readonly queue: boolean;
  readonly pglite: boolean;
  /** `jit` for the close-of-business database (ALTER DATABASE); null keeps the server's. */
  readonly jit: 'on' | 'off' | null;
  /** Keep the close-of-business database at the end, for psql. */
  readonly keep: boolean;
  /** What-if: the gateway's database gets QUEUE_INDEX_NULLS_FIRST (seed.ts). */
  readonly queueIndex: boolean;
}

function parseSettings(argv: string[]): Settings {
  const args = argv[0] === '--' ? argv.slice(1) : argv;
  const options = {
    quick: { type: 'boolean', default: false },
    loans: { type: 'string' },
    cases: { type: 'string' },
    reps: { type: 'string' },
    duration: { type: 'string' },
    warmup: { type: 'string' },
    connections: { type: 'string', default: '16' },
    rounds: { type: 'string', default: '1' },
    explain: { type: 'boolean', default: false },
    only: { type: 'string' },
    pglite: { type: 'boolean', default: false },
    jit: { type: 'string' },
    keep: { type: 'boolean', default: false },
    'queue-index': { type: 'boolean', default: false },
  } as const;
  let values: ReturnType<typeof parseArgs<{ args: string[]; options: typeof options }>>['values'];
  try {
    ({ values } = parseArgs({ args, options }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const quick = values.quick;
  const integer = (name: string, value: string | undefined, fallback: number, max: number) => {
    const n = Number(value ?? fallback);
    if (!Number.isInteger(n) || n < 1 || n > max)
      throw new UsageError(`--${name} must be an integer from 1 to ${max}`);
    return n;
  };
  if (values.only !== undefined && values.only !== 'cob' && values.only !== 'queue')
    throw new UsageError('--only must be cob or queue');
  if (values.pglite && values.explain)
    throw new UsageError('--explain needs PostgreSQL (auto_explain)');
  if (values.jit !== undefined && values.jit !== 'on' && values.jit !== 'off')
    throw new UsageError('--jit must be on or off');
  if (values.pglite && (values.jit !== undefined || values.keep))
    throw new UsageError('--jit and --keep need PostgreSQL');
  return {
    loans: integer('loans', values.loans, quick ? 20_000 : 100_000, 1_000_000),
    cases: integer('cases', values.cases, quick ? 2_000 : 10_000, 200_000),
    reps: integer('reps', values.reps, 3, 15),
    duration: integer('duration', values.duration, quick ? 3 : 10, 300),
    warmup: integer('warmup', values.warmup, quick ? 1 : 2, 60),
    connections: integer('connections', values.connections, 16, 256),
    rounds: integer('rounds', values.rounds, 1, 20),
    explain: values.explain,
    cob: values.only !== 'queue',
    queue: values.only !== 'cob',
    pglite: values.pglite,
    jit: values.jit === 'on' || values.jit === 'off' ? values.jit : null,
    keep: values.keep,
    queueIndex: values['queue-index'],
  };
}

const out = (line = '') => process.stdout.write(`${line}\n`);
const progress = (line: string) => process.stderr.write(`${line}\n`);
const ms = (n: number) => n.toFixed(0);
const seconds = (n: number) => (n / 1000).toFixed(2);

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const t0 = performance.now();
  const value = await work();
  return { value, ms: performance.now() - t0 };
}

// ---------------------------------------------------------------------------
// Databases

interface BenchDb {
  readonly handle: DbHandle;
  /** Its URL, for a second client of our own (auto_explain); null on PGlite. */
  readonly url: string | null;
  close(): Promise<void>;
}

/** A fresh migrated database for the run: on the server (dropped on close), or in-memory PGlite. */
async function createBenchDb(
  settings: Settings,
  businessDate: string,
  options: { jit: 'on' | 'off' | null; keep: boolean } = { jit: null, keep: false },
): Promise<BenchDb> {
  const now = new Date(`${businessDate}T16:00:00Z`);
  if (settings.pglite) {
    const handle = await createTestDb({ databaseUrl: undefined, businessDate, now });
    return { handle, url: null, close: () => handle.close() };
  }
  const serverUrl = process.env['DATABASE_URL']!;
  const name = `bench_collections_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`CREATE DATABASE "${name}"`);
    // Before the first connection to it: every session of the run gets it.
    if (options.jit) await admin.unsafe(`ALTER DATABASE "${name}" SET jit = ${options.jit}`);
  } finally {
    await admin.end({ timeout: 5 });
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const handle = await createDb({ databaseUrl: url.toString(), maxConnections: 4 });
  const close = async () => {
    await handle.close();
    if (options.keep) {
      process.stderr.write(
        `kept ${redactUrl(url.toString())}: DROP DATABASE "${name}" when done\n`,
      );
      return;
    }
    const dropper = postgres(serverUrl, { max: 1, onnotice: () => {} });
    try {
      await dropper.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    } finally {
      await dropper.end({ timeout: 5 });
    }
  };
  try {
    await migrate(handle);
    await initBusinessDate(handle.db, businessDate, now);
  } catch (error) {
    await close();
    throw error;
  }
  return { handle, url: url.toString(), close };
}

/** Databases still to drop when a signal ends the run. */
const openDbs = new Set<BenchDb>();
async function withBenchDb<T>(
  settings: Settings,
  businessDate: string,
  work: (db: BenchDb) => Promise<T>,
  options?: { jit: 'on' | 'off' | null; keep: boolean },
): Promise<T> {
  const db = await createBenchDb(settings, businessDate, options);
  openDbs.add(db);
  try {
    return await work(db);
  } finally {
    openDbs.delete(db);
    await db.close();
  }
}

// ---------------------------------------------------------------------------
// 1. Close of business

/** The statements of closeCollectionsDay, in the order it runs them (close-of-business.ts). */
const STATEMENTS = [
  'settlePromises',
  'settlePlans',
  'resolveCases',
  'openCases',
  'followCases',
  ...AUTOMATED_STEPS.map((s) => `planCaseMessages ${s.template}`),
  'planReminders',
];

/** `tx` with each `execute` call timed into `laps`, in call order. */
function lapping(tx: Db, laps: number[]): Db {
  const execute = tx.execute.bind(tx);
  const timedExecute = async (query: Parameters<Db['execute']>[0]) => {
    const t0 = performance.now();
    try {
      return await execute(query);
    } finally {
      laps.push(performance.now() - t0);
    }
  };
  return new Proxy(tx, {
    get(target, prop) {
      if (prop === 'execute') return timedExecute;
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as () => unknown).bind(target) : value;
    },
  });
}

const nowOf = (day: BusinessDate) => new Date(`${day.toString()}T16:00:00Z`);

interface SplitDay {
  readonly day: string;
  readonly loans: number;
  readonly ledgerMs: number;
  readonly collectionsMs: number;
  /** Each statement of collections' step, in order. */
  readonly laps: readonly number[];
  /** The whole transaction, claim to commit. */
  readonly totalMs: number;
}

/**
 * One business day exactly as runCloseOfBusiness closes it (claim, ledger,
 * collections, the day recorded, the date moved, one transaction), with
 * the two steps timed apart.
 */
async function closeDaySplit(db: Db, day: BusinessDate): Promise<SplitDay> {
  const now = nowOf(day);
  const date = day.toString();
  const t0 = performance.now();
  const inner = await withTransaction(db, async (tx) => {
    const claimed = await queryRows<{ business_date: string }>(
      tx,
      sql`insert into close_of_business_days (business_date, loans_processed, completed_at)
          values (${date}, 0, ${now.toISOString()}::timestamptz) on conflict do nothing returning business_date`,
    );
    if (claimed.length === 0) throw new Error(`${date} was already closed`);
    const ledger = await timed(async () => (await closeLedgerDay(tx, day, now)).length);
    const laps: number[] = [];
    const collections = await timed(() => closeCollectionsDay(lapping(tx, laps), day, now));
    await tx.execute(
      sql`update close_of_business_days set loans_processed = ${ledger.value} where business_date = ${date}`,
    );
    await setBusinessDate(tx, date, now);
    return { loans: ledger.value, ledgerMs: ledger.ms, collectionsMs: collections.ms, laps };
  });
  return { day: date, ...inner, totalMs: performance.now() - t0 };
}

interface DayStats {
  readonly open: number;
  readonly opened: number;
  readonly moved: number;
  readonly resolved: number;
  readonly promisesBroken: number;
  /** Cases whose row the day wrote (opened, followed, resolved, promises settled). */
  readonly written: number;
  readonly messages: number;
}

async function dayStats(db: Db, day: BusinessDate): Promise<DayStats> {
  const at = nowOf(day).toISOString();
  const [row] = await queryRows<Record<keyof DayStats, number>>(
    db,
    sql`select
      (select count(*)::int from collection_cases where status <> 'RESOLVED') as open,
      (select count(*)::int from collection_case_events where business_date = ${day.toString()}::date and kind = 'CASE_OPENED') as opened,
      (select count(*)::int from collection_case_events where business_date = ${day.toString()}::date and kind = 'BUCKET_CHANGED') as moved,
      (select count(*)::int from collection_case_events where business_date = ${day.toString()}::date and kind = 'CASE_RESOLVED') as resolved,
      (select count(*)::int from collection_case_events where business_date = ${day.toString()}::date and kind = 'PROMISE_BROKEN') as "promisesBroken",
      (select count(*)::int from collection_cases where updated_at = ${at}::timestamptz) as written,
      (select count(*)::int from outbound_messages where created_at = ${at}::timestamptz) as messages`,
  );
  return row!;
}

const vacuum = (db: Db) => db.execute(sql`vacuum analyze`);

/** The day's repayments, then a vacuum (what autovacuum does between nightly runs), untimed. */
async function prepareDay(db: Db): Promise<BusinessDate> {
  const today = await getBusinessDate(db);
  await payDay(db, today);
  await vacuum(db);
  return BusinessDate.parseOrThrow(today).addDays(1);
}

interface CobReport {
  readonly split: readonly (SplitDay & DayStats)[];
  readonly whole: readonly ({ day: string; ms: number } & DayStats)[];
  readonly updateLoans: readonly { ms: number; rows: number }[];
  readonly updateCases: readonly { ms: number; rows: number }[];
}

async function closeOfBusinessBench(settings: Settings, bench: BenchDb): Promise<CobReport> {
  const db = bench.handle.db;
  progress(`cob: seeding ${settings.loans} loans`);
  const seeded = await timed(() =>
    seedLoanBook(db, { loans: settings.loans, businessDate: START_DATE }),
  );
  await vacuum(db);
  const book = seeded.value;
  const [{ jit } = { jit: '?' }] = await queryRows<{ jit: string }>(
    db,
    sql`select current_setting('jit') as jit`,
  );
  out(
    `jit ${jit}; book: ${book.loans} loans, ${book.installments} instalments, ${book.delinquent} delinquent (` +
      Object.entries(book.byBucket)
        .map(([b, n]) => `${b} ${n}`)
        .join(', ') +
      `), seeded in ${seconds(seeded.ms)} s`,
  );

  // The first day opens a case for every seeded delinquency and plans their first messages.
  progress('cob: first day (opens the cases of the seeded book)');
  const first = await prepareDay(db);
  const firstDay = await closeDaySplit(db, first);
  const firstStats = await dayStats(db, first);
  const promises = await seedPromises(db, first.toString());
  out(
    `first day ${firstDay.day} (not measured): ledger ${seconds(firstDay.ledgerMs)} s, collections ${seconds(firstDay.collectionsMs)} s; ` +
      `${firstStats.opened} cases opened, ${firstStats.messages} messages planned; then ${promises} pending promises seeded`,
  );

  const split: (SplitDay & DayStats)[] = [];
  const updateLoans: { ms: number; rows: number }[] = [];
  const updateCases: { ms: number; rows: number }[] = [];
  for (let rep = 1; rep <= settings.reps; rep++) {
    const day = await prepareDay(db);
    progress(`cob: ${day.toString()}, steps timed apart (${rep}/${settings.reps})`);
    const result = await closeDaySplit(db, day);
    split.push({ ...result, ...(await dayStats(db, day)) });
    await vacuum(db);
    const loans = await timed(() =>
      queryRows<{ id: string }>(
        db,
        sql`update loans set days_past_due = days_past_due where status in ('ACTIVE', 'DELINQUENT') returning id`,
      ),
    );
    updateLoans.push({ ms: loans.ms, rows: loans.value.length });
    const cases = await timed(() =>
      queryRows<{ id: string }>(
        db,
        sql`update collection_cases set days_past_due = days_past_due where status <> 'RESOLVED' returning id`,
      ),
    );
    updateCases.push({ ms: cases.ms, rows: cases.value.length });
  }
  const whole: ({ day: string; ms: number } & DayStats)[] = [];
  for (let rep = 1; rep <= settings.reps; rep++) {
    const day = await prepareDay(db);
    progress(`cob: ${day.toString()}, runCloseOfBusiness (${rep}/${settings.reps})`);
    const run = await timed(() =>
      runCloseOfBusiness(db, new FixedClock(nowOf(day)), day, { calendar: SIMULATED }),
    );
    if (!run.value.ok || run.value.value.daysClosed !== 1)
      throw new Error(`runCloseOfBusiness did not close ${day.toString()}`);
    whole.push({ day: day.toString(), ms: run.ms, ...(await dayStats(db, day)) });
  }
  return { split, whole, updateLoans, updateCases };
}

function printCob(settings: Settings, r: CobReport): void {
  out();
  out('days, steps timed apart (ms):');
  const lapHeader = STATEMENTS.map((_, i) => `s${i + 1}`);
  out(
    table([
      [
        'day',
        'ledger',
        'collections',
        'day total',
        'open',
        'opened',
        'moved',
        'resolved',
        'broken',
        'written',
        'messages',
      ],
      ...r.split.map((d) => [
        d.day,
        ms(d.ledgerMs),
        ms(d.collectionsMs),
        ms(d.totalMs),
        String(d.open),
        String(d.opened),
        String(d.moved),
        String(d.resolved),
        String(d.promisesBroken),
        String(d.written),
        String(d.messages),
      ]),
    ]),
  );
  out();
  out(`collections' statements (ms; median over the ${r.split.length} days):`);
  out(
    table([
      ['statement', ...r.split.map((d) => d.day), 'median'],
      ...STATEMENTS.map((name, i) => {
        const laps = r.split.map((d) => d.laps[i] ?? Number.NaN);
        return [`${lapHeader[i]} ${name}`, ...laps.map(ms), ms(median(laps))];
      }),
    ]),
  );
  if (r.split.some((d) => d.laps.length !== STATEMENTS.length))
    out(
      `(closeCollectionsDay ran ${r.split[0]?.laps.length} statements, not ${STATEMENTS.length}: the names above are off)`,
    );
  out();
  out('whole days through runCloseOfBusiness (ms):');
  out(
    table([
      ['day', 'ms', 'open', 'opened', 'moved', 'resolved', 'written', 'messages'],
      ...r.whole.map((d) => [
        d.day,
        ms(d.ms),
        String(d.open),
        String(d.opened),
        String(d.moved),
        String(d.resolved),
        String(d.written),
        String(d.messages),
      ]),
    ]),
  );
  const collections = median(r.split.map((d) => d.collectionsMs));
  const ledger = median(r.split.map((d) => d.ledgerMs));
  const wholeDay = median(r.whole.map((d) => d.ms));
  const loans = median(r.updateLoans.map((u) => u.ms));
  const cases = median(r.updateCases.map((u) => u.ms));
  const loanRows = r.updateLoans[0]?.rows ?? 0;
  const caseRows = r.updateCases[0]?.rows ?? 0;
  out();
  out(`medians over ${settings.reps} days each:`);
  out(`  collections' step (closeCollectionsDay)                       ${seconds(collections)} s`);
  out(`  ledger's step (closeLedgerDay)                                ${seconds(ledger)} s`);
  out(`  whole day (runCloseOfBusiness)                                ${seconds(wholeDay)} s`);
  out(
    `  UPDATE loans ... where status in ('ACTIVE','DELINQUENT')  ${String(loanRows).padStart(7)} rows  ${seconds(loans)} s`,
  );
  out(
    `  UPDATE collection_cases ... where status <> 'RESOLVED'    ${String(caseRows).padStart(7)} rows  ${seconds(cases)} s`,
  );
  out();
  out(`ratio collections' step : UPDATE of the live loans = ${(collections / loans).toFixed(1)}`);
  out(`ratio collections' step : UPDATE of the open cases = ${(collections / cases).toFixed(1)}`);
  out(`ratio whole day : UPDATE of the live loans         = ${(wholeDay / loans).toFixed(1)}`);
}

// ---------------------------------------------------------------------------
// 2. The queue over HTTP

interface Target {
  readonly name: string;
  readonly query: string;
  readonly token: string;
  /** What a first answer must look like. */
  readonly check: (data: Record<string, unknown>) => string | null;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function queueCheck(expected: number) {
  return (data: Record<string, unknown>) => {
    const queue = data['collectionsQueue'];
    const edges = isObject(queue) ? queue['edges'] : undefined;
    if (!Array.isArray(edges)) return 'no collectionsQueue.edges';
    if (edges.length !== expected) return `${edges.length} edges, expected ${expected}`;
    const node: unknown = isObject(edges[0]) ? edges[0]['node'] : undefined;
    return isObject(node) && typeof node['id'] === 'string' ? null : 'an edge without a node id';
  };
}

const viewerCheck = (data: Record<string, unknown>) => {
  const viewer = data['viewer'];
  return isObject(viewer) && typeof viewer['id'] === 'string' ? null : 'no viewer.id';
};

/** One request before the load: a 200 with data and no errors. Returns the body every later response must equal. */
async function checkOnce(url: string, target: Target): Promise<string> {
  const response = await fetch(url, {
    method: 'POST',
    headers: headersOf(target),
    body: JSON.stringify({ query: target.query }),
    signal: AbortSignal.timeout(CHECK_TIMEOUT_MS),
  });
  const text = await response.text();
  const fail = (why: string) =>
    new Error(`${target.name}: ${why}; status ${response.status}: ${text.slice(0, 500)}`);
  if (response.status !== 200) throw fail('not 200');
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw fail('not JSON');
  }
  if (!isObject(body) || Object.keys(body).join() !== 'data' || !isObject(body['data']))
    throw fail('expected exactly {"data":...}');
  const problem = target.check(body['data']);
  if (problem) throw fail(problem);
  return text;
}

function headersOf(target: Target): Record<string, string> {
  return { 'content-type': 'application/json', authorization: `Bearer ${target.token}` };
}

function load(
  url: string,
  target: Target,
  expected: string,
  connections: number,
  duration: number,
) {
  return measure({
    url,
    method: 'POST',
    headers: headersOf(target),
    body: JSON.stringify({ query: target.query }),
    connections,
    duration,
    timeout: 10,
    verifyBody: (body) => body === expected,
  });
}

interface QueueReport {
  readonly announcement: QueueAnnouncement;
  readonly measurements: readonly Measurement[];
}

async function queueBench(settings: Settings): Promise<QueueReport> {
  superviseChildren('the gateway');
  process.env['BENCH_QUEUE_CASES'] = String(settings.cases);
  if (settings.queueIndex) process.env['BENCH_QUEUE_INDEX'] = '1';
  progress(`queue: starting the gateway and seeding ${settings.cases} open cases`);
  let server: ServerProcess<QueueAnnouncement> | undefined;
  try {
    server = await startServerProcess({
      name: 'gateway',
      script: resolve(HERE, '../harness/collections-gateway-server.ts'),
      isAnnouncement: isQueueAnnouncement,
      invalid: 'not a queue announcement',
    });
    const a = server.announcement;
    const pageSize = Math.min(20, a.openCases);
    const collectorPage = Math.min(20, a.visibleToCollector);
    const targets: Target[] = [
      { name: 'viewer { id } (OPS)', query: VIEWER_QUERY, token: a.token, check: viewerCheck },
      {
        name: 'collectionsQueue (OPS)',
        query: QUEUE_QUERY,
        token: a.token,
        check: queueCheck(pageSize),
      },
      {
        name: `collectionsQueue (COLLECTOR)`,
        query: QUEUE_QUERY,
        token: a.collectorToken,
        check: queueCheck(collectorPage),
      },
    ];
    const checked: { target: Target; expected: string; samples: Sample[] }[] = [];
    for (const target of targets) {
      const expected = await checkOnce(a.url, target);
      checked.push({ target, expected, samples: [] });
    }
    for (let round = 1; round <= settings.rounds; round++) {
      const of = settings.rounds === 1 ? '' : ` (round ${round}/${settings.rounds})`;
      for (const { target, expected, samples } of checked) {
        progress(
          `queue: ${target.name}: ${settings.warmup} s warm-up, ${settings.duration} s${of}`,
        );
        await load(a.url, target, expected, settings.connections, settings.warmup);
        samples.push(await load(a.url, target, expected, settings.connections, settings.duration));
      }
    }
    return {
      announcement: a,
      measurements: checked.map((c) => combine(c.target.name, c.samples)),
    };
  } finally {
    await server?.stop();
  }
}

function printQueue(settings: Settings, r: QueueReport): void {
  const a = r.announcement;
  out();
  out(
    `gateway (${a.driver}${a.queueIndex ? ', what-if: with the queue index as listQueue orders' : ''}): ${a.openCases} open cases (${a.resolvedCases} resolved besides), ${a.visibleToCollector} in ${a.collectorId}'s queue; ` +
      `${settings.connections} connections, ${settings.duration} s per query after ${settings.warmup} s warm-up` +
      (settings.rounds > 1 ? `, ${settings.rounds} alternating rounds` : ''),
  );
  out(
    table([
      [
        'query',
        'req/s',
        'p50 ms',
        'p99 ms',
        'responses',
        'errors',
        'timeouts',
        'non-2xx',
        'wrong body',
      ],
      ...r.measurements.map((m) => [
        m.name,
        m.requestsPerSecond.toFixed(0),
        m.p50.toFixed(2),
        m.p99.toFixed(2),
        String(m.responses),
        String(m.errors),
        String(m.timeouts),
        String(m.non2xx),
        String(m.mismatches),
      ]),
    ]),
  );
  const [viewer, ops, collector] = r.measurements as [Measurement, Measurement, Measurement];
  out();
  for (const q of [ops, collector]) {
    out(
      `${q.name} / viewer { id }: p99 ${(q.p99 / viewer.p99).toFixed(2)}   p50 ${(q.p50 / viewer.p50).toFixed(2)}   req/s ${(q.requestsPerSecond / viewer.requestsPerSecond).toFixed(2)}`,
    );
  }
}

// ---------------------------------------------------------------------------
// EXPLAIN (ANALYZE, BUFFERS), through auto_explain on a client of our own

async function withExplainingDb<T>(url: string, work: (db: Db, plans: string[]) => Promise<T>) {
  const plans: string[] = [];
  const client = postgres(url, {
    max: 1,
    types: { bigint: postgres.BigInt },
    onnotice: (notice) => {
      if (typeof notice.message === 'string' && notice.message.includes('plan:'))
        plans.push(notice.message);
    },
  });
  try {
    await client.unsafe(`LOAD 'auto_explain'`);
    await client.unsafe(
      `SET auto_explain.log_analyze = on; SET auto_explain.log_buffers = on; SET auto_explain.log_timing = on;
       SET auto_explain.log_level = notice; SET auto_explain.log_min_duration = -1`,
    );
    const db = drizzle({ client }) as unknown as Db;
    return await work(db, plans);
  } finally {
    await client.end({ timeout: 5 });
  }
}

function printPlans(title: string, names: readonly string[], plans: readonly string[]): void {
  out();
  out(`=== ${title}`);
  plans.forEach((plan, i) => {
    // "duration: 12.3 ms  plan:\nQuery Text: ...\n<plan>": the query text is long, and the
    // plan's top node is the first unindented line with costs.
    const [head, ...rest] = plan.split('\n');
    const top = rest.findIndex((line) => /^\S.*\(cost=/.test(line));
    out();
    out(`--- ${names[i] ?? `statement ${i + 1}`}: ${head?.replace(/\s*plan:$/, '') ?? ''}`);
    out(rest.slice(Math.max(0, top)).join('\n'));
  });
}

class Rollback extends Error {}

async function explainCollectionsDay(bench: BenchDb): Promise<void> {
  const day = await prepareDay(bench.handle.db);
  await withExplainingDb(bench.url!, async (db, plans) => {
    try {
      await withTransaction(db, async (tx) => {
        await closeLedgerDay(tx, day, nowOf(day));
        await tx.execute(sql`set local auto_explain.log_min_duration = 0`);
        await closeCollectionsDay(tx, day, nowOf(day));
        throw new Rollback();
      });
    } catch (error) {
      if (!(error instanceof Rollback)) throw error;
    }
    printPlans(
      `collections' step of close of business for ${day.toString()} (rolled back)`,
      STATEMENTS,
      plans,
    );
  });
}

async function explainQueue(settings: Settings, bench: BenchDb): Promise<void> {
  const seeded = await seedQueue(bench.handle.db, {
    openCases: settings.cases,
    businessDate: START_DATE,
  });
  await withExplainingDb(bench.url!, async (db, plans) => {
    await db.execute(sql`set auto_explain.log_min_duration = 0`);
    const names: string[] = [];
    const run = async (name: string, options: Parameters<typeof listQueue>[1]) => {
      names.push(name);
      return listQueue(db, options);
    };
    const first = await run('OPS, first page', {
      visibleTo: null,
      bucket: null,
      first: 20,
      after: null,
    });
    const last = first.cases.at(-1);
    if (last)
      await run('OPS, second page', {
        visibleTo: null,
        bucket: null,
        first: 20,
        after: queueKeyOf(last),
      });
    await run('OPS, bucket DPD_31_60', {
      visibleTo: null,
      bucket: DelinquencyBucket.DPD_31_60,
      first: 20,
      after: null,
    });
    await run('COLLECTOR collector-1 (assigned or unassigned)', {
      visibleTo: 'collector-1',
      bucket: null,
      first: 20,
      after: null,
    });
    printPlans(
      `listQueue over ${seeded.open} open and ${seeded.resolved} resolved cases (page of 20: limit 21)`,
      names,
      plans,
    );
  });
}

// ---------------------------------------------------------------------------

async function serverVersion(settings: Settings): Promise<string> {
  if (settings.pglite) return 'PGlite (in memory)';
  const client = postgres(process.env['DATABASE_URL']!, { max: 1, onnotice: () => {} });
  try {
    const [row] = await client`select version()`;
    return String(row?.['version']).split(' on ')[0]!;
  } finally {
    await client.end({ timeout: 5 });
  }
}

async function main(): Promise<void> {
  const settings = parseSettings(process.argv.slice(2));
  if (settings.pglite) delete process.env['DATABASE_URL'];
  else process.env['DATABASE_URL'] ??= DEFAULT_SERVER;
  const cpus = os.cpus();
  out(
    `collections bench on ${await serverVersion(settings)}; node ${process.version}, ${cpus.length} CPUs (${cpus[0]?.model.trim() ?? 'unknown'}); ` +
      `load average ${LOAD_BEFORE.map((l) => l.toFixed(2)).join(' ')} before the run; ${new Date().toISOString()}`,
  );
  let failed = false;
  if (settings.cob) {
    await withBenchDb(
      settings,
      START_DATE,
      async (bench) => {
        printCob(settings, await closeOfBusinessBench(settings, bench));
        if (settings.explain) await explainCollectionsDay(bench);
      },
      { jit: settings.jit, keep: settings.keep },
    );
  }
  if (settings.queue) {
    const report = await queueBench(settings);
    printQueue(settings, report);
    failed = report.measurements.some((m) => m.errors + m.non2xx + m.mismatches > 0);
    if (settings.explain)
      await withBenchDb(settings, START_DATE, (bench) => explainQueue(settings, bench));
  }
  out();
  out(
    `load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} after the run`,
  );
  if (failed) {
    process.stderr.write('\nnot every response was a 2xx with the expected body\n');
    process.exitCode = 1;
  }
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    // The gateway's process stops itself (server-process.ts); drop our databases.
    void Promise.allSettled([...openDbs].map((db) => db.close())).then(() =>
      process.exit(signal === 'SIGINT' ? 130 : 143),
    );
  });
}

main().catch((error: unknown) => {
  if (wasInterrupted()) return;
  if (error instanceof UsageError) {
    process.stderr.write(`${error.message}\n${USAGE}\n`);
    process.exit(2);
  }
  process.stderr.write(
    `bench:collections failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  killChildren('SIGKILL');
  void Promise.allSettled([...openDbs].map((db) => db.close())).then(() => process.exit(1));
});
