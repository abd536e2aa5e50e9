// The engine worker: holds the current model, the onnxruntime backend and its sessions, and
// answers the calls of protocol.ts. Long jobs report progress and honour cancellation between
// graph runs; a failure on WebGPU falls back to WASM once, says so, and carries on.
/// <reference lib="webworker" />
import * as ort from 'onnxruntime-web';
import type { Analysis } from '../core/analysis';
import { analyse, abortError, type JobControl } from './analysis';
import { cacheClear, cacheGet, cacheKey, cachePut } from './cache';
import { matmulGraph, formsGraph, type EngineWeights } from './graphs';
import { DEFAULT_AXES, compositeEigen, latentDetail } from './latent';
import type {
  EngineCalls,
  EngineRequest,
  EngineResponse,
  ModelPayload,
  ProbePayload,
} from './protocol';
import { engineWeights } from './weights';
import { featureDetails } from './features';
import { OrtBackend, float32, type BackendPreference, type Session } from './runtime';

declare const self: DedicatedWorkerGlobalScope;

const WASM_PATHS = new URL(`${import.meta.env.BASE_URL}ort/`, self.location.origin).href;

interface Current {
  key: string;
  name: string;
  kind: ModelPayload['kind'];
  weights: EngineWeights;
  probes: ProbePayload | null;
  /** Sessions reused across latent requests, per backend. */
  forms: Session | null;
  /** Eigen-decompositions of recently opened composites. */
  eigen: Map<number, { values: Float64Array; vectors: Float64Array }>;
}

let backend: OrtBackend | null = null;
let preference: BackendPreference = 'auto';
let current: Current | null = null;
const cancelled = new Set<number>();

function post(msg: EngineResponse, transfer: Transferable[] = []): void {
  self.postMessage(msg, transfer);
}

async function getBackend(): Promise<OrtBackend> {
  if (!backend) {
    backend = await OrtBackend.create(ort, preference, { wasmPaths: WASM_PATHS });
    post({ id: -1, kind: 'backend', info: backend.info, fallbackReason: null });
  }
  return backend;
}

/**
 * Releases the current model's forms session, kept across latent requests: it belongs to one
 * backend and one model, so a backend change or a new model must not reuse it.
 */
async function releaseForms(): Promise<void> {
  const forms = current?.forms;
  if (!current || !forms) return;
  current.forms = null;
  await forms.release().catch(() => {});
}

/** After a WebGPU failure: switch to WASM for good (this session) and tell the page why. */
async function fallBack(reason: string): Promise<OrtBackend> {
  await releaseForms();
  backend = await OrtBackend.create(ort, 'wasm', { wasmPaths: WASM_PATHS });
  post({ id: -1, kind: 'backend', info: backend.info, fallbackReason: reason });
  return backend;
}

/** Runs `job` on the backend; a WebGPU failure (not a cancellation) retries it once on WASM. */
async function withFallback<T>(job: (b: OrtBackend) => Promise<T>): Promise<T> {
  const b = await getBackend();
  try {
    return await job(b);
  } catch (err) {
    if (b.info.name !== 'webgpu' || (err instanceof Error && err.name === 'AbortError')) throw err;
    const why = err instanceof Error ? err.message : String(err);
    return job(await fallBack(`WebGPU failed (${why}); the engine switched to WASM`));
  }
}

function control(id: number): JobControl {
  let last = 0;
  return {
    progress: (phase, fraction) => {
      // Throttle: the page needs a few updates a second, not one per chunk.
      const now = performance.now();
      if (now - last < 100 && fraction < 1) return;
      last = now;
      post({ id, kind: 'progress', phase, fraction });
    },
    cancelled: () => cancelled.has(id),
  };
}

function requireModel(): Current {
  if (!current) throw new Error('no model is loaded in the engine');
  return current;
}

type Handler<K extends keyof EngineCalls> = (
  args: EngineCalls[K]['args'],
  id: number,
) => Promise<EngineCalls[K]['result']>;

