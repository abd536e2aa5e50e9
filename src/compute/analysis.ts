// The only owner of the full analysis of a model: the order of its phases (Gram matrices,
// spectra by the route that suits the model's size, probe encode/decode, statistics), how each
// phase is chunked to bound memory, and the progress it reports. Runs in the engine worker (and
// in Node tests) on an OrtBackend; pure CPU parts come from src/core.
import {
  ENGINE_VERSION,
  type Analysis,
  type PhaseTiming,
  type ProbeResults,
  type SpectralRoute,
} from '../core/analysis';
import { orderByMagnitude, symmetricEigen } from '../core/maths/eigen';
import { lockstepLanczos } from '../core/maths/lanczos';
import { lowRankEigen } from '../core/maths/lowRank';
import {
  capturedShare,
  columnHistogram,
  effectiveRank,
  formNeighbours,
  hoyerDensity,
  hoyerFromSums,
  isSparse,
  supportOf,
  topRowsOfColumn,
} from '../core/stats';
import {
  encodeGraph,
  formsGraph,
  gramGraph,
  lanczosGraph,
  projectGraph,
  type DecodeTerms,
  type EngineWeights,
} from './graphs';
import { float32, int64, type OrtBackend, type Session } from './runtime';

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
};

/** Forms up to this size go through the explicit route (its cost ∝ d'², Lanczos' ∝ steps). */
const EXPLICIT_MAX_D = 320;
/** Store every eigenvalue when C × d' is at most this. */
const FULL_SPECTRA_MAX = 4 * 1024 * 1024;

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

/** Progress and cancellation of a running job. */
export interface JobControl {
  /** fraction in 0..1 of the whole job. */
  progress: (phase: string, fraction: number) => void;
  cancelled: () => boolean;
}

/** The error a cancelled job throws. */
export function abortError(): Error {
  const err = new Error('The job was cancelled');
  err.name = 'AbortError';
  return err;
}

function checkCancelled(control: JobControl): void {
  if (control.cancelled()) throw abortError();
}

/** Yields to the event loop so cancel messages are seen during long CPU loops. */
const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** What the phases need of a backend: sessions (metered by analyse() for the timings). */
interface SessionFactory {
  session: OrtBackend['session'];
}

/** A factory whose sessions add the time spent inside onnxruntime runs to `meter.ms`. */
function metered(backend: SessionFactory, meter: { ms: number }): SessionFactory {
  return {
    session: async (model) => {
      const inner: Session = await backend.session(model);
      return {
        run: async (feeds) => {
          const start = performance.now();
          try {
            return await inner.run(feeds);
          } finally {
            meter.ms += performance.now() - start;
          }
        },
        release: () => inner.release(),
      };
    },
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

/** Splits [0, total) into chunks of at most `size`. */
function* chunks(total: number, size: number): Generator<[number, number]> {
  const step = Math.max(1, Math.floor(size));
  for (let start = 0; start < total; start += step) yield [start, Math.min(total, start + step)];
}

/**
 * Work model for progress: onnxruntime flops at a nominal rate and JavaScript flops at a slower
 * one, so phases get fractions proportional to their expected time.
 */
const ORT_FLOPS_PER_S = 30e9;
const JS_FLOPS_PER_S = 1.5e9;

class Progress {
  private done = 0;
  constructor(
    private readonly total: number,
    private readonly control: JobControl,
  ) {}
  advance(phase: string, seconds: number): void {
    this.done += seconds;
    this.control.progress(phase, Math.min(1, this.done / Math.max(1e-9, this.total)));
  }
}

interface Plan {
  route: SpectralRoute;
  gram: boolean;
  spectrumK: number;
  complete: boolean;
  steps: number;
  costs: { gram: number; spectra: number; probes: number; stats: number };
}

function plan(input: AnalyseInput, o: AnalyseOptions): Plan {
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
      probes: probeFlops / ORT_FLOPS_PER_S,
      stats: (N * C * 8 + C * C * 4) / JS_FLOPS_PER_S,
    },
  };
}

