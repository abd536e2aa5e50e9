// Test-only planted relations between composites, drawn from core/random's seeded generator:
// composites 0 and 1 co-fire on the same rows (correlation ≈ 1), 2 and 3 fire on different
// rows whose inputs are identical (same firing centroid), 4 and 5 share a top eigen-subspace
// (overlap 1) that is orthogonal to 6's (overlap 0), 7 has rank 1 and 8 is constant.
// The only owner of this fixture; nothing outside *.test.ts may import it.
import { gaussian } from '../maths/testReference';
import { seededRandom } from '../random';

export const C = 9;
export const N = 400;
export const D = 16;
export const R = 2;

export interface Fixture {
  /** [C, N] float32, row k = composite k's values. */
  h: Float32Array;
  /** [N, D] float32 unit rows. */
  xhat: Float32Array;
  /** [C, R, D] float64 orthonormal rows per composite. */
  U: Float64Array;
  /** Per composite rank (7 has 1). */
  ranks: Int32Array;
}

export function plantedFixture(seed = 1): Fixture {
  const rand = seededRandom(seed);
  const h = new Float32Array(C * N);
  // Background: every composite fires weakly and independently on every row.
  for (let i = 0; i < C * N; i++) h[i] = 0.1 * gaussian(rand);
  // 0 and 1 co-fire strongly on rows 0..39 (1 ≈ 2 × 0).
  for (let t = 0; t < 40; t++) {
    const v = 3 + rand();
    h[0 * N + t] = v;
    h[1 * N + t] = 2 * v + 0.01 * gaussian(rand);
  }
  // 2 fires on rows 100..119 and 3 on rows 200..219 with the same values; those rows' inputs
  // are copies of each other below, so their centroids are equal.
  for (let t = 0; t < 20; t++) {
    const v = 5 - 0.1 * t;
    h[2 * N + 100 + t] = v;
    h[3 * N + 200 + t] = v;
  }
  // 8 is constant.
  for (let t = 0; t < N; t++) h[8 * N + t] = 0.25;
  const xhat = new Float32Array(N * D);
  for (let t = 0; t < N; t++) {
    const src = t >= 200 && t < 220 ? t - 100 : t;
    if (src !== t) {
      xhat.copyWithin(t * D, src * D, src * D + D);
      continue;
    }
    const v = Array.from({ length: D }, () => gaussian(rand) + 0.5);
    const norm = Math.hypot(...v);
    for (let q = 0; q < D; q++) xhat[t * D + q] = (v[q] as number) / norm;
  }
  // Subspaces: an orthonormal basis e of R^D from Gram–Schmidt; 4 = span(e0, e1), 5 = the same
  // plane in a rotated basis, 6 = span(e2, e3); the rest random.
  const e = orthonormalBasis(rand);
  const U = new Float64Array(C * R * D);
  const setRow = (i: number, a: number, v: ArrayLike<number>) => {
    for (let q = 0; q < D; q++) U[(i * R + a) * D + q] = v[q] as number;
  };
  const mix = (c: number, s: number, x: Float64Array, y: Float64Array) =>
    Float64Array.from(x, (xv, q) => c * xv + s * (y[q] as number));
  const [e0, e1, e2, e3] = [0, 1, 2, 3].map((i) => e[i] as Float64Array) as [
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
  ];
  setRow(4, 0, e0);
  setRow(4, 1, e1);
  setRow(5, 0, mix(Math.cos(0.7), Math.sin(0.7), e0, e1));
  setRow(5, 1, mix(-Math.sin(0.7), Math.cos(0.7), e0, e1));
  setRow(6, 0, e2);
  setRow(6, 1, e3);
  for (const i of [0, 1, 2, 3, 7, 8]) {
    const b = orthonormalBasis(rand);
    setRow(i, 0, b[0] as Float64Array);
    setRow(i, 1, b[1] as Float64Array);
  }
  const ranks = new Int32Array(C).fill(R);
  ranks[7] = 1;
  return { h, xhat, U, ranks };
}

/** D orthonormal vectors (modified Gram–Schmidt on Gaussian vectors, twice). */
function orthonormalBasis(rand: () => number): Float64Array[] {
  const basis: Float64Array[] = [];
  for (let j = 0; j < D; j++) {
    const v = Float64Array.from({ length: D }, () => gaussian(rand));
    for (let pass = 0; pass < 2; pass++) {
      for (const b of basis) {
        let dot = 0;
        for (let q = 0; q < D; q++) dot += (v[q] as number) * (b[q] as number);
        for (let q = 0; q < D; q++) v[q] = (v[q] as number) - dot * (b[q] as number);
      }
    }
    const norm = Math.hypot(...v);
    basis.push(v.map((x) => x / norm));
  }
  return basis;
}
