// The only owner of an analysis's plan: which spectral route suits the weights, what is kept
// (Gram matrices, how many eigenvalues), and the cost model that turns each phase's expected
// work into its share of the progress bar. Pure; analyse() follows the plan.
import type { SpectralRoute } from '../../core/analysis';
import { isSparse } from '../../core/stats';
import type { EngineWeights } from '../../core/weights';
import type { AnalyseInput, AnalyseOptions } from './options';

/** Forms up to this size go through the explicit route (its cost ∝ d'², Lanczos' ∝ steps). */
const EXPLICIT_MAX_D = 320;
/** Store every eigenvalue when C × d' is at most this. */
const FULL_SPECTRA_MAX = 4 * 1024 * 1024;

/**
 * Work model for progress: onnxruntime flops at a nominal rate and JavaScript flops at a slower
 * one, so phases get fractions proportional to their expected time. Only the shares matter (the
 * status area's ETA comes from the measured rate).
 */
export const ORT_FLOPS_PER_S = 30e9;
/**
 * The probe-row graph's rate: its element-wise passes over [rows, F] run at about half the GEMM
 * phases' rate (16.6 against 32–39 GFLOP/s for the bundled model in docs/engine.md's table; 10
 * against 13 in Node). Counting it at the GEMM rate made the first estimate of the status area
 * a third of the real time left.
 */
export const ORT_PROBE_FLOPS_PER_S = 15e9;
export const JS_FLOPS_PER_S = 1.5e9;

export interface Plan {
  route: SpectralRoute;
  /** Whether the C×C Gram matrices are computed (C ≤ maxGramC). */
  gram: boolean;
  /** Eigenvalues kept per composite. */
  spectrumK: number;
  /** Every eigenvalue is kept. */
  complete: boolean;
  /** Lanczos steps. */
  steps: number;
  /** Expected seconds per phase at the nominal rates. */
  costs: {
    gram: number;
    spectra: number;
    probes: number;
    stats: number;
    relations: number;
    overlap: number;
  };
}

/** The route 'auto' picks for these weights. */
export function chooseRoute(w: EngineWeights): SpectralRoute {
  if (!w.down) return 'lowrank';
  if (isSparse(w.down) && maxSupport(w.down, w.F) * 2 <= w.dForm / 2) return 'lowrank';
  return w.dForm <= EXPLICIT_MAX_D ? 'explicit' : 'lanczos';
}

function maxSupport(down: Float32Array, F: number): number {
  let best = 0;
  for (let k = 0; k < down.length / F; k++) {
    let s = 0;
    for (let j = 0; j < F; j++) if (down[k * F + j] !== 0) s++;
    best = Math.max(best, s);
  }
  return best;
}

export function plan(input: AnalyseInput, o: AnalyseOptions): Plan {
  const w = input.weights;
  const { F, C, dForm: n } = w;
  const route = o.route === 'auto' ? chooseRoute(w) : o.route;
  if (route !== 'lowrank' && !w.down) {
    throw new Error(`the ${route} route needs a model with "down"; this one has none`);
  }
  const gram = C <= o.maxGramC;
  const steps = Math.min(n, o.lanczosSteps);
  const complete = route !== 'lanczos' && C * n <= FULL_SPECTRA_MAX;
  const spectrumK = complete ? n : Math.min(o.spectrumKeep, route === 'lanczos' ? steps : n);
  const N = input.probes?.n ?? 0;
  const gramFlops = gram ? 8 * F * F * n + (w.down ? 4 * C * F * F + 4 * C * C * F : 0) : 0;
  let spectra: number;
  if (route === 'explicit')
    spectra = (2 * C * F * n * n) / ORT_FLOPS_PER_S + (C * 1.4 * n ** 3) / JS_FLOPS_PER_S;
  else if (route === 'lanczos')
    spectra =
      (8 * C * F * n * steps) / ORT_FLOPS_PER_S + (4 * C * n * steps * steps) / JS_FLOPS_PER_S;
  else spectra = (C * 50 * n) / JS_FLOPS_PER_S;
  const probeFlops = N * (4 * F * w.d + (w.down ? 2 * F * C : 0) + (gram ? 4 * C * C : 0));
  return {
    route,
    gram,
    spectrumK,
    complete,
    steps,
    costs: {
      gram: gramFlops / ORT_FLOPS_PER_S,
      spectra,
      probes: probeFlops / ORT_PROBE_FLOPS_PER_S,
      stats: (N * C * 8) / JS_FLOPS_PER_S,
      // The global part's relations: co-activation's Gram matrix (≈ 5/8 of N·C² multiply-adds),
      // the centroids' C²·d, and the neighbour selection (C² per measure) in JavaScript.
      relations:
        (N ? 1.25 * N * C * C + 2 * C * C * w.d : 0) / ORT_FLOPS_PER_S +
        (3 * C * C * 8) / JS_FLOPS_PER_S,
      // The subspace overlap, when the parts are joined: the (C·r)²·d' Gram matrix and its
      // selection.
      overlap: (2 * (8 * C) ** 2 * n) / ORT_FLOPS_PER_S + (C * C * 8) / JS_FLOPS_PER_S,
    },
  };
}

/** The job's progress: phases advance by their expected seconds, reported as a share of all. */
export class Progress {
  private done = 0;
  private readonly total: number;
  constructor(
    private readonly costs: Plan['costs'],
    private readonly report: (phase: string, fraction: number) => void,
  ) {
    this.total =
      costs.gram + costs.spectra + costs.probes + costs.stats + costs.relations + costs.overlap;
  }
  /** The expected seconds of one phase (its share of the bar is this over the total). */
  costOf(phase: keyof Plan['costs']): number {
    return this.costs[phase];
  }
  /** A phase did `seconds` of its expected work. */
  advance(phase: string, seconds: number): void {
    this.done += seconds;
    this.report(phase, Math.min(1, this.done / Math.max(1e-9, this.total)));
  }
}