/** Runs the whole analysis. Throws an AbortError when cancelled. */
export async function analyse(
  backend: OrtBackend,
  input: AnalyseInput,
  options: Partial<AnalyseOptions> = {},
  control: JobControl = { progress: () => {}, cancelled: () => false },
): Promise<Analysis> {
  const o = { ...DEFAULT_OPTIONS, ...options };
  const w = input.weights;
  const t0 = performance.now();
  const p = plan(input, o);
  const total = p.costs.gram + p.costs.spectra + p.costs.probes + p.costs.stats;
  const progress = new Progress(total, control);
  const timings: PhaseTiming[] = [];
  const notes: string[] = [];
  // Every session's run time is metered, so each phase reports the time spent inside
  // onnxruntime (its GFLOP/s) apart from its CPU work and session set-up.
  const meter = { ms: 0 };
  const sessions = metered(backend, meter);
  const timed = async <T>(
    phase: string,
    flops: () => number,
    run: () => Promise<T>,
  ): Promise<T> => {
    const start = performance.now();
    const ortStart = meter.ms;
    const result = await run();
    timings.push({
      phase,
      ms: performance.now() - start,
      flops: flops(),
      runMs: meter.ms - ortStart,
    });
    return result;
  };

  // 1. Gram matrices: M (decode), Msym (importance, neighbours).
  let gramFlops = 0;
  const gram = p.gram
    ? await timed(
        'gram',
        () => gramFlops,
        async () => {
          const r = await gramPhase(sessions, w, o, control, (s) =>
            progress.advance('Gram matrices', s * p.costs.gram),
          );
          gramFlops = r.flops;
          return r;
        },
      )
    : null;
  if (!gram) {
    notes.push(
      `C = ${w.C} composites is above ${o.maxGramC}: the C×C Gram matrices are skipped, so there is no reconstruction error, no neighbours, and importance comes from the eigenvalues`,
    );
  }

  // 2. Spectra.
  let spectraFlops = 0;
  const spectra = await timed(
    `spectra (${p.route})`,
    () => spectraFlops,
    async () => {
      const r = await spectraPhase(sessions, w, p, o, control, (s) =>
        progress.advance(`Spectra (${p.route} route)`, s * p.costs.spectra),
      );
      spectraFlops = r.flops;
      return r;
    },
  );
  if (p.route === 'lanczos') {
    notes.push(
      `Spectra by Lanczos (${p.steps} steps): the ${p.spectrumK} largest |λ| per composite; rank and captured are computed over those`,
    );
  } else if (!p.complete) {
    notes.push(`Only the ${p.spectrumK} largest |λ| per composite are stored (C × d' is large)`);
  }

  // 3. Probe rows: encode and decode.
  let probeFlops = 0;
  let probes: ProbeResults | null = null;
  if (input.probes) {
    const N = input.probes.n;
    if (N * w.C > o.maxProbeValues) {
      notes.push(
        `The probe set is too large to keep every value (N × C = ${N * w.C}); probe statistics are skipped. Use fewer probe rows.`,
      );
    } else {
      probes = await timed(
        'probes',
        () => probeFlops,
        async () => {
          const basis = input.prefixBasis ?? 'importance';
          const r = await probePhase(sessions, w, input.probes!, gram, basis, o, control, (s) =>
            progress.advance('Encoding probe rows', s * p.costs.probes),
          );
          probeFlops = r.flops;
          return r.results;
        },
      );
      if (N === 1) notes.push('The probe set has one row: density is undefined (shown as —)');
    }
  }

  // 4. Statistics.
  const stats = await timed(
    'statistics',
    () => 0,
    async () => {
      const s = statsPhase(w, spectra.values, p.spectrumK, gram?.msym ?? null, o);
      progress.advance('Statistics', p.costs.stats);
      await tick();
      return s;
    },
  );

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
    probes,
    notes,
    timings,
    totalMs: performance.now() - t0,
  };
}

interface GramResult {
  m: Float32Array;
  msym: Float32Array;
  flops: number;
}

