// The training scripts' only owner of dense float64 kernels: the one matrix product they use
// (C = A·Bᵀ, register-tiled), transposes, the seeded random source, orthonormal initialisation
// and the symmetric eigenvalue solver behind the PCA floor. Consumed by bae.ts, train.ts and
// pcaFloor.ts. Row-major Float64Array everywhere; plain loops, one thread, no dependencies.
import { seededRandom } from '../../src/core/random.ts';

/** Row-major matrix: `rows × cols` values in `data`. */
export interface Mat {
  rows: number;
  cols: number;
  data: Float64Array;
}

export function mat(rows: number, cols: number, data?: Float64Array): Mat {
  return { rows, cols, data: data ?? new Float64Array(rows * cols) };
}

/**
 * out = A·Bᵀ (or out += A·Bᵀ with `accumulate`), A [m×k], B [n×k], out [m×n].
 * Every product in the trainer is written in this form (with explicit transposes where
 * needed) because its inner loop is two contiguous dot products; a 4×4 register tile reads
 * 8 values per 16 multiply-adds, which is what keeps V8 near one MAC per cycle.
 */
export function gemmNT(A: Mat, B: Mat, out: Mat, accumulate = false, scale = 1): void {
  const m = A.rows;
  const n = B.rows;
  const k = A.cols;
  if (B.cols !== k || out.rows !== m || out.cols !== n) {
    throw new Error(`gemmNT shapes: A ${m}×${k}, B ${n}×${B.cols}, out ${out.rows}×${out.cols}`);
  }
  const a = A.data;
  const b = B.data;
  const c = out.data;
  const m4 = m - (m % 4);
  const n4 = n - (n % 4);
  for (let i = 0; i < m4; i += 4) {
    const a0 = i * k;
    const a1 = a0 + k;
    const a2 = a1 + k;
    const a3 = a2 + k;
    for (let j = 0; j < n4; j += 4) {
      const b0 = j * k;
      const b1 = b0 + k;
      const b2 = b1 + k;
      const b3 = b2 + k;
      let c00 = 0,
        c01 = 0,
        c02 = 0,
        c03 = 0;
      let c10 = 0,
        c11 = 0,
        c12 = 0,
        c13 = 0;
      let c20 = 0,
        c21 = 0,
        c22 = 0,
        c23 = 0;
      let c30 = 0,
        c31 = 0,
        c32 = 0,
        c33 = 0;
      for (let p = 0; p < k; p++) {
        const x0 = a[a0 + p]!;
        const x1 = a[a1 + p]!;
        const x2 = a[a2 + p]!;
        const x3 = a[a3 + p]!;
        const y0 = b[b0 + p]!;
        const y1 = b[b1 + p]!;
        const y2 = b[b2 + p]!;
        const y3 = b[b3 + p]!;
        c00 += x0 * y0;
        c01 += x0 * y1;
        c02 += x0 * y2;
        c03 += x0 * y3;
        c10 += x1 * y0;
        c11 += x1 * y1;
        c12 += x1 * y2;
        c13 += x1 * y3;
        c20 += x2 * y0;
        c21 += x2 * y1;
        c22 += x2 * y2;
        c23 += x2 * y3;
        c30 += x3 * y0;
        c31 += x3 * y1;
        c32 += x3 * y2;
        c33 += x3 * y3;
      }
      store(c, i * n + j, accumulate, scale, c00, c01, c02, c03);
      store(c, (i + 1) * n + j, accumulate, scale, c10, c11, c12, c13);
      store(c, (i + 2) * n + j, accumulate, scale, c20, c21, c22, c23);
      store(c, (i + 3) * n + j, accumulate, scale, c30, c31, c32, c33);
    }
    for (let j = n4; j < n; j++) {
      for (let r = 0; r < 4; r++) edge(a, b, c, i + r, j, k, n, accumulate, scale);
    }
  }
  for (let i = m4; i < m; i++) {
    for (let j = 0; j < n; j++) edge(a, b, c, i, j, k, n, accumulate, scale);
  }
}

