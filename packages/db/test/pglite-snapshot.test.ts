import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { ensurePgliteSnapshot, pgliteSnapshotPath } from '../src/pglite-snapshot.js';

const run = promisify(execFile);
const script = fileURLToPath(new URL('../scripts/test-snapshot.ts', import.meta.url));
const tsx = fileURLToPath(new URL('../node_modules/.bin/tsx', import.meta.url));

// Each test gets a temp directory with no snapshot in it: what a fresh machine has.
const dirs: string[] = [];
function emptyTmp(): string {
  const dir = mkdtempSync(join(tmpdir(), 'snapshot-test-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('the migrated PGlite snapshot on a fresh machine', () => {
  it('is built once when several processes ask for it at the same moment', async () => {
    const tmp = emptyTmp();
    const env = { ...process.env, TMPDIR: tmp, DATABASE_URL: '' };
    const outputs = await Promise.all(
      [1, 2, 3].map(() => run(tsx, [script], { env, timeout: 120_000 }).then((r) => r.stdout)),
    );
    expect(outputs.filter((o) => o.startsWith('Built ')).length).toBe(1);
    expect(outputs.filter((o) => o.startsWith('Using ')).length).toBe(2);
  }, 180_000);

  it('is built even when a crashed builder left its lock behind', async () => {
    const previous = process.env['TMPDIR'];
    process.env['TMPDIR'] = emptyTmp();
    try {
      const path = pgliteSnapshotPath();
      mkdirSync(`${path}.lock`);
      const longAgo = new Date(Date.now() - 10 * 60_000);
      utimesSync(`${path}.lock`, longAgo, longAgo);
      expect(await ensurePgliteSnapshot()).toEqual({ path, built: true });
      expect(existsSync(path)).toBe(true);
      expect(existsSync(`${path}.lock`)).toBe(false);
      expect(await ensurePgliteSnapshot()).toEqual({ path, built: false });
    } finally {
      process.env['TMPDIR'] = previous;
    }
  }, 120_000);
});
