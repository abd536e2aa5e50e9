// The only owner of the per-composite statistics' definitions (DESIGN.md §2) — density, rank,
// importance, support, captured — plus firing histograms, top/bottom rows and neighbours from
// the forms' Gram matrix. Pure functions over typed arrays; the engine (src/compute) calls them
// and the UI's tooltips quote STAT_DEFINITIONS, so a definition changes in one place.

/** What each statistic means, as the UI shows it (formula + one line). */
export const STAT_DEFINITIONS = {
  density: {
    label: 'density',
    formula: '(‖h‖₁/‖h‖₂ − 1)/(√n − 1)',
    text: 'Hoyer density of the composite’s values h over the n probe rows: 0 = fires on one row, 1 = equally on all.',
  },
  rank: {
    label: 'rank',
    formula: '(Σ|λ|)² / Σλ²',
    text: 'Effective rank of the form B_k: how many eigen-directions carry its weight (1 = a single direction).',
  },
  importance: {
    label: 'importance',
    formula: 'Σλ² = ‖B_k‖²_F, ÷ mean over composites',
    text: 'Squared Frobenius norm of the form, normalised so that the mean over all composites is 1.',
  },
  support: {
    label: 'support',
    formula: '‖D_k‖₀, or (Σ|D_kj|)² / ΣD_kj² when D is dense',
    text: 'Encoder features the composite reads: the count of non-zero entries of its row of `down` when `down` is sparse, else their participation ratio (effective count). 1 for kinds without `down`.',
  },
  captured: {
    label: 'captured',
    formula: '(|λ₁|+|λ₂|+|λ₃|) / Σ|λ|',
    text: 'Share of the spectrum’s absolute mass on the three plotted axes (the three largest |λ|).',
  },
  circularity: {
    label: 'circularity',
    formula: 'thinness × coverage × hole, in [0, 1]',
    text: 'How much the composite’s top 100 firing rows, on its two eigenvectors of largest |λ| and weighted by |h|, form a ring around a hole: thinness = 1 − (rms residual / radius of the best circle)/0.354 (a filled disc’s), coverage = 1 − widest empty arc / 2π, hole = 1 − 4 × weight share within half the radius. 1 for a clean ring, 0 for a blob or a line.',
  },
} as const;

export type StatName = keyof typeof STAT_DEFINITIONS;
export const STAT_NAMES = Object.keys(STAT_DEFINITIONS) as StatName[];

/**
 * Hoyer density (‖v‖₁/‖v‖₂ − 1)/(√n − 1) of `values` (n = length), in [0, 1]. NaN when
 * n < 2 (undefined for one row) or all values are zero.
 */
export function hoyerDensity(values: ArrayLike<number>): number {
  const n = values.length;
  if (n < 2) return NaN;
  let l1 = 0;
  let l2 = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i] ?? 0;
    l1 += Math.abs(v);
    l2 += v * v;
  }
  if (l2 === 0) return NaN;
  return (l1 / Math.sqrt(l2) - 1) / (Math.sqrt(n) - 1);
}

/** Hoyer density from the sums Σ|v| and Σv² over n values (same conventions as hoyerDensity). */
export function hoyerFromSums(l1: number, sumSquares: number, n: number): number {
  if (n < 2 || sumSquares <= 0) return NaN;
  return (l1 / Math.sqrt(sumSquares) - 1) / (Math.sqrt(n) - 1);
}

/** Effective rank (Σ|λ|)²/Σλ² of eigenvalues (NaN entries skipped); NaN for a zero form. */
export function effectiveRank(eigenvalues: ArrayLike<number>): number {
  let s1 = 0;
  let s2 = 0;
  for (let i = 0; i < eigenvalues.length; i++) {
    const v = eigenvalues[i] ?? NaN;
    if (Number.isNaN(v)) continue;
    s1 += Math.abs(v);
    s2 += v * v;
  }
  return s2 > 0 ? (s1 * s1) / s2 : NaN;
}

/**
 * Share (|λ₁|+|λ₂|+|λ₃|)/Σ|λ| of the three largest |λ| (NaN entries skipped); NaN for a zero
 * form.
 */
export function capturedShare(eigenvalues: ArrayLike<number>, axes = 3): number {
  const mags: number[] = [];
  let total = 0;
  for (let i = 0; i < eigenvalues.length; i++) {
    const v = eigenvalues[i] ?? NaN;
    if (Number.isNaN(v)) continue;
    mags.push(Math.abs(v));
    total += Math.abs(v);
  }
  if (total === 0) return NaN;
  mags.sort((a, b) => b - a);
  let top = 0;
  for (let i = 0; i < Math.min(axes, mags.length); i++) top += mags[i] ?? 0;
  return top / total;
}

/** Values divided by their mean (all zeros stay zeros). */
export function normaliseToMeanOne(values: Float64Array): Float64Array {
  let sum = 0;
  for (const v of values) sum += v;
  const mean = sum / Math.max(1, values.length);
  return values.map((v) => (mean > 0 ? v / mean : 0));
}

