/**
 * Credit decision benchmark, in one run:
 *  1. in process: decisions per second (`validateAttributes` + `decide` with
 *     the committed application scorecard) over the 700 rows of
 *     german_train.csv, as a ratio to the same loop doing `validateAttributes`
 *     alone; plus `score()` alone per second;
 *  2. over HTTP, against the real gateway in a child process:
 *     `submitCreditApplication` (a new idempotency key and the next CSV row on
 *     every request) as a ratio to the same mutation with a negative monthly
 *     income, which the resolver refuses before the service runs: same
 *     document, same variables, same auth, no validation, no decision, no
 *     database.
 *
 *   pnpm --filter @lending/bench bench:credit [--seconds 3] [--warmup 1] [--duration 10] [--http-warmup 2] [--connections 8] [--rounds 1]
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres pnpm --filter @lending/bench bench:credit
 *
 * Run on demand, never in CI.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type autocannon from 'autocannon';
import { applicationModel, decide, score, validateAttributes } from '@lending/credit';
import { Money } from '@lending/kernel';
import { combine, measure, table, type Measurement, type Sample } from '../gateway/measure.js';
import { isAnnouncement } from '../harness/child.js';
import type { CreditAnnouncement } from '../harness/credit-gateway-server.js';
import {
  killChildren,
  startServerProcess,
  superviseChildren,
  wasInterrupted,
  type ServerProcess,
} from '../harness/server-process.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = resolve(HERE, '../..');
const CSV = resolve(REPO_ROOT, 'packages/credit/data/german_train.csv');

/** In process, the loops take turns in slices this long, so drift on a shared VM hits all alike. */
const SLICE_MS = 250;

// The amounts of apps/gateway/test/credit.test.ts: grade decides, not affordability.
const AMOUNTS = {
  requestedLimit: { amount: '50000.00', currency: 'CNY' },
  monthlyIncome: { amount: '20000.00', currency: 'CNY' },
  monthlyDebtPayments: { amount: '3000.00', currency: 'CNY' },
} as const;
/** The baseline's monthly income: refused as NEGATIVE_AMOUNT before the service is called. */
const NEGATIVE_INCOME = { amount: '-1.00', currency: 'CNY' } as const;

const SUBMIT = `mutation Submit($input: SubmitCreditApplicationInput!) {
  submitCreditApplication(input: $input) {
    application {
      id status
      decision { outcome score probabilityOfDefault riskGrade approvedLimit { amount currency } annualRate reasons { code description } }
      offer { limit { amount currency } annualRate expiresAt }
    }
    userErrors { field code message }
  }
}`;

const USAGE =
  'usage: pnpm --filter @lending/bench bench:credit [--seconds <s>=3] [--warmup <s>=1] [--duration <s>=10] [--http-warmup <s>=2] [--connections <n>=8] [--rounds <n>=1]';

class UsageError extends Error {}

interface Settings {
  /** In process: measured seconds per loop. */
  readonly seconds: number;
  /** In process: warm-up seconds per loop. */
  readonly warmup: number;
  /** HTTP: measured seconds per operation and round. */
  readonly duration: number;
  /** HTTP: warm-up seconds per operation and round. */
  readonly httpWarmup: number;
  readonly connections: number;
  readonly rounds: number;
}

