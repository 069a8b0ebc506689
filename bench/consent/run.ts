/**
 * The contact-data guard's cost as a ratio of requests/s (see measure-guard.ts).
 *
 *   pnpm --filter @lending/bench bench:consent [--duration 10] [--connections 8] [--warmup 2] [--rounds 2]
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres pnpm --filter @lending/bench bench:consent
 *
 * Exit status 0 when every response was a 200 with the expected body, 1 otherwise.
 */
import os from 'node:os';
import { table } from '../gateway/measure.js';
import { parseLoadSettings } from '../harness/query-load.js';
import { GUARD_TARGET_RATIO, measureGuard, type GuardFigures } from './measure-guard.js';

export function guardReport(f: GuardFigures): string {
  const cpu = [f.cpuMsPerRequest.plain, f.cpuMsPerRequest.guarded];
  const ms = (v: number | undefined) => (v === undefined ? '-' : v.toFixed(2));
  const rows = [f.plain, f.guarded].map((m, i) => [
    m.name,
    m.requestsPerSecond.toFixed(0),
    m.p50.toFixed(2),
    m.p99.toFixed(2),
    String(m.responses),
    String(m.errors + m.timeouts + m.non2xx + m.mismatches),
    ms(cpu[i]!['gateway']),
    ms(cpu[i]!['postgres']),
  ]);
  const cpus = os.cpus();
  return [
    `guarded query (100 reference contacts, 10 borrowers) : the same shape on a non-sensitive field, ${f.database}`,
    `${f.settings.connections} connections, ${f.settings.duration} s per query per round, ${f.settings.rounds} rounds after ${f.settings.warmup} s warm-up; node ${process.version}, ${cpus.length} CPUs, load average ${f.loadBefore.toFixed(2)} before, ${new Date().toISOString()}`,
    '',
    table([
      [
        'query',
        'req/s',
        'p50 ms',
        'p99 ms',
        'responses',
        'bad',
        'gateway CPU ms/req',
        'PG CPU ms/req',
      ],
      ...rows,
    ]),
    '',
    `ratio (not sensitive req/s : guarded req/s) ${f.ratio.toFixed(2)}x (target at most ${GUARD_TARGET_RATIO}x); per round ${f.roundRatios.map((r) => r.toFixed(2)).join(', ')}`,
  ].join('\n');
}

const isMain = process.argv[1]?.endsWith('consent/run.ts') ?? false;
if (isMain) {
  measureGuard(parseLoadSettings(process.argv.slice(2))).then(
    (figures) => {
      process.stdout.write(`${guardReport(figures)}\n`);
      process.exit(figures.clean ? 0 : 1);
    },
    (error: unknown) => {
      process.stderr.write(`bench:consent failed: ${String((error as Error)?.stack ?? error)}\n`);
      process.exit(1);
    },
  );
}
