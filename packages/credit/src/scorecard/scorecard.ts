import { fitLogistic, sigmoid } from './logistic.js';

export interface Bin {
  readonly label: string;
  /** Categorical: the codes in this bin. */
  readonly categories?: readonly string[];
  /** Numeric: upper bound, inclusive; null for the last (open) bin. */
  readonly upTo?: number | null;
  readonly count: number;
  readonly bads: number;
  readonly woe: number;
  readonly points: number;
}

export interface FeatureBins {
  readonly name: string;
  readonly type: 'cat' | 'num';
  readonly iv: number;
  readonly weight: number;
  readonly bins: readonly Bin[];
}

export interface Scorecard {
  readonly features: readonly FeatureBins[];
  readonly intercept: number;
  readonly scaling: {
    readonly basePoints: number;
    readonly baseOdds: number;
    readonly pdo: number;
  };
}

export interface TrainOptions {
  /** For a categorical attribute, `codes` lists every valid code, seen in training or not. */
  readonly features: readonly {
    name: string;
    type: 'cat' | 'num';
    codes?: readonly string[];
    /** The codes are a scale in the order given (months late, say): a small category pools with its neighbours on it. */
    ordered?: boolean;
  }[];
  readonly target: string;
  /** Smallest share of rows a bin may hold. */
  readonly minBinShare?: number;
  /** Features below this information value are left out. */
  readonly minIv?: number;
  readonly ridge?: number;
  readonly scaling?: Scorecard['scaling'];
}

const DEFAULT_SCALING = { basePoints: 600, baseOdds: 50, pdo: 20 } as const;

/**
 * A points scorecard, as credit risk teams build them: each attribute binned
 * (categories with too few rows pooled; numbers cut at quantiles and merged
 * until the bad rate is monotone and every bin is large enough), weight of
 * evidence per bin, information value per attribute, logistic regression on
 * the WoE values, and points scaled so `basePoints` means `baseOdds`:1 good
 * to bad and every `pdo` points double the odds.
 */
export function trainScorecard(
  rows: readonly Record<string, string>[],
  options: TrainOptions,
): Scorecard {
  const y = rows.map((r) => Number(r[options.target]));
  const candidates = binFeatures(rows, options);
  const selected = candidates.filter((c) => c.iv >= (options.minIv ?? 0.02) && c.bins.length > 1);
  // WoE grows with the good:bad odds, so every weight must be negative (more WoE, less risk).
  // An attribute whose weight comes out otherwise only corrects for another one it overlaps;
  // its points would tell applicants the opposite of its bad rates, so it is dropped and the rest refitted.
  let intercept = 0;
  let weights: number[] = [];
  for (;;) {
    const x = rows.map((row) => selected.map((f) => binOf(f, row[f.name]).woe));
    const beta = fitLogistic(x, y, { ridge: options.ridge ?? 1e-3 });
    intercept = beta[0]!;
    weights = beta.slice(1);
    const worst = weights.reduce((w, v, j) => (v > (weights[w] ?? -Infinity) ? j : w), 0);
    if (weights.length === 0 || weights[worst]! < 0) break;
    selected.splice(worst, 1);
  }

  const scaling = options.scaling ?? DEFAULT_SCALING;
  const factor = scaling.pdo / Math.log(2);
  const offset = scaling.basePoints - factor * Math.log(scaling.baseOdds);
  const k = selected.length;
  const features: FeatureBins[] = selected.map((f, j) => ({
    name: f.name,
    type: f.type,
    iv: f.iv,
    weight: weights[j]!,
    bins: f.bins.map((b) => ({
      ...b,
      // score = offset - factor * logit(PD): the intercept and offset spread evenly over the attributes.
      points: Math.round(-factor * (weights[j]! * b.woe + intercept / k) + offset / k),
    })),
  }));
  return { features, intercept, scaling };
}

export interface BinnedFeature {
  readonly name: string;
  readonly type: 'cat' | 'num';
  readonly iv: number;
  readonly bins: readonly (Group & { woe: number })[];
}

/**
 * Bins every candidate attribute on `rows` (small categories pooled, numbers
 * cut at deciles and merged to a monotone bad rate) with its weight of
 * evidence and information value: the first step of the scorecard, shared by
 * the challengers that reuse its bins.
 */
export function binFeatures(
  rows: readonly Record<string, string>[],
  options: TrainOptions,
): BinnedFeature[] {
  const y = rows.map((r) => Number(r[options.target]));
  const minBin = Math.max(1, Math.round((options.minBinShare ?? 0.05) * rows.length));
  const totalBad = y.reduce((a, b) => a + b, 0);
  const totalGood = y.length - totalBad;
  const woeOf = (count: number, bads: number) =>
    Math.log((count - bads + 0.5) / (totalGood + 0.5) / ((bads + 0.5) / (totalBad + 0.5)));
  return options.features.map((f) => {
    const groups =
      f.type === 'cat'
        ? categoricalGroups(rows, y, f.name, minBin, f.codes ?? [], f.ordered ?? false)
        : numericGroups(rows, y, f.name, minBin);
    const bins = groups.map((g) => ({ ...g, woe: woeOf(g.count, g.bads) }));
    const iv = bins.reduce(
      (s, b) => s + ((b.count - b.bads) / totalGood - b.bads / totalBad) * b.woe,
      0,
    );
    return { name: f.name, type: f.type, bins, iv };
  });
}

export interface ScoredApplicant {
  readonly score: number;
  readonly probabilityOfDefault: number;
  /** Attributes that cost the most points against the best bin, most first. */
  readonly reasons: readonly { feature: string; pointsLost: number; bin: string }[];
}

