// The only owner of the order of an analysis's phases — Gram matrices, spectra by the planned
// route, probe encode/decode, statistics, relations between composites — of the notes it leaves
// for the UI and of the timings it reports. A run computes a part (parts.ts): every composite and
// the global work for the app, or one shard of a headless run; analyse() is the whole run
// joined (the join adds the subspace overlap, which needs every composite's eigenvectors). Runs
// in the engine worker, in the headless tool and in Node tests on an OrtBackend; each phase is
// its own module, the maths in src/core.
import { ENGINE_VERSION, type Analysis, type PhaseTiming } from '../../core/analysis';
import type { OrtBackend } from '../runtime';
import { gramPhase } from './gram';
import {
  DEFAULT_OPTIONS,
  tick,
  type AnalyseInput,
  type AnalyseOptions,
  type JobContext,
} from './options';
import { joinWith, type AnalysisPart, type GlobalPart, type PartSpec } from './parts';
import { plan as makePlan, Progress } from './plan';
import { probePhase } from './probes';
import { globalRelations } from './relations';
import { phaseClock } from './sessions';
import { SPECTRAL_ROUTES } from './spectra';
import { VECTORS_KEPT } from './spectra/types';
import { globalStats } from './stats';

/** Runs the whole analysis. Rejects with an AbortError once `ctx.signal` is aborted. */
export async function analyse(
  backend: OrtBackend,
  input: AnalyseInput,
  options: Partial<AnalyseOptions> = {},
  ctx: JobContext = {},
): Promise<Analysis> {
  const all: PartSpec = { composites: [0, input.weights.C], global: true };
  const o = { ...DEFAULT_OPTIONS, ...options };
  // One progress bar over the part and the join's overlap.
  const progress = new Progress(makePlan(input, o).costs, ctx.onProgress ?? (() => {}));
  const part = await runPart(backend, input, o, ctx.signal, all, progress);
  return joinWith(backend, [part], ctx.signal, progress);
}

/**
 * Runs one part of the analysis: the spectra of `spec.composites` and/or the global work.
 * Rejects with an AbortError once `ctx.signal` is aborted.
 */
export async function analysePart(
  backend: OrtBackend,
  input: AnalyseInput,
  options: Partial<AnalyseOptions>,
  ctx: JobContext,
  spec: PartSpec,
): Promise<AnalysisPart> {
  const o = { ...DEFAULT_OPTIONS, ...options };
  const w = input.weights;
  const p = makePlan(input, o);
  const range = spec.composites;
  const share = range ? (range[1] - range[0]) / w.C : 0;
  const progress = new Progress(
    {
      gram: spec.global ? p.costs.gram : 0,
      spectra: p.costs.spectra * share,
      probes: spec.global ? p.costs.probes : 0,
      stats: spec.global ? p.costs.stats : 0,
      relations: spec.global ? p.costs.relations : 0,
      overlap: 0,
    },
    ctx.onProgress ?? (() => {}),
  );
  return runPart(backend, input, o, ctx.signal, spec, progress);
}