async function gramPhase(
  backend: SessionFactory,
  w: EngineWeights,
  o: AnalyseOptions,
  control: JobControl,
  advance: (fraction: number) => void,
): Promise<GramResult> {
  const { F, C, dForm: n } = w;
  const rowsOut = w.down ? C : F;
  const wk = new Float32Array(rowsOut * F);
  const wsym = new Float32Array(rowsOut * F);
  // Six [F, Fb] intermediates live at once (four products, K, Ksym).
  const fb = Math.max(1, Math.min(F, Math.floor(o.chunkFloats / (6 * F))));
  let flops = 0;
  const session = await backend.session(gramGraph(w));
  try {
    for (const [start, end] of chunks(F, fb)) {
      checkCancelled(control);
      const out = await session.run({ start: int64(start), end: int64(end) });
      const width = end - start;
      const bk = out.wk ?? new Float32Array();
      const bs = out.wsym ?? new Float32Array();
      for (let r = 0; r < rowsOut; r++) {
        wk.set(bk.subarray(r * width, (r + 1) * width), r * F + start);
        wsym.set(bs.subarray(r * width, (r + 1) * width), r * F + start);
      }
      flops += 8 * F * width * n + (w.down ? 4 * C * F * width : 0);
      advance((0.8 * width) / F);
    }
  } finally {
    await session.release();
  }
  if (!w.down) {
    advance(0.2);
    return { m: wk, msym: wsym, flops };
  }
  checkCancelled(control);
  const project = await backend.session(projectGraph({ ...w, down: w.down }));
  try {
    const out = await project.run({ wk: float32(wk, [C, F]), wsym: float32(wsym, [C, F]) });
    flops += 4 * C * C * F;
    advance(0.2);
    return { m: out.m ?? new Float32Array(), msym: out.msym ?? new Float32Array(), flops };
  } finally {
    await project.release();
  }
}

interface SpectraResult {
  /** [C, K] by descending |λ|, NaN-padded. */
  values: Float32Array;
  residuals: Float32Array | null;
  flops: number;
}

/** Writes the K largest-|λ| of `eig` into row k of `out` ([C, K]), NaN-padded. */
function storeTop(out: Float32Array, k: number, K: number, eig: ArrayLike<number>): void {
  const order = orderByMagnitude(eig);
  for (let i = 0; i < K; i++) {
    const idx = order[i];
    out[k * K + i] = idx === undefined ? NaN : (eig[idx] ?? NaN);
  }
}