/** True when most entries of `down` are exactly zero (< 50% non-zeros): support counts them. */
export function isSparse(down: Float32Array): boolean {
  let nonZero = 0;
  for (let i = 0; i < down.length; i++) if (down[i] !== 0) nonZero++;
  return nonZero < 0.5 * down.length;
}

/**
 * Support of composite row `row` of `down` ([C, F]): its non-zero count when `sparse`, else the
 * participation ratio (Σ|D_kj|)²/ΣD_kj² (0 for an all-zero row).
 */
export function supportOf(down: Float32Array, F: number, row: number, sparse: boolean): number {
  let count = 0;
  let s1 = 0;
  let s2 = 0;
  for (let j = 0; j < F; j++) {
    const v = down[row * F + j] ?? 0;
    if (v !== 0) count++;
    s1 += Math.abs(v);
    s2 += v * v;
  }
  if (sparse) return count;
  return s2 > 0 ? (s1 * s1) / s2 : 0;
}

/** A firing histogram: `bins` equal bins over [lo, hi] (hi = lo when all values are equal). */
export interface Histogram {
  lo: number;
  hi: number;
  counts: Uint32Array;
}

/** Histogram of column `col` of a row-major [n, cols] matrix, in `bins` equal bins. */
export function columnHistogram(
  m: Float32Array,
  n: number,
  cols: number,
  col: number,
  bins: number,
): Histogram {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = m[i * cols + col] ?? 0;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const counts = new Uint32Array(bins);
  if (n === 0) return { lo: 0, hi: 0, counts };
  const width = (hi - lo) / bins;
  for (let i = 0; i < n; i++) {
    const v = m[i * cols + col] ?? 0;
    const b = width > 0 ? Math.min(bins - 1, Math.floor((v - lo) / width)) : 0;
    counts[b] = (counts[b] ?? 0) + 1;
  }
  return { lo, hi, counts };
}

/**
 * Rows of the `k` largest (`order` = 'desc') or smallest ('asc') values of column `col` of a
 * row-major [n, cols] matrix, best first; ties go to the lower row. O(n log k).
 */
export function topRowsOfColumn(
  m: Float32Array,
  n: number,
  cols: number,
  col: number,
  k: number,
  order: 'desc' | 'asc',
): Int32Array {
  const sign = order === 'desc' ? 1 : -1;
  const count = Math.min(k, n);
  // A small sorted buffer is faster than a heap for the k ≤ 100 the app asks for.
  const rows = new Int32Array(count);
  const vals = new Float64Array(count);
  let size = 0;
  for (let i = 0; i < n; i++) {
    const v = sign * (m[i * cols + col] ?? 0);
    if (size === count && v <= (vals[size - 1] ?? -Infinity)) continue;
    let p = size < count ? size++ : count - 1;
    while (p > 0 && (vals[p - 1] ?? 0) < v) {
      vals[p] = vals[p - 1] ?? 0;
      rows[p] = rows[p - 1] ?? 0;
      p--;
    }
    vals[p] = v;
    rows[p] = i;
  }
  return rows.subarray(0, size);
}

/**
 * The `k` nearest composites of each composite by the cosine of their forms,
 * ⟨B_i,B_j⟩_F / (‖B_i‖_F‖B_j‖_F), from msym = the [C, C] Gram matrix of the forms. Ranked by
 * |cosine| (opposite forms are as related as equal ones); the signed cosine is returned.
 * Composites with a zero form have no neighbours (index -1, similarity NaN).
 */
export function formNeighbours(
  msym: Float32Array,
  C: number,
  k: number,
): { index: Int32Array; similarity: Float32Array } {
  const count = Math.min(k, Math.max(0, C - 1));
  const index = new Int32Array(C * count).fill(-1);
  const similarity = new Float32Array(C * count).fill(NaN);
  const norms = new Float64Array(C);
  for (let i = 0; i < C; i++) norms[i] = Math.sqrt(Math.max(0, msym[i * C + i] ?? 0));
  const cos = new Float32Array(C);
  for (let i = 0; i < C; i++) {
    const ni = norms[i] ?? 0;
    if (ni === 0) continue;
    for (let j = 0; j < C; j++) {
      const nj = norms[j] ?? 0;
      // A self-match or a zero form never ranks: NaN sorts last below.
      cos[j] = j === i || nj === 0 ? NaN : (msym[i * C + j] ?? 0) / (ni * nj);
    }
    const abs = new Float32Array(C);
    for (let j = 0; j < C; j++) abs[j] = Number.isNaN(cos[j] ?? NaN) ? -1 : Math.abs(cos[j] ?? 0);
    const best = topRowsOfColumn(abs, C, 1, 0, count, 'desc');
    for (let r = 0; r < best.length; r++) {
      const j = best[r] ?? -1;
      if (j < 0 || (abs[j] ?? -1) < 0) continue;
      index[i * count + r] = j;
      similarity[i * count + r] = cos[j] ?? NaN;
    }
  }
  return { index, similarity };
}
