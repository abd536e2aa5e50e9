// The only owner of dense symmetric and tridiagonal eigen-decomposition in float64 (Householder
// tridiagonalisation + implicit QL with Wilkinson shifts, after EISPACK tred2/tql2), of the
// ordering of a spectrum by |λ| and of the eigenvector sign convention. Consumed by src/compute's
// spectral routes (the exact CPU route, the Ritz step of lanczos.ts, lowRank.ts) and by anything
// that shows a spectrum; symmetricEigenTop gives the eigenvectors of the largest |λ| only, for
// the subspace overlap. Pure float64 over typed arrays; runs in Node and in workers.
import { seededRandom } from '../random';

export interface SymmetricEigen {
  /** Eigenvalues, ascending, length n. */
  values: Float64Array;
  /** n×n row-major; COLUMN j is the unit eigenvector of values[j]; null when not requested. */
  vectors: Float64Array | null;
}

const EPS = 2 ** -52;
/** QL sweeps allowed per eigenvalue; two or three is typical, 30 is EISPACK's limit. */
const MAX_SWEEPS = 60;

/**
 * Eigen-decomposition of a symmetric n×n matrix `a` (row-major, length ≥ n², only read, never
 * modified; an asymmetric input is symmetrised as (A + Aᵀ)/2). Eigenvalues ascending; when
 * `wantVectors`, column j of `vectors` is the unit eigenvector of values[j] with fixSign's
 * convention. Throws on a non-finite entry or (never seen in practice) a QL iteration that does
 * not converge. Cost ≈ (4/3)n³ flops for values, ≈ 9n³ with vectors.
 */
export function symmetricEigen(
  a: ArrayLike<number>,
  n: number,
  wantVectors: boolean,
): SymmetricEigen {
  if (!Number.isInteger(n) || n < 0) throw new Error(`symmetricEigen: bad size n = ${n}`);
  if (a.length < n * n) {
    throw new Error(`symmetricEigen: matrix has ${a.length} entries, expected n² = ${n * n}`);
  }
  let amax = 0;
  for (let i = 0; i < n * n; i++) {
    const x = a[i] as number;
    if (!Number.isFinite(x)) {
      throw new Error(
        `symmetricEigen: entry (${Math.floor(i / n)}, ${i % n}) is ${x}; the matrix must be finite`,
      );
    }
    const ax = Math.abs(x);
    if (ax > amax) amax = ax;
  }
  const [s1, s2] = powerOfTwoScale(amax);
  // Work on the lower triangle of a power-of-two-scaled copy: exact, and keeps squares and
  // sums of squares far from overflow and underflow whatever the matrix's own scale.
  const w = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    for (let j = 0; j <= i; j++) {
      w[ri + j] = 0.5 * ((a[ri + j] as number) + (a[j * n + i] as number)) * s1 * s2;
    }
  }
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  const h = wantVectors ? new Float64Array(n) : null;
  tridiagonalise(w, n, d, e, h);
  const zt = h ? accumulateReflections(w, n, h) : null;
  // tridiagonalise leaves e[i] coupling i−1 and i; the QL step wants e[i] coupling i and i+1.
  for (let i = 1; i < n; i++) e[i - 1] = e[i] as number;
  if (n > 0) e[n - 1] = 0;
  ql(d, e, n, zt);
  return finish(d, zt, n, 1 / s1, 1 / s2);
}

/** Eigenvalues of a symmetric matrix with the eigenvectors of the largest |λ| only. */
export interface TopEigen {
  /** Every eigenvalue, ascending (as symmetricEigen). */
  values: Float64Array;
  /** The r eigenvalues of largest |λ|, by orderByMagnitude's order. */
  topValues: Float64Array;
  /** [r, n] row-major: row i the unit eigenvector of topValues[i], fixSign's convention. */
  topVectors: Float64Array;
}

/**
 * symmetricEigen's eigenvalues plus the eigenvectors of the r largest |λ| only, for much less
 * than the full decomposition: Householder tridiagonalisation and QL for the values (≈ (4/3)n³,
 * as without vectors), then for each wanted eigenvalue inverse iteration on the tridiagonal
 * (LU with partial pivoting, O(n) per solve; vectors of eigenvalues closer than 10⁻³‖T‖ are
 * orthogonalised against each other, as LAPACK's stein does) and the back-transformation by the
 * stored reflections (≈ 2n² per vector). Cost ≈ (4/3)n³ + 2n²r against ≈ 9n³ for every vector.
 * Same input rules as symmetricEigen (a is only read; symmetrised; finite).
 */
