// symmetricEigen / tridiagonalEigen against cyclic Jacobi in float64 (values to 1e-12 of the
// spectral norm, residuals, orthonormality, sign convention), the edge cases a spectrum view
// meets (n = 1, 2, zero, diagonal, repeated eigenvalues, extreme scales, a Wilkinson matrix),
// and the |λ| ordering and sign helpers.
import { describe, expect, it } from 'vitest';
import {
  fixSign,
  orderByMagnitude,
  symmetricEigen,
  symmetricEigenTop,
  tridiagonalEigen,
} from './eigen';
import {
  column,
  hasSignConvention,
  jacobiEigen,
  orthonormalityError,
  randomOrthogonal,
  randomSymmetric,
  residualNorm,
  withSpectrum,
} from './testReference';
import { seededRandom } from '../random';

/** Checks a full decomposition of `a` against Jacobi; tol is relative to the spectral norm. */
function expectDecomposition(a: Float64Array, n: number, tol = 1e-12): void {
  const ref = jacobiEigen(a, n);
  const norm = Math.max(...ref.values.map(Math.abs), Number.MIN_VALUE);
  const got = symmetricEigen(a, n, true);
  const valuesOnly = symmetricEigen(a, n, false);
  expect(valuesOnly.vectors).toBeNull();
  expect(got.values).toHaveLength(n);
  for (let j = 0; j < n; j++) {
    expect(Math.abs((got.values[j] as number) - (ref.values[j] as number))).toBeLessThanOrEqual(
      tol * norm,
    );
    expect(
      Math.abs((valuesOnly.values[j] as number) - (ref.values[j] as number)),
    ).toBeLessThanOrEqual(tol * norm);
    if (j > 0) expect(got.values[j]).toBeGreaterThanOrEqual(got.values[j - 1] as number);
  }
  const v = got.vectors;
  if (!v) throw new Error('vectors were requested');
  expect(v).toHaveLength(n * n);
  expect(orthonormalityError(v, n, n)).toBeLessThan(1e-12);
  for (let j = 0; j < n; j++) {
    const vj = column(v, n, n, j);
    expect(residualNorm(a, n, vj, got.values[j] as number)).toBeLessThan(tol * norm);
    expect(hasSignConvention(vj)).toBe(true);
  }
}

