// The matrix-free route: lock-step Lanczos (core/maths/lanczos) over blocks of composites, each
// step one onnxruntime run of B_k v_k for the block (lanczosGraph). The largest |λ| only, with
// residual bounds and Ritz vectors; for forms too wide to build.
import { throwIfAborted } from '../../../core/abort';
import { lockstepLanczos } from '../../../core/maths/lanczos';
import { lanczosGraph } from '../../graphs';
import { float32, int64 } from '../../runtime';
import { chunks, tick } from '../options';
import { VECTORS_KEPT, type SpectralStrategy } from './types';

export const lanczosSpectra: SpectralStrategy = async ({
  backend,
  w,
  plan,
  options,
  signal,
  advance,
}) => {
  const { F, C, dForm: n } = w;
  const down = w.down;
  if (!down) throw new Error('the Lanczos route needs a model with "down"');
  const K = plan.spectrumK;
  const values = new Float32Array(C * K).fill(NaN);
  const residuals = new Float32Array(C * K).fill(NaN);
  const vectors = new Float32Array(C * VECTORS_KEPT * n);
  // Composite blocks sized so the four [Cb, F] products fit the chunk budget.
  const cb = Math.max(1, Math.min(C, Math.floor(options.chunkFloats / (4 * F))));
  const session = await backend.session(lanczosGraph({ ...w, down }));
  let flops = 0;
  try {
    for (const [start, end] of chunks(C, cb)) {
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
          seed: 1 + start,
          keep: K,
          wantVectors: true,
          ...(signal ? { signal } : {}),
          onStep: () => advance(count / C / plan.steps),
        },
      );
      values.set(result.values.subarray(0, count * K), start * K);
      residuals.set(result.residuals.subarray(0, count * K), start * K);
      // The Ritz vectors of the largest |λ| (count × K × n, same order as the values).
      const ritz = result.vectors;
      if (ritz) {
        for (let c = 0; c < count; c++) {
          for (let t = 0; t < Math.min(VECTORS_KEPT, K); t++) {
            const from = (c * K + t) * n;
            vectors.set(ritz.subarray(from, from + n), ((start + c) * VECTORS_KEPT + t) * n);
          }
        }
      }
    }
  } finally {
    await session.release();
  }
  return { values, residuals, vectors, flops };
};