export function symmetricEigenTop(a: ArrayLike<number>, n: number, r: number): TopEigen {
  if (!Number.isInteger(n) || n < 0) throw new Error(`symmetricEigenTop: bad size n = ${n}`);
  if (a.length < n * n) {
    throw new Error(`symmetricEigenTop: matrix has ${a.length} entries, expected n² = ${n * n}`);
  }
  const count = Math.max(0, Math.min(n, Math.trunc(r)));
  let amax = 0;
  for (let i = 0; i < n * n; i++) {
    const x = a[i] as number;
    if (!Number.isFinite(x)) {
      throw new Error(
        `symmetricEigenTop: entry (${Math.floor(i / n)}, ${i % n}) is ${x}; the matrix must be finite`,
      );
    }
    amax = Math.max(amax, Math.abs(x));
  }
  const [s1, s2] = powerOfTwoScale(amax);
  const w = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    for (let j = 0; j <= i; j++) {
      w[ri + j] = 0.5 * ((a[ri + j] as number) + (a[j * n + i] as number)) * s1 * s2;
    }
  }
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  const h = new Float64Array(n);
  tridiagonalise(w, n, d, e, h);
  for (let i = 1; i < n; i++) e[i - 1] = e[i] as number;
  if (n > 0) e[n - 1] = 0;
  // The tridiagonal T (diag, off[i] couples i and i+1) is kept for the inverse iteration.
  const diag = d.slice();
  const off = e.slice();
  ql(d, e, n, null);
  const { values } = finish(d, null, n, 1, 1);
  const order = orderByMagnitude(values);
  let tnorm = 0;
  for (let i = 0; i < n; i++) {
    tnorm = Math.max(
      tnorm,
      Math.abs(diag[i] as number) +
        Math.abs(off[i] as number) +
        (i > 0 ? Math.abs(off[i - 1] as number) : 0),
    );
  }
  const topValues = new Float64Array(count);
  const topVectors = new Float64Array(count * n);
  const z = new Float64Array(count * n);
  const rand = seededRandom(1);
  for (let t = 0; t < count; t++) {
    const lambda = values[order[t] as number] as number;
    topValues[t] = lambda * (1 / s1) * (1 / s2);
    const cluster: number[] = [];
    for (let u = 0; u < t; u++) {
      const other = values[order[u] as number] as number;
      if (Math.abs(other - lambda) <= 1e-3 * tnorm) cluster.push(u);
    }
    const x = z.subarray(t * n, (t + 1) * n);
    inverseIteration(diag, off, n, lambda, tnorm, x, rand, (v) => {
      for (const u of cluster) {
        const y = z.subarray(u * n, (u + 1) * n);
        const g = dot(v, 0, y, 0, n);
        for (let i = 0; i < n; i++) v[i] = (v[i] as number) - g * (y[i] as number);
      }
    });
    // v = Q z with Q = H_{n−1} ⋯ H_1 (accumulateReflections builds Qᵀ = H_1 ⋯ H_{n−1}).
    const v = x.slice();
    for (let i = 1; i < n; i++) {
      const hi = h[i] as number;
      if (hi === 0) continue;
      const ri = i * n;
      const g = dot(w, ri, v, 0, i) / hi;
      if (g === 0) continue;
      for (let j = 0; j < i; j++) v[j] = (v[j] as number) - g * (w[ri + j] as number);
    }
    let norm = 0;
    for (let i = 0; i < n; i++) norm += (v[i] as number) ** 2;
    norm = Math.sqrt(norm);
    if (norm > 0) for (let i = 0; i < n; i++) v[i] = (v[i] as number) / norm;
    topVectors.set(fixSign(v), t * n);
  }
  return { values: values.map((v) => v * (1 / s1) * (1 / s2)), topValues, topVectors };
}