function store(
  c: Float64Array,
  o: number,
  acc: boolean,
  s: number,
  v0: number,
  v1: number,
  v2: number,
  v3: number,
): void {
  if (acc) {
    c[o] = c[o]! + s * v0;
    c[o + 1] = c[o + 1]! + s * v1;
    c[o + 2] = c[o + 2]! + s * v2;
    c[o + 3] = c[o + 3]! + s * v3;
  } else {
    c[o] = s * v0;
    c[o + 1] = s * v1;
    c[o + 2] = s * v2;
    c[o + 3] = s * v3;
  }
}

function edge(
  a: Float64Array,
  b: Float64Array,
  c: Float64Array,
  i: number,
  j: number,
  k: number,
  n: number,
  acc: boolean,
  s: number,
): void {
  let sum = 0;
  const ai = i * k;
  const bj = j * k;
  for (let p = 0; p < k; p++) sum += a[ai + p]! * b[bj + p]!;
  const o = i * n + j;
  c[o] = acc ? c[o]! + s * sum : s * sum;
}

/** Aᵀ as a new matrix (blocked so both sides stay in cache). */
export function transpose(A: Mat, out?: Mat): Mat {
  const r = A.rows;
  const c = A.cols;
  const t = out ?? mat(c, r);
  const a = A.data;
  const o = t.data;
  const BS = 32;
  for (let i0 = 0; i0 < r; i0 += BS) {
    const i1 = Math.min(r, i0 + BS);
    for (let j0 = 0; j0 < c; j0 += BS) {
      const j1 = Math.min(c, j0 + BS);
      for (let i = i0; i < i1; i++) {
        for (let j = j0; j < j1; j++) o[j * r + i] = a[i * c + j]!;
      }
    }
  }
  return t;
}

/** Seeded PRNG (mulberry32, the app's own): uniform in [0, 1), the same stream everywhere. */
export const rng = seededRandom;

/** Standard normal sampler (Box–Muller) over a uniform source. */
export function gaussian(uniform: () => number): () => number {
  return () => {
    const u = 1 - uniform();
    const v = uniform();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
}

/** Fisher–Yates shuffle of 0..n-1. */
export function permutation(n: number, uniform: () => number): Int32Array {
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(uniform() * (i + 1));
    const t = p[i]!;
    p[i] = p[j]!;
    p[j] = t;
  }
  return p;
}

/**
 * A random semi-orthogonal matrix like torch.nn.init.orthogonal_: for rows ≥ cols the columns
 * are orthonormal, otherwise the rows are. Modified Gram–Schmidt on a Gaussian draw.
 */
export function orthogonal(rows: number, cols: number, normal: () => number): Mat {
  const tall = rows >= cols;
  const nVec = tall ? cols : rows;
  const len = tall ? rows : cols;
  const v = new Float64Array(nVec * len);
  for (let i = 0; i < v.length; i++) v[i] = normal();
  for (let a = 0; a < nVec; a++) {
    const oa = a * len;
    for (let b = 0; b < a; b++) {
      const ob = b * len;
      let dot = 0;
      for (let p = 0; p < len; p++) dot += v[oa + p]! * v[ob + p]!;
      for (let p = 0; p < len; p++) v[oa + p] = v[oa + p]! - dot * v[ob + p]!;
    }
    let nrm = 0;
    for (let p = 0; p < len; p++) nrm += v[oa + p]! * v[oa + p]!;
    nrm = Math.sqrt(nrm);
    for (let p = 0; p < len; p++) v[oa + p] = v[oa + p]! / nrm;
  }
  const out = mat(nVec, len, v);
  return tall ? transpose(out) : out;
}

/**
 * All eigenvalues of a symmetric matrix (ascending), float64: Householder reduction to
 * tridiagonal form (eigenvalues only, so no accumulation of the transforms) followed by the
 * implicit QL iteration. O(n³) for the reduction; `A` is overwritten.
 */
