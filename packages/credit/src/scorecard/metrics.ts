/** Area under the ROC curve (Mann-Whitney, ties counted half): P(score of a bad > score of a good). */
export function auc(scores: readonly number[], labels: readonly number[]): number {
  const pairs = scores.map((s, i) => ({ s, y: labels[i]! })).sort((a, b) => a.s - b.s);
  let rankSumBad = 0;
  let bad = 0;
  for (let i = 0; i < pairs.length;) {
    let j = i;
    while (j < pairs.length && pairs[j]!.s === pairs[i]!.s) j++;
    const averageRank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) {
      if (pairs[k]!.y === 1) {
        rankSumBad += averageRank;
        bad++;
      }
    }
    i = j;
  }
  const good = pairs.length - bad;
  if (bad === 0 || good === 0) throw new Error('AUC needs both classes');
  return (rankSumBad - (bad * (bad + 1)) / 2) / (bad * good);
}

/** Kolmogorov-Smirnov: the largest gap between the cumulative shares of bads and goods by score. */
export function ks(scores: readonly number[], labels: readonly number[]): number {
  const pairs = scores.map((s, i) => ({ s, y: labels[i]! })).sort((a, b) => b.s - a.s);
  const bads = pairs.filter((p) => p.y === 1).length;
  const goods = pairs.length - bads;
  let cb = 0;
  let cg = 0;
  let best = 0;
  for (let i = 0; i < pairs.length;) {
    let j = i;
    while (j < pairs.length && pairs[j]!.s === pairs[i]!.s) {
      if (pairs[j]!.y === 1) cb++;
      else cg++;
      j++;
    }
    best = Math.max(best, Math.abs(cb / bads - cg / goods));
    i = j;
  }
  return best;
}

export interface CalibrationBand {
  readonly count: number;
  readonly meanPredicted: number;
  readonly observedRate: number;
}

/** Predicted probability against observed default rate, in bands of equal count. */
export function calibration(
  predicted: readonly number[],
  labels: readonly number[],
  bands = 5,
): CalibrationBand[] {
  const pairs = predicted.map((p, i) => ({ p, y: labels[i]! })).sort((a, b) => a.p - b.p);
  const out: CalibrationBand[] = [];
  for (let b = 0; b < bands; b++) {
    const slice = pairs.slice(
      Math.floor((b * pairs.length) / bands),
      Math.floor(((b + 1) * pairs.length) / bands),
    );
    out.push({
      count: slice.length,
      meanPredicted: slice.reduce((s, x) => s + x.p, 0) / slice.length,
      observedRate: slice.reduce((s, x) => s + x.y, 0) / slice.length,
    });
  }
  return out;
}