/**
 * Inverse iteration on the tridiagonal T (diag, off) for the eigenvalue λ: four solves of
 * (T − λI) x = x_prev from a seeded random start, each followed by `orthogonalise(x)` and
 * normalisation; zero pivots become ε‖T‖ (an exactly singular T − λI is what makes one solve
 * enough in exact arithmetic). Writes the unit eigenvector into `x`.
 */
function inverseIteration(
  diag: Float64Array,
  off: Float64Array,
  n: number,
  lambda: number,
  tnorm: number,
  x: Float64Array,
  rand: () => number,
  orthogonalise: (x: Float64Array) => void,
): void {
  if (n === 0) return;
  // LU with partial pivoting (LAPACK dgttrf): lower multipliers dl, U's diagonals dd, du, du2.
  const dd = new Float64Array(n);
  const dl = new Float64Array(n);
  const du = new Float64Array(n);
  const du2 = new Float64Array(n);
  const swap = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    dd[i] = (diag[i] as number) - lambda;
    if (i < n - 1) {
      dl[i] = off[i] as number;
      du[i] = off[i] as number;
    }
  }
  for (let i = 0; i < n - 1; i++) {
    const di = dd[i] as number;
    const li = dl[i] as number;
    if (Math.abs(di) >= Math.abs(li)) {
      const fact = di !== 0 ? li / di : 0;
      dl[i] = fact;
      dd[i + 1] = (dd[i + 1] as number) - fact * (du[i] as number);
    } else {
      const fact = di / li;
      dd[i] = li;
      dl[i] = fact;
      const temp = du[i] as number;
      du[i] = dd[i + 1] as number;
      dd[i + 1] = temp - fact * (dd[i + 1] as number);
      if (i < n - 2) {
        du2[i] = du[i + 1] as number;
        du[i + 1] = -fact * (du[i + 1] as number);
      }
      swap[i] = 1;
    }
  }
  const tiny = EPS * Math.max(tnorm, Number.MIN_VALUE);
  for (let i = 0; i < n; i++) if (Math.abs(dd[i] as number) < tiny) dd[i] = tiny;
  for (let i = 0; i < n; i++) x[i] = rand() - 0.5;
  for (let iter = 0; iter < 4; iter++) {
    // Scale first: the solve multiplies by up to 1/(ε‖T‖), so keep x near unit size.
    let big = 0;
    for (let i = 0; i < n; i++) big = Math.max(big, Math.abs(x[i] as number));
    if (big > 0) for (let i = 0; i < n; i++) x[i] = (x[i] as number) / big;
    for (let i = 0; i < n - 1; i++) {
      if (swap[i]) {
        const temp = x[i] as number;
        x[i] = x[i + 1] as number;
        x[i + 1] = temp - (dl[i] as number) * (x[i] as number);
      } else {
        x[i + 1] = (x[i + 1] as number) - (dl[i] as number) * (x[i] as number);
      }
    }
    x[n - 1] = (x[n - 1] as number) / (dd[n - 1] as number);
    if (n > 1) {
      x[n - 2] =
        ((x[n - 2] as number) - (du[n - 2] as number) * (x[n - 1] as number)) /
        (dd[n - 2] as number);
    }
    for (let i = n - 3; i >= 0; i--) {
      x[i] =
        ((x[i] as number) -
          (du[i] as number) * (x[i + 1] as number) -
          (du2[i] as number) * (x[i + 2] as number)) /
        (dd[i] as number);
    }
    let norm = 0;
    for (let i = 0; i < n; i++) norm = Math.max(norm, Math.abs(x[i] as number));
    if (norm > 0) for (let i = 0; i < n; i++) x[i] = (x[i] as number) / norm;
    orthogonalise(x);
    let s = 0;
    for (let i = 0; i < n; i++) s += (x[i] as number) ** 2;
    s = Math.sqrt(s);
    if (s > 0) for (let i = 0; i < n; i++) x[i] = (x[i] as number) / s;
  }
}

/**
 * Eigen-decomposition of the symmetric tridiagonal matrix with diagonal `diag` (n) and
 * off-diagonal `off` (n−1 entries read: off[i] couples i and i+1). Same output conventions
 * as symmetricEigen. Cost O(n²) for values, ≈ 6n³ flops with vectors.
 */
