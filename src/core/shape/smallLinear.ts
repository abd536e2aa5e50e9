// The only owner of the shape diagnostics' small dense linear solves in float64 (n ≤ 6):
// Gaussian elimination with partial pivoting, for the circle and ellipse fits. Eigen-problems go
// to core/maths/eigen.

/**
 * Solves A x = b for a row-major n×n A (not modified). Returns null when A is singular to
 * working precision: a pivot below 1e-13 × the largest |entry| of A.
 */
export function solveLinear(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  n: number,
): Float64Array | null {
  const m = Float64Array.from({ length: n * n }, (_, i) => a[i] as number);
  const x = Float64Array.from({ length: n }, (_, i) => b[i] as number);
  let scale = 0;
  for (let i = 0; i < n * n; i++) scale = Math.max(scale, Math.abs(m[i] as number));
  if (!(scale > 0)) return null;
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) {
      if (Math.abs(m[r * n + c] as number) > Math.abs(m[p * n + c] as number)) p = r;
    }
    const pivot = m[p * n + c] as number;
    if (!(Math.abs(pivot) > 1e-13 * scale)) return null;
    if (p !== c) {
      for (let k = 0; k < n; k++) {
        const t = m[c * n + k] as number;
        m[c * n + k] = m[p * n + k] as number;
        m[p * n + k] = t;
      }
      const t = x[c] as number;
      x[c] = x[p] as number;
      x[p] = t;
    }
    for (let r = c + 1; r < n; r++) {
      const f = (m[r * n + c] as number) / pivot;
      if (f === 0) continue;
      for (let k = c; k < n; k++)
        m[r * n + k] = (m[r * n + k] as number) - f * (m[c * n + k] as number);
      x[r] = (x[r] as number) - f * (x[c] as number);
    }
  }
  for (let c = n - 1; c >= 0; c--) {
    let s = x[c] as number;
    for (let k = c + 1; k < n; k++) s -= (m[c * n + k] as number) * (x[k] as number);
    x[c] = s / (m[c * n + c] as number);
  }
  return x;
}
