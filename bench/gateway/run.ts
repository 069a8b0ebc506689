/**
 * Gateway benchmark: requests/s and latency of `{ viewer { id } }` through our
 * gateway, as a ratio to a bare Apollo Server with a one-field schema.
 *
 *   pnpm bench [--duration 10] [--connections 16] [--warmup 2] [--rounds 1]
 *
 * Each server runs in a child process of its own, so the load generator (this
 * process) and a server never share an event loop; only one server is under
 * load at a time. With several rounds the two alternate, so a machine whose
 * speed drifts (a VM with CPU steal) skews both alike. Run on demand, never in CI.
 */
import os from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { combine, measure, table, type Measurement, type Sample } from './measure.js';
import { isAnnouncement, type Announcement } from '../harness/child.js';
import {
  killChildren,
  startServerProcess,
  superviseChildren,
  wasInterrupted,
  type ServerProcess,
} from '../harness/server-process.js';

const HERE = dirname(fileURLToPath(import.meta.url));

const QUERY = '{ viewer { id } }';
const CHECK_TIMEOUT_MS = 10_000;

interface Settings {
  readonly duration: number;
  readonly connections: number;
  readonly warmup: number;
  readonly rounds: number;
}

interface Target {
  readonly name: string;
  /** Relative to this folder. */
  readonly script: string;
}

const TARGETS: readonly Target[] = [
  { name: 'bare', script: 'bare-server.ts' },
  { name: 'gateway', script: '../harness/gateway-server.ts' },
];

/** Anything else busy on the machine skews the figures: reported with them. */
const LOAD_BEFORE = os.loadavg()[0]!;

superviseChildren('the servers');

const USAGE =
  'usage: pnpm bench [--duration <s>=10] [--connections <n>=16] [--warmup <s>=2] [--rounds <n>=1]';

class UsageError extends Error {}

