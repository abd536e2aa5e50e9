// topNeighbours against a reference that sorts each row completely (signed and |value|), with
// the floor and isolated flags; matrix and function inputs agree; rank 'absolute' on a cosine
// matrix reproduces core/stats formNeighbours; the planted fixture's pairs are each other's
// first neighbour under the measure that plants them.
import { describe, expect, it } from 'vitest';
import { topNeighbours, type NeighbourRank } from './neighbours';
import { coactivation } from './coactivation';
import { centroidCosine, firingCentroids } from './centroids';
import { subspaceOverlap } from './subspaceOverlap';
import { C, D, N, R, plantedFixture } from './testFixture';
import { formNeighbours } from '../stats';
import { gaussian } from '../maths/testReference';
import { seededRandom } from '../random';

function referenceTop(m: ArrayLike<number>, n: number, i: number, k: number, rank: NeighbourRank) {
  const key = (v: number) => (rank === 'absolute' ? Math.abs(v) : v);
  return Array.from({ length: n }, (_, j) => j)
    .filter((j) => j !== i && !Number.isNaN(m[i * n + j] as number))
    .sort((a, b) => key(m[i * n + b] as number) - key(m[i * n + a] as number) || a - b)
    .slice(0, k);
}

describe('topNeighbours', () => {
  it('matches the full-sort reference, signed and absolute, with ties and NaNs', () => {
    const rand = seededRandom(2);
    const n = 40;
    const m = Float64Array.from({ length: n * n }, () => Math.round(8 * (2 * rand() - 1)) / 4);
    m[3 * n + 5] = NaN;
    for (const rank of ['signed', 'absolute'] as const) {
      const got = topNeighbours(m, n, 6, 1.5, rank);
      expect(got.k).toBe(6);
      for (let i = 0; i < n; i++) {
        const ref = referenceTop(m, n, i, 6, rank);
        expect([...got.index.subarray(i * 6, i * 6 + 6)]).toEqual(ref);
        expect([...got.similarity.subarray(i * 6, i * 6 + 6)]).toEqual(
          ref.map((j) => m[i * n + j]),
        );
        const close = ref.filter(
          (j) =>
            (rank === 'absolute' ? Math.abs(m[i * n + j] as number) : (m[i * n + j] as number)) >=
            1.5,
        ).length;
        expect(got.close[i]).toBe(close);
        expect(got.isolated[i]).toBe(close === 0 ? 1 : 0);
      }
      const viaFunction = topNeighbours((i, j) => m[i * n + j] as number, n, 6, 1.5, rank);
      expect(viaFunction).toEqual(got);
    }
  });

  it('flags composites with no neighbour at or above the floor, pads short lists', () => {
    const m = Float64Array.from([1, 0.2, 0.9, 0.2, 1, 0.1, 0.9, 0.1, 1]);
    const got = topNeighbours(m, 3, 5, 0.5);
    expect(got.k).toBe(2);
    expect([...got.index]).toEqual([2, 1, 0, 2, 0, 1]);
    expect([...got.isolated]).toEqual([0, 1, 0]);
    expect([...got.close]).toEqual([1, 0, 1]);
    const nan = topNeighbours(Float64Array.from([1, NaN, NaN, 1]), 2, 1, 0);
    expect([...nan.index]).toEqual([-1, -1]);
    expect(nan.similarity[0]).toBeNaN();
    expect([...nan.isolated]).toEqual([1, 1]);
    expect(topNeighbours(new Float64Array(1), 1, 3, 0).k).toBe(0);
    expect(() => topNeighbours(new Float64Array(3), 2, 1, 0)).toThrow(/need C²/);
  });

  it("with rank 'absolute' on the forms' cosine reproduces formNeighbours", () => {
    const rand = seededRandom(4);
    const n = 30;
    const f = 12;
    const forms = Array.from({ length: n }, () => Array.from({ length: f }, () => gaussian(rand)));
    forms[7] = forms[7]?.map(() => 0) ?? [];
    const msym = new Float32Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++)
        msym[i * n + j] = (forms[i] as number[]).reduce(
          (s, x, q) => s + x * ((forms[j] as number[])[q] as number),
          0,
        );
    }
    const norms = Array.from({ length: n }, (_, i) => Math.sqrt(msym[i * n + i] as number));
    const cos = Float32Array.from({ length: n * n }, (_, t) => {
      const i = Math.floor(t / n);
      const j = t % n;
      return (norms[i] as number) === 0 || (norms[j] as number) === 0
        ? NaN
        : (msym[t] as number) / ((norms[i] as number) * (norms[j] as number));
    });
    const mine = topNeighbours(cos, n, 5, -Infinity, 'absolute');
    const stats = formNeighbours(msym, n, 5);
    for (let i = 0; i < n; i++) {
      if (i === 7) continue;
      expect([...mine.index.subarray(i * 5, i * 5 + 5)]).toEqual([
        ...stats.index.subarray(i * 5, i * 5 + 5),
      ]);
    }
  });

  it('finds each planted pair as first neighbour under its own measure', () => {
    const { h, xhat, U, ranks } = plantedFixture();
    const corr = coactivation(h, C, N).corr;
    expect(topNeighbours(corr, C, 3, 0.5).index[0 * 3]).toBe(1);
    expect(topNeighbours(corr, C, 3, 0.5).index[1 * 3]).toBe(0);
    const { centroids } = firingCentroids(h, C, N, xhat, D, 20, true);
    const cos = centroidCosine(centroids, C, D).cosine;
    expect(topNeighbours(cos, C, 3, 0.9).index[2 * 3]).toBe(3);
    const overlap = subspaceOverlap(U, C, R, D, ranks);
    const byOverlap = topNeighbours(overlap, C, 3, 0.5);
    expect(byOverlap.index[4 * 3]).toBe(5);
    expect(byOverlap.index[5 * 3]).toBe(4);
    expect(byOverlap.isolated[6]).toBe(1);
  });
});
