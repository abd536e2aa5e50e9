// The only owner of the order of an analysis's phases — Gram matrices, spectra by the planned
// route, probe encode/decode, statistics, relations between composites — of the notes it leaves
// for the UI and of the timings it reports. Runs in the engine worker (and in Node tests) on an OrtBackend; each phase is its
// own module, the maths in src/core.
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
import { plan as makePlan, Progress } from './plan';
import { probePhase } from './probes';
import { relationsPhase } from './relations';
import { metered } from './sessions';
import { SPECTRAL_ROUTES } from './spectra';
import { VECTORS_KEPT } from './spectra/types';

/** Eigenvectors per composite an Analysis keeps (the default manifold axes). */
const AXES_KEPT = 3;
import { statsPhase } from './stats';

/** Runs the whole analysis. Rejects with an AbortError once `ctx.signal` is aborted. */
export async function analyse(
  backend: OrtBackend,
  input: AnalyseInput,
  options: Partial<AnalyseOptions> = {},
  ctx: JobContext = {},
): Promise<Analysis> {
  const o = { ...DEFAULT_OPTIONS, ...options };
  const w = input.weights;
  const { signal } = ctx;
  const t0 = performance.now();
  const p = makePlan(input, o);
  const progress = new Progress(p.costs, ctx.onProgress ?? (() => {}));
  const timings: PhaseTiming[] = [];
  const notes: string[] = [];
  // Every session's run time is metered, so each phase reports the time spent inside
  // onnxruntime (its GFLOP/s) apart from its CPU work and session set-up.
  const meter = { ms: 0 };
  const sessions = metered(backend, meter);
  const timed = async <T extends { flops: number }>(
    phase: string,
    run: () => Promise<T>,
  ): Promise<T> => {
    const start = performance.now();
    const ortStart = meter.ms;
    const result = await run();
    timings.push({
      phase,
      ms: performance.now() - start,
      flops: result.flops,
      runMs: meter.ms - ortStart,
    });
    return result;
  };

  // 1. Gram matrices: M (decode), Msym (importance, neighbours).
  const gram = p.gram
    ? await timed('gram', () =>
        gramPhase(sessions, w, o, signal, (s) =>
          progress.advance('Gram matrices', s * p.costs.gram),
        ),
      )
    : null;
  if (!gram) {
    notes.push(
      `C = ${w.C} composites is above ${o.maxGramC}: the C×C Gram matrices are skipped, so there is no reconstruction error, no neighbours, and importance comes from the eigenvalues`,
    );
  }

  // 2. Spectra, by the planned route.
  const spectra = await timed(`spectra (${p.route})`, () =>
    SPECTRAL_ROUTES[p.route]({
      backend: sessions,
      w,
      plan: p,
      options: o,
      signal,
      advance: (s) => progress.advance(`Spectra (${p.route} route)`, s * p.costs.spectra),
    }),
  );
  if (p.route === 'lanczos') {
    notes.push(
      `Spectra by Lanczos (${p.steps} steps): the ${p.spectrumK} largest |λ| per composite; rank and captured are computed over those`,
    );
  } else if (!p.complete) {
    notes.push(`Only the ${p.spectrumK} largest |λ| per composite are stored (C × d' is large)`);
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

  // 4. Statistics.
  const { stats } = await timed('statistics', async () => {
    const s = statsPhase(w, spectra.values, p.spectrumK, gram?.msym ?? null);
    progress.advance('Statistics', p.costs.stats);
    await tick();
    return { stats: s, flops: 0 };
  });

  // 5. Relations between composites: neighbours under each measure.
  const { relations } = await timed('relations', () =>
    relationsPhase(
      sessions,
      {
        w,
        probes: input.probes,
        results: probes,
        xMean,
        values: spectra.values,
        K: p.spectrumK,
        vectors: spectra.vectors,
        msym: gram?.msym ?? null,
        noProbesWhy,
      },
      o,
      signal,
      (s) => progress.advance('Relations between composites', s * p.costs.relations),
    ),
  );
  for (const t of Object.values(relations.tables)) {
    if (t.approximation) {
      notes.push(`C = ${w.C} is above ${o.exactRelationsMaxC}: neighbours are approximate`);
      break;
    }
  }

  return {
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
    spectra: spectra.values,
    spectraResidual: spectra.residuals,
    ...stats,
    eigenvectors: axesOf(spectra.vectors, w.C, w.dForm),
    relations,
    probes,
    notes,
    timings,
    totalMs: performance.now() - t0,
  };
}

/** Each composite's first AXES_KEPT eigenvectors ([C, 3, d']) out of the route's [C, r, d']. */
function axesOf(vectors: Float32Array, C: number, n: number): Analysis['eigenvectors'] {
  const count = Math.min(AXES_KEPT, VECTORS_KEPT);
  const out = new Float32Array(C * count * n);
  for (let c = 0; c < C; c++) {
    out.set(vectors.subarray(c * VECTORS_KEPT * n, (c * VECTORS_KEPT + count) * n), c * count * n);
  }
  return { count, vectors: out };
}
