// The only owner of the engine worker's message protocol: every call the page can make, its
// arguments and its result, as one typed map shared by the worker and the client. Requests carry
// an id; the worker answers with progress messages, then exactly one result or error.
import type { Analysis, FeatureDetail, LatentDetail } from '../core/analysis';
import type { BaeModel } from '../core/model';
import type { AnalyseOptions } from './analysis';
import type { BackendInfo, BackendPreference } from './runtime';
import type { WeightSource } from './weights';

/**
 * The model as the worker needs it: a BaeModel's name, kind and weights (plain typed arrays;
 * structured-cloned once per load). The fields are BaeModel's, documented there.
 */
export type ModelPayload = Pick<BaeModel, 'name' | 'kind'> & WeightSource;

export interface ProbePayload {
  n: number;
  d: number;
  activations: Float32Array;
}

/** name → arguments and result of every call. */
export interface EngineCalls {
  /** (Re)chooses the backend; later calls run on it. */
  configure: { args: { preference: BackendPreference }; result: BackendInfo };
  /** Makes a model (and probe set) the current one; returns the cache key of its analysis. */
  load: { args: { model: ModelPayload; probes: ProbePayload | null }; result: { key: string } };
  /** Analyses the current model, from the cache when it holds this key. */
  analyse: {
    args: { useCache: boolean; options?: Partial<AnalyseOptions> };
    result: { analysis: Analysis; fromCache: boolean };
  };
  /** The full spectrum, chosen eigenvectors and probe projections of one composite. */
  latent: { args: { composite: number; axes: number[] | null }; result: LatentDetail };
  /** Encoder features' own top rows and the composites that read them. */
  features: {
    args: { features: number[]; topK: number; readers: number };
    result: FeatureDetail[];
  };
  /** Deletes every cached analysis. */
  clearCache: { args: Record<string, never>; result: { removed: number } };
  /** Benchmark: a plain MatMul [m,k]×[k,n], `reps` timed runs after one warm-up. */
  benchMatmul: {
    args: { m: number; k: number; n: number; reps: number };
    result: { msPerRun: number; gflops: number };
  };
}

export type CallName = keyof EngineCalls;

export type EngineRequest =
  | { [K in CallName]: { id: number; call: K; args: EngineCalls[K]['args'] } }[CallName]
  | { id: number; call: 'cancel'; target: number };

export type EngineResponse =
  | { id: number; kind: 'progress'; phase: string; fraction: number }
  | { id: number; kind: 'ok'; value: unknown }
  | { id: number; kind: 'error'; name: string; message: string }
  /** Unprompted: the backend changed (e.g. WebGPU failed and the engine fell back to WASM). */
  | { id: -1; kind: 'backend'; info: BackendInfo; fallbackReason: string | null };