export function symmetricEigenvalues(A: Mat): Float64Array {
  const n = A.rows;
  const a = A.data;
  const diag = new Float64Array(n);
  const off = new Float64Array(n);
  const v = new Float64Array(n);
  const w = new Float64Array(n);
  // Reduce columns 0..n-3: below-diagonal part of column k becomes a single entry.
  for (let k = 0; k < n - 2; k++) {
    let alpha = 0;
    for (let i = k + 1; i < n; i++) alpha += a[i * n + k]! * a[i * n + k]!;
    alpha = Math.sqrt(alpha);
    const x0 = a[(k + 1) * n + k]!;
    if (x0 > 0) alpha = -alpha;
    diag[k] = a[k * n + k]!;
    off[k] = alpha;
    const r2 = alpha * alpha - x0 * alpha; // ‖x − αe₁‖²/2
    if (r2 <= 0) continue;
    for (let i = k + 1; i < n; i++) v[i] = a[i * n + k]!;
    v[k + 1] = x0 - alpha;
    const inv = 1 / r2; // H = I − v vᵀ / r2
    // p = A v / r2 over the trailing block (symmetric, full storage).
    for (let i = k + 1; i < n; i++) {
      let s = 0;
      const row = i * n;
      for (let j = k + 1; j < n; j++) s += a[row + j]! * v[j]!;
      w[i] = s * inv;
    }
    let vp = 0;
    for (let i = k + 1; i < n; i++) vp += v[i]! * w[i]!;
    const kk = (vp * inv) / 2;
    for (let i = k + 1; i < n; i++) w[i] = w[i]! - kk * v[i]!;
    // A ← A − v wᵀ − w vᵀ.
    for (let i = k + 1; i < n; i++) {
      const vi = v[i]!;
      const wi = w[i]!;
      const row = i * n;
      for (let j = k + 1; j < n; j++) a[row + j] = a[row + j]! - vi * w[j]! - wi * v[j]!;
    }
  }
  if (n >= 2) {
    diag[n - 2] = a[(n - 2) * n + n - 2]!;
    off[n - 2] = a[(n - 1) * n + n - 2]!;
  }
  diag[n - 1] = a[(n - 1) * n + n - 1]!;
  off[n - 1] = 0;
  tridiagonalQL(diag, off);
  return diag.sort();
}

/** Implicit QL with Wilkinson shifts on (d, e): e[i] couples d[i] and d[i+1]. d ← eigenvalues. */
function tridiagonalQL(d: Float64Array, e: Float64Array): void {
  const n = d.length;
  for (let l = 0; l < n; l++) {
    let iter = 0;
    for (;;) {
      let m = l;
      for (; m < n - 1; m++) {
        const dd = Math.abs(d[m]!) + Math.abs(d[m + 1]!);
        if (Math.abs(e[m]!) <= Number.EPSILON * dd) break;
      }
      if (m === l) break;
      if (++iter > 60) throw new Error('tridiagonalQL: no convergence');
      let g = (d[l + 1]! - d[l]!) / (2 * e[l]!);
      let r = Math.hypot(g, 1);
      g = d[m]! - d[l]! + e[l]! / (g + (g >= 0 ? r : -r));
      let s = 1;
      let c = 1;
      let p = 0;
      let i = m - 1;
      for (; i >= l; i--) {
        const f = s * e[i]!;
        const b = c * e[i]!;
        r = Math.hypot(f, g);
        e[i + 1] = r;
        if (r === 0) {
          d[i + 1] = d[i + 1]! - p;
          e[m] = 0;
          break;
        }
        s = f / r;
        c = g / r;
        g = d[i + 1]! - p;
        r = (d[i]! - g) * s + 2 * c * b;
        p = s * r;
        d[i + 1] = g + p;
        g = c * r - b;
      }
      if (r === 0 && i >= l) continue;
      d[l] = d[l]! - p;
      e[l] = g;
      e[m] = 0;
    }
  }
}
