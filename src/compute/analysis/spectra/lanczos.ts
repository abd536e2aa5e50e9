// The matrix-free route: lock-step Lanczos (core/maths/lanczos) over blocks of composites, each
// step one onnxruntime run of B_k v_k for the block (lanczosGraph). The largest |λ| only, with
// residual bounds and Ritz vectors; for forms too wide to build. Each composite's start vector
// depends on its own index only, so a composite gives the same result whatever block or shard it
// is computed in.
import { throwIfAborted } from '../../../core/abort';
import { lockstepLanczos } from '../../../core/maths/lanczos';
import { lanczosGraph } from '../../graphs';
import { float32, int64 } from '../../runtime';
import { chunks, tick } from '../options';
import { VECTORS_KEPT, type SpectralStrategy } from './types';

/** Seed of every composite's start vector (with the composite's index). */
const LANCZOS_SEED = 1;

export const lanczosSpectra: SpectralStrategy = async ({
  backend,
  w,
  plan,
  options,
  start: first,
  end: last,
  signal,
  advance,
}) => {
  const { F, dForm: n } = w;
  const down = w.down;
  if (!down) throw new Error('the Lanczos route needs a model with "down"');
  const K = plan.spectrumK;
  const R = Math.min(VECTORS_KEPT, K);
  const total = last - first;
  const values = new Float32Array(total * K).fill(NaN);
  const residuals = new Float32Array(total * K).fill(NaN);
  const vectors = new Float32Array(total * VECTORS_KEPT * n);
  // Composite blocks sized so the four [Cb, F] products fit the chunk budget.
  const cb = Math.max(1, Math.min(total, Math.floor(options.chunkFloats / (4 * F))));
  const session = await backend.session(lanczosGraph({ ...w, down }));
  let flops = 0;
  try {
    for (const [s, e] of chunks(total, cb)) {
      const start = first + s;
      const end = first + e;
      throwIfAborted(signal);
      const count = end - start;
      const result = await lockstepLanczos(
        count,
        n,
        async (v) => {
          const { out } = await session.run({
            v: float32(v, [count, n]),
            start: int64(start),
            end: int64(end),
          });
          flops += 8 * count * F * n;
          await tick();
          return out;
        },
        {
          steps: plan.steps,
          seed: LANCZOS_SEED,
          firstOperator: start,
          keep: K,
          wantVectors: true,
          ...(signal ? { signal } : {}),
          onStep: () => advance(count / total / plan.steps),
        },
      );
      values.set(result.values.subarray(0, count * K), s * K);
      residuals.set(result.residuals.subarray(0, count * K), s * K);
      if (result.vectors) {
        // Ritz vectors come [count, K, n], in the values' order; keep the first R of each (zero
        // where a Ritz vector is NaN: none exists).
        for (let k = 0; k < count; k++) {
          for (let a = 0; a < R; a++) {
            const src = result.vectors.subarray((k * K + a) * n, (k * K + a + 1) * n);
            const at = ((s + k) * VECTORS_KEPT + a) * n;
            for (let i = 0; i < n; i++) vectors[at + i] = Number.isNaN(src[i]) ? 0 : (src[i] ?? 0);
          }
        }
      }
    }
  } finally {
    await session.release();
  }
  return { values, residuals, vectors, flops };
};
