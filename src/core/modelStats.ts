// The only owner of the model panel's derived figures (issue 8): mean reconstruction error and
// variance explained over the probe set, the worst-reconstructed rows, dead features and the
// distribution of feature densities and of feature sharing. Pure; the model panel shows them.
import type { Analysis, ProbeResults } from './analysis';
import { topRowsOfColumn } from './stats';

export interface ReconstructionSummary {
  meanError: number;
  /** 1 − mean error / mean ‖X_i − X̄‖²_F. */
  varianceExplained: number;
  /** Rows with the largest error, worst first. */
  worstRows: Int32Array;
}

/** Reconstruction figures over the probe set; null when the decode phase was skipped. */
export function reconstructionSummary(p: ProbeResults, worst = 20): ReconstructionSummary | null {
  const err = p.rowError;
  if (!err) return null;
  let sum = 0;
  for (const e of err) sum += e;
  const meanError = sum / Math.max(1, err.length);
  return {
    meanError,
    varianceExplained: p.varianceTotal > 0 ? 1 - meanError / p.varianceTotal : NaN,
    worstRows: topRowsOfColumn(err, err.length, 1, 0, worst, 'desc'),
  };
}

/**
 * Dead features: max |f_j| over the probe set at most `share` × the largest max |f| of any
 * feature. Returns their ids and the absolute threshold used.
 */
export function deadFeatures(
  maxAbs: Float32Array,
  share: number,
): { ids: number[]; threshold: number } {
  let top = 0;
  for (const v of maxAbs) top = Math.max(top, v);
  const threshold = share * top;
  const ids: number[] = [];
  maxAbs.forEach((v, j) => {
    if (v <= threshold) ids.push(j);
  });
  return { ids, threshold };
}

/** Equal-width histogram of finite values over [lo, hi] (NaN skipped). */
export function histogram(
  values: ArrayLike<number>,
  bins: number,
  lo?: number,
  hi?: number,
): {
  lo: number;
  hi: number;
  counts: number[];
} {
  let a = lo ?? Infinity;
  let b = hi ?? -Infinity;
  if (lo === undefined || hi === undefined) {
    for (let i = 0; i < values.length; i++) {
      const v = values[i] ?? NaN;
      if (!Number.isFinite(v)) continue;
      if (lo === undefined) a = Math.min(a, v);
      if (hi === undefined) b = Math.max(b, v);
    }
  }
  if (!Number.isFinite(a) || !Number.isFinite(b))
    return { lo: 0, hi: 0, counts: new Array<number>(bins).fill(0) };
  const counts = new Array<number>(bins).fill(0);
  const width = (b - a) / bins;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] ?? NaN;
    if (!Number.isFinite(v) || v < a || v > b) continue;
    const k = width > 0 ? Math.min(bins - 1, Math.floor((v - a) / width)) : 0;
    counts[k] = (counts[k] ?? 0) + 1;
  }
  return { lo: a, hi: b, counts };
}

/** The prefix curve as (k, error) points, k = 1..C, in the analysis's prefix order. */
export function prefixCurve(a: Analysis): { k: number; error: number; composite: number }[] {
  const p = a.probes;
  if (!p?.prefixError || !p.prefixOrder) return [];
  return Array.from(p.prefixError, (error, i) => ({
    k: i + 1,
    error,
    composite: p.prefixOrder?.[i] ?? i,
  }));
}

/** Rank in the prefix order of every composite (0 = first), for dimming the atlas. */
export function prefixRanks(order: Int32Array): Int32Array {
  const rank = new Int32Array(order.length);
  order.forEach((k, i) => {
    rank[k] = i;
  });
  return rank;
}

/**
 * Composites in prefix order: index order ('trained', the ordered kind is trained so that every
 * prefix reconstructs well), or by descending Σλ² = Msym_kk ('importance'; ties by index).
 * `msym` is the [C, C] Frobenius Gram matrix of the forms.
 */
export function prefixOrder(
  msym: Float32Array,
  C: number,
  basis: 'trained' | 'importance',
): Int32Array {
  const order = Int32Array.from({ length: C }, (_, k) => k);
  if (basis === 'trained') return order;
  return order.sort((a, b) => (msym[b * C + b] ?? 0) - (msym[a * C + a] ?? 0) || a - b);
}

/**
 * Variance of the quadratic input over N rows, mean ‖X_i − X̄‖²_F with X_i = x̃_i x̃_iᵀ:
 * ‖x̃‖⁴ − ‖S‖²_F for S = mean x̃x̃ᵀ. `xGramSum` [d, d] = Σ_i x̂_i x̂_iᵀ and `xSum` [d] = Σ_i x̂_i
 * (sums, not means); biased inputs x̃ = [1, x̂] have S = [[1, mean x̂ᵀ], [mean x̂, mean x̂x̂ᵀ]]
 * and ‖x̃‖⁴ = 4. Clamped at 0 against rounding.
 */
export function quadraticVariance(
  xGramSum: ArrayLike<number>,
  xSum: ArrayLike<number>,
  N: number,
  d: number,
  biased: boolean,
): number {
  let s2 = 0;
  for (let i = 0; i < d * d; i++) s2 += ((xGramSum[i] ?? 0) / N) ** 2;
  if (biased) {
    let m2 = 0;
    for (let i = 0; i < d; i++) m2 += ((xSum[i] ?? 0) / N) ** 2;
    s2 += 1 + 2 * m2;
  }
  return Math.max(0, (biased ? 4 : 1) - s2);
}
