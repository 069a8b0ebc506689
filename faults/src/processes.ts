/**
 * Gateways and workers as separate processes, started as an operator starts
 * them (tsx on apps/gateway's entry points), each in a process group of its
 * own so a test can kill -9 the whole of it, as a host failure would.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const GATEWAY_DIR = join(REPO_ROOT, 'apps/gateway');
const TSX_CLI = createRequire(import.meta.url).resolve('tsx/cli');
const START_TIMEOUT_MS = 90_000;

export const FAULT_SECRET = 'fault-tests-secret-that-is-long-enough-0123456789';
/** Production tokens must name their issuer and audience (issue 27). */
export const FAULT_ISSUER = 'https://auth.faults.test';
export const FAULT_AUDIENCE = 'lending-gateway';

export interface PlatformProcess {
  readonly name: string;
  /** The GraphQL URL, for a gateway. */
  readonly url: string | null;
  readonly pid: number;
  /** kill -9 of the process group: no shutdown hook runs. */
  kill9(): Promise<void>;
  /** SIGTERM, then SIGKILL after 10 s. */
  stop(): Promise<void>;
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitGone(pgid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (groupAlive(pgid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
  return !groupAlive(pgid);
}

function launch(
  name: string,
  entry: 'src/main.ts' | 'src/worker.ts',
  env: Record<string, string>,
  ready: RegExp,
): Promise<PlatformProcess> {
  const child: ChildProcess = spawn(
    process.execPath,
    [TSX_CLI, '--tsconfig', '../../tsconfig.runtime.json', entry],
    {
      cwd: GATEWAY_DIR,
      env: {
        ...process.env,
        NODE_ENV: 'production',
        AUTH_JWT_SECRET: FAULT_SECRET,
        AUTH_ISSUER: FAULT_ISSUER,
        AUTH_AUDIENCE: FAULT_AUDIENCE,
        CONTACT_DATA_KEY: '05'.repeat(32),
        LOG_LEVEL: 'warn',
        PORT: '0',
        HOST: '127.0.0.1',
        COB_SCHEDULE: 'off',
        OUTBOX_SCHEDULE: 'off',
        WORKER_HEARTBEAT_SECONDS: '1',
        // Every client of a fault test is on loopback with one token.
        RATE_LIMIT_PER_MINUTE: '100000',
        RATE_LIMIT_PER_CLIENT_PER_MINUTE: '100000',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    },
  );
  const pgid = child.pid!;
  const killOnExit = () => {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      // gone
    }
  };
  process.once('exit', killOnExit);
  const output: string[] = [];
  const keep = (line: string) => {
    output.push(line);
    if (output.length > 40) output.shift();
  };
  createInterface({ input: child.stderr! }).on('line', keep);
  let expectingExit = false;
  child.once('exit', (code, signal) => {
    if (!expectingExit)
      process.stderr.write(
        `\n${name} exited on its own (${code ?? signal}); its last output:\n${output.join('\n')}\n`,
      );
  });
  const handle = (url: string | null): PlatformProcess => ({
    name,
    url,
    pid: pgid,
    async kill9() {
      expectingExit = true;
      killOnExit();
      await waitGone(pgid, 10_000);
      process.removeListener('exit', killOnExit);
    },
    async stop() {
      expectingExit = true;
      try {
        process.kill(-pgid, 'SIGTERM');
      } catch {
        return;
      }
      if (!(await waitGone(pgid, 10_000))) killOnExit();
      await waitGone(pgid, 5_000);
      process.removeListener('exit', killOnExit);
    },
  });
  return new Promise((resolveStart, reject) => {
    const timer = setTimeout(() => {
      killOnExit();
      reject(new Error(`${name} did not start in time; its output:\n${output.join('\n')}`));
    }, START_TIMEOUT_MS);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      keep(line);
      const match = ready.exec(line);
      if (match) {
        clearTimeout(timer);
        resolveStart(handle(match[1] ?? null));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${code}) before it was ready:\n${output.join('\n')}`));
    });
  });
}

/** A gateway on `databaseUrl`; `worker: false` is GATEWAY_WORKER=off (jobs go to separate workers). */
export function startGateway(
  name: string,
  databaseUrl: string,
  options: { worker?: boolean } = {},
): Promise<PlatformProcess> {
  return launch(
    name,
    'src/main.ts',
    { DATABASE_URL: databaseUrl, GATEWAY_WORKER: options.worker === false ? 'off' : 'on' },
    /^Lending gateway ready at (\S+) /,
  );
}

/** `pnpm worker` on `databaseUrl`. */
export function startWorker(name: string, databaseUrl: string): Promise<PlatformProcess> {
  return launch(
    name,
    'src/worker.ts',
    { DATABASE_URL: databaseUrl },
    /^Lending worker (\S+) running/,
  );
}