async function runPart(
  backend: OrtBackend,
  input: AnalyseInput,
  o: AnalyseOptions,
  signal: AbortSignal | undefined,
  spec: PartSpec,
  progress: Progress,
): Promise<AnalysisPart> {
  const w = input.weights;
  const t0 = performance.now();
  const range = spec.composites;
  if (range) {
    const [a, b] = range;
    if (!(Number.isInteger(a) && Number.isInteger(b) && 0 <= a && a < b && b <= w.C)) {
      throw new Error(`composites ${a}:${b} are not a range within 0:${w.C}`);
    }
  }
  const p = makePlan(input, o);
  const share = range ? (range[1] - range[0]) / w.C : 0;
  const timings: PhaseTiming[] = [];
  // Every session's run time is metered, so each phase reports the time spent inside
  // onnxruntime (its GFLOP/s) apart from its CPU work and session set-up.
  const { sessions, timed } = phaseClock(backend, timings);

  let global: GlobalPart | null = null;
  // 1. Gram matrices: M (decode), Msym (importance, neighbours).
  const gram =
    spec.global && p.gram
      ? await timed('gram', () =>
          gramPhase(sessions, w, o, signal, (s) =>
            progress.advance('Gram matrices', s * p.costs.gram),
          ),
        )
      : null;

  // 2. Spectra, by the planned route, for the part's composites.
  let composites: AnalysisPart['composites'] = null;
  if (range) {
    const [start, end] = range;
    const spectra = await timed(`spectra (${p.route})`, () =>
      SPECTRAL_ROUTES[p.route]({
        backend: sessions,
        w,
        plan: p,
        options: o,
        start,
        end,
        signal,
        advance: (s) => progress.advance(`Spectra (${p.route} route)`, s * p.costs.spectra * share),
      }),
    );
    const notes: string[] = [];
    if (p.route === 'lanczos') {
      notes.push(
        `Spectra by Lanczos (${p.steps} steps): the ${p.spectrumK} largest |λ| per composite; rank and captured are computed over those`,
      );
    } else if (!p.complete) {
      notes.push(`Only the ${p.spectrumK} largest |λ| per composite are stored (C × d' is large)`);
    }
    composites = {
      start,
      end,
      spectra: spectra.values,
      spectraResidual: spectra.residuals,
      eigenvectors: spectra.vectors,
      notes,
    };
  }

  if (spec.global) {
    const notes: string[] = [];
    if (!gram) {
      notes.push(
        `C = ${w.C} composites is above ${o.maxGramC}: the C×C Gram matrices are skipped, so there is no reconstruction error, no neighbours, and importance comes from the eigenvalues`,
      );
    }
    // 3. Probe rows: encode and decode.
    let probes: Analysis['probes'] = null;
    let xMean: Float64Array | null = null;
    let noProbesWhy = 'needs a probe set (open one with the model)';
    if (input.probes) {
      const N = input.probes.n;
      if (N * w.C > o.maxProbeValues) {
        notes.push(
          `The probe set is too large to keep every value (N × C = ${N * w.C}); probe statistics are skipped. Use fewer probe rows.`,
        );
        noProbesWhy = 'the probe statistics were skipped (N × C too large)';
      } else {
        const rows = input.probes;
        const r = await timed('probes', () =>
          probePhase(sessions, w, rows, gram, input.prefixBasis ?? 'importance', o, signal, (s) =>
            progress.advance('Encoding probe rows', s * p.costs.probes),
          ),
        );
        probes = r.results;
        xMean = r.xMean;
        if (N === 1) notes.push('The probe set has one row: density is undefined (shown as —)');
      }
    }
    // 4. Statistics that need the weights and the Gram matrix (the rest when parts join).
    const { stats } = await timed('statistics', async () => {
      const s = globalStats(w, gram?.msym ?? null);
      progress.advance('Statistics', p.costs.stats);
      await tick();
      return { stats: s, flops: 0 };
    });
    // 5. Relations between composites that need only this part's results (the subspace
    // overlap follows when the parts are joined).
    const { relations } = await timed('relations', () =>
      globalRelations(
        sessions,
        { w, probes: input.probes, results: probes, xMean, msym: gram?.msym ?? null, noProbesWhy },
        o,
        signal,
        (s) => progress.advance('Relations between composites', s * p.costs.relations),
      ),
    );
    global = { ...stats, relations, probes, notes };
  }

  return {
    header: {
      version: ENGINE_VERSION,
      key: input.key,
      modelName: input.modelName,
      route: p.route,
      backend: backend.info.label,
      dForm: w.dForm,
      nComposites: w.C,
      nFeatures: w.F,
      spectrumK: p.spectrumK,
      spectrumComplete: p.complete,
      vectorsKept: VECTORS_KEPT,
      options: { ...o },
    },
    composites,
    global,
    timings,
    totalMs: performance.now() - t0,
  };
}
