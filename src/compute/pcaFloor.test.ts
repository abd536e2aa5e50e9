// The PCA floor on the real onnxruntime-web (WASM build, in Node) against a float64 reference
// written straight from the definition: the full d'² × d'² second moment of vec(x̃x̃ᵀ) (no
// half-vectorisation, no fourth-moment symmetry, no dual), diagonalised by cyclic Jacobi. Every
// route — dense on the half-vectorised second moment or on the Gram matrix, block Lanczos on
// either, the randomised estimate (an upper bound) — on plain and biased inputs.
import * as ort from 'onnxruntime-web/wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { halfVecSize, planPcaFloor, type PcaFloorPlan } from '../core/pcaFloor';
import { seededRandom } from '../core/random';
import { gaussian, jacobiEigen } from '../core/maths/testReference';
import { pcaFloor, type FloorInput } from './pcaFloor';
import { OrtBackend } from './runtime';

let backend: OrtBackend;
beforeAll(async () => {
  backend = await OrtBackend.create(ort, 'wasm');
});

/** Raw rows with a few strong directions (so the spectrum is far from flat) and varied norms. */
function rows(n: number, d: number, seed: number): Float32Array {
  const rand = seededRandom(seed);
  const x = new Float32Array(n * d);
  for (let r = 0; r < n; r++) {
    const scale = 0.5 + 3 * rand();
    for (let c = 0; c < d; c++) x[r * d + c] = scale * gaussian(rand) * (c < 3 ? 3 : 1) + 0.3;
  }
  return x;
}

/** mean‖X‖² − Σ top-C eigenvalues of (1/N) Σ vec(X)vec(X)ᵀ, X = x̃x̃ᵀ, all in float64. */
function referenceFloor(input: FloorInput): number {
  const { n, d, biased, rank } = input;
  const dp = biased ? d + 1 : d;
  const D = dp * dp;
  const S = new Float64Array(D * D);
  let total = 0;
  const v = new Float64Array(D);
  for (let a = 0; a < n; a++) {
    let norm = 0;
    for (let c = 0; c < d; c++) norm += (input.activations[a * d + c] as number) ** 2;
    const x = Array.from({ length: dp }, (_, i) =>
      biased && i === 0
        ? 1
        : (input.activations[a * d + i - (biased ? 1 : 0)] as number) / Math.sqrt(norm),
    );
    for (let i = 0; i < dp; i++)
      for (let j = 0; j < dp; j++) v[i * dp + j] = (x[i] as number) * (x[j] as number);
    for (let p = 0; p < D; p++) {
      total += (v[p] as number) ** 2 / n;
      for (let q = 0; q < D; q++)
        S[p * D + q] = (S[p * D + q] as number) + ((v[p] as number) * (v[q] as number)) / n;
    }
  }
  const eig = Array.from(jacobiEigen(S, D).values).sort((x, y) => y - x);
  return total - eig.slice(0, rank).reduce((s, x) => s + x, 0);
}

function input(n: number, d: number, rank: number, biased = false, seed = 1): FloorInput {
  return { activations: rows(n, d, seed), n, d, biased, rank };
}

describe('pcaFloor', () => {
  it('dense, half-vectorised second moment from the fourth moment: equals the reference', async () => {
    const inp = input(300, 9, 12);
    expect(planPcaFloor(9, 300, 12)).toMatchObject({ method: 'dense', space: 'covariance' });
    const f = await pcaFloor(backend, inp);
    expect(f.method).toBe('dense');
    expect(f.dimension).toBe(halfVecSize(9));
    expect(Math.abs(f.trace - 1)).toBeLessThan(1e-5);
    expect(Math.abs(f.floor - referenceFloor(inp))).toBeLessThan(1e-5);
    expect(f.floor).toBeGreaterThan(0.05); // not a trivially small number
  });

  it('dense, Gram matrix when there are fewer rows than pairs', async () => {
    const inp = input(30, 9, 7, false, 2);
    expect(planPcaFloor(9, 30, 7)).toMatchObject({ method: 'dense', space: 'gram' });
    const f = await pcaFloor(backend, inp);
    expect(f.space).toBe('gram');
    expect(Math.abs(f.floor - referenceFloor(inp))).toBeLessThan(1e-5);
  });

  it('biased inputs reconstruct [1, x̂][1, x̂]ᵀ (trace 4)', async () => {
    const inp = input(200, 7, 10, true, 3);
    const f = await pcaFloor(backend, inp);
    expect(f.dForm).toBe(8);
    expect(Math.abs(f.trace - 4)).toBeLessThan(1e-4);
    expect(Math.abs(f.floor - referenceFloor(inp))).toBeLessThan(2e-5);
  });

  it('block Lanczos on the explicit matrix converges to the reference', async () => {
    const inp = input(400, 10, 8, false, 4);
    const m = halfVecSize(10);
    const lanczos = (space: 'covariance' | 'gram', dimension: number): PcaFloorPlan => ({
      method: 'lanczos',
      space,
      dimension,
      block: 4,
      maxBasis: dimension,
    });
    const ref = referenceFloor(inp);
    const f = await pcaFloor(backend, inp, {}, lanczos('covariance', m));
    expect(f.method).toBe('lanczos');
    expect(f.converged).toBe(true);
    expect(Math.abs(f.floor - ref)).toBeLessThan(1e-5);
    const small = input(40, 10, 8, false, 5);
    const g = await pcaFloor(backend, small, {}, lanczos('gram', 40));
    expect(Math.abs(g.floor - referenceFloor(small))).toBeLessThan(1e-5);
  });

  it('the randomised estimate is an upper bound close to the floor', async () => {
    const inp = input(120, 8, 6, false, 6);
    const ref = referenceFloor(inp);
    const f = await pcaFloor(
      backend,
      inp,
      {},
      {
        method: 'randomised',
        space: 'gram',
        dimension: 120,
        block: 6 + 10,
        blocks: 3,
        flops: 0,
      },
    );
    expect(f.method).toBe('randomised');
    expect(f.converged).toBe(false);
    expect(f.floor).toBeGreaterThanOrEqual(ref - 1e-5);
    expect(f.floor - ref).toBeLessThan(0.02 * ref);
  });

  it('is 0 when C reaches the span, and refuses sizes it cannot compute', async () => {
    const inp = input(20, 8, 20);
    expect((await pcaFloor(backend, inp)).floor).toBe(0);
    await expect(
      pcaFloor(backend, { ...input(10, 4, 2), n: 200_000, d: 1024, rank: 2048 }),
    ).rejects.toThrow(/not computed: .*too many composites|TFLOP/);
  });

  it('stops when cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      pcaFloor(backend, input(300, 9, 12), { signal: controller.signal }),
    ).rejects.toMatchObject({ name: 'AbortError' });
  });
});
