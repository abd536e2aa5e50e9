// lowRankEigen against cyclic Jacobi of the explicitly formed Pᵀ diag(c) P: random forms, the BAE
// composite form built from l, r and D the direct way (½ Σ D_j (l rᵀ + r lᵀ)), rank-deficient P
// (duplicate, zero, cancelling rows; r > n), and eigenvectors, orthonormality and signs.
import { describe, expect, it } from 'vitest';
import { lowRankEigen } from './lowRank';
import {
  column,
  gaussian,
  hasSignConvention,
  jacobiEigen,
  orthonormalityError,
  residualNorm,
} from './testReference';
import { seededRandom } from '../random';

/** B = Pᵀ diag(c) P formed entry by entry. */
function formB(p: ArrayLike<number>, c: ArrayLike<number>, r: number, n: number): Float64Array {
  const b = new Float64Array(n * n);
  for (let j = 0; j < r; j++) {
    for (let s = 0; s < n; s++) {
      for (let t = 0; t < n; t++) {
        b[s * n + t] =
          (b[s * n + t] as number) +
          (c[j] as number) * (p[j * n + s] as number) * (p[j * n + t] as number);
      }
    }
  }
  return b;
}

/** Checks lowRankEigen(p, c) against Jacobi of B; returns the spectrum it found. */
function expectMatches(
  b: Float64Array,
  p: ArrayLike<number>,
  c: ArrayLike<number>,
  r: number,
  n: number,
  rank: number,
): Float64Array {
  const ref = jacobiEigen(b, n).values;
  const norm = Math.max(...ref.map(Math.abs));
  const got = lowRankEigen(p, c, r, n, true);
  expect(got.values).toHaveLength(rank);
  expect(lowRankEigen(p, c, r, n, false).values).toEqual(got.values);
  // The nonzero eigenvalues of B are the rank largest in |λ|; the rest are zero.
  const byMag = [...ref].sort((x, y) => Math.abs(y) - Math.abs(x));
  const nonzero = byMag.slice(0, rank).sort((x, y) => x - y);
  for (let i = 0; i < rank; i++) {
    expect(Math.abs((got.values[i] as number) - (nonzero[i] as number))).toBeLessThan(1e-12 * norm);
    if (i > 0) expect(got.values[i]).toBeGreaterThanOrEqual(got.values[i - 1] as number);
  }
  for (const x of byMag.slice(rank)) expect(Math.abs(x)).toBeLessThan(1e-12 * norm);
  const v = got.vectors as Float64Array;
  expect(v).toHaveLength(n * rank);
  expect(orthonormalityError(v, n, rank)).toBeLessThan(1e-12);
  for (let j = 0; j < rank; j++) {
    const u = column(v, n, rank, j);
    expect(residualNorm(b, n, u, got.values[j] as number)).toBeLessThan(1e-12 * norm);
    expect(hasSignConvention(u)).toBe(true);
  }
  return got.values;
}

describe('lowRankEigen', () => {
  it('matches the eigenvalues of the explicitly formed Pᵀ diag(c) P', () => {
    const rand = seededRandom(2);
    for (const [r, n] of [
      [1, 1],
      [1, 5],
      [3, 3],
      [6, 20],
      [10, 40],
    ] as const) {
      const p = Float64Array.from({ length: r * n }, () => gaussian(rand));
      const c = Float64Array.from({ length: r }, () => gaussian(rand));
      expectMatches(formB(p, c, r, n), p, c, r, n, r);
    }
  });

  it('reproduces a BAE composite ½ Σ_j D_j (l_j r_jᵀ + r_j l_jᵀ) from p = l + r, q = l − r', () => {
    const rand = seededRandom(8);
    const n = 16;
    const s = 5;
    const l = Array.from({ length: s * n }, () => gaussian(rand));
    const rr = Array.from({ length: s * n }, () => gaussian(rand));
    const dk = Array.from({ length: s }, () => gaussian(rand));
    const b = new Float64Array(n * n);
    for (let j = 0; j < s; j++) {
      for (let a = 0; a < n; a++) {
        for (let t = 0; t < n; t++) {
          const lr = (l[j * n + a] as number) * (rr[j * n + t] as number);
          const rl = (rr[j * n + a] as number) * (l[j * n + t] as number);
          b[a * n + t] = (b[a * n + t] as number) + 0.5 * (dk[j] as number) * (lr + rl);
        }
      }
    }
    const p = new Float64Array(2 * s * n);
    const c = new Float64Array(2 * s);
    for (let j = 0; j < s; j++) {
      for (let t = 0; t < n; t++) {
        p[j * n + t] = (l[j * n + t] as number) + (rr[j * n + t] as number);
        p[(s + j) * n + t] = (l[j * n + t] as number) - (rr[j * n + t] as number);
      }
      c[j] = (dk[j] as number) / 4;
      c[s + j] = -(dk[j] as number) / 4;
    }
    expectMatches(b, p, c, 2 * s, n, 2 * s);
  });

  it('handles rank-deficient P: duplicate, zero and cancelling rows, and r > n', () => {
    const rand = seededRandom(4);
    const n = 12;
    const row = () => Array.from({ length: n }, () => gaussian(rand));
    const a = row();
    const b = row();
    const zero = new Array<number>(n).fill(0);
    // Rows: a, a (duplicate), 0, b, b with c of opposite signs (cancels): B = (c0 + c1) a aᵀ.
    const p = [...a, ...a, ...zero, ...b, ...b];
    const c = [0.7, 0.6, 5, -2, 2];
    const got = expectMatches(formB(p, c, 5, n), p, c, 5, n, 1);
    const aa = a.reduce((s, x) => s + x * x, 0);
    expect(got[0]).toBeCloseTo(1.3 * aa, 12);

    const r = 30;
    const small = 6;
    const wide = Float64Array.from({ length: r * small }, () => gaussian(rand));
    const cw = Float64Array.from({ length: r }, () => gaussian(rand));
    expectMatches(formB(wide, cw, r, small), wide, cw, r, small, small);
  });

  it('returns an empty spectrum for a zero form', () => {
    const none = lowRankEigen(new Float64Array(12), [1, 2, 3], 3, 4, true);
    expect(none.values).toHaveLength(0);
    expect(none.vectors).toHaveLength(0);
    const zeroC = lowRankEigen([1, 2, 3, 4], [0, 0], 2, 2, false);
    expect(zeroC.values).toHaveLength(0);
    expect(zeroC.vectors).toBeNull();
    expect(lowRankEigen([], [], 0, 7, true).values).toHaveLength(0);
  });

  it('refuses bad shapes and non-finite input', () => {
    expect(() => lowRankEigen([1, 2, 3], [1, 1], 2, 2, false)).toThrow(/expected r × n = 4/);
    expect(() => lowRankEigen([1, 2, 3, 4], [1], 2, 2, false)).toThrow(/expected r = 2/);
    expect(() => lowRankEigen([1, Number.NaN], [1], 1, 2, false)).toThrow(/\(0, 1\) is NaN/);
  });
});
