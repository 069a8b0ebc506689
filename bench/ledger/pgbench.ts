/**
 * pgbench's TPC-B on the same server, in a database of its own (created,
 * initialised at scale `clients`, dropped again): the baseline of the
 * repayment throughput. Also reports the CPU seconds its PostgreSQL
 * backends spent per transaction, measured from 1 s after the start to
 * 0.5 s before the end (pgbench's own client CPU is not counted).
 */
import { execFileSync, spawn } from 'node:child_process';
import { backendPids, cpuMeter } from '../harness/cpu.js';

export interface PgbenchResult {
  readonly tps: number;
  /** PostgreSQL CPU seconds per transaction. */
  readonly serverCpuPerTransaction: number;
}

export async function runPgbench(
  serverUrl: string,
  clients: number,
  seconds: number,
): Promise<PgbenchResult> {
  const db = `bench_pgbench_${process.pid}`;
  const admin = new URL(serverUrl);
  const env = {
    ...process.env,
    PGHOST: admin.hostname,
    PGPORT: admin.port || '5432',
    PGUSER: decodeURIComponent(admin.username) || 'postgres',
  };
  const adminDb = admin.pathname.slice(1) || 'postgres';
  execFileSync('psql', ['-d', adminDb, '-qc', `CREATE DATABASE "${db}"`], { env });
  try {
    execFileSync('pgbench', ['-i', '-q', '-s', String(clients), db], { env, stdio: 'ignore' });
    const child = spawn('pgbench', ['-c', String(clients), '-j', '2', '-T', String(seconds), db], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const exited = new Promise<number | null>((done) => child.once('exit', done));
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    await sleep(1_000);
    const meter = cpuMeter(() => backendPids(db));
    const t0 = performance.now();
    await sleep(Math.max(500, seconds * 1000 - 1_500));
    const cpu = meter.stop();
    const window = (performance.now() - t0) / 1000;
    const code = await exited;
    const match = /tps = ([\d.]+) \(without initial connection time\)/.exec(out);
    if (code !== 0 || !match) throw new Error(`pgbench failed (${code}):\n${out}`);
    const tps = Number(match[1]);
    return { tps, serverCpuPerTransaction: cpu / (tps * window) };
  } finally {
    execFileSync('psql', ['-d', adminDb, '-qc', `DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`], {
      env,
    });
  }
}
