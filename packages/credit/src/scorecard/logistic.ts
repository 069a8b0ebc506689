/**
 * Logistic regression by Newton-Raphson (IRLS) with a small ridge penalty
 * (not on the intercept), for a few dozen features: the Hessian is solved
 * directly. Returns [intercept, ...weights].
 */
export function fitLogistic(
  x: readonly (readonly number[])[],
  y: readonly number[],
  options: { ridge?: number; iterations?: number; tolerance?: number } = {},
): number[] {
  const ridge = options.ridge ?? 1e-4;
  const n = x.length;
  const p = (x[0]?.length ?? 0) + 1;
  const beta = new Array<number>(p).fill(0);
  for (let iter = 0; iter < (options.iterations ?? 50); iter++) {
    const gradient = new Array<number>(p).fill(0);
    const hessian = Array.from({ length: p }, () => new Array<number>(p).fill(0));
    for (let i = 0; i < n; i++) {
      const row = [1, ...x[i]!];
      const z = row.reduce((s, v, j) => s + v * beta[j]!, 0);
      const mu = 1 / (1 + Math.exp(-z));
      const w = Math.max(mu * (1 - mu), 1e-12);
      for (let a = 0; a < p; a++) {
        gradient[a]! += (y[i]! - mu) * row[a]!;
        for (let b = 0; b < p; b++) hessian[a]![b]! += w * row[a]! * row[b]!;
      }
    }
    if (newtonStep(beta, gradient, hessian, ridge * n) < (options.tolerance ?? 1e-10)) break;
  }
  return beta;
}

/**
 * One Newton-Raphson step in place: the ridge (not on the intercept) added to
 * the log-likelihood's gradient and Hessian, then beta moved by the solved
 * step. Returns the largest change of any coefficient.
 */
function newtonStep(
  beta: number[],
  gradient: number[],
  hessian: number[][],
  ridge: number,
): number {
  for (let a = 1; a < beta.length; a++) {
    gradient[a]! -= ridge * beta[a]!;
    hessian[a]![a]! += ridge;
  }
  const step = solve(hessian, gradient);
  let change = 0;
  for (let a = 0; a < beta.length; a++) {
    beta[a]! += step[a]!;
    change = Math.max(change, Math.abs(step[a]!));
  }
  return change;
}

export function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

/** Gaussian elimination with partial pivoting. */
function solve(matrix: number[][], vector: number[]): number[] {
  const n = vector.length;
  const a = matrix.map((row, i) => [...row, vector[i]!]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++)
      if (Math.abs(a[r]![col]!) > Math.abs(a[pivot]![col]!)) pivot = r;
    [a[col], a[pivot]] = [a[pivot]!, a[col]!];
    const d = a[col]![col]!;
    if (Math.abs(d) < 1e-14) throw new Error('singular system in logistic regression');
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = a[r]![col]! / d;
      for (let c = col; c <= n; c++) a[r]![c]! -= f * a[col]![c]!;
    }
  }
  return a.map((row, i) => row[n]! / row[i]!);
}

/**
 * The same Newton-Raphson fit for 0/1 features given as the indices of each
 * row's ones (one-hot codes): the Hessian is accumulated over a row's few
 * ones only, so a hundred columns cost what a dozen do. Returns
 * [intercept, ...weights] for `columns` weights.
 */
export function fitLogisticSparse(
  ones: readonly (readonly number[])[],
  y: readonly number[],
  columns: number,
  options: { ridge?: number; iterations?: number; tolerance?: number } = {},
): number[] {
  const ridge = options.ridge ?? 1e-4;
  const n = ones.length;
  const p = columns + 1;
  const beta = new Array<number>(p).fill(0);
  for (let iter = 0; iter < (options.iterations ?? 50); iter++) {
    const gradient = new Array<number>(p).fill(0);
    const hessian = Array.from({ length: p }, () => new Array<number>(p).fill(0));
    for (let i = 0; i < n; i++) {
      const idx = [0, ...ones[i]!.map((j) => j + 1)];
      let z = 0;
      for (const a of idx) z += beta[a]!;
      const mu = 1 / (1 + Math.exp(-z));
      const w = Math.max(mu * (1 - mu), 1e-12);
      for (const a of idx) {
        gradient[a]! += y[i]! - mu;
        const row = hessian[a]!;
        for (const b of idx) row[b]! += w;
      }
    }
    if (newtonStep(beta, gradient, hessian, ridge * n) < (options.tolerance ?? 1e-10)) break;
  }
  return beta;
}