async function spectraPhase(
  backend: SessionFactory,
  w: EngineWeights,
  p: Plan,
  o: AnalyseOptions,
  control: JobControl,
  advance: (fraction: number) => void,
): Promise<SpectraResult> {
  const { F, C, dForm: n } = w;
  const K = p.spectrumK;
  const values = new Float32Array(C * K).fill(NaN);
  if (p.route === 'lowrank') {
    for (let k = 0; k < C; k++) {
      if (k % 64 === 0) {
        checkCancelled(control);
        await tick();
      }
      const { rows, coef } = lowRankFactors(w, k);
      const eig = lowRankEigen(rows, coef, coef.length, n, false);
      // The rest of the spectrum is exactly zero: the form has rank ≤ 2 × its support.
      const full = new Float64Array(n);
      full.set(eig.values.subarray(0, n));
      storeTop(values, k, K, full);
      if (k % 64 === 63 || k === C - 1) advance(((k % 64) + 1) / C);
    }
    return { values, residuals: null, flops: 0 };
  }
  const down = w.down as Float32Array;
  if (p.route === 'explicit') {
    // The scaled copy of R is Cb × F × d' floats.
    const cb = Math.max(1, Math.min(C, Math.floor(o.chunkFloats / (F * n))));
    const session = await backend.session(formsGraph({ ...w, down }));
    let flops = 0;
    try {
      for (const [start, end] of chunks(C, cb)) {
        checkCancelled(control);
        const forms = (await session.run({ start: int64(start), end: int64(end) })).forms;
        if (!forms) throw new Error('the forms graph returned no output');
        flops += 2 * (end - start) * F * n * n;
        for (let k = start; k < end; k++) {
          const eig = symmetricEigen(
            forms.subarray((k - start) * n * n, (k - start + 1) * n * n),
            n,
            false,
          );
          storeTop(values, k, K, eig.values);
        }
        advance((end - start) / C);
        await tick();
      }
    } finally {
      await session.release();
    }
    return { values, residuals: null, flops };
  }
  // Lanczos: composite blocks sized so the four [Cb, F] products fit the chunk budget.
  const residuals = new Float32Array(C * K).fill(NaN);
  const cb = Math.max(1, Math.min(C, Math.floor(o.chunkFloats / (4 * F))));
  const session = await backend.session(lanczosGraph({ ...w, down }));
  let flops = 0;
  try {
    for (const [start, end] of chunks(C, cb)) {
      checkCancelled(control);
      const count = end - start;
      const result = await lockstepLanczos(
        count,
        n,
        async (v) => {
          const out = (
            await session.run({ v: float32(v, [count, n]), start: int64(start), end: int64(end) })
          ).out;
          if (!out) throw new Error('the Lanczos graph returned no output');
          flops += 8 * count * F * n;
          return out;
        },
        {
          steps: p.steps,
          seed: 1 + start,
          keep: K,
          cancelled: control.cancelled,
          onStep: () => advance(count / C / p.steps),
        },
      );
      values.set(result.values.subarray(0, count * K), start * K);
      residuals.set(result.residuals.subarray(0, count * K), start * K);
    }
  } finally {
    await session.release();
  }
  return { values, residuals, flops };
}

/**
 * The low-rank factors of composite k: B_k = ¼ Σ_j D_kj (p_j p_jᵀ − q_j q_jᵀ) over the features
 * it reads, p = l̃ + r̃, q = l̃ − r̃ (rows [2s, d'], coefficients ±D_kj/4).
 */
export function lowRankFactors(
  w: EngineWeights,
  k: number,
): { rows: Float64Array; coef: Float64Array } {
  const { F, dForm: n } = w;
  const support: number[] = [];
  const weights: number[] = [];
  if (w.down) {
    for (let j = 0; j < F; j++) {
      const c = w.down[k * F + j] ?? 0;
      if (c !== 0) {
        support.push(j);
        weights.push(c);
      }
    }
  } else {
    support.push(k);
    weights.push(1);
  }
  const s = support.length;
  const rows = new Float64Array(2 * s * n);
  const coef = new Float64Array(2 * s);
  support.forEach((j, i) => {
    for (let a = 0; a < n; a++) {
      const l = w.left[j * n + a] ?? 0;
      const r = w.right[j * n + a] ?? 0;
      rows[i * n + a] = l + r;
      rows[(s + i) * n + a] = l - r;
    }
    coef[i] = (weights[i] ?? 0) / 4;
    coef[s + i] = -(weights[i] ?? 0) / 4;
  });
  return { rows, coef };
}

