/**
 * Comparing GraphQL queries on one server: each query is checked once (a 200
 * with data and no errors, whose body every response under load must then
 * equal), then autocannon runs them in alternating rounds, so a machine whose
 * speed drifts skews all of them alike. Used by consent/ and gateway/dashboard.ts.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { combine, measure, table, type Measurement, type Sample } from '../gateway/measure.js';

export interface LoadSettings {
  /** Seconds per query per round. */
  readonly duration: number;
  readonly connections: number;
  /** Seconds of load per query before the first round, not counted. */
  readonly warmup: number;
  readonly rounds: number;
}

export interface NamedQuery {
  readonly name: string;
  readonly query: string;
  /** Sent as `Authorization: Bearer <token>`. */
  readonly token: string;
  /** Checks the first answer's data (say, that 100 contacts came back); throws if wrong. */
  readonly check?: (data: Record<string, unknown>) => void;
}

const CHECK_TIMEOUT_MS = 30_000;

function headers(token: string): Record<string, string> {
  return { 'content-type': 'application/json', authorization: `Bearer ${token}` };
}

/** One request: it must be a 200 with data and no errors. Returns the exact body. */
export async function firstBody(url: string, q: NamedQuery): Promise<string> {
  const response = await fetch(url, {
    method: 'POST',
    headers: headers(q.token),
    body: JSON.stringify({ query: q.query }),
    signal: AbortSignal.timeout(CHECK_TIMEOUT_MS),
  });
  const text = await response.text();
  const body = JSON.parse(text) as { data?: Record<string, unknown>; errors?: unknown };
  if (response.status !== 200 || body.errors !== undefined || !body.data) {
    throw new Error(`${q.name}: unexpected answer ${response.status}: ${text.slice(0, 500)}`);
  }
  q.check?.(body.data);
  return text;
}

function load(
  url: string,
  q: NamedQuery,
  expected: string,
  settings: LoadSettings,
  seconds: number,
) {
  return measure({
    url,
    method: 'POST',
    headers: headers(q.token),
    body: JSON.stringify({ query: q.query }),
    connections: settings.connections,
    duration: seconds,
    timeout: 10,
    verifyBody: (body) => body === expected,
  });
}

/** CPU seconds of some processes between start and stop (harness/cpu.ts's cpuMeter). */
export type Meters = Readonly<Record<string, () => { stop(): number }>>;

export interface Compared {
  /** In the order the queries were given. */
  readonly measurements: readonly Measurement[];
  /** Per query, per meter: CPU milliseconds per response under load. */
  readonly cpuMsPerRequest: readonly Readonly<Record<string, number>>[];
  /** req/s of each query divided by the first's, per round. */
  readonly roundRatios: readonly (readonly number[])[];
}

/** Warm-up, then `rounds` rounds of each query in turn, against the server at `url`. */
export async function compareQueries(
  url: string,
  queries: readonly NamedQuery[],
  settings: LoadSettings,
  meters: Meters = {},
): Promise<Compared> {
  const expected = [];
  for (const q of queries) expected.push(await firstBody(url, q));
  for (const [i, q] of queries.entries())
    await load(url, q, expected[i]!, settings, settings.warmup);
  const samples: Sample[][] = queries.map(() => []);
  const cpu: Record<string, number>[] = queries.map(() => ({}));
  const roundRatios: number[][] = [];
  for (let round = 0; round < settings.rounds; round++) {
    const inRound: Sample[] = [];
    for (const [i, q] of queries.entries()) {
      const running = Object.entries(meters).map(([name, start]) => [name, start()] as const);
      const sample = await load(url, q, expected[i]!, settings, settings.duration);
      for (const [name, meter] of running) cpu[i]![name] = (cpu[i]![name] ?? 0) + meter.stop();
      samples[i]!.push(sample);
      inRound.push(sample);
    }
    roundRatios.push(inRound.map((s) => s.requestsPerSecond / inRound[0]!.requestsPerSecond));
  }
  return {
    measurements: queries.map((q, i) => combine(q.name, samples[i]!)),
    cpuMsPerRequest: cpu.map((byMeter, i) => {
      const responses = samples[i]!.reduce((n, s) => n + s.responses, 0);
      return Object.fromEntries(
        Object.entries(byMeter).map(([name, seconds]) => [name, (1000 * seconds) / responses]),
      );
    }),
    roundRatios,
  };
}

/** Whether every response under load was a 200 with the expected body. */
export function allClean(measurements: readonly Measurement[]): boolean {
  return measurements.every(
    (m) => m.errors === 0 && m.timeouts === 0 && m.non2xx === 0 && m.mismatches === 0,
  );
}

/** `--duration 10 --connections 8 --warmup 2 --rounds 2` (the defaults), each a positive integer. */
export function parseLoadSettings(argv: string[]): LoadSettings {
  const args = argv[0] === '--' ? argv.slice(1) : argv;
  const { values } = parseArgs({
    args,
    options: {
      duration: { type: 'string', default: '10' },
      connections: { type: 'string', default: '8' },
      warmup: { type: 'string', default: '2' },
      rounds: { type: 'string', default: '2' },
    },
  });
  const n = (name: keyof typeof values) => {
    const v = Number(values[name]);
    if (!Number.isInteger(v) || v < 1) throw new Error(`--${name} must be a positive integer`);
    return Math.min(v, 600);
  };
  return {
    duration: n('duration'),
    connections: n('connections'),
    warmup: n('warmup'),
    rounds: n('rounds'),
  };
}

/**
 * Two queries' figures as the benches print them: a title, the settings and
 * the machine, then one row per query with its CPU per request.
 */
export function comparisonReport(
  title: string,
  settings: LoadSettings,
  loadBefore: number,
  measured: readonly { m: Measurement; cpu: Readonly<Record<string, number>> }[],
): string {
  const ms = (v: number | undefined) => (v === undefined ? '-' : v.toFixed(2));
  const rows = measured.map(({ m, cpu }) => [
    m.name,
    m.requestsPerSecond.toFixed(0),
    m.p50.toFixed(2),
    m.p99.toFixed(2),
    String(m.responses),
    String(m.errors + m.timeouts + m.non2xx + m.mismatches),
    ms(cpu['gateway']),
    ms(cpu['postgres']),
  ]);
  const header = [
    'query',
    'req/s',
    'p50 ms',
    'p99 ms',
    'responses',
    'bad',
    'gateway CPU ms/req',
    'PG CPU ms/req',
  ];
  return [
    title,
    `${settings.connections} connections, ${settings.duration} s per query per round, ${settings.rounds} rounds after ${settings.warmup} s warm-up; node ${process.version}, ${os.cpus().length} CPUs, load average ${loadBefore.toFixed(2)} before, ${new Date().toISOString()}`,
    '',
    table([header, ...rows]),
  ].join('\n');
}
