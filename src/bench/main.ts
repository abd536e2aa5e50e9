// The benchmark page (src/bench/bench.html), driven by scripts/bench.mjs in headless Chromium:
// exposes `window.runBench(spec)`, which runs the real engine worker on the bundled model or on a
// seeded synthetic model and returns timings; `window.runAtlasBench(spec)` (atlasBench.ts,
// driven by scripts/bench-atlas.mjs) and `window.runRelationsBench(spec)` (relationsBench.ts,
// driven by scripts/bench-relations.mjs). Not part of the app's UI.
import { createEngineClient, type ModelPayload, type ProbePayload } from '../compute/clients';
import type { BackendPreference } from '../core/engineTypes';
import { openModelFiles } from '../core/modelFiles';
import { seededRandom } from '../core/random';
import { runAtlasBench } from './atlasBench';
import { runRelationsBench } from './relationsBench';

export interface BenchSpec {
  backend: BackendPreference;
  /** 'bundled' = the default model in public/models; else a synthetic mixed model of these sizes. */
  model: 'bundled' | { d: number; F: number; C: number; n: number };
  /** Matmul peak shape [m, k] × [k, n]. */
  peak: { m: number; k: number; n: number; reps: number };
  route?: 'auto' | 'explicit' | 'lanczos';
}

function normals(count: number, scale: number, seed: number): Float32Array {
  const u = seededRandom(seed);
  const out = new Float32Array(count);
  for (let i = 0; i < count; i += 2) {
    const r = Math.sqrt(-2 * Math.log(1 - u()));
    const a = 2 * Math.PI * u();
    out[i] = r * Math.cos(a) * scale;
    if (i + 1 < count) out[i + 1] = r * Math.sin(a) * scale;
  }
  return out;
}

async function bundled(): Promise<{
  model: ModelPayload;
  probes: ProbePayload | null;
  name: string;
}> {
  const base = new URL(`${import.meta.env.BASE_URL}models/`, location.href).href;
  const index = (await (await fetch(base + 'index.json')).json()) as { default: string };
  const dir = `${base}${index.default}/`;
  const [config, weights, probes] = await Promise.all([
    fetch(dir + 'config.json').then((r) => r.text()),
    fetch(dir + 'model.safetensors').then((r) => r.arrayBuffer()),
    fetch(dir + 'probes.safetensors').then((r) => (r.ok ? r.arrayBuffer() : null)),
  ]);
  const opened = openModelFiles({
    name: index.default,
    config: { fileName: 'config.json', text: config },
    weights: { fileName: 'model.safetensors', bytes: new Uint8Array(weights) },
    probes: probes ? { fileName: 'probes.safetensors', bytes: new Uint8Array(probes) } : null,
  });
  const m = opened.model;
  return {
    name: index.default,
    model: { ...m },
    probes: opened.probes
      ? { n: opened.probes.n, d: opened.probes.d, activations: opened.probes.activations }
      : null,
  };
}

function synthetic(s: { d: number; F: number; C: number; n: number }): {
  model: ModelPayload;
  probes: ProbePayload;
  name: string;
} {
  const name = `synthetic-d${s.d}-F${s.F}-C${s.C}`;
  return {
    name,
    model: {
      name,
      kind: 'mixed',
      dModel: s.d,
      nFeatures: s.F,
      nComposites: s.C,
      biased: false,
      left: normals(s.F * s.d, 1 / Math.sqrt(s.d), 1),
      right: normals(s.F * s.d, 1 / Math.sqrt(s.d), 2),
      leftBias: null,
      rightBias: null,
      down: normals(s.C * s.F, 1 / Math.sqrt(s.F), 3),
    },
    probes: { n: s.n, d: s.d, activations: normals(s.n * s.d, 1, 4) },
  };
}

/** Longest main-thread task while the engine works (long tasks are those over 50 ms). */
function watchLongTasks(): () => { count: number; maxMs: number } {
  let count = 0;
  let maxMs = 0;
  const obs = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      count++;
      maxMs = Math.max(maxMs, e.duration);
    }
  });
  try {
    obs.observe({ type: 'longtask', buffered: false });
  } catch {
    // Not supported: report zeros.
  }
  return () => {
    obs.disconnect();
    return { count, maxMs };
  };
}

async function runBench(spec: BenchSpec) {
  const client = createEngineClient();
  const info = await client.call('configure', { preference: spec.backend });
  const peak = await client.call('benchMatmul', spec.peak);
  const t0 = performance.now();
  const { model, probes, name } =
    spec.model === 'bundled' ? await bundled() : synthetic(spec.model);
  const prepareMs = performance.now() - t0;
  await client.call('load', { model, probes });
  await client.call('clearCache', {});
  const options = spec.route && spec.route !== 'auto' ? { route: spec.route } : undefined;
  const stop = watchLongTasks();
  const phases: { phase: string; fraction: number; atMs: number }[] = [];
  const c0 = performance.now();
  const cold = await client.call(
    'analyse',
    { useCache: true, ...(options ? { options } : {}) },
    {
      onProgress: (phase, fraction) =>
        phases.push({ phase, fraction, atMs: performance.now() - c0 }),
    },
  );
  const coldMs = performance.now() - c0;
  const w0 = performance.now();
  const cached = await client.call('analyse', { useCache: true, ...(options ? { options } : {}) });
  const cachedMs = performance.now() - w0;
  const longTasks = stop();
  const a = cold.analysis;
  return {
    model: name,
    sizes: { d: model.dModel, F: model.nFeatures, C: model.nComposites, probes: probes?.n ?? 0 },
    backend: info.label,
    route: a.route,
    prepareMs: Math.round(prepareMs),
    coldMs: Math.round(coldMs),
    engineMs: Math.round(a.totalMs),
    cachedMs: Math.round(cachedMs),
    cachedFromCache: cached.fromCache,
    matmulPeak: {
      shape: spec.peak,
      msPerRun: +peak.msPerRun.toFixed(2),
      gflops: +peak.gflops.toFixed(1),
    },
    // Per phase: wall time, time inside onnxruntime runs, and the runs' GFLOP/s against the
    // MatMul peak (the rest of a phase is CPU work: eigensolvers, statistics, copies).
    phases: a.timings.map((t) => ({
      phase: t.phase,
      ms: Math.round(t.ms),
      ortRunMs: Math.round(t.runMs),
      gflop: +(t.flops / 1e9).toFixed(2),
      runGflops: t.flops > 0 && t.runMs > 0 ? +(t.flops / (t.runMs * 1e6)).toFixed(1) : null,
      runOfPeak:
        t.flops > 0 && t.runMs > 0 ? +(t.flops / (t.runMs * 1e6) / peak.gflops).toFixed(2) : null,
    })),
    progressUpdates: phases.length,
    mainThreadLongTasks: { count: longTasks.count, maxMs: Math.round(longTasks.maxMs) },
    notes: a.notes,
  };
}

declare global {
  interface Window {
    runBench: typeof runBench;
    runAtlasBench: typeof runAtlasBench;
    runRelationsBench: typeof runRelationsBench;
    benchReady: boolean;
  }
}
window.runBench = runBench;
window.runAtlasBench = runAtlasBench;
window.runRelationsBench = runRelationsBench;
window.benchReady = true;
