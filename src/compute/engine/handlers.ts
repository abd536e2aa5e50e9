// The engine's calls (the worker side of the page's engine client): configure a backend, load a
// model and probe set, analyse it (cached), a latent's and features' detail, encode the user's
// own rows, the PCA floor of a probe set (cached; stateless, so a second engine worker can run it),
// cache and bench utilities. Holds the worker's state — the backend, the current model and its sessions — and
// the WebGPU → WASM fallback. The page derives its call types from `EngineHandlers`, so this
// module's signatures are the protocol. The ORT module is injected: the browser worker passes
// the web build, Node tests the WASM build.
import type { Analysis, FeatureDetail, LatentDetail } from '../../core/analysis';
import type { BackendInfo, BackendPreference } from '../../core/engineTypes';
import { featureDetails } from '../../core/features';
import { compositeId, type CompositeId } from '../../core/ids';
import { projectRows } from '../../core/projection';
import { bestView } from '../../core/shape/pca';
import type { BaeModel } from '../../core/model';
import { engineWeights, type EngineWeights, type WeightSource } from '../../core/weights';
import { analyse, DEFAULT_OPTIONS, type AnalyseOptions } from '../analysis';
import { gramPhase } from '../analysis/gram';
import { decodeTerms } from '../analysis/probes';
import { coactivation } from '../analysis/relations';
import type { PcaFloor } from '../../core/pcaFloor';
import { cacheClear, cacheGet, cachePut, floorGet, floorPut } from '../cache';
import { analysisKey, modelSha256, probesSha256 } from '../../core/hashes';
import { crossGraph, encodeGraph, formsGraph, matmulGraph, type DecodeTerms } from '../graphs';
import { DEFAULT_AXES, compositeEigen, latentDetail } from '../latent';
import { circularityAll } from '../shapes';
import { pcaFloor } from '../pcaFloor';
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
  /** The decode terms (Gram matrix M) for encoding own rows, computed on first use. */
  decode: DecodeTerms | null;
}