describe('symmetricEigen', () => {
  it('matches Jacobi on seeded random matrices of several sizes', () => {
    const rand = seededRandom(1);
    for (const n of [1, 2, 3, 4, 5, 8, 13, 32, 61])
      expectDecomposition(randomSymmetric(n, rand), n);
  });

  it('solves n = 1 and a 2×2 with known eigenvectors, signs fixed by the first tie', () => {
    const one = symmetricEigen([-3], 1, true);
    expect([...one.values]).toEqual([-3]);
    expect([...(one.vectors ?? [])]).toEqual([1]);
    const two = symmetricEigen([2, 1, 1, 2], 2, true);
    expect(two.values[0]).toBeCloseTo(1, 14);
    expect(two.values[1]).toBeCloseTo(3, 14);
    const v = two.vectors ?? new Float64Array(4);
    const h = Math.SQRT1_2;
    // Column 0 ∝ (1, −1): the tie on |.| goes to index 0, so (+h, −h), not (−h, +h).
    expect(v[0]).toBeCloseTo(h, 14);
    expect(v[2]).toBeCloseTo(-h, 14);
    expect(v[1]).toBeCloseTo(h, 14);
    expect(v[3]).toBeCloseTo(h, 14);
  });

  it('returns zeros and an orthonormal basis for the zero matrix, and handles n = 0', () => {
    const z = symmetricEigen(new Float64Array(25), 5, true);
    expect([...z.values]).toEqual([0, 0, 0, 0, 0]);
    expect(orthonormalityError(z.vectors ?? [], 5, 5)).toBe(0);
    const empty = symmetricEigen([], 0, true);
    expect(empty.values).toHaveLength(0);
    expect(empty.vectors).toHaveLength(0);
  });

  it('sorts a diagonal matrix and returns unit vectors of the right axes', () => {
    const diag = [3, -7, 0, 2, 2];
    const n = diag.length;
    const a = new Float64Array(n * n);
    diag.forEach((x, i) => (a[i * n + i] = x));
    const got = symmetricEigen(a, n, true);
    expect([...got.values]).toEqual([-7, 0, 2, 2, 3]);
    const v = got.vectors ?? new Float64Array(0);
    expect(column(v, n, n, 0)[1]).toBe(1);
    expect(column(v, n, n, 1)[2]).toBe(1);
    expect(column(v, n, n, 4)[0]).toBe(1);
    expectDecomposition(a, n);
  });

  it('handles repeated and clustered eigenvalues', () => {
    const rand = seededRandom(7);
    const lambda = [2, 2, 2, -1, -1, 0, 0, 5, 1e-9, 1 + 1e-12, 1];
    const n = lambda.length;
    const a = withSpectrum(randomOrthogonal(n, rand), lambda);
    expectDecomposition(a, n);
    const got = symmetricEigen(a, n, false);
    const sorted = [...lambda].sort((x, y) => x - y);
    sorted.forEach((x, i) =>
      expect(Math.abs((got.values[i] as number) - x)).toBeLessThan(1e-13 * 5),
    );
  });

  it('handles a low-rank form (a large cluster at zero, as most B_k have)', () => {
    const rand = seededRandom(13);
    const n = 60;
    const lambda = Array.from({ length: n }, (_, i) =>
      i === 0 ? 4 : i === 1 ? -2.5 : i === 2 ? 1e-3 : 0,
    );
    const a = withSpectrum(randomOrthogonal(n, rand), lambda);
    expectDecomposition(a, n);
    const got = symmetricEigen(a, n, false).values;
    expect(got[0]).toBeCloseTo(-2.5, 13);
    expect(got[n - 1]).toBeCloseTo(4, 13);
    expect(got[n - 2]).toBeCloseTo(1e-3, 13);
  });

  it('is scale-equivariant from 1e-300 to 1e300', () => {
    const rand = seededRandom(3);
    const n = 12;
    const base = randomSymmetric(n, rand);
    const ref = symmetricEigen(base, n, true);
    for (const scale of [1e-300, 1e-150, 1e-30, 1e30, 1e150, 1e300]) {
      const got = symmetricEigen(
        base.map((x) => x * scale),
        n,
        true,
      );
      for (let j = 0; j < n; j++) {
        const want = (ref.values[j] as number) * scale;
        expect(Math.abs((got.values[j] as number) - want)).toBeLessThan(
          1e-13 * Math.abs(scale) * 10,
        );
      }
      expect(orthonormalityError(got.vectors ?? [], n, n)).toBeLessThan(1e-12);
    }
    // Huge and tiny entries together: accurate relative to the norm, nothing overflows.
    const m = symmetricEigen([1e30, 1e-30, 1e-30, 1e-30], 2, true);
    expect(m.values[1]).toBe(1e30);
    expect(Math.abs(m.values[0] as number)).toBeLessThan(1e30 * 1e-15);
    expect(orthonormalityError(m.vectors ?? [], 2, 2)).toBeLessThan(1e-15);
  });

  it('does not modify its input, symmetrises a slightly asymmetric one, and refuses NaN', () => {
    const rand = seededRandom(5);
    const a = randomSymmetric(6, rand);
    const copy = a.slice();
    symmetricEigen(a, 6, true);
    expect(a).toEqual(copy);
    const skew = a.slice();
    skew[1] = (skew[1] as number) + 1e-3;
    skew[6] = (skew[6] as number) - 1e-3;
    const got = symmetricEigen(skew, 6, false).values;
    const want = symmetricEigen(a, 6, false).values;
    for (let j = 0; j < 6; j++) expect(got[j]).toBeCloseTo(want[j] as number, 13);
    a[8] = Number.NaN;
    expect(() => symmetricEigen(a, 6, false)).toThrow(/entry \(1, 2\) is NaN/);
    expect(() => symmetricEigen([1, 2, 3], 2, false)).toThrow(/expected n² = 4/);
  });
});

