// The only owner of what an analysis takes: its input (weights, probe rows, prefix basis), its
// tuning options with their defaults, and the context every phase runs in (cancellation and
// progress). Consumed by every phase module and by the engine's handlers.
import type { SpectralRoute } from '../../core/analysis';
import type { EngineWeights } from '../../core/weights';

/** Tuning of an analysis (defaults suit the app; tests and benchmarks override some). */
export interface AnalyseOptions {
  /** Spectral route; 'auto' picks by model size and sparsity. */
  route: SpectralRoute | 'auto';
  /** Eigenvalues kept per composite when not all are stored. */
  spectrumKeep: number;
  /** Lanczos steps (clamped to d'). */
  lanczosSteps: number;
  /** Top and bottom probe rows kept per composite. */
  topK: number;
  histogramBins: number;
  neighbours: number;
  /** Floats one intermediate tensor may hold (bounds every chunk size). */
  chunkFloats: number;
  /** Largest C for the C×C Gram matrices (decode, neighbours, importance). */
  maxGramC: number;
  /** Largest N × C for keeping every composite value of every probe row. */
  maxProbeValues: number;
  /**
   * Eigenvectors of the largest |λ| kept per composite (Analysis.axisVectors): 3 serves the
   * latent view's default axes without the engine (analysis bundles); 0 skips them (the
   * explicit route then runs its eigensolver without vectors, about half the CPU time).
   */
  axisVectors: number;
}

export const DEFAULT_OPTIONS: AnalyseOptions = {
  route: 'auto',
  spectrumKeep: 32,
  lanczosSteps: 64,
  topK: 100,
  histogramBins: 64,
  neighbours: 12,
  chunkFloats: 8 * 1024 * 1024,
  maxGramC: 8192,
  maxProbeValues: 128 * 1024 * 1024,
  axisVectors: 0,
};

export interface AnalyseInput {
  key: string;
  modelName: string;
  weights: EngineWeights;
  /** Raw activations [n, d] of the probe set, or null. */
  probes: { activations: Float32Array; n: number } | null;
  /**
   * The order the prefix curve adds composites in: 'trained' = index order (the ordered kind is
   * trained so that every prefix reconstructs well), 'importance' = by descending ‖B_k‖²_F.
   */
  prefixBasis?: 'trained' | 'importance';
}

/** Cancellation and progress of a running analysis. */
export interface JobContext {
  /** Once aborted, the analysis stops at its next check and rejects with an AbortError. */
  signal?: AbortSignal;
  /** `fraction` in 0..1 of the whole job; called often (the caller throttles). */
  onProgress?: (phase: string, fraction: number) => void;
}

/**
 * Yields to the event loop (one macrotask), so a cancel message is seen between chunks: an
 * onnxruntime run on one WASM thread completes without ever yielding. A MessageChannel task,
 * not setTimeout, which browsers clamp to 4 ms once nested.
 */
export function tick(): Promise<void> {
  if (typeof MessageChannel === 'undefined') return new Promise((r) => setTimeout(r, 0));
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

/** Splits [0, total) into chunks of at most `size`. */
export function* chunks(total: number, size: number): Generator<[number, number]> {
  const step = Math.max(1, Math.floor(size));
  for (let start = 0; start < total; start += step) yield [start, Math.min(total, start + step)];
}
