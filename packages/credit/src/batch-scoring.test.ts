import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MAX_BATCH_ERRORS, SCORE_COLUMNS, TAIWAN_COLUMNS, scoreCsv } from './batch-scoring.js';
import { gradeOf } from './decision/policy.js';
import { applicationModel, behaviouralModel, modelInputs } from './models.js';
import { PAY_CODES } from './scorecard/behavioural.js';
import { parseCsv } from './scorecard/dataset.js';
import { score, type Scorecard } from './scorecard/scorecard.js';

// Pure: scoreCsv over the committed training files; the score command (a child process
// writing files) is tested in test/score-command.test.ts.
const packageDir = fileURLToPath(new URL('..', import.meta.url));
const german = readFileSync(join(packageDir, 'data/german_train.csv'), 'utf8');
const taiwan = readFileSync(join(packageDir, 'data/taiwan_train.csv'), 'utf8');
const taiwan200 = taiwan.split('\n').slice(0, 201).join('\n') + '\n';

/** Rebuilds a CSV from columns and rows (plain, no quoting, like the training files). */
function toCsv(columns: readonly string[], rows: readonly Record<string, string>[]): string {
  return [columns.join(','), ...rows.map((r) => columns.map((c) => r[c]).join(','))].join('\n');
}

function scored(model: 'application' | 'behavioural', text: string) {
  const result = scoreCsv(model, text);
  if (!result.ok) throw new Error(result.errors.join('\n'));
  return { csv: result.csv, count: result.rows, ...parseCsv(result.csv) };
}

/** Each output row's score columns, in order. */
function scoreColumns(rows: readonly Record<string, string>[]): string[] {
  return rows.map((r) => SCORE_COLUMNS.map((c) => r[c]).join(','));
}

function expectMatchesScore(
  card: Scorecard,
  input: readonly Record<string, string>[],
  output: readonly Record<string, string>[],
  derive: (row: Record<string, string>) => Record<string, string> = (row) => row,
) {
  expect(output).toHaveLength(input.length);
  input.forEach((row, i) => {
    const out = output[i]!;
    const expected = score(card, derive(row));
    for (const [column, value] of Object.entries(row)) expect(out[column]).toBe(value);
    expect(Number(out.score)).toBe(expected.score);
    expect(out.probability_of_default).toBe(expected.probabilityOfDefault.toFixed(8));
    expect(Number(out.probability_of_default)).toBeCloseTo(expected.probabilityOfDefault, 8);
    expect(out.grade).toBe(gradeOf(expected.score));
    expect(out.reasons).toBe(expected.reasons.map((r) => r.feature).join('|'));
  });
}