describe('tridiagonalEigen', () => {
  /** Dense form of a tridiagonal matrix. */
  function dense(diag: number[], off: number[]): Float64Array {
    const n = diag.length;
    const a = new Float64Array(n * n);
    diag.forEach((x, i) => (a[i * n + i] = x));
    off.forEach((x, i) => {
      a[i * n + i + 1] = x;
      a[(i + 1) * n + i] = x;
    });
    return a;
  }

  function expectTridiagonal(diag: number[], off: number[], tol = 1e-12): void {
    const n = diag.length;
    const a = dense(diag, off);
    const ref = jacobiEigen(a, n);
    const norm = Math.max(...ref.values.map(Math.abs), Number.MIN_VALUE);
    const got = tridiagonalEigen(diag, off, true);
    const values = tridiagonalEigen(diag, off, false).values;
    for (let j = 0; j < n; j++) {
      expect(Math.abs((got.values[j] as number) - (ref.values[j] as number))).toBeLessThan(
        tol * norm,
      );
      expect(values[j]).toBe(got.values[j]);
      const vj = column(got.vectors ?? [], n, n, j);
      expect(residualNorm(a, n, vj, got.values[j] as number)).toBeLessThan(tol * norm);
      expect(hasSignConvention(vj)).toBe(true);
    }
    expect(orthonormalityError(got.vectors ?? [], n, n)).toBeLessThan(1e-12);
  }

  it('matches Jacobi on random tridiagonals, including split ones', () => {
    const rand = seededRandom(11);
    for (const n of [1, 2, 3, 7, 20, 50]) {
      const diag = Array.from({ length: n }, () => rand() * 2 - 1);
      const off = Array.from({ length: n - 1 }, () => rand() * 2 - 1);
      expectTridiagonal(diag, off);
      if (n > 4) {
        off[2] = 0;
        off[n - 3] = 0;
        expectTridiagonal(diag, off);
      }
    }
  });

  it("resolves Wilkinson's W21+ (near-degenerate pairs)", () => {
    const diag = Array.from({ length: 21 }, (_, i) => Math.abs(10 - i));
    const off = new Array<number>(20).fill(1);
    expectTridiagonal(diag, off);
    const top = tridiagonalEigen(diag, off, false).values;
    expect(top[20]).toBeCloseTo(10.746194182903393, 13);
    expect(top[19]).toBeCloseTo(10.746194182903322, 13);
  });

  it('treats a zero off-diagonal as diagonal and a constant diagonal correctly', () => {
    const got = tridiagonalEigen([4, -1, 2], [0, 0], true);
    expect([...got.values]).toEqual([-1, 2, 4]);
    expectTridiagonal([1, 1, 1, 1], [1e-20, 1, 1e-20]);
    expectTridiagonal([0, 0, 0], [1e-150, 1e-150]);
    const tiny = tridiagonalEigen([0, 0], [1e-300], false).values;
    expect(Math.abs((tiny[0] as number) + 1e-300)).toBeLessThan(1e-314);
    expect(Math.abs((tiny[1] as number) - 1e-300)).toBeLessThan(1e-314);
    expectTridiagonal([1e20, -1e-20, 3], [1, 1e-10]);
  });
});

describe('orderByMagnitude', () => {
  it('orders by descending |λ|, positive first on ties, then by index', () => {
    expect([...orderByMagnitude([1, -3, 3, 0, -1, 2])]).toEqual([2, 1, 5, 0, 4, 3]);
    expect([...orderByMagnitude([2, 2, -2])]).toEqual([0, 1, 2]);
    expect([...orderByMagnitude([Number.NaN, 0, -5])]).toEqual([2, 1, 0]);
    expect([...orderByMagnitude([])]).toEqual([]);
  });
});

describe('fixSign', () => {
  it('makes the first largest-|.| component positive, in place', () => {
    const v = new Float64Array([0.1, -0.5, 0.5]);
    expect(fixSign(v)).toBe(v);
    expect([...v]).toEqual([-0.1, 0.5, -0.5]);
    expect([...fixSign(new Float64Array([0.1, 0.5, -0.5]))]).toEqual([0.1, 0.5, -0.5]);
    expect([...fixSign(new Float64Array([0, 0]))]).toEqual([0, 0]);
  });
});

