import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureBorrower } from '@lending/borrowers';
import { borrowerFactory } from '@lending/borrowers/testing';
import { createDb, migrate } from '@lending/db';
import { createTestDb } from '@lending/testing';
import { DEMO_BORROWERS, holdsOnlyDemoData } from '../src/demo.js';

const run = promisify(execFile);
const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const tsx = fileURLToPath(new URL('../node_modules/.bin/tsx', import.meta.url));
const runtimeConfig = fileURLToPath(new URL('../../../tsconfig.runtime.json', import.meta.url));

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Runs the gateway's main until it fails or prints its URL, and returns what it said. */
async function start(env: Record<string, string>): Promise<{ code: number; output: string }> {
  const base = {
    PATH: process.env['PATH'] ?? '',
    HOME: process.env['HOME'] ?? '',
    TMPDIR: process.env['TMPDIR'] ?? tmpdir(),
    PORT: '0',
    LOG_LEVEL: 'warn',
  };
  try {
    // The gateway serves until killed: stop it as soon as it is up (or has refused to start).
    const child = run(tsx, ['--tsconfig', runtimeConfig, main], {
      env: { ...base, ...env },
      timeout: 90_000,
    });
    const proc = child.child;
    let output = '';
    proc.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('ready at')) proc.kill('SIGTERM');
    });
    proc.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await child.catch(() => undefined);
    return { code: proc.exitCode ?? 0, output };
  } catch (error) {
    return { code: 1, output: String(error) };
  }
}

describe('start-up in a mode that could hurt', () => {
  it('refuses secrets without NODE_ENV, saying what to set, and prints no token', async () => {
    const { code, output } = await start({
      AUTH_JWT_SECRET: 's'.repeat(40),
      CONTACT_DATA_KEY: 'ab'.repeat(32),
      DATA_DIR: mkdtempSync(join(tmpdir(), 'gw-')),
    });
    expect(code).toBe(1);
    expect(output).toContain(
      'AUTH_JWT_SECRET and CONTACT_DATA_KEY are set but NODE_ENV is not: set NODE_ENV=production',
    );
    expect(output).not.toMatch(/eyJ[A-Za-z0-9_-]+\./);
  }, 120_000);

  it('refuses production without DATABASE_URL instead of serving on embedded PGlite (issue 27)', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'gw-'));
    dirs.push(dataDir);
    const { code, output } = await start({
      NODE_ENV: 'production',
      AUTH_JWT_SECRET: 's'.repeat(40),
      AUTH_ISSUER: 'https://auth.lending.test',
      AUTH_AUDIENCE: 'lending-gateway',
      CONTACT_DATA_KEY: 'ab'.repeat(32),
      METRICS_TOKEN: 'm'.repeat(40),
      DATA_DIR: dataDir,
    });
    expect(code).toBe(1);
    expect(output).toContain(
      'gateway: production requires DATABASE_URL (a PostgreSQL server): the embedded PGlite database is for development only',
    );
    expect(output).not.toContain('ready at');
  }, 120_000);

  it('neither seeds nor prints demo tokens into a database that holds a real borrower', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'gw-'));
    dirs.push(dataDir);
    {
      const handle = await createDb({ dataDir });
      await migrate(handle);
      await borrowerFactory(handle.db, { displayName: 'A real customer' });
      await handle.close();
    }
    const { output } = await start({ DATA_DIR: dataDir, NODE_ENV: 'development', DEMO_DATA: 'on' });
    expect(output).toContain('ready at');
    expect(output).toContain('holds borrowers that are not demo data');
    expect(output).toMatch(
      /Business calendar: simulated \(Asia\/Shanghai\), today \d{4}-\d{2}-\d{2}, business date \d{4}-\d{2}-\d{2} \(today\); close of business may run ahead of the calendar/,
    );
    expect(output).not.toContain('Demo tokens');
    expect(output).not.toMatch(/eyJ[A-Za-z0-9_-]+\./);
  }, 120_000);
});

describe('holdsOnlyDemoData', () => {
  it('is true for an empty database or one with only demo borrowers, false once a real one exists', async () => {
    await using db = await createTestDb();
    expect(await holdsOnlyDemoData(db.db)).toBe(true);
    const [demo] = DEMO_BORROWERS;
    await ensureBorrower(db.db, demo);
    expect(await holdsOnlyDemoData(db.db)).toBe(true);
    await borrowerFactory(db.db, { displayName: 'Someone real' });
    expect(await holdsOnlyDemoData(db.db)).toBe(false);
  });
});