const handlers: { [K in keyof EngineCalls]: Handler<K> } = {
  async configure({ preference: p }) {
    preference = p;
    await releaseForms();
    current?.eigen.clear();
    backend = null;
    return (await getBackend()).info;
  },

  async load({ model, probes }) {
    // Released even if this load fails: the previous model stays current, without the session.
    await releaseForms();
    const weights = engineWeights(model);
    const key = await cacheKey(
      {
        d: model.dModel,
        F: model.nFeatures,
        C: model.nComposites,
        biased: model.biased,
        n: probes?.n ?? 0,
      },
      [
        model.left,
        model.right,
        model.leftBias,
        model.rightBias,
        model.down,
        probes?.activations ?? null,
      ],
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

  async analyse({ useCache, options }, id) {
    const cur = requireModel();
    const key = options ? `${cur.key}:${JSON.stringify(options)}` : cur.key;
    if (useCache) {
      const hit = await cacheGet(key);
      if (hit) return { analysis: hit, fromCache: true };
    }
    const analysis: Analysis = await withFallback((b) =>
      analyse(
        b,
        {
          key,
          modelName: cur.name,
          weights: cur.weights,
          probes: cur.probes,
          prefixBasis: cur.kind === 'ordered' ? 'trained' : 'importance',
        },
        options ?? {},
        control(id),
      ),
    );
    await cachePut(analysis);
    return { analysis, fromCache: false };
  },

  async latent({ composite, axes }) {
    const cur = requireModel();
    const w = cur.weights;
    if (!Number.isInteger(composite) || composite < 0 || composite >= w.C) {
      throw new Error(`composite ${composite} does not exist (this model has 0..${w.C - 1})`);
    }
    let eig = cur.eigen.get(composite);
    if (!eig) {
      eig = await withFallback(async (b) => {
        if (w.down && !cur.forms) cur.forms = await b.session(formsGraph({ ...w, down: w.down }));
        return compositeEigen(w, composite, cur.forms);
      });
      cur.eigen.set(composite, eig);
      // Keep the few most recent: each is d'² doubles.
      if (cur.eigen.size > 16) cur.eigen.delete(cur.eigen.keys().next().value as number);
    }
    return latentDetail(w, composite, eig, axes ?? DEFAULT_AXES, cur.probes);
  },

  async features({ features, topK, readers }) {
    const cur = requireModel();
    return featureDetails(cur.weights, cur.probes, features.slice(0, 64), topK, readers);
  },

  async clearCache() {
    return { removed: await cacheClear() };
  },

  async benchMatmul({ m, k, n, reps }) {
    const b = await getBackend();
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
};

/** Typed arrays in a result, so they are transferred instead of copied. */
function transferables(value: unknown, out: Transferable[] = [], depth = 0): Transferable[] {
  if (depth > 4 || value === null || typeof value !== 'object') return out;
  if (ArrayBuffer.isView(value)) {
    const buf = value.buffer;
    if (buf instanceof ArrayBuffer && !out.includes(buf) && value.byteLength === buf.byteLength) {
      out.push(buf);
    }
    return out;
  }
  for (const v of Object.values(value)) transferables(v, out, depth + 1);
  return out;
}

/**
 * Calls run one at a time, in order: a call may release or replace sessions (load, configure)
 * that another would still be using. Cancel messages bypass the queue.
 */
let queue: Promise<void> = Promise.resolve();

self.onmessage = (e: MessageEvent<EngineRequest>) => {
  const req = e.data;
  if (req.call === 'cancel') {
    cancelled.add(req.target);
    return;
  }
  const handler = handlers[req.call] as Handler<typeof req.call>;
  queue = queue.then(async () => {
    try {
      if (cancelled.has(req.id)) throw abortError();
      const value = await handler(req.args as never, req.id);
      // Results are fresh objects the worker keeps no reference to: move their buffers.
      post({ id: req.id, kind: 'ok', value }, transferables(value));
    } catch (err) {
      const error = err instanceof Error ? err : new Error(String(err));
      post({ id: req.id, kind: 'error', name: error.name, message: error.message });
    } finally {
      cancelled.delete(req.id);
    }
  });
};
