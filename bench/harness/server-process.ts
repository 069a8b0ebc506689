/**
 * The runners' side of child.ts: starts a server script in a Node process of
 * its own (tsx, NODE_ENV=production), reads the JSON line it announces itself
 * with, and stops it; on SIGINT or SIGTERM, stops every server still running.
 * Used by gateway/run.ts, credit/run.ts and collections/run.ts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** tsx applies a tsconfig only to the files it includes: this one covers the workspace packages' decorators. */
const RUNTIME_TSCONFIG = resolve(REPO_ROOT, 'tsconfig.runtime.json');
const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

const START_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 10_000;

const children = new Set<ChildProcess>();
let supervised = false;
let interrupted = false;

export function killChildren(signal: NodeJS.Signals): void {
  for (const child of children) child.kill(signal);
}

/**
 * Once per process: SIGKILLs the servers still running when this process
 * exits; on SIGINT or SIGTERM, says `<signal>: stopping <what>`, SIGTERMs them
 * and exits (130 or 143) once they are gone or after STOP_TIMEOUT_MS.
 */
export function superviseChildren(what: string): void {
  if (supervised) return;
  supervised = true;
  process.on('exit', () => killChildren('SIGKILL'));
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (interrupted) return;
      interrupted = true;
      process.stderr.write(`\n${signal}: stopping ${what}\n`);
      killChildren('SIGTERM');
      // Let them finish (a server database is dropped on stop), within bounds.
      const deadline = Date.now() + STOP_TIMEOUT_MS;
      setInterval(() => {
        if (children.size === 0 || Date.now() > deadline)
          process.exit(signal === 'SIGINT' ? 130 : 143);
      }, 100);
    });
  }
}

/** Whether a signal arrived: its handler then stops the servers and exits, not the runner. */
export function wasInterrupted(): boolean {
  return interrupted;
}

export interface ServerProcessOptions<A> {
  /** Names the server in messages, and prefixes the stdout lines it prints after its announcement. */
  readonly name: string;
  /** Absolute path of the server script (it announces with child.ts's `announce`). */
  readonly script: string;
  /** Whether the parsed first stdout line is an announcement. */
  readonly isAnnouncement: (value: unknown) => value is A;
  /** The error when it is not, e.g. `no "url"`. */
  readonly invalid: string;
}

export interface ServerProcess<A> {
  readonly name: string;
  /** Its process id, to meter its CPU (harness/cpu.ts). */
  readonly pid: number;
  readonly announcement: A;
  /** Closing its stdin asks the server to stop (see child.ts); SIGKILL if it takes too long. */
  stop(): Promise<void>;
}

/** With BENCH_PROFILE_DIR set, servers write a V8 CPU profile there when they stop (open it in Chrome DevTools). */
function profileArgs(): string[] {
  const dir = process.env['BENCH_PROFILE_DIR'];
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [];
}

/** Starts a server script in its own Node process and waits for its JSON line. */
export async function startServerProcess<A>(
  options: ServerProcessOptions<A>,
): Promise<ServerProcess<A>> {
  const { name, script, isAnnouncement, invalid } = options;
  const child = spawn(process.execPath, [...profileArgs(), '--import', TSX_LOADER, script], {
    cwd: REPO_ROOT,
    env: { ...process.env, TSX_TSCONFIG_PATH: RUNTIME_TSCONFIG, NODE_ENV: 'production' },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  children.add(child);
  const exited = new Promise<void>((done) =>
    child.once('exit', () => {
      children.delete(child);
      done();
    }),
  );

  const announcement = await new Promise<A>((resolveLine, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`${name}: no URL within ${START_TIMEOUT_MS / 1000} s`));
    }, START_TIMEOUT_MS);
    const lines = createInterface({ input: child.stdout });
    let announced = false;
    lines.on('line', (line) => {
      if (announced) {
        process.stderr.write(`[${name}] ${line}\n`);
        return;
      }
      announced = true;
      clearTimeout(timer);
      try {
        const parsed: unknown = JSON.parse(line);
        if (!isAnnouncement(parsed)) throw new Error(invalid);
        resolveLine(parsed);
      } catch (error) {
        reject(
          new Error(`${name}: unexpected first line ${JSON.stringify(line)}: ${String(error)}`),
        );
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited before listening (code ${code}, signal ${signal})`));
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  }).catch(async (error: unknown) => {
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
    throw error;
  });

  return {
    name,
    pid: child.pid!,
    announcement,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.stdin.end();
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
      if (child.exitCode !== 0)
        process.stderr.write(`${name}: stopped with code ${child.exitCode ?? child.signalCode}\n`);
    },
  };
}

/**
 * Runs a script to its end in a Node process of its own (tsx, as above),
 * with `env` added, and resolves with the last line it printed on stdout;
 * rejects when it exits with another code than 0. A load generator, say.
 */
export async function runScriptProcess(
  name: string,
  script: string,
  env: Record<string, string>,
): Promise<string> {
  const child = spawn(process.execPath, ['--import', TSX_LOADER, script], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env, TSX_TSCONFIG_PATH: RUNTIME_TSCONFIG, NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.add(child);
  let last = '';
  createInterface({ input: child.stdout }).on('line', (line) => {
    if (line.trim() !== '') last = line;
  });
  const code = await new Promise<number | null>((done, reject) => {
    child.once('error', reject);
    child.once('exit', (exitCode) => {
      children.delete(child);
      done(exitCode);
    });
  });
  if (code !== 0) throw new Error(`${name} exited with code ${code}`);
  return last;
}
