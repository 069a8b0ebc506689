/**
 * The contact-data guard's cost as a ratio of requests/s (see measure-guard.ts).
 *
 *   pnpm --filter @lending/bench bench:consent [--duration 10] [--connections 8] [--warmup 2] [--rounds 2]
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres pnpm --filter @lending/bench bench:consent
 *
 * Exit status 0 when every response was a 200 with the expected body, 1 otherwise.
 */
import { comparisonReport, parseLoadSettings } from '../harness/query-load.js';
import { GUARD_TARGET_RATIO, measureGuard, type GuardFigures } from './measure-guard.js';

export function guardReport(f: GuardFigures): string {
  return [
    comparisonReport(
      `guarded query (100 reference contacts, 10 borrowers) : the same shape on a non-sensitive field, ${f.database}`,
      f.settings,
      f.loadBefore,
      [
        { m: f.plain, cpu: f.cpuMsPerRequest.plain },
        { m: f.guarded, cpu: f.cpuMsPerRequest.guarded },
      ],
    ),
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
