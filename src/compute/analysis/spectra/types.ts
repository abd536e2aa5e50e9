// What a spectral route is: a strategy that fills [C, K] eigenvalues (by descending |λ|,
// NaN-padded) for every composite, with residual bounds when it is approximate. One module per
// route (explicit.ts, lowrank.ts, lanczos.ts); index.ts picks by name.
import { orderByMagnitude } from '../../../core/maths/eigen';
import type { EngineWeights } from '../../../core/weights';
import type { AnalyseOptions } from '../options';
import type { Plan } from '../plan';
import type { SessionFactory } from '../sessions';

export interface SpectraResult {
  /** [C, K] by descending |λ|, NaN-padded. */
  values: Float32Array;
  /** [C, K] residual bounds (Lanczos), or null when the values are exact. */
  residuals: Float32Array | null;
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

/** Writes the K largest-|λ| of `eig` into row k of `out` ([C, K]), NaN-padded. */
export function storeTop(out: Float32Array, k: number, K: number, eig: ArrayLike<number>): void {
  const order = orderByMagnitude(eig);
  for (let i = 0; i < K; i++) {
    const idx = order[i];
    out[k * K + i] = idx === undefined ? NaN : (eig[idx] ?? NaN);
  }
}