function parseSettings(argv: string[]): Settings {
  const args = argv[0] === '--' ? argv.slice(1) : argv;
  const options = {
    seconds: { type: 'string', default: '3' },
    warmup: { type: 'string', default: '1' },
    duration: { type: 'string', default: '10' },
    'http-warmup': { type: 'string', default: '2' },
    connections: { type: 'string', default: '8' },
    rounds: { type: 'string', default: '1' },
  } as const;
  let values: Record<keyof typeof options, string>;
  try {
    ({ values } = parseArgs({ args, options }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const number = (name: keyof typeof options, min: number, max: number, integer = false) => {
    const n = Number(values[name]);
    if (!Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n)))
      throw new UsageError(
        `--${name} must be ${integer ? 'an integer' : 'a number'} from ${min} to ${max}`,
      );
    return n;
  };
  return {
    seconds: number('seconds', 0.1, 300),
    warmup: number('warmup', 0, 60),
    duration: number('duration', 1, 300, true),
    httpWarmup: number('http-warmup', 0, 60, true),
    connections: number('connections', 1, 256, true),
    rounds: number('rounds', 1, 20, true),
  };
}

/** Every data row of german_train.csv as `[{ name, value }]`, the target column included (the API ignores it). */
function readRows(): { name: string; value: string }[][] {
  const [header, ...lines] = readFileSync(CSV, 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.length > 0);
  const names = header!.split(',');
  return lines.map((line) => {
    const cells = line.split(',');
    if (cells.length !== names.length) throw new Error(`german_train.csv: bad row ${line}`);
    return names.map((name, i) => ({ name, value: cells[i]! }));
  });
}

function markdownTable(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, i) => Math.max(3, ...rows.map((r) => r[i]!.length)));
  const line = (r: readonly string[]) =>
    `| ${r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join(' | ')} |`;
  const rule = `| ${widths.map((w, i) => (i === 0 ? '-'.repeat(w) : `${'-'.repeat(w - 1)}:`)).join(' | ')} |`;
  return [line(rows[0]!), rule, ...rows.slice(1).map(line)].join('\n');
}

// ---------------------------------------------------------------------------
// 1. In process

/** One pass over every row; returns a checksum, which must be the same on every pass. */
interface Loop {
  readonly name: string;
  readonly pass: () => number;
}

interface LoopResult {
  readonly name: string;
  readonly opsPerSecond: number;
  readonly ops: number;
}

function inProcessLoops(rows: readonly { name: string; value: string }[][]): {
  loops: { validate: Loop; decision: Loop; score: Loop };
  outcomes: Record<string, number>;
} {
  const model = applicationModel();
  const amounts = {
    requestedLimit: Money.parseOrThrow(AMOUNTS.requestedLimit.amount, 'CNY'),
    monthlyIncome: Money.parseOrThrow(AMOUNTS.monthlyIncome.amount, 'CNY'),
    monthlyDebtPayments: Money.parseOrThrow(AMOUNTS.monthlyDebtPayments.amount, 'CNY'),
  };
  const validated = rows.map((row, i) => {
    const v = validateAttributes(model, row);
    if (!v.ok) throw new Error(`row ${i + 1} does not validate: ${v.errors[0].message}`);
    return v.value;
  });
  const outcomes: Record<string, number> = {};
  for (const attributes of validated) {
    const { outcome } = decide(model, { ...amounts, attributes });
    outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
  }
  return {
    outcomes,
    loops: {
      validate: {
        name: 'validateAttributes',
        pass: () => {
          let sum = 0;
          for (const row of rows) {
            const v = validateAttributes(model, row);
            if (!v.ok) throw new Error('a row stopped validating');
            sum += v.value['credit_amount']!.length;
          }
          return sum;
        },
      },
      decision: {
        name: 'validateAttributes + decide',
        pass: () => {
          let sum = 0;
          for (const row of rows) {
            const v = validateAttributes(model, row);
            if (!v.ok) throw new Error('a row stopped validating');
            const d = decide(model, { ...amounts, attributes: v.value });
            sum += d.score + d.reasons.length;
          }
          return sum;
        },
      },
      score: {
        name: 'score',
        pass: () => {
          let sum = 0;
          for (const attributes of validated) sum += score(model.scorecard, attributes).score;
          return sum;
        },
      },
    },
  };
}

/**
 * Warms each loop up for `warmup` seconds, then lets them take turns in
 * slices of SLICE_MS until each has run `seconds`. Counts whole passes only.
 */
