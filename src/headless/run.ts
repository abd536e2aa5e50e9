// The headless analysis: the engine's own analysis code (compute/analysis, the function the
// engine worker's `analyse` call runs) on onnxruntime-web's WASM build in Node, the atlas layouts
// (every kind the analysis has relations for) by the UMAP worker's own function, written by the
// bundle encoder the app's Export uses. One run computes a whole bundle, or one part of a
// sharded analysis; merge joins parts (and computes the subspace overlap, which needs every
// composite's eigenvectors, on the same WASM build).
import { fileURLToPath } from 'node:url';
import { ENGINE_VERSION, type Analysis, type AnalysisPart, type PartSpec } from '../core/analysis';
import {
  encodeBundle,
  encodePart,
  type AnalysisBundle,
  type BundleIdentity,
  type BundlePrecision,
  type PartBundle,
} from '../core/bundle';
import { analysisKey, modelSha256, probesSha256 } from '../core/hashes';
import type { OpenedModel } from '../core/modelFiles';
import { engineWeights } from '../core/weights';
import { analysePart, joinParts, type AnalyseOptions } from '../compute/analysis';
import { OrtBackend, type OrtModule } from '../compute/runtime';
import { analysisLayout, layoutId, layoutKinds } from '../compute/umap/layout';
import { LAYOUT_INFO } from '../core/relations/measures';

export interface HeadlessRun {
  /** Composites to compute (null: none), and whether to do the global work. */
  spec: PartSpec;
  precision: BundlePrecision;
  /** onnxruntime WASM threads. */
  threads: number;
  /** Analysis options beyond the app's defaults (the bundle records them). */
  options?: Partial<AnalyseOptions>;
  onProgress?: (phase: string, fraction: number | null) => void;
  onLayoutProgress?: (phase: string, fraction: number | null) => void;
  signal?: AbortSignal;
  /** The onnxruntime module to run on (tests pass the WASM build; default: nodeOrt()). */
  ort?: { ort: OrtModule; wasmPaths?: string };
}

/** The bytes written, and what they hold. */
export interface HeadlessResult {
  bytes: Uint8Array;
  kind: 'analysis' | 'part';
  analysis: Analysis | null;
  part: AnalysisPart | null;
  layoutMs: number;
}

/**
 * onnxruntime-web's WASM build for Node. The package's default `onnxruntime-web/wasm` entry
 * embeds its runtime module, which Node can only run single-threaded (a threaded start fetches
 * its worker script, and Node's fetch cannot read files); the same build with its files beside
 * it (`ort.wasm.min.mjs` and the .wasm in the same folder) starts its threads as Node worker
 * threads. Same WASM binary, so the same numbers.
 */
async function nodeOrt(): Promise<{ ort: OrtModule; wasmPaths: string }> {
  const dir = new URL('.', import.meta.resolve('onnxruntime-web/wasm'));
  const ort = (await import(new URL('ort.wasm.min.mjs', dir).href)) as OrtModule;
  return { ort, wasmPaths: fileURLToPath(dir) };
}

/** The model's identity as a bundle records it (the app checks a bundle against it). */
export async function identityOf(opened: OpenedModel): Promise<BundleIdentity> {
  const model = await modelSha256(opened.model);
  const probes = opened.probes ? await probesSha256(opened.probes) : null;
  return {
    modelName: opened.model.name,
    modelSha256: model,
    probesSha256: probes,
    engineVersion: ENGINE_VERSION,
    analysisKey: await analysisKey(model, probes),
  };
}

/**
 * A whole analysis bundle from a joined analysis: lays out its atlas by every kind it has
 * relations for (core/relations/measures LAYOUT_KINDS order).
 */
export function bundleOf(
  analysis: Analysis,
  identity: BundleIdentity,
  options: AnalyseOptions,
  by: 'headless' | 'merge',
  onLayoutProgress?: (phase: string, fraction: number | null) => void,
): { bundle: AnalysisBundle; layoutMs: number } {
  const t0 = performance.now();
  const kinds = layoutKinds(analysis);
  const layouts = kinds.map((kind, i) => {
    const start = performance.now();
    const label = LAYOUT_INFO[kind].label;
    const xy = analysisLayout(
      analysis,
      kind,
      onLayoutProgress
        ? {
            onProgress: (phase, f) =>
              onLayoutProgress(`${label}: ${phase}`, (i + f) / kinds.length),
          }
        : {},
    );
    if (!xy) throw new Error(`the ${label} layout stopped`);
    return { id: layoutId(kind), xy, ms: performance.now() - start };
  });
  return {
    layoutMs: performance.now() - t0,
    bundle: {
      identity,
      provenance: { by, at: new Date().toISOString() },
      options: { ...options },
      analysis: { ...analysis, key: identity.analysisKey },
      layouts,
    },
  };
}

