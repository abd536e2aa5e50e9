// topEigenSum against the known spectra of matrices Q diag(λ) Qᵀ (float64 references): a flat,
// slowly decaying spectrum like the PCA floor's converges to the exact top-k sum; a basis that
// reaches n gives every eigenvalue; a fixed small number of blocks (randomised use) gives a lower
// bound; rank-deficient operators (breakdown) still grow the basis; cancellation; determinism.
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../random';
import { topEigenSum, type BlockOperator } from './blockLanczos';
import { randomOrthogonal, withSpectrum } from './testReference';

/** V·A for a dense float64 A, rounded to float32 as an onnxruntime product would be. */
function dense(a: Float64Array, n: number): BlockOperator {
  return {
    n,
    apply: (v, rows) => {
      const out = new Float32Array(rows * n);
      for (let r = 0; r < rows; r++) {
        for (let j = 0; j < n; j++) {
          let s = 0;
          for (let t = 0; t < n; t++) s += (v[r * n + t] as number) * (a[t * n + j] as number);
          out[r * n + j] = s;
        }
      }
      return Promise.resolve(out);
    },
  };
}

function exactTop(lambda: number[], k: number): number {
  return [...lambda]
    .sort((x, y) => y - x)
    .slice(0, k)
    .reduce((s, x) => s + x, 0);
}

describe('topEigenSum', () => {
  const n = 240;
  const q = randomOrthogonal(n, seededRandom(7));
  // A slowly decaying positive spectrum (λ_i ∝ 1/(i + 5)), shuffled.
  const lambda = Array.from({ length: n }, (_, i) => 1 / (i + 5)).sort(
    (x, y) => Math.sin(x * 1e4) - Math.sin(y * 1e4),
  );
  const a = withSpectrum(q, lambda);

  it('converges to the exact sum of the largest eigenvalues of a flat spectrum', async () => {
    const r = await topEigenSum(dense(a, n), {
      keep: 20,
      block: 10,
      maxBasis: 200,
      tolerance: 1e-10,
      seed: 1,
    });
    expect(r.converged).toBe(true);
    expect(r.complete).toBe(false);
    expect(r.basis).toBeLessThan(200);
    expect(Math.abs(r.sum - exactTop(lambda, 20))).toBeLessThan(1e-6);
    const sorted = [...lambda].sort((x, y) => y - x);
    r.values.forEach((v, i) => expect(Math.abs(v - (sorted[i] as number))).toBeLessThan(1e-5));
  });

  it('is exact once the basis spans the space', async () => {
    const small = 40;
    const lam = Array.from({ length: small }, (_, i) => (i % 7) - 2.5);
    const r = await topEigenSum(
      dense(withSpectrum(randomOrthogonal(small, seededRandom(3)), lam), small),
      {
        keep: 12,
        block: 6,
        maxBasis: 1000,
        tolerance: -1,
        seed: 2,
      },
    );
    expect(r.complete).toBe(true);
    expect(r.basis).toBe(small);
    expect(Math.abs(r.sum - exactTop(lam, 12))).toBeLessThan(1e-5);
  });

  it('gives a lower bound after a fixed number of blocks (randomised block Krylov)', async () => {
    const r = await topEigenSum(dense(a, n), {
      keep: 20,
      block: 28,
      maxBasis: 1000,
      maxBlocks: 2,
      tolerance: 0,
      seed: 5,
    });
    expect(r.blocks).toBe(2);
    expect(r.basis).toBe(56);
    const exact = exactTop(lambda, 20);
    expect(r.sum).toBeLessThanOrEqual(exact + 1e-6);
    expect(r.sum).toBeGreaterThan(0.9 * exact);
    expect(Number.isFinite(r.lastChange)).toBe(true);
  });

  it('keeps growing the basis through an operator of low rank', async () => {
    const lam = Array.from({ length: 60 }, (_, i) => (i < 5 ? 5 - i : 0));
    const op = dense(withSpectrum(randomOrthogonal(60, seededRandom(9)), lam), 60);
    const r = await topEigenSum(op, { keep: 8, block: 4, maxBasis: 60, tolerance: -1, seed: 3 });
    expect(r.basis).toBe(60);
    expect(Math.abs(r.sum - 15)).toBeLessThan(1e-5);
  });

  it('is deterministic for a seed, reports progress and can be cancelled', async () => {
    const opts = { keep: 10, block: 8, maxBasis: 120, tolerance: 1e-12, seed: 4 };
    const r1 = await topEigenSum(dense(a, n), opts);
    const seen: number[] = [];
    const r2 = await topEigenSum(dense(a, n), { ...opts, onProgress: (k) => void seen.push(k) });
    expect(r2.sum).toBe(r1.sum);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen).toEqual([...seen].sort((x, y) => x - y));
    const controller = new AbortController();
    const run = topEigenSum(dense(a, n), {
      ...opts,
      signal: controller.signal,
      onProgress: () => controller.abort(),
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
  });
});