export function tridiagonalEigen(
  diag: ArrayLike<number>,
  off: ArrayLike<number>,
  wantVectors: boolean,
): SymmetricEigen {
  const n = diag.length;
  if (n > 1 && off.length < n - 1) {
    throw new Error(`tridiagonalEigen: off-diagonal has ${off.length} entries, expected ${n - 1}`);
  }
  let amax = 0;
  for (let i = 0; i < 2 * n - 1; i++) {
    const x = (i < n ? diag[i] : off[i - n]) as number;
    if (!Number.isFinite(x)) {
      const where = i < n ? `diag[${i}]` : `off[${i - n}]`;
      throw new Error(`tridiagonalEigen: ${where} is ${x}; the matrix must be finite`);
    }
    if (Math.abs(x) > amax) amax = Math.abs(x);
  }
  const [s1, s2] = powerOfTwoScale(amax);
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    d[i] = (diag[i] as number) * s1 * s2;
    if (i < n - 1) e[i] = (off[i] as number) * s1 * s2;
  }
  let zt: Float64Array | null = null;
  if (wantVectors) {
    zt = new Float64Array(n * n);
    for (let i = 0; i < n; i++) zt[i * n + i] = 1;
  }
  ql(d, e, n, zt);
  return finish(d, zt, n, 1 / s1, 1 / s2);
}

/**
 * Indices of `values` ordered by descending |λ|; ties go to the larger λ (positive first),
 * then to the lower index. NaNs come last.
 */
export function orderByMagnitude(values: ArrayLike<number>): Int32Array {
  const n = values.length;
  const idx = Array.from({ length: n }, (_, i) => i);
  const mag = (i: number) => {
    const v = values[i] as number;
    return Number.isNaN(v) ? -1 : Math.abs(v);
  };
  idx.sort((i, j) => {
    const dm = mag(j) - mag(i);
    if (dm !== 0) return dm;
    const vi = values[i] as number;
    const vj = values[j] as number;
    if (vi !== vj && !Number.isNaN(vi) && !Number.isNaN(vj)) return vj - vi;
    return i - j;
  });
  return Int32Array.from(idx);
}

/**
 * The eigenvector sign convention: flips `v` in place so that its largest-|.| component (the
 * first such index on ties) is positive. A zero vector is left as is. Returns `v`.
 */
export function fixSign(v: Float64Array): Float64Array {
  let best = 0;
  let at = -1;
  for (let i = 0; i < v.length; i++) {
    const x = Math.abs(v[i] as number);
    if (x > best) {
      best = x;
      at = i;
    }
  }
  if (at >= 0 && (v[at] as number) < 0) {
    for (let i = 0; i < v.length; i++) v[i] = -(v[i] as number);
  }
  return v;
}

/**
 * Two powers of two whose product maps `amax` near 1. Two factors because 2^k alone overflows
 * for subnormal amax (k > 1023); powers of two keep the scaling exact.
 */
function powerOfTwoScale(amax: number): [number, number] {
  if (amax === 0 || !Number.isFinite(amax)) return [1, 1];
  const k = -Math.floor(Math.log2(amax));
  const k1 = Math.trunc(k / 2);
  return [2 ** k1, 2 ** (k - k1)];
}

/**
 * Householder reduction of the symmetric matrix held in the lower triangle of `a` (row-major
 * n×n, destroyed) to tridiagonal form: diagonal in d, e[i] coupling i−1 and i. Step i reflects
 * with u = row i's entries 0..i−1 (left there for accumulateReflections) and H = I − uuᵀ/h,
 * h[i] (0: no reflection). Only the lower triangle is updated, and both the product A·u and the
 * rank-2 update walk rows contiguously (the column half of A·u is done as a scatter).
 */
