// themeSeparation on points with hand-computed medians (odd and even pair counts, repeats,
// singleton groups), the distance-function source, and the sampled estimate of the all-pairs
// median against the exact one.
import { describe, expect, it } from 'vitest';
import { themeSeparation } from './themeSeparation';
import { seededRandom } from '../random';

describe('themeSeparation', () => {
  it('gives the hand-computed medians on a line of points', () => {
    // x = 0, 1, 3, 6, 10 on a line (2-D points with y = 0).
    const xs = [0, 1, 3, 6, 10];
    const points = xs.flatMap((x) => [x, 0]);
    // All 10 pair distances: 1 3 6 10 2 5 9 3 7 4 → sorted 1 2 3 3 4 5 6 7 9 10 → median 4.5.
    // Group [0, 1, 2]: 1, 3, 2 → 2. Group [3, 4, 3]: one pair → 4. Group [2]: NaN.
    // Group [0, 1, 3, 4]: 1, 6, 10, 5, 9, 4 → sorted 1 4 5 6 9 10 → (5 + 6)/2 = 5.5.
    const res = themeSeparation({ points, dims: 2 }, [[0, 1, 2], [3, 4, 3], [2], [0, 1, 3, 4]]);
    expect(res.all).toBe(4.5);
    expect(res.allSampled).toBe(false);
    expect(res.within[0]).toBe(2);
    expect(res.within[1]).toBe(4);
    expect(res.within[2]).toBeNaN();
    expect(res.within[3]).toBe(5.5);
    expect(res.ratio[0]).toBeCloseTo(2 / 4.5, 15);
    const viaFn = themeSeparation(
      { n: 5, distance: (i, j) => Math.abs((xs[i] as number) - (xs[j] as number)) },
      [[0, 1, 2]],
    );
    expect(viaFn.all).toBe(4.5);
    expect(viaFn.within[0]).toBe(2);
    expect(() => themeSeparation({ points, dims: 2 }, [[0, 5]])).toThrow(/group 0 has index 5/);
  });

  it('estimates the all-pairs median from a seeded sample when there are too many pairs', () => {
    const rand = seededRandom(6);
    const n = 600;
    const points = Float64Array.from({ length: 2 * n }, () => rand());
    const exact = themeSeparation({ points, dims: 2 }, []);
    const sampled = themeSeparation({ points, dims: 2 }, [], { maxPairs: 20_000, seed: 2 });
    expect(exact.allSampled).toBe(false);
    expect(sampled.allSampled).toBe(true);
    // Sampling error of a median from 20,000 pairs: well under 2 %.
    expect(Math.abs(sampled.all / exact.all - 1)).toBeLessThan(0.02);
    expect(themeSeparation({ points, dims: 2 }, [], { maxPairs: 20_000, seed: 2 }).all).toBe(
      sampled.all,
    );
  });
});
