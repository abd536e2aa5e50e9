// What a spectral route is: a strategy that fills [count, K] eigenvalues (by descending |λ|,
// NaN-padded) for the composites start..end−1 of a model, with residual bounds when it is
// approximate. Every route also keeps the eigenvectors of each composite's VECTORS_KEPT largest
// |λ| (Analysis.eigenvectors: the subspace overlap, the latent view's default axes, the token
// view's small projections). One module per route (explicit.ts, lowrank.ts, lanczos.ts);
// index.ts picks by name.
import { orderByMagnitude } from '../../../core/maths/eigen';
import { OVERLAP_RANK } from '../../../core/relations/measures';
import type { EngineWeights } from '../../../core/weights';
import type { AnalyseOptions } from '../options';
import type { Plan } from '../plan';
import type { SessionFactory } from '../sessions';

export interface SpectraResult {
  /** [count, K] by descending |λ|, NaN-padded (row i = composite start + i). */
  values: Float32Array;
  /** [count, K] residual bounds (Lanczos), or null when the values are exact. */
  residuals: Float32Array | null;
  /**
   * [count, VECTORS_KEPT, d'] the unit eigenvectors of each composite's VECTORS_KEPT largest
   * |λ|, in `values`' order, fixSign's convention; zero rows where the form has fewer
   * eigenvectors (beyond a low-rank form's non-zero spectrum, or Lanczos' kept Ritz pairs).
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
  /** The composites start..end−1 (all of them, or one shard's). */
  start: number;
  end: number;
  signal: AbortSignal | undefined;
  /** Reports a share (summing to 1 over the phase) of the route's work done. */
  advance: (share: number) => void;
}

export type SpectralStrategy = (ctx: SpectraContext) => Promise<SpectraResult>;

/** Eigenvectors kept per composite in SpectraResult.vectors (the subspace overlap's r). */
export const VECTORS_KEPT = OVERLAP_RANK;

/** Writes the K largest-|λ| of `eig` into row k of `out` ([*, K]), NaN-padded. */
export function storeTop(out: Float32Array, k: number, K: number, eig: ArrayLike<number>): void {
  const order = orderByMagnitude(eig);
  for (let i = 0; i < K; i++) {
    const idx = order[i];
    out[k * K + i] = idx === undefined ? NaN : (eig[idx] ?? NaN);
  }
}

/**
 * Writes the eigenvectors of the A largest |λ| of `values` into row k of `out` ([*, A, n]):
 * `columns` is n × cols row-major, column j the unit eigenvector of values[j] (already in
 * fixSign's convention). Missing ones (a low-rank form) stay zero.
 */
export function storeTopVectors(
  out: Float32Array,
  k: number,
  A: number,
  n: number,
  values: ArrayLike<number>,
  columns: ArrayLike<number>,
  cols: number,
): void {
  const order = orderByMagnitude(values);
  for (let a = 0; a < A; a++) {
    const src = order[a];
    if (src === undefined) continue;
    const at = (k * A + a) * n;
    for (let i = 0; i < n; i++) out[at + i] = columns[i * cols + src] ?? 0;
  }
}