function runLoops(
  loops: readonly Loop[],
  rowsPerPass: number,
  seconds: number,
  warmup: number,
): LoopResult[] {
  const checksums = new Map<Loop, number>();
  const runFor = (loop: Loop, ms: number): { passes: number; elapsed: number } => {
    const started = performance.now();
    let passes = 0;
    let now = started;
    do {
      const checksum = loop.pass();
      const first = checksums.get(loop);
      if (first === undefined) checksums.set(loop, checksum);
      else if (first !== checksum) throw new Error(`${loop.name}: checksum changed between passes`);
      passes++;
      now = performance.now();
    } while (now - started < ms);
    return { passes, elapsed: now - started };
  };
  for (const loop of loops) runFor(loop, warmup * 1000);
  const totals = loops.map(() => ({ passes: 0, elapsed: 0 }));
  while (totals.some((t) => t.elapsed < seconds * 1000)) {
    loops.forEach((loop, i) => {
      const total = totals[i]!;
      if (total.elapsed >= seconds * 1000) return;
      const slice = runFor(loop, Math.min(SLICE_MS, seconds * 1000 - total.elapsed));
      total.passes += slice.passes;
      total.elapsed += slice.elapsed;
    });
  }
  return loops.map((loop, i) => ({
    name: loop.name,
    ops: totals[i]!.passes * rowsPerPass,
    opsPerSecond: (totals[i]!.passes * rowsPerPass) / (totals[i]!.elapsed / 1000),
  }));
}