async function probePhase(
  backend: SessionFactory,
  w: EngineWeights,
  probes: { activations: Float32Array; n: number },
  gram: GramResult | null,
  prefixBasis: 'trained' | 'importance',
  o: AnalyseOptions,
  control: JobControl,
  advance: (fraction: number) => void,
): Promise<{ results: ProbeResults; flops: number }> {
  const { F, C, d } = w;
  const N = probes.n;
  const inputNorm4 = w.biases ? 4 : 1;
  let decode: DecodeTerms | null = null;
  if (gram) {
    const order = prefixOrder(gram.msym, C, prefixBasis);
    const mLower = new Float32Array(C * C);
    for (let i = 0; i < C; i++) {
      const a = order[i] ?? 0;
      for (let j = 0; j < i; j++) mLower[i * C + j] = gram.m[a * C + (order[j] ?? 0)] ?? 0;
    }
    decode = { m: gram.m, mLower, inputNorm4, order };
  }
  const rowsPerRun = Math.max(1, Math.min(N, Math.floor(o.chunkFloats / (3 * F + 3 * C + d))));
  const h = new Float32Array(N * C);
  const rowError = decode ? new Float32Array(N) : null;
  const prefixSum = new Float64Array(C);
  const fAbs = new Float64Array(F);
  const fSq = new Float64Array(F);
  const fMax = new Float32Array(F);
  const xSum = new Float64Array(d);
  const xGram = new Float64Array(d * d);
  let flops = 0;
  const session = await backend.session(encodeGraph(w, decode));
  try {
    for (const [start, end] of chunks(N, rowsPerRun)) {
      checkCancelled(control);
      const rows = end - start;
      const out = await session.run({
        x: float32(probes.activations.subarray(start * d, end * d), [rows, d]),
      });
      h.set((out.h ?? new Float32Array()).subarray(0, rows * C), start * C);
      const a = out.fAbs ?? new Float32Array();
      const q = out.fSq ?? new Float32Array();
      const m = out.fMax ?? new Float32Array();
      for (let j = 0; j < F; j++) {
        fAbs[j] = (fAbs[j] ?? 0) + (a[j] ?? 0);
        fSq[j] = (fSq[j] ?? 0) + (q[j] ?? 0);
        fMax[j] = Math.max(fMax[j] ?? 0, m[j] ?? 0);
      }
      const xs = out.xSum ?? new Float32Array();
      const xg = out.xGram ?? new Float32Array();
      for (let i = 0; i < d; i++) xSum[i] = (xSum[i] ?? 0) + (xs[i] ?? 0);
      for (let i = 0; i < d * d; i++) xGram[i] = (xGram[i] ?? 0) + (xg[i] ?? 0);
      if (rowError && out.err) rowError.set(out.err, start);
      if (out.prefix)
        for (let k = 0; k < C; k++) prefixSum[k] = (prefixSum[k] ?? 0) + (out.prefix[k] ?? 0);
      flops += rows * (4 * F * d + 2 * d * d + (w.down ? 2 * F * C : 0) + (decode ? 4 * C * C : 0));
      advance(rows / N);
    }
  } finally {
    await session.release();
  }

  // Variance of the quadratic input: mean ‖X_i − X̄‖²_F = ‖x̃‖⁴ − ‖S‖²_F with S = mean x̃x̃ᵀ
  // (for biased inputs S = [[1, mean x̂ᵀ], [mean x̂, mean x̂x̂ᵀ]]).
  let s2 = 0;
  for (let i = 0; i < d * d; i++) s2 += ((xGram[i] ?? 0) / N) ** 2;
  if (w.biases) {
    let m2 = 0;
    for (let i = 0; i < d; i++) m2 += ((xSum[i] ?? 0) / N) ** 2;
    s2 += 1 + 2 * m2;
  }
  const varianceTotal = Math.max(0, inputNorm4 - s2);

  let prefixError: Float64Array | null = null;
  if (decode) {
    prefixError = new Float64Array(C);
    let acc = 0;
    for (let k = 0; k < C; k++) {
      acc += prefixSum[k] ?? 0;
      prefixError[k] = inputNorm4 + acc / N;
    }
  }

  // Per-composite statistics over the probe rows, from h stored by composite.
  const byComposite = new Float32Array(C * N);
  for (let i = 0; i < N; i++)
    for (let k = 0; k < C; k++) byComposite[k * N + i] = h[i * C + k] ?? 0;
  const bins = o.histogramBins;
  const topK = Math.min(o.topK, N);
  const density = new Float32Array(C);
  const lo = new Float32Array(C);
  const hi = new Float32Array(C);
  const counts = new Uint32Array(C * bins);
  const topRows = new Int32Array(C * topK);
  const bottomRows = new Int32Array(C * topK);
  for (let k = 0; k < C; k++) {
    if (k % 256 === 0) {
      checkCancelled(control);
      await tick();
    }
    const col = byComposite.subarray(k * N, (k + 1) * N);
    density[k] = hoyerDensity(col);
    const hist = columnHistogram(col, N, 1, 0, bins);
    lo[k] = hist.lo;
    hi[k] = hist.hi;
    counts.set(hist.counts, k * bins);
    topRows.set(topRowsOfColumn(col, N, 1, 0, topK, 'desc'), k * topK);
    bottomRows.set(topRowsOfColumn(col, N, 1, 0, topK, 'asc'), k * topK);
  }
  const featureDensity = new Float32Array(F);
  for (let j = 0; j < F; j++) featureDensity[j] = hoyerFromSums(fAbs[j] ?? 0, fSq[j] ?? 0, N);
  return {
    flops,
    results: {
      n: N,
      hByComposite: byComposite,
      density,
      histogram: { bins, lo, hi, counts },
      topRows,
      bottomRows,
      topK,
      rowError,
      inputNorm4,
      varianceTotal,
      prefixError,
      prefixOrder: decode?.order ?? null,
      prefixBasis,
      featureDensity,
      featureMaxAbs: fMax,
    },
  };
}

