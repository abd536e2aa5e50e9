// kmeans on three planted blobs (labels equal the planted partition exactly; centres equal the
// weighted means computed here), chooseK picks 3 (also with a sampled silhouette on 30,000
// points), weightedSilhouette against a brute-force float64 reference; determinism, weights.
import { describe, expect, it } from 'vitest';
import { chooseK, kmeans, weightedSilhouette } from './kmeans';
import { blobs } from './testData';
import { seededRandom } from '../random';

const CENTRES = [
  [0, 0, 0],
  [6, 1, -2],
  [-3, 5, 4],
];

/** Same partition up to a renaming of the clusters. */
function samePartition(a: Int32Array, b: Int32Array): boolean {
  const map = new Map<number, number>();
  const back = new Map<number, number>();
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    if ((map.get(x) ?? y) !== y || (back.get(y) ?? x) !== x) return false;
    map.set(x, y);
    back.set(y, x);
  }
  return true;
}

/** Reference weighted silhouette: full distance matrix, then a_i, b_i and s_i per point. */
function referenceSilhouette(
  p: ArrayLike<number>,
  dims: number,
  w: ArrayLike<number>,
  labels: Int32Array,
  rows: number[],
): number {
  const dist = (i: number, j: number) =>
    Math.sqrt(
      Array.from(
        { length: dims },
        (_, a) => ((p[i * dims + a] as number) - (p[j * dims + a] as number)) ** 2,
      ).reduce((s, v) => s + v, 0),
    );
  const clusters = [...new Set(rows.map((i) => labels[i] as number))];
  let num = 0;
  let den = 0;
  for (const i of rows) {
    const mean = (c: number) => {
      const others = rows.filter((j) => j !== i && labels[j] === c);
      const ws = others.reduce((s, j) => s + (w[j] as number), 0);
      return ws > 0 ? others.reduce((s, j) => s + (w[j] as number) * dist(i, j), 0) / ws : NaN;
    };
    const own = labels[i] as number;
    const a = mean(own);
    const b = Math.min(...clusters.filter((c) => c !== own).map(mean));
    const s = Number.isNaN(a) ? 0 : (b - a) / Math.max(a, b);
    num += (w[i] as number) * s;
    den += w[i] as number;
  }
  return num / den;
}

describe('kmeans', () => {
  it('finds three planted blobs exactly, with the weighted means as centres', () => {
    const { points, w, truth, dims } = blobs(CENTRES, 100, 0.7, 1);
    const res = kmeans(points, dims, w, 3, 42);
    expect(res.converged).toBe(true);
    expect(samePartition(res.labels, truth)).toBe(true);
    let inertia = 0;
    for (let c = 0; c < 3; c++) {
      const sum = [0, 0, 0];
      let mass = 0;
      for (let i = 0; i < truth.length; i++) {
        if (res.labels[i] !== c) continue;
        mass += w[i] as number;
        for (let a = 0; a < 3; a++)
          sum[a] = (sum[a] as number) + (w[i] as number) * (points[i * 3 + a] as number);
      }
      for (let a = 0; a < 3; a++)
        expect(res.centres[c * 3 + a]).toBeCloseTo((sum[a] as number) / mass, 12);
      for (let i = 0; i < truth.length; i++) {
        if (res.labels[i] !== c) continue;
        for (let a = 0; a < 3; a++)
          inertia +=
            (w[i] as number) *
            ((points[i * 3 + a] as number) - (res.centres[c * 3 + a] as number)) ** 2;
      }
    }
    expect(res.inertia).toBeCloseTo(inertia, 8);
  });

  it('is deterministic per seed; zero-weight points get labels but do not move centres', () => {
    const { points, w, dims } = blobs(CENTRES, 60, 0.7, 2);
    const a = kmeans(points, dims, w, 3, 5);
    const b = kmeans(points, dims, w, 3, 5);
    expect([...a.labels]).toEqual([...b.labels]);
    expect([...a.centres]).toEqual([...b.centres]);
    const more = Float64Array.from([...points, 100, 100, 100, 5.9, 1.1, -2]);
    const moreW = Float64Array.from([...w, 0, 0]);
    const c = kmeans(more, dims, moreW, 3, 5);
    for (let i = 0; i < a.centres.length; i++)
      expect(c.centres[i]).toBeCloseTo(a.centres[i] as number, 12);
    const near = c.labels[c.labels.length - 1] as number;
    expect(c.centres[near * 3]).toBeCloseTo(6, 0);
    expect(() => kmeans(points, dims, w, 0, 1)).toThrow(/k = 0/);
    expect(() => kmeans([0, 0, 0], 3, [0], 1, 1)).toThrow(/sum to 0/);
  });

  it('copes with fewer distinct points than k', () => {
    const res = kmeans([1, 1, 1, 1, 2, 2], 2, null, 3, 1);
    expect(res.inertia).toBe(0);
    expect(res.labels[0]).toBe(res.labels[1]);
    expect(res.labels[2]).not.toBe(res.labels[0]);
  });
});

describe('weightedSilhouette and chooseK', () => {
  it('matches the brute-force silhouette reference, on all points and on a sample', () => {
    const { points, w, dims } = blobs(CENTRES, 40, 1.5, 3);
    w[5] = 0;
    const rand = seededRandom(1);
    const labels = Int32Array.from(w, (_, i) => (i % 3 === 0 && rand() < 0.3 ? 1 : i % 3));
    const positive = Array.from(w.keys()).filter((i) => (w[i] as number) > 0);
    expect(weightedSilhouette(points, dims, w, labels)).toBeCloseTo(
      referenceSilhouette(points, dims, w, labels, positive),
      12,
    );
    const sample = positive.filter((i) => i % 2 === 0);
    expect(weightedSilhouette(points, dims, w, labels, Int32Array.from(sample))).toBeCloseTo(
      referenceSilhouette(points, dims, w, labels, sample),
      12,
    );
    expect(weightedSilhouette(points, dims, w, new Int32Array(labels.length))).toBeNaN();
  });

  it('chooses k = 3 for three blobs, with the silhouette of each k tried', () => {
    const { points, w, truth, dims } = blobs(CENTRES, 100, 0.7, 4);
    const res = chooseK(points, dims, w, { seed: 7 });
    expect(res.k).toBe(3);
    expect(res.silhouettes).toHaveLength(7);
    expect(res.runs.map((r) => r.k)).toEqual([2, 3, 4, 5, 6, 7, 8]);
    expect(samePartition(res.runs[1]?.labels ?? new Int32Array(0), truth)).toBe(true);
    expect(res.silhouettes[1]).toBeGreaterThan(0.7);
    const others = res.silhouettes.filter((_, i) => i !== 1);
    expect(Math.max(...others)).toBeLessThan((res.silhouettes[1] as number) - 0.1);
    expect(res.sample).toHaveLength(300);
  });

  it('samples 2,000 points for the silhouette when there are more, and still chooses 3', () => {
    const { points, w, truth, dims } = blobs(CENTRES, 10000, 0.7, 5);
    const res = chooseK(points, dims, w, { seed: 3, kMax: 5, restarts: 1 });
    expect(res.sample).toHaveLength(2000);
    expect(new Set(res.sample).size).toBe(2000);
    expect(res.k).toBe(3);
    expect(samePartition(res.runs[1]?.labels ?? new Int32Array(0), truth)).toBe(true);
  });
});
