/**
 * The real gateway for the ops tool's tests, started the way an operator
 * starts it: `pnpm --filter @lending/gateway start`, in a process of its own.
 * The ops tool is a client of the gateway's HTTP API, so its tests talk to it
 * over HTTP and never import @lending/gateway (eslint.config.js forbids it).
 *
 * The gateway gets PORT=0 and prints `Lending gateway ready at <url> ...` once
 * it listens; NODE_ENV=development with DEMO_DATA=off (the database starts
 * empty; production needs a PostgreSQL server and recorded staff tokens,
 * which are the gateway's own tests' concern) with the given HS256 secret and
 * a fixed contact-data key; a fresh PGlite directory of its own, removed on stop. DATABASE_URL is not passed
 * on: `pnpm start` would migrate that database in place, and which database
 * the gateway uses is its own tests' concern, not the ops tool's.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const READY = /^Lending gateway ready at (\S+) /;
// Migrating a fresh PGlite from nothing while the rest of the suite loads two cores:
// the project's CI failed this package twice with the tighter bounds it had (90 s / 120 s).
const START_TIMEOUT_MS = 240_000;
const STOP_TIMEOUT_MS = 10_000;
/** The last lines of output kept for the error when the gateway does not start. */
const OUTPUT_LINES = 40;

export interface GatewayProcess {
  readonly url: string;
  /**
   * The UTC dates between just before the start and the moment it listened:
   * the gateway's business date is one of them (usually both are the same).
   */
  readonly startDates: readonly string[];
  stop(): Promise<void>;
}

const utcDate = () => new Date().toISOString().slice(0, 10);

/** Whether any process of the group `pgid` is still running. */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

function killGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // Already gone.
  }
}

export async function startGatewayProcess(options: {
  readonly jwtSecret: string;
}): Promise<GatewayProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ops-test-gateway-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    AUTH_JWT_SECRET: options.jwtSecret,
    CONTACT_DATA_KEY: '03'.repeat(32),
    NODE_ENV: 'development',
    DEMO_DATA: 'off',
    LOG_LEVEL: 'warn',
    // The tests reckon in UTC dates and close tomorrow: a simulation, not the calendar.
    BUSINESS_TIME_ZONE: 'UTC',
    BUSINESS_CALENDAR: 'simulated',
  };
  delete env['DATABASE_URL'];
  delete env['AUTH_JWKS_URL'];

  const before = utcDate();
  // A process group of its own (pnpm -> sh -> tsx -> node): stop() signals
  // the whole group, as Ctrl-C in a terminal would, and waits for all of it.
  const child = spawn('pnpm', ['--silent', '--filter', '@lending/gateway', 'start'], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  if (child.pid === undefined) {
    rmSync(dataDir, { recursive: true, force: true });
    throw new Error('could not spawn pnpm (is it on PATH?)');
  }
  const pgid = child.pid;
  // If this test process dies first, take the gateway with it.
  const killOnExit = () => killGroup(pgid, 'SIGKILL');
  process.once('exit', killOnExit);

  const output: string[] = [];
  const keep = (line: string) => {
    output.push(line);
    if (output.length > OUTPUT_LINES) output.shift();
  };
  createInterface({ input: child.stderr }).on('line', keep);

  let stopped = false;
  async function stop(): Promise<void> {
    if (stopped) return;
    stopped = true;
    killGroup(pgid, 'SIGTERM');
    const deadline = Date.now() + STOP_TIMEOUT_MS;
    while (groupAlive(pgid) && Date.now() < deadline)
      await new Promise((done) => setTimeout(done, 50));
    if (groupAlive(pgid)) killGroup(pgid, 'SIGKILL');
    process.removeListener('exit', killOnExit);
    rmSync(dataDir, { recursive: true, force: true });
  }

  try {
    const url = await new Promise<string>((resolveUrl, reject) => {
      const fail = (why: string) =>
        reject(new Error(`gateway ${why}; its last output:\n${output.join('\n')}`));
      const timer = setTimeout(
        () => fail(`printed no URL within ${START_TIMEOUT_MS / 1000} s`),
        START_TIMEOUT_MS,
      );
      createInterface({ input: child.stdout }).on('line', (line) => {
        keep(line);
        const match = READY.exec(line);
        if (match) {
          clearTimeout(timer);
          resolveUrl(match[1]!);
        }
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        fail(`exited before listening (code ${code}, signal ${signal})`);
      });
      child.once('error', (error) => {
        clearTimeout(timer);
        fail(`could not start: ${error.message}`);
      });
    });
    return { url, startDates: [...new Set([before, utcDate()])], stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
