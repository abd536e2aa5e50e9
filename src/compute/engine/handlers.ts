// The engine's calls (the worker side of the page's engine client): configure a backend, load a
// model and probe set, analyse it (cached), a latent's and features' detail, cache and bench
// utilities. Holds the worker's state — the backend, the current model and its sessions — and
// the WebGPU → WASM fallback. The page derives its call types from `EngineHandlers`, so this
// module's signatures are the protocol. The ORT module is injected: the browser worker passes
// the web build, Node tests the WASM build.
import type { Analysis, FeatureDetail, LatentDetail } from '../../core/analysis';
import type { BackendInfo, BackendPreference } from '../../core/engineTypes';
import { featureDetails } from '../../core/features';
import { compositeId } from '../../core/ids';
import type { BaeModel } from '../../core/model';
import { engineWeights, type EngineWeights, type WeightSource } from '../../core/weights';
import { analyse, type AnalyseOptions } from '../analysis';
import { cacheClear, cacheGet, cachePut } from '../cache';
import { analysisKey, modelSha256, probesSha256 } from '../../core/hashes';
import { formsGraph, matmulGraph } from '../graphs';
import { DEFAULT_AXES, compositeEigen, latentDetail } from '../latent';
import type { RpcContext } from '../rpc/types';
import { OrtBackend, float32, type OrtModule, type Session } from '../runtime';

/**
 * The model as the worker needs it: a BaeModel's name, kind and weights (typed arrays; shared
 * memory when the page is cross-origin isolated, else copied once per load).
 */
export type ModelPayload = Pick<BaeModel, 'name' | 'kind'> & WeightSource;

export interface ProbePayload {
  n: number;
  d: number;
  activations: Float32Array;
}

/** Unprompted: the backend changed (first choice, or WebGPU failed and it fell back to WASM). */
export interface EngineEvent {
  kind: 'backend';
  info: BackendInfo;
  fallbackReason: string | null;
}

type Ctx = RpcContext<EngineEvent>;

interface Current {
  key: string;
  name: string;
  kind: ModelPayload['kind'];
  weights: EngineWeights;
  probes: ProbePayload | null;
  /** The forms session, reused across latent requests (one backend, one model). */
  forms: Session<'forms'> | null;
  /** Eigen-decompositions of recently opened composites. */
  eigen: Map<number, { values: Float64Array; vectors: Float64Array }>;
}

/** Most recent eigen-decompositions kept per model (each is d'² doubles). */
const EIGEN_KEPT = 16;

/** The buffers of the typed arrays in `arrays` that own their whole buffer (safe to move). */
function owned(...arrays: (ArrayBufferView | null | undefined)[]): ArrayBuffer[] {
  const out: ArrayBuffer[] = [];
  for (const a of arrays) {
    if (a && a.buffer instanceof ArrayBuffer && a.byteLength === a.buffer.byteLength) {
      if (!out.includes(a.buffer)) out.push(a.buffer);
    }
  }
  return out;
}

/** The buffers of an analysis, moved to the page with it (the worker keeps no reference). */
function analysisBuffers(a: Analysis): ArrayBuffer[] {
  const p = a.probes;
  return owned(
    a.spectra,
    a.spectraResidual,
    a.rank,
    a.importance,
    a.frobenius2,
    a.support,
    a.captured,
    a.featureReaders,
    a.axisVectors?.vectors,
    a.neighbours?.index,
    a.neighbours?.similarity,
    p?.hByComposite,
    p?.density,
    p?.histogram.lo,
    p?.histogram.hi,
    p?.histogram.counts,
    p?.topRows,
    p?.bottomRows,
    p?.rowError,
    p?.prefixError,
    p?.prefixOrder,
    p?.featureDensity,
    p?.featureMaxAbs,
  );
}