describe('symmetricEigenTop', () => {
  /** Projector onto the given unit rows ([r, n]). */
  const projector = (rows: Float64Array, r: number, n: number) => {
    const p = new Float64Array(n * n);
    for (let a = 0; a < r; a++)
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++)
          p[i * n + j] =
            (p[i * n + j] as number) + (rows[a * n + i] as number) * (rows[a * n + j] as number);
    return p;
  };

  it('gives symmetricEigen’s values and the vectors of the largest |λ| (random matrices)', () => {
    const rand = seededRandom(21);
    for (const n of [1, 2, 5, 17, 64, 100]) {
      const a = randomSymmetric(n, rand);
      const full = symmetricEigen(a, n, true);
      const r = Math.min(8, n);
      const top = symmetricEigenTop(a, n, r);
      const norm = Math.max(...full.values.map(Math.abs));
      for (let j = 0; j < n; j++)
        expect(Math.abs((top.values[j] as number) - (full.values[j] as number))).toBeLessThan(
          1e-13 * norm,
        );
      const order = orderByMagnitude(full.values);
      for (let t = 0; t < r; t++) {
        const j = order[t] as number;
        expect(top.topValues[t]).toBe(full.values[j]);
        const want = column(full.vectors!, n, n, j);
        const got = top.topVectors.subarray(t * n, (t + 1) * n);
        // Same sign convention, so the same vector (random spectra are well separated).
        for (let i = 0; i < n; i++)
          expect(Math.abs((got[i] as number) - (want[i] as number))).toBeLessThan(1e-9);
        expect(residualNorm(a, n, Float64Array.from(got), top.topValues[t] as number)).toBeLessThan(
          1e-12 * norm,
        );
      }
    }
  });

  it('spans repeated top eigenvalues with an orthonormal basis, and handles low rank', () => {
    const rand = seededRandom(22);
    const n = 40;
    // A triple eigenvalue 3 and a pair −3 on top, then a low-rank tail of zeros.
    const lambda = Array.from({ length: n }, (_, i) => (i < 3 ? 3 : i < 5 ? -3 : i === 5 ? 1 : 0));
    const q = randomOrthogonal(n, rand);
    const a = withSpectrum(q, lambda);
    const top = symmetricEigenTop(a, n, 5);
    expect(orthonormalityError(transposeRows(top.topVectors, 5, n), n, 5)).toBeLessThan(1e-10);
    for (let t = 0; t < 5; t++) {
      const v = Float64Array.from(top.topVectors.subarray(t * n, (t + 1) * n));
      expect(residualNorm(a, n, v, top.topValues[t] as number)).toBeLessThan(1e-10);
      expect(hasSignConvention(v)).toBe(true);
    }
    // The projector onto the top 5 equals the one from the full decomposition.
    const full = symmetricEigen(a, n, true);
    const order = orderByMagnitude(full.values);
    const ref = new Float64Array(5 * n);
    for (let t = 0; t < 5; t++) ref.set(column(full.vectors!, n, n, order[t] as number), t * n);
    const p = projector(top.topVectors, 5, n);
    const pr = projector(ref, 5, n);
    for (let i = 0; i < n * n; i++)
      expect(Math.abs((p[i] as number) - (pr[i] as number))).toBeLessThan(1e-10);
    // Asking for more vectors than non-zero eigenvalues still gives unit, orthogonal vectors.
    const many = symmetricEigenTop(a, n, 8);
    expect(orthonormalityError(transposeRows(many.topVectors, 8, n), n, 8)).toBeLessThan(1e-8);
    expect(symmetricEigenTop(new Float64Array(0), 0, 3).topVectors).toHaveLength(0);
    expect(() => symmetricEigenTop([NaN], 1, 1)).toThrow(/finite/);
  });
});

/** [r, n] rows → [n, r] row-major (columns = the rows), for orthonormalityError. */
function transposeRows(rows: Float64Array, r: number, n: number): Float64Array {
  const out = new Float64Array(n * r);
  for (let a = 0; a < r; a++)
    for (let i = 0; i < n; i++) out[i * r + a] = rows[a * n + i] as number;
  return out;
}
