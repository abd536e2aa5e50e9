// approxTopNeighbours: recall@10 against exact topNeighbours on planted data (clustered vectors
// by cosine; co-firing groups by correlation with centring; shared subspaces by overlap through
// overlapSketch), exact similarities in the lists, 'absolute' ranking finds anti-parallel
// partners, determinism; signCodes' Hamming distances track the angle.
import { describe, expect, it } from 'vitest';
import { approxTopNeighbours, signCodes } from './approxNeighbours';
import { topNeighbours, type Neighbours } from './neighbours';
import { coactivation } from './coactivation';
import { overlapSketch, subspaceOverlap } from './subspaceOverlap';
import { gaussian } from '../maths/testReference';
import { seededRandom } from '../random';

/** Mean over composites of |approx top-k ∩ exact top-k| / k (composites with k listed). */
function recall(approx: Neighbours, exact: Neighbours): number {
  const k = exact.k;
  let sum = 0;
  const C = exact.close.length;
  for (let i = 0; i < C; i++) {
    const want = new Set(exact.index.subarray(i * k, (i + 1) * k));
    let hit = 0;
    for (const j of approx.index.subarray(i * k, (i + 1) * k)) if (want.has(j)) hit++;
    sum += hit / k;
  }
  return sum / C;
}

/** C vectors of length dim in groups of `size` around random centres, noise sd `noise`. */
function clustered(
  C: number,
  dim: number,
  size: number,
  noise: number,
  seed: number,
): Float64Array {
  const rand = seededRandom(seed);
  const v = new Float64Array(C * dim);
  let centre: number[] = [];
  for (let i = 0; i < C; i++) {
    if (i % size === 0) centre = Array.from({ length: dim }, () => gaussian(rand));
    for (let q = 0; q < dim; q++) v[i * dim + q] = (centre[q] as number) + noise * gaussian(rand);
  }
  return v;
}

function cosineOf(v: Float64Array, dim: number): (i: number, j: number) => number {
  return (i, j) => {
    let ab = 0;
    let aa = 0;
    let bb = 0;
    for (let q = 0; q < dim; q++) {
      const a = v[i * dim + q] as number;
      const b = v[j * dim + q] as number;
      ab += a * b;
      aa += a * a;
      bb += b * b;
    }
    return ab / Math.sqrt(aa * bb);
  };
}