/** The engine's handlers, over `ort` with its WASM files at `wasmPaths` (browser builds). */
export function createEngineHandlers(deps: { ort: OrtModule; wasmPaths?: string }) {
  let backend: OrtBackend | null = null;
  let preference: BackendPreference = 'auto';
  let current: Current | null = null;
  const backendOptions = deps.wasmPaths ? { wasmPaths: deps.wasmPaths } : {};

  async function getBackend(ctx: Ctx): Promise<OrtBackend> {
    if (!backend) {
      backend = await OrtBackend.create(deps.ort, preference, backendOptions);
      ctx.emit({ kind: 'backend', info: backend.info, fallbackReason: null });
    }
    return backend;
  }

  /** The forms session belongs to one backend and one model: released when either changes. */
  async function releaseForms(): Promise<void> {
    const forms = current?.forms;
    if (!current || !forms) return;
    current.forms = null;
    await forms.release().catch(() => {});
  }

  /** Runs `job` on the backend; a WebGPU failure (not a cancellation) retries once on WASM. */
  async function withFallback<T>(ctx: Ctx, job: (b: OrtBackend) => Promise<T>): Promise<T> {
    const b = await getBackend(ctx);
    try {
      return await job(b);
    } catch (err) {
      if (b.info.name !== 'webgpu' || (err instanceof Error && err.name === 'AbortError'))
        throw err;
      const why = err instanceof Error ? err.message : String(err);
      await releaseForms();
      backend = await OrtBackend.create(deps.ort, 'wasm', backendOptions);
      ctx.emit({
        kind: 'backend',
        info: backend.info,
        fallbackReason: `WebGPU failed (${why}); the engine switched to WASM`,
      });
      return job(backend);
    }
  }

  function requireModel(): Current {
    if (!current) throw new Error('no model is loaded in the engine');
    return current;
  }

  return {
    /** (Re)chooses the backend; later calls run on it. */
    async configure(args: { preference: BackendPreference }, ctx: Ctx): Promise<BackendInfo> {
      preference = args.preference;
      await releaseForms();
      current?.eigen.clear();
      backend = null;
      return (await getBackend(ctx)).info;
    },

    /** Makes a model (and probe set) the current one; returns the cache key of its analysis. */
    async load(args: {
      model: ModelPayload;
      probes: ProbePayload | null;
    }): Promise<{ key: string }> {
      const { model, probes } = args;
      // Released even if this load fails: the previous model stays current, without the session.
      await releaseForms();
      const weights = engineWeights(model);
      const key = await analysisKey(
        await modelSha256(model),
        probes ? await probesSha256(probes) : null,
      );
      current = {
        key,
        name: model.name,
        kind: model.kind,
        weights,
        probes,
        forms: null,
        eigen: new Map(),
      };
      return { key };
    },

    /** Analyses the current model, from the cache when it holds this key. */
    async analyse(
      args: { useCache: boolean; options?: Partial<AnalyseOptions> },
      ctx: Ctx,
    ): Promise<{ analysis: Analysis; fromCache: boolean }> {
      const cur = requireModel();
      const key = args.options ? `${cur.key}:${JSON.stringify(args.options)}` : cur.key;
      if (args.useCache) {
        const hit = await cacheGet(key);
        if (hit) {
          ctx.transfer(...analysisBuffers(hit));
          return { analysis: hit, fromCache: true };
        }
      }
      const analysis = await withFallback(ctx, (b) =>
        analyse(
          b,
          {
            key,
            modelName: cur.name,
            weights: cur.weights,
            probes: cur.probes,
            prefixBasis: cur.kind === 'ordered' ? 'trained' : 'importance',
          },
          args.options ?? {},
          { signal: ctx.signal, onProgress: ctx.progress },
        ),
      );
      await cachePut(analysis);
      ctx.transfer(...analysisBuffers(analysis));
      return { analysis, fromCache: false };
    },

    /** The full spectrum, chosen eigenvectors and probe projections of one composite. */
    async latent(
      args: { composite: number; axes: number[] | null },
      ctx: Ctx,
    ): Promise<LatentDetail> {
      const cur = requireModel();
      const w = cur.weights;
      if (!Number.isInteger(args.composite) || args.composite < 0 || args.composite >= w.C) {
        throw new Error(
          `composite ${args.composite} does not exist (this model has 0..${w.C - 1})`,
        );
      }
      const k = compositeId(args.composite);
      let eig = cur.eigen.get(k);
      if (!eig) {
        eig = await withFallback(ctx, async (b) => {
          if (w.down && !cur.forms) cur.forms = await b.session(formsGraph({ ...w, down: w.down }));
          return compositeEigen(w, k, cur.forms);
        });
        cur.eigen.set(k, eig);
        if (cur.eigen.size > EIGEN_KEPT) cur.eigen.delete(cur.eigen.keys().next().value as number);
      }
      const detail = latentDetail(w, k, eig, args.axes ?? DEFAULT_AXES, cur.probes);
      ctx.transfer(...owned(detail.values, detail.vectors, detail.xyz));
      return detail;
    },

    /**
     * Readies the current model's latent session (the backend and the forms graph), so the
     * first latent request does not wait for onnxruntime to start. Returns the time it took.
     */
    async warm(_args: Record<string, never>, ctx: Ctx): Promise<{ ms: number }> {
      const cur = requireModel();
      const t0 = performance.now();
      const w = cur.weights;
      await withFallback(ctx, async (b) => {
        if (w.down && !cur.forms) cur.forms = await b.session(formsGraph({ ...w, down: w.down }));
      });
      return { ms: performance.now() - t0 };
    },

    /** Encoder features' own top rows and the composites that read them (at most 64). */
    async features(
      args: { features: number[]; topK: number; readers: number },
      ctx: Ctx,
    ): Promise<FeatureDetail[]> {
      const cur = requireModel();
      const details = featureDetails(
        cur.weights,
        cur.probes,
        args.features.slice(0, 64),
        args.topK,
        args.readers,
      );
      for (const d of details) {
        ctx.transfer(
          ...owned(
            d.topRows,
            d.topValues,
            d.bottomRows,
            d.bottomValues,
            d.readers,
            d.readerWeights,
          ),
        );
      }
      return details;
    },

    /** Deletes every cached analysis. */
    async clearCache(): Promise<{ removed: number }> {
      return { removed: await cacheClear() };
    },

    /** Benchmark: a plain MatMul [m,k]×[k,n], `reps` timed runs after one warm-up. */
    async benchMatmul(
      args: { m: number; k: number; n: number; reps: number },
      ctx: Ctx,
    ): Promise<{ msPerRun: number; gflops: number }> {
      const { m, k, n, reps } = args;
      const b = await getBackend(ctx);
      const weight = new Float32Array(k * n).map((_, i) => ((i % 13) - 6) / 13);
      const a = new Float32Array(m * k).map((_, i) => ((i % 7) - 3) / 7);
      const session = await b.session(matmulGraph(m, k, n, weight));
      try {
        await session.run({ a: float32(a, [m, k]) });
        const t0 = performance.now();
        for (let r = 0; r < reps; r++) await session.run({ a: float32(a, [m, k]) });
        const msPerRun = (performance.now() - t0) / reps;
        return { msPerRun, gflops: (2 * m * k * n) / (msPerRun * 1e6) };
      } finally {
        await session.release();
      }
    },

    /**
     * Crashes the worker on purpose (an uncaught error outside any call), so the page's recovery
     * — a new worker, the model replayed — can be tried from the console and tested.
     */
    async crash(args: { message?: string }): Promise<never> {
      setTimeout(() => {
        throw new Error(args.message ?? 'deliberate crash (window.bae.debug.crashEngine)');
      }, 0);
      // Never settles: the page ends this worker when it sees the uncaught error.
      return new Promise<never>(() => {});
    },
  };
}

export type EngineHandlers = ReturnType<typeof createEngineHandlers>;