/** An onnxruntime WASM backend in Node with `threads` threads. */
async function nodeBackend(
  threads: number,
  module?: { ort: OrtModule; wasmPaths?: string },
): Promise<OrtBackend> {
  const { ort, wasmPaths } = module ?? (await nodeOrt());
  return OrtBackend.create(ort, 'wasm', { threads, ...(wasmPaths ? { wasmPaths } : {}) });
}

/** Runs the analysis (or one part of it) of `opened` and encodes the result. */
export async function runHeadless(opened: OpenedModel, run: HeadlessRun): Promise<HeadlessResult> {
  const identity = await identityOf(opened);
  const backend = await nodeBackend(run.threads, run.ort);
  const options = { ...run.options };
  const { model, probes } = opened;
  const part = await analysePart(
    backend,
    {
      key: identity.analysisKey,
      modelName: model.name,
      weights: engineWeights(model),
      probes: probes ? { activations: probes.activations, n: probes.n } : null,
      // As the engine's analyse call: the ordered kind's prefix curve follows its trained order.
      prefixBasis: model.kind === 'ordered' ? 'trained' : 'importance',
    },
    options,
    {
      ...(run.signal ? { signal: run.signal } : {}),
      ...(run.onProgress ? { onProgress: run.onProgress } : {}),
    },
    run.spec,
  );
  const whole =
    run.spec.global &&
    run.spec.composites !== null &&
    run.spec.composites[0] === 0 &&
    run.spec.composites[1] === model.nComposites;
  if (!whole) {
    const file: PartBundle = {
      identity,
      provenance: { by: 'headless', at: new Date().toISOString() },
      part,
    };
    return { bytes: encodePart(file), kind: 'part', analysis: null, part, layoutMs: 0 };
  }
  const analysis = await joinParts(backend, [part], {
    ...(run.signal ? { signal: run.signal } : {}),
  });
  const { bundle, layoutMs } = bundleOf(
    analysis,
    identity,
    part.header.options as unknown as AnalyseOptions,
    'headless',
    run.onLayoutProgress,
  );
  return {
    bytes: encodeBundle(bundle, run.precision),
    kind: 'analysis',
    analysis: bundle.analysis,
    part,
    layoutMs,
  };
}

/**
 * Joins part files into one bundle (no weights needed: the parts hold every number); the join's
 * subspace overlap runs on onnxruntime WASM with `threads` threads (`ort`: as for runHeadless).
 */
export async function mergeParts(
  parts: PartBundle[],
  precision: BundlePrecision,
  options: {
    threads?: number;
    ort?: { ort: OrtModule; wasmPaths?: string };
    onProgress?: (phase: string, fraction: number | null) => void;
    onLayoutProgress?: (phase: string, fraction: number | null) => void;
  } = {},
): Promise<{ bytes: Uint8Array; analysis: Analysis; layoutMs: number }> {
  const first = parts[0];
  if (!first) throw new Error('no parts to merge');
  for (const p of parts) {
    if (JSON.stringify(p.identity) !== JSON.stringify(first.identity)) {
      throw new Error(
        `the parts belong to different models or probe sets (${first.identity.modelName} ${first.identity.analysisKey.slice(0, 12)}… and ${p.identity.modelName} ${p.identity.analysisKey.slice(0, 12)}…)`,
      );
    }
  }
  const backend = await nodeBackend(options.threads ?? 1, options.ort);
  const analysis = await joinParts(
    backend,
    parts.map((p) => p.part),
    options.onProgress ? { onProgress: options.onProgress } : {},
  );
  const { bundle, layoutMs } = bundleOf(
    analysis,
    first.identity,
    first.part.header.options as unknown as AnalyseOptions,
    'merge',
    options.onLayoutProgress,
  );
  return { bytes: encodeBundle(bundle, precision), analysis: bundle.analysis, layoutMs };
}
