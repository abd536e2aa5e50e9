// The exact low-rank route: each composite's form is Pᵀ diag(c) P over the few features it
// reads (core/maths/lowRank), solved in float64 on the CPU with the eigenvectors of its non-zero
// eigenvalues; the rest of its spectrum is zero.
import { throwIfAborted } from '../../../core/abort';
import { orderByMagnitude } from '../../../core/maths/eigen';
import { lowRankEigen, lowRankFactors } from '../../../core/maths/lowRank';
import { tick } from '../options';
import { storeTop, VECTORS_KEPT, type SpectralStrategy } from './types';

/** Composites solved between two yields to the event loop (cancellation, progress). */
const BATCH = 64;

export const lowRankSpectra: SpectralStrategy = async ({ w, plan, signal, advance }) => {
  const { C, dForm: n } = w;
  const K = plan.spectrumK;
  const values = new Float32Array(C * K).fill(NaN);
  const vectors = new Float32Array(C * VECTORS_KEPT * n);
  for (let k = 0; k < C; k++) {
    if (k % BATCH === 0) {
      throwIfAborted(signal);
      await tick();
    }
    const { rows, coef } = lowRankFactors(w, k);
    const eig = lowRankEigen(rows, coef, coef.length, n, true);
    // The rest of the spectrum is exactly zero: the form has rank ≤ 2 × its support.
    const full = new Float64Array(n);
    full.set(eig.values.subarray(0, n));
    storeTop(values, k, K, full);
    // Eigenvectors of the non-zero eigenvalues (columns of eig.vectors, n × len), by |λ|.
    const len = eig.values.length;
    const order = orderByMagnitude(eig.values);
    const cols = eig.vectors ?? new Float64Array(0);
    for (let t = 0; t < Math.min(VECTORS_KEPT, len); t++) {
      const j = order[t] ?? 0;
      const at = (k * VECTORS_KEPT + t) * n;
      for (let a = 0; a < n; a++) vectors[at + a] = cols[a * len + j] ?? 0;
    }
    if (k % BATCH === BATCH - 1 || k === C - 1) advance(((k % BATCH) + 1) / C);
  }
  return { values, residuals: null, vectors, flops: 0 };
};
