import { gradeOf } from '../decision/policy.js';
import { score, type Scorecard } from './scorecard.js';

/** A protected attribute and how its codes form groups, for measuring only: never a model input. */
export interface ProtectedGrouping {
  readonly attribute: string;
  readonly title: string;
  readonly groupOf: (row: Readonly<Record<string, string>>) => string;
}

export interface GroupRate {
  readonly group: string;
  readonly rows: number;
  readonly approved: number;
  readonly approvalRate: number;
  /** This group's approval rate over the highest group's: under 0.8 fails the four-fifths rule. */
  readonly adverseImpactRatio: number;
}

export interface FairnessReport {
  readonly attribute: string;
  readonly title: string;
  readonly groups: readonly GroupRate[];
  /** The lowest ratio over groups of at least MIN_GROUP_ROWS rows (every group counts as the reference). */
  readonly minAdverseImpactRatio: number;
  readonly passesFourFifths: boolean;
}

export const FOUR_FIFTHS = 0.8;
/** Groups smaller than this are shown but not judged: their rate is mostly noise. */
export const MIN_GROUP_ROWS = 30;

/** The shipped policy's favourable outcome: grade A–C is approved (D is referred, E declined). */
export function approvedByPolicy(
  card: Scorecard,
  inputs: Readonly<Record<string, string>>,
): boolean {
  const grade = gradeOf(score(card, inputs).score);
  return grade === 'A' || grade === 'B' || grade === 'C';
}

/**
 * Approval rates by group and the adverse impact ratio (each group's rate over
 * the most approved group's), from the decisions the shipped policy makes on
 * the rows: `approved` is given the row, protected attributes and all, and
 * must not look at them (tests change them and see no decision move).
 */
export function fairnessReport(
  rows: readonly Readonly<Record<string, string>>[],
  grouping: ProtectedGrouping,
  approved: (row: Readonly<Record<string, string>>) => boolean,
): FairnessReport {
  const byGroup = new Map<string, { rows: number; approved: number }>();
  for (const row of rows) {
    const g = grouping.groupOf(row);
    const s = byGroup.get(g) ?? { rows: 0, approved: 0 };
    s.rows++;
    if (approved(row)) s.approved++;
    byGroup.set(g, s);
  }
  const rates = [...byGroup.entries()]
    .map(([group, s]) => ({ group, ...s, approvalRate: s.approved / s.rows }))
    .sort((a, b) => a.group.localeCompare(b.group));
  const best = Math.max(...rates.map((r) => r.approvalRate));
  const groups = rates.map((r) => ({ ...r, adverseImpactRatio: r.approvalRate / best }));
  const minAdverseImpactRatio = Math.min(
    ...groups.filter((r) => r.rows >= MIN_GROUP_ROWS).map((r) => r.adverseImpactRatio),
  );
  return {
    attribute: grouping.attribute,
    title: grouping.title,
    groups,
    minAdverseImpactRatio,
    passesFourFifths: minAdverseImpactRatio >= FOUR_FIFTHS,
  };
}

const label = (labels: Record<string, string>, fallback: string) => (code: string | undefined) =>
  labels[code ?? ''] ?? fallback;

/** German credit: sex and marital status are one attribute in the data; foreign worker; age. */
export const GERMAN_PROTECTED: readonly ProtectedGrouping[] = [
  {
    attribute: 'personal_status_and_sex',
    title: 'sex',
    groupOf: (r) => label({ A92: 'female', A95: 'female' }, 'male')(r.personal_status_and_sex),
  },
  {
    attribute: 'personal_status_and_sex',
    title: 'sex and marital status',
    groupOf: (r) =>
      label(
        {
          A91: 'A91 male, divorced/separated',
          A92: 'A92 female, divorced/separated/married',
          A93: 'A93 male, single',
          A94: 'A94 male, married/widowed',
          A95: 'A95 female, single',
        },
        'other',
      )(r.personal_status_and_sex),
  },
  {
    attribute: 'foreign_worker',
    title: 'foreign worker',
    groupOf: (r) => label({ A201: 'yes', A202: 'no' }, 'other')(r.foreign_worker),
  },
  {
    attribute: 'age_in_years',
    title: 'age (a model input; measured as age discrimination law asks)',
    groupOf: (r) => {
      const age = Number(r.age_in_years);
      return age < 25 ? 'under 25' : age < 60 ? '25 to 59' : '60 or over';
    },
  },
];

/** Taiwan card data: sex, education, marriage (codes 0, 5, 6 undocumented). */
export const TAIWAN_PROTECTED: readonly ProtectedGrouping[] = [
  {
    attribute: 'SEX',
    title: 'sex',
    groupOf: (r) => label({ '1': 'male', '2': 'female' }, 'other')(r.SEX),
  },
  {
    attribute: 'EDUCATION',
    title: 'education',
    groupOf: (r) =>
      label(
        { '1': 'graduate school', '2': 'university', '3': 'high school' },
        'others/unknown (0, 4, 5, 6)',
      )(r.EDUCATION),
  },
  {
    attribute: 'MARRIAGE',
    title: 'marital status',
    groupOf: (r) => label({ '1': 'married', '2': 'single' }, 'others/unknown (0, 3)')(r.MARRIAGE),
  },
];
