// What a spectral route is: a strategy that fills [C, K] eigenvalues (by descending |λ|,
// NaN-padded) for every composite, with residual bounds when it is approximate. One module per
// route (explicit.ts, lowrank.ts, lanczos.ts); index.ts picks by name. Every route also keeps the
// eigenvectors of the largest |λ| (the subspace overlap and the small manifold projections).
import { orderByMagnitude } from '../../../core/maths/eigen';
import { OVERLAP_RANK } from '../../../core/relations/measures';
import type { EngineWeights } from '../../../core/weights';
import type { AnalyseOptions } from '../options';
import type { Plan } from '../plan';
import type { SessionFactory } from '../sessions';

export interface SpectraResult {
  /** [C, K] by descending |λ|, NaN-padded. */
  values: Float32Array;
  /** [C, K] residual bounds (Lanczos), or null when the values are exact. */
  residuals: Float32Array | null;
  /**
   * [C, OVERLAP_RANK, d'] the unit eigenvectors of each composite's OVERLAP_RANK largest |λ|, in
   * `values`' order, fixSign's convention; zero rows where the form has fewer eigenvectors
   * (beyond a low-rank form's non-zero spectrum, or Lanczos' kept Ritz pairs).
   */
  vectors: Float32Array;
  /** Floating-point operations of the route's onnxruntime graphs. */
  flops: number;
}

export interface SpectraContext {
  backend: SessionFactory;
  w: EngineWeights;
  plan: Plan;
  options: AnalyseOptions;
  signal: AbortSignal | undefined;
  /** Reports a share (summing to 1 over the phase) of the route's work done. */
  advance: (share: number) => void;
}

export type SpectralStrategy = (ctx: SpectraContext) => Promise<SpectraResult>;

/** Eigenvectors kept per composite in SpectraResult.vectors. */
export const VECTORS_KEPT = OVERLAP_RANK;

/** Writes the K largest-|λ| of `eig` into row k of `out` ([C, K]), NaN-padded. */
export function storeTop(out: Float32Array, k: number, K: number, eig: ArrayLike<number>): void {
  const order = orderByMagnitude(eig);
  for (let i = 0; i < K; i++) {
    const idx = order[i];
    out[k * K + i] = idx === undefined ? NaN : (eig[idx] ?? NaN);
  }
}
