// principalLine and bestView against float64 references written here: a weighted covariance by
// plain loops, eigenvectors by cyclic Jacobi (maths/testReference) and by power iteration;
// planted anisotropic clouds with known directions; centring, weights and clamping.
import { describe, expect, it } from 'vitest';
import { bestView, principalLine } from './pca';
import {
  column,
  gaussian,
  hasSignConvention,
  jacobiEigen,
  randomOrthogonal,
} from '../maths/testReference';
import { seededRandom } from '../random';

/** Reference weighted-mean-centred covariance Σ w (p − μ)(p − μ)ᵀ / Σ w, plain loops. */
function referenceCovariance(p: ArrayLike<number>, n: number, k: number, w: ArrayLike<number>) {
  let W = 0;
  const mu = new Array<number>(k).fill(0);
  for (let i = 0; i < n; i++) {
    W += w[i] as number;
    for (let a = 0; a < k; a++)
      mu[a] = (mu[a] as number) + (w[i] as number) * (p[i * k + a] as number);
  }
  for (let a = 0; a < k; a++) mu[a] = (mu[a] as number) / W;
  const cov = new Float64Array(k * k);
  for (let a = 0; a < k; a++) {
    for (let b = 0; b < k; b++) {
      let s = 0;
      for (let i = 0; i < n; i++) {
        s +=
          (w[i] as number) *
          ((p[i * k + a] as number) - (mu[a] as number)) *
          ((p[i * k + b] as number) - (mu[b] as number));
      }
      cov[a * k + b] = s / W;
    }
  }
  return { cov, mu };
}

/** Top eigenvector of a symmetric PSD matrix by power iteration, with the sign convention. */
function powerIteration(a: Float64Array, k: number): { v: number[]; lambda: number } {
  let v = Array.from({ length: k }, (_, i) => 1 + i / k);
  let lambda = 0;
  for (let it = 0; it < 5000; it++) {
    const next = v.map((_, r) => v.reduce((s, x, c) => s + (a[r * k + c] as number) * x, 0));
    const norm = Math.hypot(...next);
    next.forEach((x, i) => (next[i] = x / norm));
    const moved = Math.hypot(...next.map((x, i) => x - (v[i] as number)));
    v = next;
    lambda = norm;
    if (moved < 1e-15) break;
  }
  if (!hasSignConvention(v)) v = v.map((x) => -x);
  return { v, lambda };
}

/** n points in k dims: Gaussian with sds `sds` along the columns of a random rotation, offset. */
function anisotropic(n: number, sds: number[], seed: number) {
  const rand = seededRandom(seed);
  const k = sds.length;
  const q = randomOrthogonal(k, rand);
  const p = new Float64Array(n * k);
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const z = sds.map((s) => s * gaussian(rand));
    for (let a = 0; a < k; a++) {
      let s = 5 - a;
      for (let c = 0; c < k; c++) s += (q[a * k + c] as number) * (z[c] as number);
      p[i * k + a] = s;
    }
    w[i] = rand() < 0.1 ? 0 : 0.1 + rand();
  }
  return { p, w, q, k };
}

describe('principalLine', () => {
  it('matches power iteration on the reference covariance and finds a planted line', () => {
    const { p, w, q, k } = anisotropic(3000, [4, 0.3, 0.2], 1);
    const line = principalLine(p, k, w);
    const { cov, mu } = referenceCovariance(p, 3000, k, w);
    const ref = powerIteration(cov, k);
    for (let a = 0; a < k; a++) {
      expect(line.direction[a]).toBeCloseTo(ref.v[a] as number, 9);
      expect(line.mean[a]).toBeCloseTo(mu[a] as number, 10);
    }
    const trace = (cov[0] as number) + (cov[4] as number) + (cov[8] as number);
    expect(line.share).toBeCloseTo(ref.lambda / trace, 10);
    expect(line.share).toBeGreaterThan(0.98);
    // The planted direction (first column of q), up to sign and sampling noise.
    const planted = column(q, k, k, 0);
    const cos = Math.abs(planted.reduce((s, x, a) => s + x * (line.direction[a] as number), 0));
    expect(cos).toBeGreaterThan(0.999);
    for (let i = 0; i < 3000; i += 97) {
      let t = 0;
      for (let a = 0; a < k; a++)
        t += ((p[i * k + a] as number) - (mu[a] as number)) * (ref.v[a] as number);
      expect(line.coords[i]).toBeCloseTo(t, 9);
    }
  });

  it('has share NaN when all weighted points coincide and throws on zero weight', () => {
    expect(principalLine([1, 2, 1, 2, 7, 7], 2, [1, 1, 0]).share).toBeNaN();
    expect(() => principalLine([1, 2, 3, 4], 2, [0, 0])).toThrow(/sum to 0/);
  });
});

