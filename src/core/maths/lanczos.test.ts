// lockstepLanczos against cyclic Jacobi: several operators with different spectra (dense, zero,
// rank-1, clustered, decaying) in one batch through a float32 product; with m = n every
// eigenvalue within 1e-5‖B‖, with m < n the top |λ| within the returned residual bounds; Ritz
// vectors; determinism, batch independence, progress, clamping and cancellation.
import { describe, expect, it } from 'vitest';
import { lockstepLanczos, type LanczosOptions } from './lanczos';
import {
  gaussian,
  hasSignConvention,
  jacobiEigen,
  randomOrthogonal,
  randomSymmetric,
  residualNorm,
  withSpectrum,
} from './testReference';
import { seededRandom } from '../random';

/** The batched product B_k v_k in float64, rounded to float32 as a GPU graph would return it. */
function batchedProduct(
  ops: Float64Array[],
  n: number,
): (v: Float32Array) => Promise<Float32Array> {
  return (v) => {
    const out = new Float32Array(ops.length * n);
    ops.forEach((b, k) => {
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let t = 0; t < n; t++) s += (b[i * n + t] as number) * (v[k * n + t] as number);
        out[k * n + i] = s;
      }
    });
    return Promise.resolve(out);
  };
}

/** Eigenvalues sorted by descending |λ| (positive first on ties). */
function byMagnitude(values: number[]): number[] {
  return [...values].sort((x, y) => Math.abs(y) - Math.abs(x) || y - x);
}

function operators(n: number): { name: string; b: Float64Array }[] {
  const rand = seededRandom(21);
  const dense = randomSymmetric(n, rand);
  const v = Array.from({ length: n }, () => gaussian(rand));
  const rank1 = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) rank1[i * n + j] = -2.5 * (v[i] as number) * (v[j] as number);
  }
  const clustered = withSpectrum(
    randomOrthogonal(n, rand),
    Array.from({ length: n }, (_, i) => (i < n / 2 ? 3 + 1e-4 * i : -1 - 1e-3 * i)),
  );
  const decaying = withSpectrum(
    randomOrthogonal(n, rand),
    Array.from({ length: n }, (_, i) => (i % 2 ? -1 : 1) * 10 * 0.7 ** i),
  );
  return [
    { name: 'dense', b: dense },
    { name: 'zero', b: new Float64Array(n * n) },
    { name: 'rank-1', b: rank1 },
    { name: 'clustered', b: clustered },
    { name: 'decaying', b: decaying },
  ];
}

const N = 24;
const OPS = operators(N);