function inProcessReport(
  settings: Settings,
  rows: number,
  outcomes: Record<string, number>,
  validate: LoopResult,
  decision: LoopResult,
  scoring: LoopResult,
): string {
  const perOp = (r: LoopResult) => (1e6 / r.opsPerSecond).toFixed(2);
  const decideOnly = 1e6 / decision.opsPerSecond - 1e6 / validate.opsPerSecond;
  return [
    `## In process: ${rows} rows of german_train.csv, ${settings.seconds} s per loop after ${settings.warmup} s warm-up (interleaved ${SLICE_MS} ms slices)`,
    `outcomes over the ${rows} rows: ${Object.entries(outcomes)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
    '',
    table([
      ['loop', 'ops/s', 'µs/op', 'ops'],
      ...[decision, validate, scoring].map((r) => [
        r.name,
        r.opsPerSecond.toFixed(0),
        perOp(r),
        String(r.ops),
      ]),
    ]),
    '',
    `decisions/s : validateAttributes-only ops/s = ${(decision.opsPerSecond / validate.opsPerSecond).toFixed(3)}` +
      `   (decide adds about ${decideOnly.toFixed(2)} µs per application)`,
    `score()/s : validateAttributes-only ops/s = ${(scoring.opsPerSecond / validate.opsPerSecond).toFixed(3)}`,
  ].join('\n');
}

// ---------------------------------------------------------------------------
// 2. Over HTTP

superviseChildren('the gateway');

function isCreditAnnouncement(value: unknown): value is CreditAnnouncement {
  return (
    isAnnouncement(value) &&
    typeof Reflect.get(value, 'token') === 'string' &&
    typeof Reflect.get(value, 'borrowerId') === 'string'
  );
}

/** Starts harness/credit-gateway-server.ts in its own Node process and reads its JSON line. */
function startGatewayProcess(): Promise<ServerProcess<CreditAnnouncement>> {
  return startServerProcess({
    name: 'gateway',
    script: resolve(HERE, '../harness/credit-gateway-server.ts'),
    isAnnouncement: isCreditAnnouncement,
    invalid: 'no "url", "token" or "borrowerId"',
  });
}

/** One of the two operations under load: how to make the next body, and what a right answer looks like. */
interface Operation {
  readonly name: string;
  /** A request body with a fresh idempotency key and the next CSV row. */
  nextBody(): string;
  /** A cheap check of one response body; counts what it sees in `seen`. */
  verify(body: string): boolean;
  readonly seen: Map<string, number>;
}

function operations(
  announcement: CreditAnnouncement,
  rows: readonly { name: string; value: string }[][],
): { submit: Operation; baseline: Operation } {
  const runId = randomBytes(4).toString('hex');
  const MARK = '\u0000KEY\u0000';
  /** Per row, the JSON body split around the idempotency key: a request only concatenates. */
  const templates = (monthlyIncome: { amount: string; currency: string }) =>
    rows.map((attributes) => {
      const body = JSON.stringify({
        query: SUBMIT,
        variables: {
          input: {
            borrowerId: announcement.borrowerId,
            ...AMOUNTS,
            monthlyIncome,
            attributes,
            idempotencyKey: MARK,
          },
        },
      });
      const parts = body.split(JSON.stringify(MARK).slice(1, -1));
      if (parts.length !== 2) throw new Error('idempotency key marker not found once');
      return parts as [string, string];
    });
  const make = (
    name: string,
    prefix: string,
    parts: [string, string][],
    verify: (body: string, seen: Map<string, number>) => boolean,
  ): Operation => {
    let n = 0;
    const seen = new Map<string, number>();
    return {
      name,
      seen,
      nextBody() {
        const [head, tail] = parts[n % parts.length]!;
        return `${head}${prefix}-${runId}-${n++}${tail}`;
      },
      verify: (body) => verify(body, seen),
    };
  };
  const count = (seen: Map<string, number>, key: string) => seen.set(key, (seen.get(key) ?? 0) + 1);
  const STATUS = /"status":"([A-Z]+)"/;
  return {
    submit: make(
      'submitCreditApplication',
      'submit',
      templates(AMOUNTS.monthlyIncome),
      (body, seen) => {
        const status = STATUS.exec(body)?.[1];
        const end = body.trimEnd();
        const ok =
          body.startsWith('{"data":{"submitCreditApplication":{"application":{"id":"') &&
          end.endsWith(',"userErrors":[]}}}') &&
          status !== undefined;
        if (ok) count(seen, status);
        return ok;
      },
    ),
    baseline: make(
      'same mutation, refused (negative income)',
      'refused',
      templates(NEGATIVE_INCOME),
      (body, seen) => {
        const ok =
          body.startsWith(
            '{"data":{"submitCreditApplication":{"application":null,"userErrors":[{',
          ) &&
          body.includes('"code":"NEGATIVE_AMOUNT"') &&
          body.trimEnd().endsWith('}]}}}');
        if (ok) count(seen, 'NEGATIVE_AMOUNT');
        return ok;
      },
    ),
  };
}

function requestHeaders(announcement: CreditAnnouncement): Record<string, string> {
  return { 'content-type': 'application/json', authorization: `Bearer ${announcement.token}` };
}

/** One request of each before the load, with its answer shown, so a wrong setup fails loudly. */
async function checkOnce(announcement: CreditAnnouncement, operation: Operation): Promise<void> {
  const response = await fetch(announcement.url, {
    method: 'POST',
    headers: requestHeaders(announcement),
    body: operation.nextBody(),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  if (response.status !== 200 || !operation.verify(text))
    throw new Error(`${operation.name}: unexpected answer, status ${response.status}: ${text}`);
  operation.seen.clear();
  process.stderr.write(`${operation.name}: ${text.slice(0, 160)}...\n`);
}

/** One autocannon run: every request gets its body from `operation.nextBody()`. */
function load(
  announcement: CreditAnnouncement,
  operation: Operation,
  connections: number,
  duration: number,
): Promise<Sample> {
  const headers = requestHeaders(announcement);
  // autocannon's `requests` (not in bench/gateway/autocannon.d.ts): setupRequest runs before every request.
  const options: autocannon.Options & {
    duration: number;
    requests: readonly {
      method: 'POST';
      path: string;
      headers: Record<string, string>;
      setupRequest: (request: Record<string, unknown>) => Record<string, unknown>;
    }[];
  } = {
    url: announcement.url,
    method: 'POST',
    headers,
    connections,
    pipelining: 1,
    duration,
    timeout: 10,
    verifyBody: (body) => operation.verify(body),
    requests: [
      {
        method: 'POST',
        path: new URL(announcement.url).pathname,
        headers,
        setupRequest: (request) => ({ ...request, body: operation.nextBody() }),
      },
    ],
  };
  return measure(options);
}

function httpReport(
  settings: Settings,
  driver: string,
  submit: Measurement,
  baseline: Measurement,
  outcomes: ReadonlyMap<string, number>,
  roundRatios: readonly number[],
): string {
  const rounds = settings.rounds === 1 ? '' : `, ${settings.rounds} alternating rounds`;
  return [
    `## Over HTTP: gateway in a child process, ${driver}, ${settings.connections} connections, ${settings.duration} s per operation after a ${settings.httpWarmup} s warm-up${rounds}`,
    '',
    markdownTable([
      ['operation', 'req/s', 'p50 ms', 'p99 ms', 'responses', 'errors', 'non-2xx', 'wrong body'],
      ...[submit, baseline].map((m) => [
        m.name,
        m.requestsPerSecond.toFixed(0),
        m.p50.toFixed(2),
        m.p99.toFixed(2),
        String(m.responses),
        String(m.errors + m.timeouts),
        String(m.non2xx),
        String(m.mismatches),
      ]),
    ]),
    '',
    `p99 submit / p99 baseline = ${(submit.p99 / baseline.p99).toFixed(2)}   ` +
      `(p50 ${(submit.p50 / baseline.p50).toFixed(2)})`,
    `req/s baseline / req/s submit = ${(baseline.requestsPerSecond / submit.requestsPerSecond).toFixed(2)}`,
    `submit outcomes under load: ${[...outcomes].map(([k, v]) => `${k} ${v}`).join(', ')}`,
    ...(roundRatios.length > 1
      ? [`req/s baseline/submit per round: ${roundRatios.map((r) => r.toFixed(2)).join(', ')}`]
      : []),
  ].join('\n');
}

