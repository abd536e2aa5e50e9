// The only owner of the theme-separation measure for evaluating layouts (atlas maps): the
// median distance between members of each group (a theme) against the median over all pairs.
// Consumed by the layout evaluation table.
import { seededRandom } from '../random';

/** Where distances come from: points ([n, dims] row-major, Euclidean) or a distance function. */
export type DistanceSource =
  | { points: ArrayLike<number>; dims: number }
  | { n: number; distance: (i: number, j: number) => number };

export interface ThemeSeparation {
  /** Per group: median distance over its member pairs; NaN for a group of fewer than 2. */
  within: Float64Array;
  /** Per group: within / all (< 1: the group sits tighter than a typical pair). */
  ratio: Float64Array;
  /** Median distance over all pairs of the n points. */
  all: number;
  /** True when `all` was estimated from a seeded sample of pairs (n(n−1)/2 > maxPairs). */
  allSampled: boolean;
}

/**
 * Median pairwise distance within each group (index lists; repeats within a group count once)
 * and over all pairs of points, for a table of how well a layout keeps themes together.
 * Medians of an even count are the mean of the two middle values. When the n(n−1)/2 pairs
 * exceed `maxPairs` (default 4,000,000), `all` is the median of that many pairs drawn
 * uniformly with replacement (seeded, i ≠ j). Groups are always exact. Throws on an index out
 * of range.
 */
export function themeSeparation(
  source: DistanceSource,
  groups: readonly (readonly number[])[],
  options: { maxPairs?: number; seed?: number } = {},
): ThemeSeparation {
  const n = 'points' in source ? Math.floor(source.points.length / source.dims) : source.n;
  const dist = 'points' in source ? euclidean(source.points, source.dims) : source.distance;
  const maxPairs = options.maxPairs ?? 4_000_000;
  const within = new Float64Array(groups.length);
  groups.forEach((group, g) => {
    const members = [...new Set(group)];
    for (const i of members) {
      if (!Number.isInteger(i) || i < 0 || i >= n) {
        throw new Error(`themeSeparation: group ${g} has index ${i}, outside 0..${n - 1}`);
      }
    }
    const d = new Float64Array((members.length * (members.length - 1)) / 2);
    let t = 0;
    for (let a = 0; a < members.length; a++) {
      for (let b = a + 1; b < members.length; b++)
        d[t++] = dist(members[a] as number, members[b] as number);
    }
    within[g] = median(d);
  });
  const pairs = (n * (n - 1)) / 2;
  let all: Float64Array;
  const allSampled = pairs > maxPairs;
  if (!allSampled) {
    all = new Float64Array(pairs);
    let t = 0;
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) all[t++] = dist(i, j);
  } else {
    const rand = seededRandom(options.seed ?? 1);
    all = new Float64Array(maxPairs);
    for (let t = 0; t < maxPairs; t++) {
      const i = Math.floor(rand() * n);
      let j = Math.floor(rand() * (n - 1));
      if (j >= i) j++;
      all[t] = dist(i, j);
    }
  }
  const allMedian = median(all);
  return {
    within,
    ratio: within.map((v) => v / allMedian),
    all: allMedian,
    allSampled,
  };
}

function euclidean(points: ArrayLike<number>, dims: number): (i: number, j: number) => number {
  return (i, j) => {
    let s = 0;
    for (let a = 0; a < dims; a++)
      s += ((points[i * dims + a] as number) - (points[j * dims + a] as number)) ** 2;
    return Math.sqrt(s);
  };
}

/** Median of the values (NaN when empty); sorts `values` in place. */
function median(values: Float64Array): number {
  const m = values.length;
  if (m === 0) return NaN;
  values.sort();
  return m % 2 === 1
    ? (values[m >> 1] as number)
    : 0.5 * ((values[m / 2 - 1] as number) + (values[m / 2] as number));
}