describe('scoreCsv, application model', () => {
  const input = parseCsv(german);

  it('scores every row of german_train.csv in order, as score() and gradeOf() do', () => {
    const out = scored('application', german);
    expect(out.count).toBe(700);
    expect(out.columns).toEqual([...input.columns, ...SCORE_COLUMNS]);
    expectMatchesScore(applicationModel().scorecard, input.rows, out.rows);
    // The input lines are passed through byte for byte.
    const inLines = german.trimEnd().split('\n');
    const outLines = out.csv.trimEnd().split('\n');
    outLines
      .slice(1)
      .forEach((line, i) => expect(line.startsWith(`${inLines[i + 1]!},`)).toBe(true));
    expect(new Set(out.rows.map((r) => r.grade))).toEqual(new Set(['A', 'B', 'C', 'D', 'E']));
  });

  it('gives no reasons to an applicant in the best bin of every attribute', () => {
    const best: Record<string, string> = { ...input.rows[0]! };
    for (const f of applicationModel().scorecard.features) {
      const i = f.bins.reduce((b, x, j) => (x.points > f.bins[b]!.points ? j : b), 0);
      const bin = f.bins[i]!;
      best[f.name] =
        f.type === 'cat'
          ? bin.categories![0]!
          : String(bin.upTo ?? Math.floor(f.bins[i - 1]!.upTo!) + 1);
    }
    const out = scored('application', toCsv(input.columns, [best]));
    expect(out.rows[0]!.reasons).toBe('');
    expect(out.rows[0]!.grade).toBe('A');
  });

  it('takes the file without the target column', () => {
    const columns = input.columns.filter((c) => c !== 'default');
    const out = scored('application', toCsv(columns, input.rows));
    expect(out.columns).toEqual([...columns, ...SCORE_COLUMNS]);
    expect(scoreColumns(out.rows)).toEqual(scoreColumns(scored('application', german).rows));
  });

  it('gives identical scores whatever the column order', () => {
    const columns = [...input.columns].reverse();
    const out = scored('application', toCsv(columns, input.rows));
    expect(out.columns).toEqual([...columns, ...SCORE_COLUMNS]);
    expect(scoreColumns(out.rows)).toEqual(scoreColumns(scored('application', german).rows));
  });

  it('handles CRLF line endings, a byte order mark and a trailing newline', () => {
    const lf = scoreCsv('application', german);
    const crlf = scoreCsv('application', '\uFEFF' + german.replace(/\n/g, '\r\n'));
    const noTrailing = scoreCsv('application', german.trimEnd());
    expect(crlf).toEqual(lf);
    expect(noTrailing).toEqual(lf);
  });

  it('rejects a bad value, naming the line and the column, and writes nothing', () => {
    const rows = input.rows.map((r, i) => (i === 5 ? { ...r, duration_in_month: '0' } : r));
    expect(scoreCsv('application', toCsv(input.columns, rows))).toEqual({
      ok: false,
      errors: ['line 7: duration_in_month must be between 1 and 120 months.'],
    });
    const codes = input.rows.map((r, i) => (i === 0 ? { ...r, purpose: 'A499' } : r));
    const result = scoreCsv('application', toCsv(input.columns, codes));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors).toEqual([
      expect.stringMatching(/^line 2: purpose must be one of A40, /),
    ]);
  });

  it('rejects a missing model feature column, naming it', () => {
    const columns = input.columns.filter((c) => c !== 'duration_in_month');
    const result = scoreCsv('application', toCsv(columns, input.rows));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors).toEqual([
      expect.stringMatching(/^line 1: missing column duration_in_month\b/),
    ]);
    expect(result).not.toHaveProperty('csv');
  });

  it('rejects an unknown column, naming it', () => {
    const rows = input.rows.map((r) => ({ ...r, shoe_size: '42' }));
    const result = scoreCsv('application', toCsv([...input.columns, 'shoe_size'], rows));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors).toEqual([
      expect.stringMatching(/^line 1: unknown column "shoe_size"/),
    ]);
    expect(result).not.toHaveProperty('csv');
  });

  it('rejects a duplicated column, a short row and an empty file', () => {
    const dup = scoreCsv('application', `${input.columns.join(',')},telephone\n`);
    expect(!dup.ok && dup.errors).toEqual(['line 1: column telephone appears more than once.']);
    const lines = german.split('\n');
    lines[3] = lines[3]!.split(',').slice(1).join(',');
    const short = scoreCsv('application', lines.join('\n'));
    expect(!short.ok && short.errors).toEqual(['line 4: 20 cells, expected 21.']);
    expect(scoreCsv('application', '\n').ok).toBe(false);
  });

  it(`stops after ${MAX_BATCH_ERRORS} errors`, () => {
    const rows = input.rows.map((r) => ({ ...r, age_in_years: '-1' }));
    const result = scoreCsv('application', toCsv(input.columns, rows));
    expect(!result.ok && result.errors).toHaveLength(MAX_BATCH_ERRORS);
    expect(!result.ok && result.errors[MAX_BATCH_ERRORS - 1]).toBe(
      `line ${MAX_BATCH_ERRORS + 1}: age_in_years must be between 0 and 120 years.`,
    );
  });

  it('passes protected attributes through without letting them change the score', () => {
    const changed = input.rows.map((r, i) => ({
      ...r,
      personal_status_and_sex: ['A91', 'A92', 'A93', 'A94', 'A95'][i % 5]!,
      foreign_worker: i % 2 === 0 ? 'A202' : 'A201',
    }));
    const out = scored('application', toCsv(input.columns, changed));
    expect(out.rows.map((r) => r.personal_status_and_sex)).toEqual(
      changed.map((r) => r.personal_status_and_sex),
    );
    expect(scoreColumns(out.rows)).toEqual(scoreColumns(scored('application', german).rows));
    // They may also be left out.
    const without = input.columns.filter(
      (c) => c !== 'personal_status_and_sex' && c !== 'foreign_worker',
    );
    expect(scoreColumns(scored('application', toCsv(without, input.rows)).rows)).toEqual(
      scoreColumns(out.rows),
    );
  });
});