// ---------------------------------------------------------------------------

async function main(): Promise<void> {
  const settings = parseSettings(process.argv.slice(2));
  const loadBefore = os.loadavg()[0]!;
  const cpus = os.cpus();
  const rows = readRows();
  const out = (text: string) => process.stdout.write(`${text}\n`);
  out(
    `# Credit decisions: node ${process.version}, ${cpus.length} CPUs (${cpus[0]?.model.trim() ?? 'unknown'}), ` +
      `load average ${loadBefore.toFixed(2)} before the run, ${new Date().toISOString()}`,
  );

  process.stderr.write('in process: measuring\n');
  const { loops, outcomes } = inProcessLoops(rows);
  const [decision, validate, scoring] = runLoops(
    [loops.decision, loops.validate, loops.score],
    rows.length,
    settings.seconds,
    settings.warmup,
  ) as [LoopResult, LoopResult, LoopResult];
  out('');
  out(inProcessReport(settings, rows.length, outcomes, validate, decision, scoring));

  process.stderr.write('gateway: starting\n');
  const gateway = await startGatewayProcess();
  try {
    const { announcement } = gateway;
    const { submit, baseline } = operations(announcement, rows);
    await checkOnce(announcement, submit);
    await checkOnce(announcement, baseline);
    /** Submit outcomes over the measured runs only. */
    const submitOutcomes = new Map<string, number>();
    const samples = new Map<Operation, Sample[]>([
      [baseline, []],
      [submit, []],
    ]);
    for (let round = 1; round <= settings.rounds; round++) {
      const of = settings.rounds === 1 ? '' : ` (round ${round}/${settings.rounds})`;
      for (const [operation, list] of samples) {
        if (settings.httpWarmup > 0) {
          process.stderr.write(`${operation.name}: warming up for ${settings.httpWarmup} s${of}\n`);
          await load(announcement, operation, settings.connections, settings.httpWarmup);
        }
        operation.seen.clear();
        process.stderr.write(`${operation.name}: measuring for ${settings.duration} s${of}\n`);
        list.push(await load(announcement, operation, settings.connections, settings.duration));
        if (operation === submit)
          for (const [k, v] of submit.seen) submitOutcomes.set(k, (submitOutcomes.get(k) ?? 0) + v);
      }
    }
    const submitted = combine(submit.name, samples.get(submit)!);
    const refused = combine(baseline.name, samples.get(baseline)!);
    const roundRatios = samples
      .get(submit)!
      .map((s, i) => samples.get(baseline)![i]!.requestsPerSecond / s.requestsPerSecond);
    out('');
    out(httpReport(settings, announcement.driver, submitted, refused, submitOutcomes, roundRatios));
    const failed = [submitted, refused].filter(
      (m) => m.errors + m.timeouts + m.non2xx + m.mismatches > 0,
    );
    if (failed.length > 0) {
      process.stderr.write(
        `\nnot every response was a 2xx with the expected body: ${failed.map((m) => m.name).join(', ')}\n`,
      );
      process.exitCode = 1;
    }
  } finally {
    await gateway.stop();
  }
}

main().catch((error: unknown) => {
  if (wasInterrupted()) return;
  if (error instanceof UsageError) {
    process.stderr.write(`${error.message}\n${USAGE}\n`);
    process.exit(2);
  }
  process.stderr.write(
    `bench:credit failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  killChildren('SIGKILL');
  process.exit(1);
});