/** Composites in prefix order: index order ('trained'), or by descending Σλ² = Msym_kk. */
function prefixOrder(msym: Float32Array, C: number, basis: 'trained' | 'importance'): Int32Array {
  const order = Int32Array.from({ length: C }, (_, k) => k);
  if (basis === 'trained') return order;
  return order.sort((a, b) => (msym[b * C + b] ?? 0) - (msym[a * C + a] ?? 0) || a - b);
}

/** A composite reads feature j when |D_kj| is at least this share of its largest |D_k·|. */
export const READER_SHARE = 0.1;

/** Per feature: how many composites read it (see READER_SHARE); null without `down`. */
export function featureReaders(
  down: Float32Array | null,
  C: number,
  F: number,
): Uint32Array | null {
  if (!down) return null;
  const count = new Uint32Array(F);
  for (let k = 0; k < C; k++) {
    let max = 0;
    for (let j = 0; j < F; j++) max = Math.max(max, Math.abs(down[k * F + j] ?? 0));
    if (max === 0) continue;
    for (let j = 0; j < F; j++)
      if (Math.abs(down[k * F + j] ?? 0) >= READER_SHARE * max) count[j] = (count[j] ?? 0) + 1;
  }
  return count;
}

function statsPhase(
  w: EngineWeights,
  spectra: Float32Array,
  K: number,
  msym: Float32Array | null,
  o: AnalyseOptions,
): Pick<
  Analysis,
  | 'rank'
  | 'importance'
  | 'frobenius2'
  | 'support'
  | 'supportKind'
  | 'captured'
  | 'neighbours'
  | 'featureReaders'
> {
  const { C, F } = w;
  const rank = new Float32Array(C);
  const captured = new Float32Array(C);
  const frobenius2 = new Float32Array(C);
  for (let k = 0; k < C; k++) {
    const row = spectra.subarray(k * K, (k + 1) * K);
    rank[k] = effectiveRank(row);
    captured[k] = capturedShare(row);
    if (msym) frobenius2[k] = msym[k * C + k] ?? 0;
    else {
      let s = 0;
      for (const v of row) if (!Number.isNaN(v)) s += v * v;
      frobenius2[k] = s;
    }
  }
  let mean = 0;
  for (const v of frobenius2) mean += v / C;
  const importance = frobenius2.map((v) => (mean > 0 ? v / mean : 0));
  const support = new Float32Array(C);
  let supportKind: Analysis['supportKind'] = 'one';
  if (w.down) {
    const sparse = isSparse(w.down);
    supportKind = sparse ? 'count' : 'participation';
    for (let k = 0; k < C; k++) support[k] = supportOf(w.down, F, k, sparse);
  } else {
    support.fill(1);
  }
  const neighbours = msym
    ? { k: Math.min(o.neighbours, C - 1), ...formNeighbours(msym, C, o.neighbours) }
    : null;
  return {
    rank,
    importance,
    frobenius2,
    support,
    supportKind,
    captured,
    neighbours,
    featureReaders: featureReaders(w.down, C, F),
  };
}
