// The only owner of the shape diagnostics' input conventions: points are row-major [n, dims]
// typed arrays, weights are finite and ≥ 0 (|h| of each point; `null` means every point weighs
// 1), and bad inputs throw an error naming the function and the problem. Consumed by every
// file under core/shape.

/** Per-point weights: finite and ≥ 0, length n; `null` = all 1. */
export type Weights = ArrayLike<number> | null;

/**
 * The weights as a fresh Float64Array of length n (all 1 for `null`). Throws when the length
 * differs from n or an entry is negative or not finite.
 */
export function checkedWeights(w: Weights, n: number, who: string): Float64Array {
  if (!Number.isInteger(n) || n < 0) throw new Error(`${who}: bad point count n = ${n}`);
  if (w === null) return new Float64Array(n).fill(1);
  if (w.length !== n) throw new Error(`${who}: ${w.length} weights for ${n} points`);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = w[i] as number;
    if (!(v >= 0) || !Number.isFinite(v)) {
      throw new Error(`${who}: weight ${i} is ${v}; weights must be finite and ≥ 0`);
    }
    out[i] = v;
  }
  return out;
}

/**
 * Throws unless `points` holds n rows of `dims` finite coordinates (it may hold more entries;
 * only the first n·dims are read).
 */
export function checkPoints(points: ArrayLike<number>, n: number, dims: number, who: string): void {
  if (!Number.isInteger(dims) || dims < 1) throw new Error(`${who}: bad dimension ${dims}`);
  if (points.length < n * dims) {
    throw new Error(`${who}: ${points.length} coordinates for ${n} points of ${dims} dims`);
  }
  for (let i = 0; i < n * dims; i++) {
    const v = points[i] as number;
    if (!Number.isFinite(v)) {
      throw new Error(`${who}: coordinate ${i % dims} of point ${Math.floor(i / dims)} is ${v}`);
    }
  }
}

/** Σ w. */
export function totalWeight(w: Float64Array): number {
  let s = 0;
  for (let i = 0; i < w.length; i++) s += w[i] as number;
  return s;
}