describe('scoreCsv, behavioural model', () => {
  const input = parseCsv(taiwan200);

  it('accepts exactly the columns of taiwan_train.csv', () => {
    expect(TAIWAN_COLUMNS).toEqual(parseCsv(taiwan.slice(0, taiwan.indexOf('\n'))).columns);
  });

  it('scores the first 200 rows of taiwan_train.csv as score() does', () => {
    const out = scored('behavioural', taiwan200);
    expect(out.count).toBe(200);
    expect(out.rows).toHaveLength(200);
    expect(out.columns).toEqual([...input.columns, ...SCORE_COLUMNS]);
    expectMatchesScore(behaviouralModel().scorecard, input.rows, out.rows, (row) =>
      modelInputs(behaviouralModel(), row),
    );
  });

  it('knows a bin for every valid repayment status code', () => {
    const card = behaviouralModel().scorecard;
    for (const f of card.features.filter((x) => /^PAY_\d$/.test(x.name))) {
      for (const code of PAY_CODES) {
        expect(f.bins.some((b) => b.categories?.includes(code))).toBe(true);
      }
    }
  });

  it('rejects invalid codes and non-numbers, naming line and column', () => {
    const rows = input.rows.map((r, i) =>
      i === 0
        ? { ...r, PAY_0: '10' }
        : i === 2
          ? { ...r, LIMIT_BAL: 'abc', PAY_AMT3: '' }
          : i === 3
            ? { ...r, PAY_AMT1: 'Infinity' }
            : r,
    );
    const result = scoreCsv('behavioural', toCsv(input.columns, rows));
    expect(!result.ok && result.errors).toEqual([
      'line 2: PAY_0 must be one of -2, -1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9.',
      'line 4: LIMIT_BAL must be a number.',
      'line 4: PAY_AMT3 must be a number.',
      'line 5: PAY_AMT1 must be a number.',
    ]);
  });

  it('rejects a missing feature column and an unknown column', () => {
    const missing = scoreCsv(
      'behavioural',
      toCsv(
        input.columns.filter((c) => c !== 'PAY_0'),
        input.rows,
      ),
    );
    expect(!missing.ok && missing.errors).toEqual([
      expect.stringMatching(/^line 1: missing column PAY_0\b/),
    ]);
    const unknown = scoreCsv('behavioural', toCsv([...input.columns, 'score'], input.rows));
    expect(!unknown.ok && unknown.errors).toEqual([
      expect.stringMatching(/^line 1: unknown column "score"/),
    ]);
  });

  it('gives the same scores whatever SEX, MARRIAGE and EDUCATION say', () => {
    const changed = input.rows.map((r, i) => ({
      ...r,
      SEX: r.SEX === '1' ? '2' : '1',
      MARRIAGE: String(i % 4),
      EDUCATION: String((i % 6) + 1),
    }));
    const out = scored('behavioural', toCsv(input.columns, changed));
    expect(out.rows.map((r) => r.SEX)).toEqual(changed.map((r) => r.SEX));
    expect(scoreColumns(out.rows)).toEqual(scoreColumns(scored('behavioural', taiwan200).rows));
  });
});