function tridiagonalise(
  a: Float64Array,
  n: number,
  d: Float64Array,
  e: Float64Array,
  hOut: Float64Array | null,
): void {
  const p = new Float64Array(n);
  for (let i = n - 1; i >= 1; i--) {
    const l = i - 1;
    const ri = i * n;
    let h = 0;
    let scale = 0;
    if (l > 0) for (let k = 0; k <= l; k++) scale += Math.abs(a[ri + k] as number);
    if (scale === 0) {
      e[i] = a[ri + l] as number;
    } else {
      // Scaling row i by its 1-norm guards the sum of squares; H is scale-invariant.
      for (let k = 0; k <= l; k++) {
        const x = (a[ri + k] as number) / scale;
        a[ri + k] = x;
        h += x * x;
      }
      const f = a[ri + l] as number;
      const g = f >= 0 ? -Math.sqrt(h) : Math.sqrt(h);
      e[i] = scale * g;
      h -= f * g;
      a[ri + l] = f - g;
      // p = A u / h over the leading i×i block, from its lower triangle.
      p.fill(0, 0, i);
      for (let j = 0; j <= l; j++) {
        const rj = j * n;
        const uj = a[ri + j] as number;
        // Two accumulators: the add-latency chain, not the flops, bounds this loop.
        let s0 = 0;
        let s1 = 0;
        let k = 0;
        for (; k + 1 < j; k += 2) {
          const x0 = a[rj + k] as number;
          const x1 = a[rj + k + 1] as number;
          s0 += x0 * (a[ri + k] as number);
          s1 += x1 * (a[ri + k + 1] as number);
          p[k] = (p[k] as number) + x0 * uj;
          p[k + 1] = (p[k + 1] as number) + x1 * uj;
        }
        if (k < j) {
          const x = a[rj + k] as number;
          s0 += x * (a[ri + k] as number);
          p[k] = (p[k] as number) + x * uj;
        }
        p[j] = (p[j] as number) + s0 + s1 + (a[rj + j] as number) * uj;
      }
      let f2 = 0;
      for (let j = 0; j <= l; j++) {
        const pj = (p[j] as number) / h;
        p[j] = pj;
        f2 += pj * (a[ri + j] as number);
      }
      const hh = f2 / (h + h);
      for (let j = 0; j <= l; j++) p[j] = (p[j] as number) - hh * (a[ri + j] as number);
      // A ← A − u qᵀ − q uᵀ with q = p − (uᵀp / 2h) u, lower triangle only.
      for (let j = 0; j <= l; j++) {
        const rj = j * n;
        const uj = a[ri + j] as number;
        const qj = p[j] as number;
        for (let k = 0; k <= j; k++) {
          a[rj + k] = (a[rj + k] as number) - (uj * (p[k] as number) + qj * (a[ri + k] as number));
        }
      }
    }
    if (hOut) hOut[i] = h;
  }
  if (n > 0) e[0] = 0;
  for (let i = 0; i < n; i++) d[i] = a[i * n + i] as number;
}

/**
 * Qᵀ = H_1 H_2 ⋯ H_{n−1} (row-major), so that A = Q T Qᵀ. Kept transposed so that the QL
 * rotations, which mix two eigenvector columns of Q, mix two contiguous rows here.
 */
function accumulateReflections(a: Float64Array, n: number, h: Float64Array): Float64Array {
  const m = new Float64Array(n * n);
  for (let i = 0; i < n; i++) m[i * n + i] = 1;
  let i = 1;
  while (i < n) {
    const h1 = h[i] as number;
    const h2 = i + 1 < n ? (h[i + 1] as number) : 0;
    if (h1 !== 0 && h2 !== 0) {
      applyReflectionPair(m, a, n, i, h1, h2);
      i += 2;
    } else {
      if (h1 !== 0) applyReflection(m, a, n, i, h1);
      i += 1;
    }
  }
  return m;
}

/**
 * M ← M (I − u uᵀ / h) with u = row i of `a` (entries 0..i−1): H_1⋯H_{i−1} only touches rows
 * and columns 0..i−1. Each row's dot and update are fused so it is read from memory once.
 */
function applyReflection(m: Float64Array, a: Float64Array, n: number, i: number, h: number): void {
  const ri = i * n;
  for (let k = 0; k < i; k++) {
    const rk = k * n;
    const g = dot(m, rk, a, ri, i) / h;
    if (g === 0) continue;
    for (let j = 0; j < i; j++) m[rk + j] = (m[rk + j] as number) - g * (a[ri + j] as number);
  }
}

