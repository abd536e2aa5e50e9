// The explicit route: forms B_k built in blocks by onnxruntime (formsGraph), every eigenvalue and
// the eigenvectors of the largest |λ| by the float64 dense eigensolver on the CPU
// (symmetricEigenTop: inverse iteration for the few vectors). For forms up to a few hundred wide.
import { throwIfAborted } from '../../../core/abort';
import { symmetricEigenTop } from '../../../core/maths/eigen';
import { formsGraph } from '../../graphs';
import { int64 } from '../../runtime';
import { chunks, tick } from '../options';
import { storeTop, VECTORS_KEPT, type SpectralStrategy } from './types';

export const explicitSpectra: SpectralStrategy = async ({
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
  if (!down) throw new Error('the explicit route needs a model with "down"');
  const K = plan.spectrumK;
  const count = last - first;
  const values = new Float32Array(count * K).fill(NaN);
  const r = Math.min(VECTORS_KEPT, n);
  const vectors = new Float32Array(count * VECTORS_KEPT * n);
  // The scaled copy of R is Cb × F × d' floats.
  const cb = Math.max(1, Math.min(count, Math.floor(options.chunkFloats / (F * n))));
  const session = await backend.session(formsGraph({ ...w, down }));
  let flops = 0;
  try {
    for (const [s, e] of chunks(count, cb)) {
      const start = first + s;
      const end = first + e;
      throwIfAborted(signal);
      const { forms } = await session.run({ start: int64(start), end: int64(end) });
      flops += 2 * (end - start) * F * n * n;
      for (let k = start; k < end; k++) {
        const eig = symmetricEigenTop(
          forms.subarray((k - start) * n * n, (k - start + 1) * n * n),
          n,
          r,
        );
        storeTop(values, k - first, K, eig.values);
        vectors.set(eig.topVectors, (k - first) * VECTORS_KEPT * n);
      }
      advance((end - start) / count);
      await tick();
    }
  } finally {
    await session.release();
  }
  return { values, residuals: null, vectors, flops };
};
