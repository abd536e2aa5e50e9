// firingCentroids against a reference that sorts every row by h (stable, descending) and sums in
// float64, centred and not; centroidCosine against plain loops; the planted pair 2/3 (different
// rows, identical inputs) has cosine 1; composites with no positive row get a zero centroid.
import { describe, expect, it } from 'vitest';
import { centroidCosine, firingCentroids } from './centroids';
import { C, D, N, plantedFixture } from './testFixture';

function referenceCentroid(
  h: Float32Array,
  xhat: Float32Array,
  k: number,
  topK: number,
  centred: boolean,
): number[] {
  const mu = new Array<number>(D).fill(0);
  if (centred) {
    for (let t = 0; t < N; t++)
      for (let q = 0; q < D; q++) mu[q] = (mu[q] as number) + (xhat[t * D + q] as number) / N;
  }
  const rows = Array.from({ length: N }, (_, t) => t)
    .filter((t) => (h[k * N + t] as number) > 0)
    .sort((a, b) => (h[k * N + b] as number) - (h[k * N + a] as number) || a - b)
    .slice(0, topK);
  const c = new Array<number>(D).fill(0);
  let mass = 0;
  for (const t of rows) {
    const v = h[k * N + t] as number;
    mass += v;
    for (let q = 0; q < D; q++)
      c[q] = (c[q] as number) + v * ((xhat[t * D + q] as number) - (mu[q] as number));
  }
  return rows.length === 0 ? c : c.map((x) => x / mass);
}

describe('firingCentroids', () => {
  const { h, xhat } = plantedFixture();

  it('matches the sorted-rows reference to 1e-9, centred and not, for several topK', () => {
    for (const centred of [false, true]) {
      for (const topK of [1, 20, 57, N]) {
        const got = firingCentroids(h, C, N, xhat, D, topK, centred, new Float64Array(C * D));
        for (let k = 0; k < C; k++) {
          const ref = referenceCentroid(h, xhat, k, topK, centred);
          for (let q = 0; q < D; q++) {
            expect(
              Math.abs((got.centroids[k * D + q] as number) - (ref[q] as number)),
            ).toBeLessThan(1e-9);
          }
        }
        expect(got.rows[8]).toBe(Math.min(topK, N));
      }
    }
  });

  it('gives the planted pair 2/3 the same centroid and a silent composite zeros', () => {
    const silent = Float32Array.from(h);
    silent.fill(-1, 6 * N, 7 * N);
    const { centroids, rows } = firingCentroids(
      silent,
      C,
      N,
      xhat,
      D,
      20,
      true,
      new Float64Array(C * D),
    );
    expect(rows[2]).toBe(20);
    expect(rows[6]).toBe(0);
    for (let q = 0; q < D; q++) {
      expect(centroids[2 * D + q]).toBe(centroids[3 * D + q]);
      expect(centroids[6 * D + q]).toBe(0);
    }
    const { cosine, zero } = centroidCosine(centroids, C, D, new Float64Array(C * C));
    expect(cosine[2 * C + 3]).toBeCloseTo(1, 12);
    expect(zero[6]).toBe(1);
    expect(cosine[6 * C + 6]).toBe(0);
    expect(cosine[6 * C + 2]).toBe(0);
  });
});

describe('centroidCosine', () => {
  it('matches plain-loop cosines to 1e-9 and rounds once into float32 by default', () => {
    const { h, xhat } = plantedFixture();
    const { centroids } = firingCentroids(h, C, N, xhat, D, 30, true, new Float64Array(C * D));
    const got = centroidCosine(centroids, C, D, new Float64Array(C * C)).cosine;
    const f32 = centroidCosine(centroids, C, D).cosine;
    for (let i = 0; i < C; i++) {
      for (let j = 0; j < C; j++) {
        const a = Array.from(centroids.subarray(i * D, (i + 1) * D));
        const b = Array.from(centroids.subarray(j * D, (j + 1) * D));
        const dot = a.reduce((s, x, q) => s + x * (b[q] as number), 0);
        const ref = i === j ? 1 : dot / (Math.hypot(...a) * Math.hypot(...b));
        expect(Math.abs((got[i * C + j] as number) - ref)).toBeLessThan(1e-9);
        expect(f32[i * C + j]).toBe(Math.fround(got[i * C + j] as number));
      }
    }
  });
});