describe('approxTopNeighbours', () => {
  it('recalls ≥ 0.9 of the exact cosine top-10 on 2,000 clustered vectors; exact values', () => {
    const C = 2000;
    const dim = 48;
    // Groups of 25 at noise 0.8: within-group cosines ≈ 0.6 ± 0.1, so the top 10 of 24
    // candidates are a fine ranking, not just the group.
    const v = clustered(C, dim, 25, 0.8, 1);
    const cos = cosineOf(v, dim);
    const exact = topNeighbours(cos, C, 10, 0.5);
    const approx = approxTopNeighbours(v, C, dim, 10, 0.5, cos);
    const r = recall(approx, exact);
    expect(r).toBeGreaterThanOrEqual(0.9);
    for (let i = 0; i < C; i += 97) {
      for (let t = 0; t < 10; t++) {
        const j = approx.index[i * 10 + t] as number;
        expect(approx.similarity[i * 10 + t]).toBe(cos(i, j));
      }
    }
    expect(approx).toEqual(approxTopNeighbours(v, C, dim, 10, 0.5, cos));
  });

  it('recalls ≥ 0.9 of the exact correlation top-10 with centring (co-firing groups)', () => {
    const C = 600;
    const n = 300;
    // Each group of 10 shares a firing pattern plus an offset per composite (centring matters).
    const rand = seededRandom(3);
    const h = new Float32Array(C * n);
    let pattern: number[] = [];
    for (let i = 0; i < C; i++) {
      if (i % 10 === 0) pattern = Array.from({ length: n }, () => gaussian(rand));
      const offset = 20 * rand();
      for (let t = 0; t < n; t++)
        h[i * n + t] = offset + (pattern[t] as number) + 0.9 * gaussian(rand);
    }
    const corr = coactivation(h, C, n, new Float64Array(C * C)).corr;
    const exactFn = (i: number, j: number) => corr[i * C + j] as number;
    const exact = topNeighbours(corr, C, 10, 0.3);
    const approx = approxTopNeighbours(h, C, n, 10, 0.3, exactFn, { centre: true });
    expect(recall(approx, exact)).toBeGreaterThanOrEqual(0.9);
    // Without centring the offsets dominate every sketch: recall collapses.
    const uncentred = approxTopNeighbours(h, C, n, 10, 0.3, exactFn, { candidates: 20 });
    expect(recall(uncentred, exact)).toBeLessThan(0.5);
  });

  it('recalls ≥ 0.9 of the exact overlap top-10 through overlapSketch', () => {
    const C = 600;
    const d = 32;
    const r = 3;
    // Groups of 12 composites whose 3-planes are perturbations of one group plane.
    const rand = seededRandom(5);
    const U = new Float64Array(C * r * d);
    let base: number[][] = [];
    for (let i = 0; i < C; i++) {
      if (i % 12 === 0)
        base = Array.from({ length: r }, () => Array.from({ length: d }, () => gaussian(rand)));
      const rows = base.map((b) => b.map((x) => x + 0.5 * gaussian(rand)));
      // Gram–Schmidt.
      rows.forEach((row, a) => {
        for (let pass = 0; pass < 2; pass++) {
          for (let b = 0; b < a; b++) {
            const prev = rows[b] as number[];
            const dot = row.reduce((s, x, q) => s + x * (prev[q] as number), 0);
            row.forEach((x, q) => (row[q] = x - dot * (prev[q] as number)));
          }
        }
        const norm = Math.hypot(...row);
        row.forEach((x, q) => (U[(i * r + a) * d + q] = x / norm));
      });
    }
    const overlap = subspaceOverlap(U, C, r, d, null, new Float64Array(C * C));
    const exactFn = (i: number, j: number) => overlap[i * C + j] as number;
    const exact = topNeighbours(overlap, C, 10, 0.3);
    const sketch = overlapSketch(U, C, r, d, 128, 9);
    const approx = approxTopNeighbours(sketch, C, 128, 10, 0.3, exactFn);
    expect(recall(approx, exact)).toBeGreaterThanOrEqual(0.9);
  });

  it("with rank 'absolute' finds anti-parallel partners", () => {
    const C = 400;
    const dim = 32;
    const v = clustered(C, dim, 1, 0, 7);
    // Composite 2t+1 is −(composite 2t) plus a little noise.
    const rand = seededRandom(8);
    for (let i = 1; i < C; i += 2) {
      for (let q = 0; q < dim; q++)
        v[i * dim + q] = -(v[(i - 1) * dim + q] as number) + 0.05 * gaussian(rand);
    }
    const cos = cosineOf(v, dim);
    const abs = approxTopNeighbours(v, C, dim, 1, 0.5, cos, { rank: 'absolute' });
    for (let i = 0; i < C; i++) expect(abs.index[i]).toBe(i % 2 === 0 ? i + 1 : i - 1);
    expect(abs.similarity[0]).toBeLessThan(-0.99);
    expect(() => approxTopNeighbours(v, C, dim, 1, 0, cos, { bits: 40 })).toThrow(/multiple of 32/);
  });
});

describe('signCodes', () => {
  it('gives Hamming distances ≈ bits·θ/π', () => {
    const dim = 20;
    const rand = seededRandom(11);
    const a = Array.from({ length: dim }, () => gaussian(rand));
    const b = Array.from({ length: dim }, () => gaussian(rand));
    const bits = 4096;
    const codes = signCodes([...a, ...b], 2, dim, bits, 3, false);
    let ham = 0;
    for (let w = 0; w < bits / 32; w++) {
      let x = ((codes[w] as number) ^ (codes[bits / 32 + w] as number)) >>> 0;
      while (x) {
        ham += x & 1;
        x >>>= 1;
      }
    }
    const cos =
      a.reduce((s, x, q) => s + x * (b[q] as number), 0) / (Math.hypot(...a) * Math.hypot(...b));
    // sd of the estimate: √(p(1 − p)/bits) ≤ 0.008.
    expect(Math.abs(ham / bits - Math.acos(cos) / Math.PI)).toBeLessThan(0.03);
  });
});
