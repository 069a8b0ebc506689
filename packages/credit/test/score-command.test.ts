import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { scoreCsv } from '../src/batch-scoring.js';

// scripts/score.ts as a child process, reading and writing files; scoreCsv itself is
// tested beside it (src/batch-scoring.test.ts).
const packageDir = fileURLToPath(new URL('..', import.meta.url));
const german = readFileSync(join(packageDir, 'data/german_train.csv'), 'utf8');

describe('the score command', () => {
  const dir = mkdtempSync(join(tmpdir(), 'credit-score-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const run = (...args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'scripts/score.ts', ...args], {
      cwd: packageDir,
      encoding: 'utf8',
    });

  it('scores a file and writes the output', () => {
    const inFile = join(dir, 'in.csv');
    const outFile = join(dir, 'out.csv');
    const small = german.split('\n').slice(0, 11).join('\r\n');
    writeFileSync(inFile, small);
    const result = run('--model', 'application', '--in', inFile, '--out', outFile);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(`scored 10 rows with application-v2 -> ${outFile}\n`);
    const expected = scoreCsv('application', small);
    expect(expected.ok && readFileSync(outFile, 'utf8')).toBe(expected.ok && expected.csv);
  });

  it('takes paths relative to the package directory', () => {
    const outFile = join(dir, 'relative.csv');
    const result = run('--model', 'application', '--in', 'data/german_train.csv', '--out', outFile);
    expect(result.status).toBe(0);
    expect(readFileSync(outFile, 'utf8').trimEnd().split('\n')).toHaveLength(701);
  });

  it('exits 2 with the usage on bad arguments', () => {
    const outFile = join(dir, 'never.csv');
    const noModel = run('--in', 'data/german_train.csv', '--out', outFile);
    expect(noModel.status).toBe(2);
    expect(noModel.stderr).toMatch(/--model is required[\s\S]*Usage:/);
    expect(run('--model', 'credit', '--in', 'x.csv', '--out', outFile).status).toBe(2);
    expect(run('--model', 'application', '--in', 'x.csv', '--out', outFile, '--x').status).toBe(2);
    expect(existsSync(outFile)).toBe(false);
  });

  it('exits 1 with the errors on invalid data, writing no file', () => {
    const inFile = join(dir, 'bad.csv');
    const outFile = join(dir, 'bad-out.csv');
    const lines = german.split('\n').slice(0, 11);
    lines[6] = lines[6]!.replace(/^(A1\d),\d+,/, '$1,0,');
    writeFileSync(inFile, lines.join('\n'));
    const result = run('--model', 'application', '--in', inFile, '--out', outFile);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('line 7: duration_in_month must be between 1 and 120 months.');
    expect(existsSync(outFile)).toBe(false);
  });

  it('prints the drift report and exits 3 past --psi-threshold, writing the scored file all the same', () => {
    // The training file against itself: every PSI 0, exit 0.
    const same = run(
      '--model',
      'application',
      '--in',
      'data/german_train.csv',
      '--out',
      join(dir, 'same.csv'),
      '--psi-threshold',
      '0.1',
    );
    expect(same.stderr).toBe('');
    expect(same.status).toBe(0);
    expect(same.stdout).toContain('| score | 0.0000 | stable | no |');
    // Only the applicants without a checking account (A14): that attribute and the score shift.
    const [header, ...body] = german.trimEnd().split('\n');
    const inFile = join(dir, 'drifted.csv');
    const outFile = join(dir, 'drifted-out.csv');
    writeFileSync(inFile, [header, ...body.filter((l) => l.startsWith('A14,'))].join('\n'));
    const drifted = run(
      '--model',
      'application',
      '--in',
      inFile,
      '--out',
      outFile,
      '--psi-threshold',
      '0.25',
    );
    expect(drifted.status).toBe(3);
    expect(drifted.stdout).toMatch(
      /\| status_of_existing_checking_account \| \d+\.\d{4} \| significant \| YES \|/,
    );
    expect(drifted.stderr).toMatch(/PSI above 0\.25 for score \(\d/);
    expect(existsSync(outFile)).toBe(true);
    expect(
      run('--model', 'application', '--in', inFile, '--out', outFile, '--psi-threshold', 'x')
        .status,
    ).toBe(2);
  });
});