function positiveInteger(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${name} must be a positive integer`);
  return n;
}

function parseSettings(argv: string[]): Settings {
  // `pnpm bench -- --duration 3` passes the `--` through.
  const args = argv[0] === '--' ? argv.slice(1) : argv;
  let values: { duration: string; connections: string; warmup: string; rounds: string };
  try {
    ({ values } = parseArgs({
      args,
      options: {
        duration: { type: 'string', default: '10' },
        connections: { type: 'string', default: '16' },
        warmup: { type: 'string', default: '2' },
        rounds: { type: 'string', default: '1' },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  return {
    duration: positiveInteger('duration', values.duration),
    connections: positiveInteger('connections', values.connections),
    warmup: positiveInteger('warmup', values.warmup),
    rounds: positiveInteger('rounds', values.rounds),
  };
}

type RunningServer = ServerProcess<Announcement>;

function requestHeaders(announcement: Announcement): Record<string, string> {
  return {
    'content-type': 'application/json',
    ...(announcement.token ? { authorization: `Bearer ${announcement.token}` } : {}),
  };
}

/**
 * One request before the load: the answer must be exactly
 * `{"data":{"viewer":{"id":...}}}`. Returns its body, which every response
 * under load must then equal.
 */
async function checkOnce(name: string, announcement: Announcement): Promise<string> {
  const response = await fetch(announcement.url, {
    method: 'POST',
    headers: requestHeaders(announcement),
    body: JSON.stringify({ query: QUERY }),
    signal: AbortSignal.timeout(CHECK_TIMEOUT_MS),
  });
  const text = await response.text();
  const fail = (why: string) => new Error(`${name}: ${why}; status ${response.status}: ${text}`);
  if (response.status !== 200) throw fail('not 200');
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw fail('not JSON');
  }
  const isObject = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v);
  const data = isObject(body) ? body['data'] : undefined;
  const viewer = isObject(data) ? data['viewer'] : undefined;
  const ok =
    isObject(body) &&
    Object.keys(body).join() === 'data' &&
    isObject(data) &&
    Object.keys(data).join() === 'viewer' &&
    isObject(viewer) &&
    Object.keys(viewer).join() === 'id' &&
    typeof viewer['id'] === 'string';
  if (!ok) throw fail('expected exactly {"data":{"viewer":{"id":...}}}');
  return text;
}

/** One autocannon run of the viewer query. */
function load(
  server: RunningServer,
  expectedBody: string,
  connections: number,
  duration: number,
): Promise<Sample> {
  return measure({
    url: server.announcement.url,
    method: 'POST',
    headers: requestHeaders(server.announcement),
    body: JSON.stringify({ query: QUERY }),
    connections,
    duration,
    timeout: 10,
    verifyBody: (body) => body === expectedBody,
  });
}

interface Report {
  readonly settings: Settings;
  readonly bare: Measurement;
  readonly gateway: Measurement;
  /** gateway/bare req/s per round, when there is more than one. */
  readonly roundRatios: readonly number[];
}

function report({ settings, bare, gateway, roundRatios }: Report): string {
  const fixed = (n: number, digits: number) => n.toFixed(digits);
  const header = [
    'server',
    'req/s (mean)',
    'p50 ms',
    'p99 ms',
    'responses',
    'errors',
    'timeouts',
    'non-2xx',
    'wrong body',
  ];
  const rows = [bare, gateway].map((m) => [
    m.name,
    fixed(m.requestsPerSecond, 0),
    fixed(m.p50, 2),
    fixed(m.p99, 2),
    String(m.responses),
    String(m.errors),
    String(m.timeouts),
    String(m.non2xx),
    String(m.mismatches),
  ]);
  const cpus = os.cpus();
  const rounds = settings.rounds === 1 ? '' : `, ${settings.rounds} alternating rounds`;
  return [
    `POST ${QUERY}: ${settings.connections} connections, ${settings.duration} s per server after a ${settings.warmup} s warm-up${rounds}`,
    `node ${process.version}, ${cpus.length} CPUs (${cpus[0]?.model.trim() ?? 'unknown'}), load average ${LOAD_BEFORE.toFixed(2)} before the run, ${new Date().toISOString()}`,
    '',
    table([header, ...rows]),
    '',
    `gateway/bare  req/s ${fixed(gateway.requestsPerSecond / bare.requestsPerSecond, 2)}   p99 ${fixed(gateway.p99 / bare.p99, 2)}`,
    ...(roundRatios.length > 1
      ? [`req/s ratio per round: ${roundRatios.map((r) => fixed(r, 2)).join(', ')}`]
      : []),
  ].join('\n');
}

async function main(): Promise<void> {
  const settings = parseSettings(process.argv.slice(2));
  const servers: RunningServer[] = [];
  try {
    const checked: { server: RunningServer; expectedBody: string; samples: Sample[] }[] = [];
    for (const target of TARGETS) {
      process.stderr.write(`${target.name}: starting\n`);
      const server = await startServerProcess({
        name: target.name,
        script: resolve(HERE, target.script),
        isAnnouncement,
        invalid: 'no "url"',
      });
      servers.push(server);
      const expectedBody = await checkOnce(target.name, server.announcement);
      process.stderr.write(
        `${target.name}: ${server.announcement.url} answers ${expectedBody.trim()}\n`,
      );
      checked.push({ server, expectedBody, samples: [] });
    }
    for (let round = 1; round <= settings.rounds; round++) {
      const of = settings.rounds === 1 ? '' : ` (round ${round}/${settings.rounds})`;
      for (const { server, expectedBody, samples } of checked) {
        process.stderr.write(`${server.name}: warming up for ${settings.warmup} s${of}\n`);
        await load(server, expectedBody, settings.connections, settings.warmup);
        process.stderr.write(`${server.name}: measuring for ${settings.duration} s${of}\n`);
        samples.push(await load(server, expectedBody, settings.connections, settings.duration));
      }
    }
    const [bare, gateway] = checked.map((c) => combine(c.server.name, c.samples)) as [
      Measurement,
      Measurement,
    ];
    const [bareSamples, gatewaySamples] = checked.map((c) => c.samples) as [Sample[], Sample[]];
    const roundRatios = gatewaySamples.map(
      (g, i) => g.requestsPerSecond / bareSamples[i]!.requestsPerSecond,
    );
    process.stdout.write(`\n${report({ settings, bare, gateway, roundRatios })}\n`);
    const failed = [bare, gateway].filter((m) => m.errors + m.non2xx + m.mismatches > 0);
    if (failed.length > 0) {
      process.stderr.write(
        `\nnot every response was a 2xx with the expected body: ${failed.map((m) => m.name).join(', ')}\n`,
      );
      process.exitCode = 1;
    }
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
  }
}

main().catch((error: unknown) => {
  if (wasInterrupted()) return; // the signal handler stops the servers and exits
  if (error instanceof UsageError) {
    process.stderr.write(`${error.message}\n${USAGE}\n`);
    process.exit(2);
  }
  process.stderr.write(
    `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  killChildren('SIGKILL');
  process.exit(1);
});
