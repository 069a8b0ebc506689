import autocannon from 'autocannon';

/** One autocannon run against one server. */
export interface Sample {
  readonly requestsPerSecond: number;
  /** Milliseconds, one per 2xx response. */
  readonly latencies: readonly number[];
  readonly responses: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly non2xx: number;
  readonly mismatches: number;
}

/** A server's samples over every round. */
export interface Measurement {
  readonly name: string;
  readonly requestsPerSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly responses: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly non2xx: number;
  readonly mismatches: number;
}

/**
 * Runs autocannon once; latencies are kept per response (autocannon's own
 * histogram rounds to whole ms). Stopped 30 s after its duration at the latest.
 */
export async function measure(options: autocannon.Options & { duration: number }): Promise<Sample> {
  const latencies: number[] = [];
  const instance = autocannon(options);
  instance.on('response', (_client, statusCode, _bytes, ms) => {
    if (statusCode >= 200 && statusCode < 300) latencies.push(ms);
  });
  const guard = setTimeout(() => instance.stop(), (options.duration + 30) * 1000);
  try {
    const result = await instance;
    return {
      // Over the measured wall time: autocannon's per-second samples drift when its timer runs late.
      requestsPerSecond: result.requests.total / result.duration,
      latencies,
      responses: result['2xx'] + result.non2xx,
      errors: result.errors,
      timeouts: result.timeouts,
      non2xx: result.non2xx,
      mismatches: result.mismatches,
    };
  } finally {
    clearTimeout(guard);
  }
}

export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export function combine(name: string, samples: readonly Sample[]): Measurement {
  const sum = (f: (s: Sample) => number) => samples.reduce((acc, s) => acc + f(s), 0);
  const sorted = Float64Array.from(samples.flatMap((s) => s.latencies)).sort();
  return {
    name,
    requestsPerSecond: sum((s) => s.requestsPerSecond) / samples.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    responses: sum((s) => s.responses),
    errors: sum((s) => s.errors),
    timeouts: sum((s) => s.timeouts),
    non2xx: sum((s) => s.non2xx),
    mismatches: sum((s) => s.mismatches),
  };
}

/** A plain text table: first column left-aligned, the rest right-aligned. */
export function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows
    .map((r) =>
      r
        .map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
        .join('  '),
    )
    .join('\n');
}