/** Rows one encodeRows call takes (a file of activations the user drops). */
export const MAX_OWN_ROWS = 4096;

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
    a.eigenvectors?.vectors,
    ...Object.values(a.relations.tables).flatMap((t) => [t.index, t.similarity, t.isolated]),
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

  function checkedComposite(cur: Current, composite: number): CompositeId {
    const C = cur.weights.C;
    if (!Number.isInteger(composite) || composite < 0 || composite >= C) {
      throw new Error(`composite ${composite} does not exist (this model has 0..${C - 1})`);
    }
    return compositeId(composite);
  }

  /** The eigen-decomposition of composite k (the few most recent are kept). */
  async function eigenOf(
    cur: Current,
    k: CompositeId,
    ctx: Ctx,
  ): Promise<{ values: Float64Array; vectors: Float64Array }> {
    const cached = cur.eigen.get(k);
    if (cached) return cached;
    const w = cur.weights;
    const eig = await withFallback(ctx, async (b) => {
      if (w.down && !cur.forms) cur.forms = await b.session(formsGraph({ ...w, down: w.down }));
      return compositeEigen(w, k, cur.forms);
    });
    cur.eigen.set(k, eig);
    if (cur.eigen.size > EIGEN_KEPT) cur.eigen.delete(cur.eigen.keys().next().value as number);
    return eig;
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
        decode: null,
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
      const k = checkedComposite(cur, args.composite);
      const eig = await eigenOf(cur, k, ctx);
      const detail = latentDetail(cur.weights, k, eig, args.axes ?? DEFAULT_AXES, cur.probes);
      ctx.transfer(...owned(detail.values, detail.vectors, detail.xyz));
      return detail;
    },

    /**
     * The best view of a composite's manifold: the weighted PCA (weights `fitWeights`, e.g. |h|)
     * of rows `fitRows` in the span of its top-k eigenvectors, and rows `rows` projected on the
     * three leading directions ([rows, 3]); `captured` = the share of the fit rows' variance in
     * that span the three directions hold.
     */
    async bestView(
      args: {
        composite: number;
        k: number;
        fitRows: Int32Array;
        fitWeights: Float32Array;
        rows: Int32Array;
      },
      ctx: Ctx,
    ): Promise<{ coords: Float32Array; captured: number; variances: Float64Array }> {
      const cur = requireModel();
      const probes = cur.probes;
      if (!probes) throw new Error('the best view needs a probe set');
      const k = checkedComposite(cur, args.composite);
      const eig = await eigenOf(cur, k, ctx);
      const n = cur.weights.dForm;
      const span = Math.max(3, Math.min(args.k, n, 64));
      const basis = eig.vectors.subarray(0, span * n);
      for (const r of [...args.fitRows, ...args.rows]) {
        if (!(r >= 0 && r < probes.n)) throw new Error(`probe row ${r} does not exist`);
      }
      const project = (rows: Int32Array) =>
        projectRows(probes.activations, cur.weights.d, n, probes.n, rows, basis, span);
      const fit = bestView(project(args.fitRows), span, args.fitWeights, 3);
      // Every requested row on the fitted directions (centred on the fit rows' weighted mean).
      const coords = project(args.rows);
      const out = new Float32Array(args.rows.length * 3);
      for (let i = 0; i < args.rows.length; i++) {
        for (let c = 0; c < 3; c++) {
          let s = 0;
          for (let a = 0; a < span; a++) {
            s +=
              ((coords[i * span + a] ?? 0) - (fit.mean[a] ?? 0)) *
              (fit.directions[c * span + a] ?? 0);
          }
          out[i * 3 + c] = s;
        }
      }
      ctx.transfer(...owned(out, fit.variances));
      return { coords: out, captured: fit.captured, variances: fit.variances };
    },

    /**
     * The circularity of every composite ([C]): its `m` top rows (`rows`, [C, m], with values
     * `values`) on its two leading eigenvectors, scored by core/shape/circularity.
     */
    async circularity(
      args: { rows: Int32Array; values: Float32Array; m: number },
      ctx: Ctx,
    ): Promise<{ circularity: Float32Array; ms: number }> {
      const cur = requireModel();
      const probes = cur.probes;
      if (!probes) throw new Error('circularity needs a probe set');
      const t0 = performance.now();
      const circ = await withFallback(ctx, (b) =>
        circularityAll(
          b,
          { weights: cur.weights, probes, rows: args.rows, values: args.values, m: args.m },
          ctx.signal,
          (f) => ctx.progress('Circularity of every composite', f),
        ),
      );
      ctx.transfer(...owned(circ));
      return { circularity: circ, ms: performance.now() - t0 };
    },

    /**
     * Encodes the user's own rows (raw activations [n, d]) with the probe rows' graph (encode +
     * decode): h [n, C] and each row's reconstruction error (null when C is above the Gram
     * limit). The decode terms need the Gram matrix M, computed once per model on first use.
     */
    async encodeRows(
      args: { activations: Float32Array; n: number },
      ctx: Ctx,
    ): Promise<{ h: Float32Array; error: Float32Array | null }> {
      const cur = requireModel();
      const w = cur.weights;
      const { n, activations } = args;
      if (!Number.isInteger(n) || n < 1 || n > MAX_OWN_ROWS) {
        throw new Error(`encodeRows: ${n} rows; 1 to ${MAX_OWN_ROWS} can be encoded at once`);
      }
      if (activations.length !== n * w.d) {
        throw new Error(`encodeRows: ${activations.length} values for ${n} rows of width ${w.d}`);
      }
      return withFallback(ctx, async (b) => {
        if (!cur.decode && w.C <= DEFAULT_OPTIONS.maxGramC) {
          ctx.progress('Gram matrix for the reconstruction error', 0);
          const gram = await gramPhase(b, w, DEFAULT_OPTIONS, ctx.signal, () => {});
          cur.decode = decodeTerms(
            gram,
            w.C,
            cur.kind === 'ordered' ? 'trained' : 'importance',
            w.biases ? 4 : 1,
          );
        }
        ctx.progress('Encoding', 0.9);
        const session = await b.session(encodeGraph(w, cur.decode));
        // Rows per run as the probe phase sizes them: no intermediate above the chunk budget.
        const per = Math.max(
          1,
          Math.floor(DEFAULT_OPTIONS.chunkFloats / (3 * w.F + 3 * w.C + w.d)),
        );
        const h = new Float32Array(n * w.C);
        const error = cur.decode ? new Float32Array(n) : null;
        try {
          for (let start = 0; start < n; start += per) {
            const end = Math.min(n, start + per);
            const out = await session.run({
              x: float32(activations.subarray(start * w.d, end * w.d), [end - start, w.d]),
            });
            h.set(out.h.subarray(0, (end - start) * w.C), start * w.C);
            if (error && out.err) error.set(out.err.subarray(0, end - start), start);
          }
        } finally {
          await session.release();
        }
        ctx.transfer(...owned(h, error));
        return { h, error };
      });
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

    /**
     * The PCA floor of `probes` at rank `rank` (compute/pcaFloor.ts), from the cache under
     * `cacheKey` unless `useCache` is false. Needs no loaded model.
     */
    async pcaFloor(
      args: {
        probes: ProbePayload;
        biased: boolean;
        rank: number;
        cacheKey: string;
        useCache: boolean;
      },
      ctx: Ctx,
    ): Promise<{ floor: PcaFloor; fromCache: boolean }> {
      if (args.useCache) {
        const hit = await floorGet(args.cacheKey);
        if (hit) return { floor: hit, fromCache: true };
      }
      const { probes } = args;
      const floor = await withFallback(ctx, (b) =>
        pcaFloor(
          b,
          {
            activations: probes.activations,
            n: probes.n,
            d: probes.d,
            biased: args.biased,
            rank: args.rank,
          },
          { signal: ctx.signal, onProgress: ctx.progress },
        ),
      );
      await floorPut(args.cacheKey, floor);
      return { floor, fromCache: false };
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
     * Benchmark: the co-activation neighbours (Pearson r of every pair over N rows, one Gram
     * matrix on onnxruntime, then the neighbour lists) of C synthetic composites, on a new
     * session as in an analysis (`ms`, `gramMs`: the onnxruntime runs alone), then once more on
     * the same session (`warmMs`).
     */
    async benchCoactivation(
      args: { C: number; N: number },
      ctx: Ctx,
    ): Promise<{ ms: number; gramMs: number; warmMs: number; gflop: number; gflops: number }> {
      const { C, N } = args;
      const b = await getBackend(ctx);
      // Groups of 8 composites share a firing pattern, plus independent noise (seeded LCG).
      const h = new Float32Array(C * N);
      let s = 12345;
      const next = () => {
        s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
        return s / 4294967296 - 0.5;
      };
      const pattern = new Float32Array(N);
      for (let i = 0; i < C; i++) {
        if (i % 8 === 0) for (let t = 0; t < N; t++) pattern[t] = next();
        for (let t = 0; t < N; t++) h[i * N + t] = (pattern[t] as number) + next();
      }
      const session = await b.session(crossGraph());
      let gramMs = 0;
      const timed = {
        run: async (feeds: Parameters<typeof session.run>[0]) => {
          const t = performance.now();
          try {
            return await session.run(feeds);
          } finally {
            gramMs += performance.now() - t;
          }
        },
        release: () => session.release(),
      };
      const options = {
        chunkFloats: DEFAULT_OPTIONS.chunkFloats,
        signal: ctx.signal,
        advance: () => {},
      };
      try {
        const t0 = performance.now();
        const r = await coactivation(timed, { n: N, hByComposite: h }, C, 15, true, options);
        const ms = performance.now() - t0;
        const cold = gramMs;
        const t1 = performance.now();
        await coactivation(session, { n: N, hByComposite: h }, C, 15, true, options);
        const warmMs = performance.now() - t1;
        return { ms, gramMs: cold, warmMs, gflop: r.flops / 1e9, gflops: r.flops / (cold * 1e6) };
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