describe('lockstepLanczos', () => {
  it('with m = n returns every eigenvalue of every operator within 1e-5 ‖B‖', async () => {
    const res = await lockstepLanczos(
      OPS.length,
      N,
      batchedProduct(
        OPS.map((o) => o.b),
        N,
      ),
      {
        steps: N,
        seed: 1,
        keep: N,
        wantVectors: true,
      },
    );
    expect(res.steps).toBe(N);
    OPS.forEach(({ name, b }, k) => {
      const want = byMagnitude(jacobiEigen(b, N).values);
      const norm = Math.max(Math.abs(want[0] as number), 1e-300);
      const got = [...res.values.subarray(k * N, (k + 1) * N)];
      for (let i = 0; i < N; i++) {
        const diff = Math.abs((got[i] as number) - (want[i] as number));
        expect(diff, `${name} λ${i}`).toBeLessThanOrEqual(1e-5 * norm);
      }
      if (name === 'zero') {
        expect(got.every((x) => x === 0)).toBe(true);
        return;
      }
      // The three largest Ritz pairs are eigenpairs of B.
      for (let i = 0; i < 3; i++) {
        const u = (res.vectors as Float64Array).subarray((k * N + i) * N, (k * N + i + 1) * N);
        expect(Math.hypot(...u)).toBeCloseTo(1, 12);
        expect(hasSignConvention(u)).toBe(true);
        if (name === 'rank-1' && i > 0) continue;
        if (name === 'clustered') continue;
        expect(residualNorm(b, N, u, got[i] as number), `${name} vector ${i}`).toBeLessThan(
          1e-5 * norm,
        );
      }
    });
    const rank1 = res.values.subarray(2 * N, 3 * N);
    expect(rank1[0]).toBeLessThan(0);
    expect(Math.abs(rank1[1] as number)).toBeLessThan(1e-6 * Math.abs(rank1[0] as number));
  });

  it('with m < n finds the top |λ| of a decaying spectrum within the returned residual bounds', async () => {
    const n = 100;
    const rand = seededRandom(5);
    const lambda = Array.from({ length: n }, (_, i) => (i % 3 ? 1 : -1) * 5 * 0.8 ** i);
    const b = withSpectrum(randomOrthogonal(n, rand), lambda);
    const want = byMagnitude(lambda);
    const norm = 5;
    const res = await lockstepLanczos(1, n, batchedProduct([b], n), {
      steps: 30,
      seed: 9,
      keep: 6,
      wantVectors: true,
    });
    expect(res.steps).toBe(30);
    for (let i = 0; i < 6; i++) {
      const theta = res.values[i] as number;
      const bound = res.residuals[i] as number;
      expect(bound).toBeLessThan(1e-3 * norm);
      // Float32 rounding adds ~1e-7‖B‖ on top of the exact-arithmetic bound.
      expect(Math.abs(theta - (want[i] as number)), `λ${i}`).toBeLessThanOrEqual(
        bound + 1e-6 * norm,
      );
      const u = (res.vectors as Float64Array).subarray(i * n, (i + 1) * n);
      expect(residualNorm(b, n, u, theta)).toBeLessThanOrEqual(bound + 1e-5 * norm);
    }
    // Unconverged tail: each Ritz value still has an eigenvalue within its bound.
    const far = await lockstepLanczos(1, n, batchedProduct([b], n), { steps: 8, seed: 9, keep: 8 });
    for (let i = 0; i < 8; i++) {
      const theta = far.values[i] as number;
      const nearest = Math.min(...lambda.map((x) => Math.abs(x - theta)));
      expect(nearest).toBeLessThanOrEqual((far.residuals[i] as number) + 1e-6 * norm);
    }
    expect(far.residuals[7]).toBeGreaterThan(1e-3);
  });

  it('is deterministic per seed and independent of the other operators in the batch', async () => {
    const opts: LanczosOptions = { steps: 10, seed: 42, keep: 4, wantVectors: true };
    const all = OPS.map((o) => o.b);
    const a = await lockstepLanczos(OPS.length, N, batchedProduct(all, N), opts);
    const b = await lockstepLanczos(OPS.length, N, batchedProduct(all, N), opts);
    expect(b.values).toEqual(a.values);
    expect(b.residuals).toEqual(a.residuals);
    expect(b.vectors).toEqual(a.vectors);
    // Operator 3 keeps its place; the others change or go: its result must not move.
    const mixed = [all[4], all[0], all[1], all[3]] as Float64Array[];
    const c = await lockstepLanczos(4, N, batchedProduct(mixed, N), opts);
    expect([...c.values.subarray(3 * 4, 4 * 4)]).toEqual([...a.values.subarray(3 * 4, 4 * 4)]);
    expect([...(c.vectors as Float64Array).subarray(3 * 4 * N)]).toEqual([
      ...(a.vectors as Float64Array).subarray(3 * 4 * N, 4 * 4 * N),
    ]);
    const other = await lockstepLanczos(OPS.length, N, batchedProduct(all, N), {
      ...opts,
      seed: 43,
    });
    expect(other.values).not.toEqual(a.values);
  });

  it('reports progress, clamps steps to n, pads missing pairs with NaN', async () => {
    const seen: number[] = [];
    const res = await lockstepLanczos(
      2,
      5,
      batchedProduct([OPS[0]!.b.slice(0, 25), new Float64Array(25)], 5),
      {
        steps: 50,
        seed: 1,
        keep: 7,
        onStep: async (step, steps) => {
          seen.push(step);
          expect(steps).toBe(5);
          await Promise.resolve();
        },
      },
    );
    expect(res.steps).toBe(5);
    expect(seen).toEqual([1, 2, 3, 4, 5]);
    expect(res.vectors).toBeNull();
    expect(res.values).toHaveLength(14);
    expect(Number.isNaN(res.values[5])).toBe(true);
    expect(Number.isNaN(res.residuals[6])).toBe(true);
    expect([...res.values.subarray(7, 12)]).toEqual([0, 0, 0, 0, 0]);
  });

  it('solves n = 1 exactly', async () => {
    const res = await lockstepLanczos(
      2,
      1,
      (v) => Promise.resolve(v.map((x, k) => (k ? -3 : 0.5) * x)),
      {
        steps: 4,
        seed: 3,
        keep: 1,
        wantVectors: true,
      },
    );
    expect(res.steps).toBe(1);
    expect([...res.values]).toEqual([0.5, -3]);
    expect([...(res.vectors ?? [])]).toEqual([1, 1]);
  });

  it('throws an AbortError when cancelled between steps', async () => {
    let calls = 0;
    const apply = batchedProduct([OPS[0]!.b], N);
    const controller = new AbortController();
    const run = lockstepLanczos(
      1,
      N,
      (v) => {
        calls++;
        if (calls >= 3) controller.abort();
        return apply(v);
      },
      { steps: 20, seed: 1, keep: 3, signal: controller.signal },
    );
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    await expect(run).rejects.toBeInstanceOf(Error);
    expect(calls).toBe(3);
  });

  it('refuses a product of the wrong length or with NaN', async () => {
    await expect(
      lockstepLanczos(2, 4, () => Promise.resolve(new Float32Array(4)), {
        steps: 2,
        seed: 1,
        keep: 1,
      }),
    ).rejects.toThrow(/expected count × n = 8/);
    await expect(
      lockstepLanczos(1, 4, () => Promise.resolve(new Float32Array(4).fill(Number.NaN)), {
        steps: 2,
        seed: 1,
        keep: 1,
      }),
    ).rejects.toThrow(/operator 0 gave a non-finite product at step 1/);
  });
});
