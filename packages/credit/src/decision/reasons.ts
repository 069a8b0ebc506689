import type { ScoredApplicant } from '../scorecard/scorecard.js';
import type { FeatureBins } from '../scorecard/scorecard.js';
import { applicantAttributes } from './attributes.js';

/** A reason as the applicant reads it: a stable code and one plain sentence. */
export interface DecisionReason {
  readonly code: string;
  readonly description: string;
}

/**
 * The attributes that cost the applicant the most points against the best
 * answer, most first: each names the applicant's answer and the answer that
 * scores best, so the reason says what would have helped.
 */
export interface AttributeWording {
  readonly title: string;
  readonly codes?: Readonly<Record<string, string>>;
  readonly unit?: string;
}

export function attributeReasons(
  features: readonly FeatureBins[],
  scored: ScoredApplicant,
  attributes: Readonly<Record<string, string>>,
  wording: (name: string) => AttributeWording | undefined = (name) =>
    applicantAttributes().get(name),
): DecisionReason[] {
  return scored.reasons.map((r) => {
    const feature = features.find((f) => f.name === r.feature)!;
    const spec = wording(r.feature);
    const title = spec?.title ?? r.feature;
    const best = feature.bins.reduce((b, x) => (x.points > b.points ? x : b));
    const yours = describeValue(feature, attributes[r.feature]!, spec?.codes, spec?.unit);
    return {
      code: r.feature.toUpperCase(),
      description: `${title}: yours is ${yours}; the best-scoring answer is ${describeBin(feature, best, spec?.codes, spec?.unit)} (${r.pointsLost} point${r.pointsLost === 1 ? '' : 's'}).`,
    };
  });
}

function describeValue(
  feature: FeatureBins,
  value: string,
  codes: Readonly<Record<string, string>> | undefined,
  unit: string | undefined,
): string {
  if (feature.type === 'cat') return codes?.[value] ? `“${codes[value]}”` : value;
  return unit ? `${value} ${unit}` : value;
}

type Bin = FeatureBins['bins'][number];

export function describeBin(
  feature: FeatureBins,
  bin: Bin,
  codes: Readonly<Record<string, string>> | undefined,
  unit: string | undefined,
): string {
  if (feature.type === 'cat') {
    return (bin.categories ?? []).map((c) => (codes?.[c] ? `“${codes[c]}”` : c)).join(' or ');
  }
  const u = unit ? ` ${unit}` : '';
  const index = feature.bins.indexOf(bin);
  const lower = index > 0 ? feature.bins[index - 1]!.upTo : null;
  if (bin.upTo === null || bin.upTo === undefined) return `more than ${lower}${u}`;
  if (lower === null || lower === undefined) return `${bin.upTo}${u} or less`;
  return `more than ${lower} and at most ${bin.upTo}${u}`;
}
