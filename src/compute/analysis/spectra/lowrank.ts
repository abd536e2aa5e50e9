// The exact low-rank route: each composite's form is Pᵀ diag(c) P over the few features it
// reads (core/maths/lowRank), solved in float64 on the CPU with the eigenvectors of its non-zero
// eigenvalues; the rest of its spectrum is zero.
import { throwIfAborted } from '../../../core/abort';
import { lowRankEigen, lowRankFactors } from '../../../core/maths/lowRank';
import { tick } from '../options';
import { storeTop, storeTopVectors, VECTORS_KEPT, type SpectralStrategy } from './types';

/** Composites solved between two yields to the event loop (cancellation, progress). */
const BATCH = 64;

export const lowRankSpectra: SpectralStrategy = async ({
  w,
  plan,
  start,
  end,
  signal,
  advance,
}) => {
  const { dForm: n } = w;
  const K = plan.spectrumK;
  const count = end - start;
  const values = new Float32Array(count * K).fill(NaN);
  const vectors = new Float32Array(count * VECTORS_KEPT * n);
  for (let i = 0; i < count; i++) {
    if (i % BATCH === 0) {
      throwIfAborted(signal);
      await tick();
    }
    const { rows, coef } = lowRankFactors(w, start + i);
    const eig = lowRankEigen(rows, coef, coef.length, n, true);
    // The rest of the spectrum is exactly zero: the form has rank ≤ 2 × its support.
    const full = new Float64Array(n);
    full.set(eig.values.subarray(0, n));
    storeTop(values, i, K, full);
    // Eigenvectors of the non-zero eigenvalues (columns of eig.vectors, n × len), by |λ|.
    if (eig.vectors) {
      storeTopVectors(vectors, i, VECTORS_KEPT, n, eig.values, eig.vectors, eig.values.length);
    }
    if (i % BATCH === BATCH - 1 || i === count - 1) advance(((i % BATCH) + 1) / count);
  }
  return { values, residuals: null, vectors, flops: 0 };
};