/**
 * M ← M H_i H_{i+1} in one pass over rows 0..i: per row, g1 = row·u1 / h1 and
 * g2 = (row·u2 − g1 u1·u2) / h2, then row −= g1 u1 + g2 u2. Half the memory traffic of two
 * single reflections, which is what bounds this O(n³) step for large n.
 */
function applyReflectionPair(
  m: Float64Array,
  a: Float64Array,
  n: number,
  i: number,
  h1: number,
  h2: number,
): void {
  const r1 = i * n;
  const r2 = r1 + n;
  const u12 = dot(a, r1, a, r2, i);
  const u2last = a[r2 + i] as number;
  for (let k = 0; k <= i; k++) {
    const rk = k * n;
    let d1 = 0;
    let d2 = 0;
    for (let j = 0; j < i; j++) {
      const x = m[rk + j] as number;
      d1 += x * (a[r1 + j] as number);
      d2 += x * (a[r2 + j] as number);
    }
    const last = m[rk + i] as number;
    d2 += last * u2last;
    const g1 = d1 / h1;
    const g2 = (d2 - g1 * u12) / h2;
    if (g1 === 0 && g2 === 0) continue;
    for (let j = 0; j < i; j++) {
      m[rk + j] = (m[rk + j] as number) - g1 * (a[r1 + j] as number) - g2 * (a[r2 + j] as number);
    }
    m[rk + i] = last - g2 * u2last;
  }
}

/** x[xo..xo+len) · y[yo..yo+len), with two accumulators (the add latency bounds a dot in V8). */
export function dot(x: Float64Array, xo: number, y: Float64Array, yo: number, len: number): number {
  let s0 = 0;
  let s1 = 0;
  let j = 0;
  for (; j + 1 < len; j += 2) {
    s0 += (x[xo + j] as number) * (y[yo + j] as number);
    s1 += (x[xo + j + 1] as number) * (y[yo + j + 1] as number);
  }
  if (j < len) s0 += (x[xo + j] as number) * (y[yo + j] as number);
  return s0 + s1;
}

/** √(a² + b²) without overflow or destructive underflow. */
function pythag(a: number, b: number): number {
  const aa = Math.abs(a);
  const bb = Math.abs(b);
  if (aa > bb) {
    const t = bb / aa;
    return aa * Math.sqrt(1 + t * t);
  }
  if (bb === 0) return 0;
  const t = aa / bb;
  return bb * Math.sqrt(1 + t * t);
}

/**
 * Implicit QL with Wilkinson shifts on the tridiagonal (d, e; e[i] couples i and i+1; both
 * destroyed: d ends as the unsorted eigenvalues). When `zt` is given, its rows are rotated
 * along, so row j ends as the eigenvector of d[j] in zt's input basis.
 */
function ql(d: Float64Array, e: Float64Array, n: number, zt: Float64Array | null): void {
  let tnorm = 0;
  for (let i = 0; i < n; i++) {
    tnorm = Math.max(tnorm, Math.abs(d[i] as number) + Math.abs(e[i] as number));
  }
  // An absolute floor besides the usual relative test, so that a block of (near-)zero
  // diagonal entries cannot keep the iteration going on denormal couplings.
  const floor = EPS * EPS * tnorm;
  const cos = zt ? new Float64Array(n) : null;
  const sin = zt ? new Float64Array(n) : null;
  for (let l = 0; l < n; l++) {
    let sweeps = 0;
    for (;;) {
      let m = l;
      for (; m < n - 1; m++) {
        const em = Math.abs(e[m] as number);
        const dd = Math.abs(d[m] as number) + Math.abs(d[m + 1] as number);
        if (em <= EPS * dd || em <= floor) break;
      }
      if (m === l) break;
      if (++sweeps > MAX_SWEEPS) {
        throw new Error(
          `tridiagonal QL did not converge for eigenvalue ${l} of ${n} after ${MAX_SWEEPS} sweeps`,
        );
      }
      const dl = d[l] as number;
      const el = e[l] as number;
      // Wilkinson shift: the eigenvalue of the leading 2×2 block nearer to d[l].
      let g = ((d[l + 1] as number) - dl) / (2 * el);
      let r = pythag(g, 1);
      g = (d[m] as number) - dl + el / (g + (g >= 0 ? r : -r));
      let s = 1;
      let c = 1;
      let p = 0;
      let i = m - 1;
      for (; i >= l; i--) {
        const f = s * (e[i] as number);
        const b = c * (e[i] as number);
        // f and g are O(‖T‖) after the callers' scaling: only tiny ones need pythag.
        r = Math.sqrt(f * f + g * g);
        if (r < 1e-150) r = pythag(f, g);
        e[i + 1] = r;
        if (r === 0) break;
        const inv = 1 / r;
        s = f * inv;
        c = g * inv;
        g = (d[i + 1] as number) - p;
        r = ((d[i] as number) - g) * s + 2 * c * b;
        p = s * r;
        d[i + 1] = g + p;
        g = c * r - b;
        if (cos && sin) {
          cos[i] = c;
          sin[i] = s;
        }
      }
      if (zt && cos && sin) rotateRows(zt, n, i + 1, m - 1, cos, sin);
      if (i >= l) {
        // Underflow split (r = 0 above): the chase stopped early; retry the sweep.
        d[i + 1] = (d[i + 1] as number) - p;
        e[m] = 0;
        continue;
      }
      d[l] = dl - p;
      e[l] = g;
      e[m] = 0;
    }
  }
}

