// Test-only float64 references for the maths tests (eigen, lanczos, lowRank): the cyclic Jacobi
// eigenvalue algorithm, slow and obviously correct, plus random matrices (from core/random's
// seeded generator, passed in) and small matrix helpers.
// The only owner of these references; nothing outside *.test.ts may import it.

/** A standard normal sample (Box–Muller). */
export function gaussian(rand: () => number): number {
  const u = 1 - rand();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

/** Random symmetric n×n with N(0,1) entries, row-major. */
export function randomSymmetric(n: number, rand: () => number): Float64Array {
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      const x = gaussian(rand);
      a[i * n + j] = x;
      a[j * n + i] = x;
    }
  }
  return a;
}

/** Random n×n orthogonal matrix (modified Gram–Schmidt on Gaussian columns), row-major. */
export function randomOrthogonal(n: number, rand: () => number): Float64Array {
  const q = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    const v = Array.from({ length: n }, () => gaussian(rand));
    for (let pass = 0; pass < 2; pass++) {
      for (let k = 0; k < j; k++) {
        let dot = 0;
        for (let i = 0; i < n; i++) dot += (q[i * n + k] as number) * (v[i] as number);
        for (let i = 0; i < n; i++) v[i] = (v[i] as number) - dot * (q[i * n + k] as number);
      }
    }
    const norm = Math.hypot(...v);
    for (let i = 0; i < n; i++) q[i * n + j] = (v[i] as number) / norm;
  }
  return q;
}

/** Q diag(lambda) Qᵀ for an orthogonal Q (row-major). */
export function withSpectrum(q: Float64Array, lambda: ArrayLike<number>): Float64Array {
  const n = lambda.length;
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) {
        s += (q[i * n + k] as number) * (lambda[k] as number) * (q[j * n + k] as number);
      }
      a[i * n + j] = s;
    }
  }
  return a;
}

/**
 * Eigenvalues (ascending) and eigenvectors (columns, row-major) of a symmetric matrix by cyclic
 * Jacobi rotations, to full float64 accuracy.
 */
export function jacobiEigen(
  input: ArrayLike<number>,
  n: number,
): { values: number[]; vectors: Float64Array } {
  const a = Float64Array.from({ length: n * n }, (_, i) => input[i] as number);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  const at = (i: number, j: number) => a[i * n + j] as number;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    let total = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        total += at(i, j) ** 2;
        if (i !== j) off += at(i, j) ** 2;
      }
    }
    if (off <= 1e-32 * total || off === 0) break;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = at(p, q);
        if (apq === 0) continue;
        const theta = (at(q, q) - at(p, p)) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = at(k, p);
          const akq = at(k, q);
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = at(p, k);
          const aqk = at(q, k);
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p] as number;
          const vkq = v[k * n + q] as number;
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => at(i, i) - at(j, j));
  const vectors = new Float64Array(n * n);
  order.forEach((src, j) => {
    for (let i = 0; i < n; i++) vectors[i * n + j] = v[i * n + src] as number;
  });
  return { values: order.map((i) => at(i, i)), vectors };
}

/** Largest |λ| of a symmetric matrix (its spectral norm). */
export function spectralNorm(a: ArrayLike<number>, n: number): number {
  return Math.max(0, ...jacobiEigen(a, n).values.map(Math.abs));
}

/** Column j of an n×cols row-major matrix. */
export function column(m: ArrayLike<number>, rows: number, cols: number, j: number): Float64Array {
  const v = new Float64Array(rows);
  for (let i = 0; i < rows; i++) v[i] = m[i * cols + j] as number;
  return v;
}

/** ‖A v − λ v‖₂ for a row-major n×n A. */
export function residualNorm(
  a: ArrayLike<number>,
  n: number,
  v: ArrayLike<number>,
  lambda: number,
): number {
  let s = 0;
  for (let i = 0; i < n; i++) {
    let av = 0;
    for (let k = 0; k < n; k++) av += (a[i * n + k] as number) * (v[k] as number);
    s += (av - lambda * (v[i] as number)) ** 2;
  }
  return Math.sqrt(s);
}

/** max |(VᵀV − I)_ij| for an n×cols row-major V. */
export function orthonormalityError(v: ArrayLike<number>, n: number, cols: number): number {
  let worst = 0;
  for (let i = 0; i < cols; i++) {
    for (let j = 0; j < cols; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += (v[k * cols + i] as number) * (v[k * cols + j] as number);
      worst = Math.max(worst, Math.abs(s - (i === j ? 1 : 0)));
    }
  }
  return worst;
}

/** True when the largest-|.| entry (first on ties) is positive: fixSign's convention. */
export function hasSignConvention(v: ArrayLike<number>): boolean {
  let at = 0;
  for (let i = 1; i < v.length; i++) {
    if (Math.abs(v[i] as number) > Math.abs(v[at] as number)) at = i;
  }
  return v.length === 0 || (v[at] as number) >= 0;
}