describe('bestView', () => {
  it('matches Jacobi on the reference covariance: directions, variances, share, coords', () => {
    const sds = [3, 2, 1.5, 0.4, 0.3, 0.2, 0.1, 0.05];
    const n = 4000;
    const { p, w, k } = anisotropic(n, sds, 2);
    const view = bestView(Float32Array.from(p), k, w);
    const f32 = Float32Array.from(p);
    const { cov, mu } = referenceCovariance(f32, n, k, w);
    const ref = jacobiEigen(cov, k);
    const trace = ref.values.reduce((s, v) => s + v, 0);
    expect(view.directions).toHaveLength(3 * k);
    let kept = 0;
    for (let c = 0; c < 3; c++) {
      const col = k - 1 - c;
      let v = Array.from(column(ref.vectors, k, k, col));
      if (!hasSignConvention(v)) v = v.map((x) => -x);
      for (let a = 0; a < k; a++) expect(view.directions[c * k + a]).toBeCloseTo(v[a] as number, 9);
      expect(view.variances[c]).toBeCloseTo(ref.values[col] as number, 10);
      kept += ref.values[col] as number;
    }
    expect(view.captured).toBeCloseTo(kept / trace, 10);
    for (let a = 0; a < k; a++) expect(view.mean[a]).toBeCloseTo(mu[a] as number, 10);
    for (let i = 0; i < n; i += 37) {
      for (let c = 0; c < 3; c++) {
        let t = 0;
        for (let a = 0; a < k; a++) {
          t +=
            ((f32[i * k + a] as number) - (mu[a] as number)) *
            (view.directions[c * k + a] as number);
        }
        expect(Math.abs((view.coords[i * 3 + c] as number) - t)).toBeLessThan(
          1e-5 * (1 + Math.abs(t)),
        );
      }
    }
    // Orthonormal rows.
    for (let c = 0; c < 3; c++) {
      for (let e = 0; e < 3; e++) {
        let s = 0;
        for (let a = 0; a < k; a++)
          s += (view.directions[c * k + a] as number) * (view.directions[e * k + a] as number);
        expect(s).toBeCloseTo(c === e ? 1 : 0, 12);
      }
    }
  });

  it('is centred (an offset changes nothing but the mean) and clamps dims to k', () => {
    const { p, w, k } = anisotropic(500, [2, 1, 0.5], 3);
    const a = bestView(p, k, w, 2);
    const shifted = bestView(
      p.map((v) => v + 1000),
      k,
      w,
      2,
    );
    for (let i = 0; i < a.directions.length; i++) {
      expect(shifted.directions[i]).toBeCloseTo(a.directions[i] as number, 9);
    }
    expect(shifted.captured).toBeCloseTo(a.captured, 9);
    expect(shifted.mean[0]).toBeCloseTo((a.mean[0] as number) + 1000, 9);
    const all = bestView(p, k, w, 5);
    expect(all.coords).toHaveLength(500 * 3);
    expect(all.captured).toBeCloseTo(1, 12);
    expect(() => bestView(new Float32Array(65 * 2), 65, null)).toThrow(/at most 64/);
  });
});