/**
 * Applies one QL sweep's rotations to zt: for i = top down to bottom, rows (i, i+1) ←
 * (c_i·z_i − s_i·z_{i+1}, s_i·z_i + c_i·z_{i+1}). Row i+1 is final once rotation i is done, so
 * the running row is carried in registers over a strip of four columns: one load and one store
 * per element and rotation instead of two of each, which is what bounds this loop in V8.
 */
function rotateRows(
  zt: Float64Array,
  n: number,
  bottom: number,
  top: number,
  cos: Float64Array,
  sin: Float64Array,
): void {
  if (top < bottom) return;
  const full = n - (n & 3);
  for (let k0 = 0; k0 < full; k0 += 4) {
    let p = (top + 1) * n + k0;
    let x0 = zt[p] as number;
    let x1 = zt[p + 1] as number;
    let x2 = zt[p + 2] as number;
    let x3 = zt[p + 3] as number;
    for (let i = top; i >= bottom; i--) {
      const c = cos[i] as number;
      const s = sin[i] as number;
      const q = p - n;
      const z0 = zt[q] as number;
      const z1 = zt[q + 1] as number;
      const z2 = zt[q + 2] as number;
      const z3 = zt[q + 3] as number;
      zt[p] = s * z0 + c * x0;
      zt[p + 1] = s * z1 + c * x1;
      zt[p + 2] = s * z2 + c * x2;
      zt[p + 3] = s * z3 + c * x3;
      x0 = c * z0 - s * x0;
      x1 = c * z1 - s * x1;
      x2 = c * z2 - s * x2;
      x3 = c * z3 - s * x3;
      p = q;
    }
    zt[p] = x0;
    zt[p + 1] = x1;
    zt[p + 2] = x2;
    zt[p + 3] = x3;
  }
  for (let k = full; k < n; k++) {
    let p = (top + 1) * n + k;
    let x = zt[p] as number;
    for (let i = top; i >= bottom; i--) {
      const c = cos[i] as number;
      const s = sin[i] as number;
      const z = zt[p - n] as number;
      zt[p] = s * z + c * x;
      x = c * z - s * x;
      p -= n;
    }
    zt[p] = x;
  }
}

/** Sorts ascending, undoes the scaling, applies the sign convention and transposes vectors. */
function finish(
  d: Float64Array,
  zt: Float64Array | null,
  n: number,
  u1: number,
  u2: number,
): SymmetricEigen {
  const order = Array.from({ length: n }, (_, i) => i);
  order.sort((i, j) => (d[i] as number) - (d[j] as number) || i - j);
  const values = new Float64Array(n);
  for (let j = 0; j < n; j++) values[j] = (d[order[j] as number] as number) * u1 * u2;
  if (!zt) return { values, vectors: null };
  const vectors = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    const row = order[j] as number;
    const z = fixSign(zt.subarray(row * n, row * n + n));
    for (let i = 0; i < n; i++) vectors[i * n + j] = z[i] as number;
  }
  return { values, vectors };
}