/** A probability as the decision records store it: 8 decimal places (numeric(10, 8)). */
export function formatProbability(p: number): string {
  return p.toFixed(8);
}

export function score(card: Scorecard, applicant: Record<string, string>): ScoredApplicant {
  let logit = card.intercept;
  let points = 0;
  const lost: { feature: string; pointsLost: number; bin: string }[] = [];
  for (const f of card.features) {
    const bin = binOf(f, applicant[f.name]);
    logit += f.weight * bin.woe;
    points += bin.points;
    const best = Math.max(...f.bins.map((b) => b.points));
    if (best > bin.points)
      lost.push({ feature: f.name, pointsLost: best - bin.points, bin: bin.label });
  }
  lost.sort((a, b) => b.pointsLost - a.pointsLost || a.feature.localeCompare(b.feature));
  return { score: points, probabilityOfDefault: sigmoid(logit), reasons: lost.slice(0, 4) };
}

export function binOf<
  B extends { categories?: readonly string[]; upTo?: number | null; label: string },
>(
  feature: { name: string; type: 'cat' | 'num'; bins: readonly B[] },
  value: string | undefined,
): B {
  if (value === undefined) throw new Error(`missing attribute ${feature.name}`);
  if (feature.type === 'cat') {
    const bin = feature.bins.find((b) => b.categories?.includes(value));
    if (!bin) throw new Error(`unknown value for ${feature.name}`);
    return bin;
  }
  const v = Number(value);
  if (!Number.isFinite(v)) throw new Error(`${feature.name} must be a number`);
  return (
    feature.bins.find((b) => b.upTo === null || b.upTo === undefined || v <= b.upTo) ??
    feature.bins.at(-1)!
  );
}

interface Group {
  label: string;
  categories?: string[];
  upTo?: number | null;
  count: number;
  bads: number;
}

function categoricalGroups(
  rows: readonly Record<string, string>[],
  y: readonly number[],
  name: string,
  minBin: number,
  codes: readonly string[],
  ordered: boolean,
): Group[] {
  const byCode = new Map<string, Group>();
  rows.forEach((r, i) => {
    const code = r[name]!;
    const g = byCode.get(code) ?? { label: code, categories: [code], count: 0, bads: 0 };
    g.count++;
    g.bads += y[i]!;
    byCode.set(code, g);
  });
  // Pool small categories with a neighbour, until each is large enough: on an ordered
  // scale the neighbour in scale order, otherwise the category closest in bad rate.
  const groups = [...byCode.values()].sort((a, b) =>
    ordered
      ? codes.indexOf(a.categories![0]!) - codes.indexOf(b.categories![0]!)
      : a.bads / a.count - b.bads / b.count,
  );
  for (let i = 0; i < groups.length && groups.length > 1;) {
    if (groups[i]!.count >= minBin) {
      i++;
      continue;
    }
    const j = i === groups.length - 1 ? i - 1 : i + 1;
    const [a, b] = [groups[Math.min(i, j)]!, groups[Math.max(i, j)]!];
    groups.splice(Math.min(i, j), 2, {
      label: `${a.label}+${b.label}`,
      categories: [...a.categories!, ...b.categories!],
      count: a.count + b.count,
      bads: a.bads + b.bads,
    });
    i = 0;
  }
  // A valid code no training row had scores as the riskiest group: no evidence earns no credit.
  const unseen = codes.filter((c) => !byCode.has(c));
  const riskiest = groups.reduce((w, g) => (g.bads / g.count > w.bads / w.count ? g : w));
  if (unseen.length > 0) riskiest.categories = [...riskiest.categories!, ...unseen];
  return groups;
}

function numericGroups(
  rows: readonly Record<string, string>[],
  y: readonly number[],
  name: string,
  minBin: number,
): Group[] {
  const values = rows.map((r, i) => ({ v: Number(r[name]), y: y[i]! })).sort((a, b) => a.v - b.v);
  const cuts = new Set<number>();
  for (let q = 1; q < 10; q++) cuts.add(values[Math.floor((q * values.length) / 10)]!.v);
  const bounds = [...cuts].sort((a, b) => a - b);
  let groups: Group[] = [];
  let start = 0;
  for (const bound of [...bounds, Infinity]) {
    const slice = values.filter((x, idx) => idx >= start && x.v <= bound);
    if (slice.length === 0) continue;
    groups.push({
      label: '',
      upTo: bound,
      count: slice.length,
      bads: slice.reduce((s, x) => s + x.y, 0),
    });
    start += slice.length;
  }
  // Merge until every bin is large enough and the bad rate moves one way only.
  const rate = (g: Group) => g.bads / g.count;
  const direction = Math.sign(rate(groups.at(-1)!) - rate(groups[0]!)) || 1;
  for (let changed = true; changed && groups.length > 1;) {
    changed = false;
    for (let i = 0; i < groups.length - 1; i++) {
      const a = groups[i]!;
      const b = groups[i + 1]!;
      if (a.count < minBin || b.count < minBin || Math.sign(rate(b) - rate(a)) === -direction) {
        groups = [
          ...groups.slice(0, i),
          { label: '', upTo: b.upTo, count: a.count + b.count, bads: a.bads + b.bads },
          ...groups.slice(i + 2),
        ];
        changed = true;
        break;
      }
    }
  }
  let lower = -Infinity;
  return groups.map((g, i) => {
    const last = i === groups.length - 1;
    const label = last
      ? `> ${lower}`
      : lower === -Infinity
        ? `<= ${g.upTo}`
        : `${lower} < x <= ${g.upTo}`;
    const out = { ...g, upTo: last ? null : g.upTo!, label };
    lower = g.upTo!;
    return out;
  });
}
