// The only owner of the shape of the engine's results: what one full analysis of a model (and
// its probe set) holds, as produced by src/compute and cached, and as the atlas, the latent view
// and the model panel read it. Plain data (typed arrays), so it crosses workers and IndexedDB.
import type { CompositeId } from './ids';
import type { RelationMeasure } from './relations/measures';

/** Bump when the meaning or layout of any result changes: cached results are keyed by it. */
export const ENGINE_VERSION = 'engine-4';

/** How the spectra were computed. */
export type SpectralRoute = 'explicit' | 'lowrank' | 'lanczos';

export const ROUTE_DESCRIPTIONS: Record<SpectralRoute, string> = {
  explicit: 'explicit forms B_k (onnxruntime) + dense float64 eigensolver: every eigenvalue, exact',
  lowrank:
    'exact low-rank route: each form is Pᵀ diag(c) P over the few features it reads (2 per feature), solved in float64: every non-zero eigenvalue, exact',
  lanczos:
    'matrix-free block Lanczos on onnxruntime, all composites in lock-step: the largest-|λ| eigenvalues only; rank and captured are computed over those',
};

/** Timing of one phase of an analysis. */
export interface PhaseTiming {
  phase: string;
  ms: number;
  /** Floating-point operations the phase's onnxruntime graphs performed (0 for CPU phases). */
  flops: number;
  /** Of `ms`, the time spent inside onnxruntime runs (the rest: CPU work, session set-up). */
  runMs: number;
}

/** Statistics that need the probe set. */
export interface ProbeResults {
  /** N, probe rows. */
  n: number;
  /** h by composite: [C, N] (row k = composite k's value on every probe row), float32. */
  hByComposite: Float32Array;
  /** Per composite: Hoyer density over the probe rows (NaN for N = 1). */
  density: Float32Array;
  /** Firing histogram per composite: bins over [lo, hi]. */
  histogram: { bins: number; lo: Float32Array; hi: Float32Array; counts: Uint32Array };
  /** Top rows per composite by h, descending: [C, topK]. */
  topRows: Int32Array;
  /** Bottom rows per composite by h, ascending (most negative first): [C, topK]. */
  bottomRows: Int32Array;
  topK: number;
  /** Per row: ‖x̃x̃ᵀ − reconstruction‖²_F (null when the decode phase was skipped). */
  rowError: Float32Array | null;
  /** ‖x̃‖⁴ of a normalised input (1, or 4 for biased models): the error of reconstructing nothing. */
  inputNorm4: number;
  /** Mean ‖X_i − X̄‖²_F of the quadratic inputs X_i = x̃x̃ᵀ: the denominator of variance explained. */
  varianceTotal: number;
  /** prefixError[i]: mean row error using only composites prefixOrder[0..i] (null when skipped). */
  prefixError: Float64Array | null;
  /** The order the prefix curve adds composites in. */
  prefixOrder: Int32Array | null;
  /** 'trained': index order (ordered kind); 'importance': by descending ‖B_k‖²_F. */
  prefixBasis: 'trained' | 'importance';
  /** Per encoder feature: Hoyer density over the probe rows, and max |f|. */
  featureDensity: Float32Array;
  featureMaxAbs: Float32Array;
}

/** One measure's neighbours of every composite. */
export interface NeighbourTable {
  /** Neighbours listed per composite (min(RELATION_NEIGHBOURS, C − 1)). */
  k: number;
  /** [C, k] row-major: neighbour ids, best first by the measure's ranking; −1 pads. */
  index: Int32Array;
  /** [C, k]: the similarity of each (signed); NaN pads. */
  similarity: Float32Array;
  /** Per composite: 1 when no neighbour reaches the measure's floor (MEASURE_INFO). */
  isolated: Uint8Array;
  /** null when exact; otherwise how the neighbours were approximated, in words. */
  approximation: string | null;
}

/** The neighbour tables an analysis holds, and why any measure is missing. */
export interface Relations {
  tables: Partial<Record<RelationMeasure, NeighbourTable>>;
  /** For each measure without a table: why, in words. */
  missing: Partial<Record<RelationMeasure, string>>;
}

/** One full analysis. */
export interface Analysis {
  version: string;
  /** Hash of the weights, the probe set and the engine version. */
  key: string;
  modelName: string;
  route: SpectralRoute;
  backend: string;
  /** d' (d, or d + 1 for biased models): the size of each form. */
  dForm: number;
  nComposites: number;
  nFeatures: number;
  /** Eigenvalues kept per composite (K): all of them (d') when `spectrumComplete`. */
  spectrumK: number;
  spectrumComplete: boolean;
  /** [C, K] eigenvalues, each row by descending |λ|, NaN-padded. */
  spectra: Float32Array;
  /** Residual bounds of `spectra` for the Lanczos route ([C, K]); null when exact. */
  spectraResidual: Float32Array | null;
  rank: Float32Array;
  /** Σλ² = ‖B_k‖²_F divided by its mean over composites. */
  importance: Float32Array;
  /** ‖B_k‖²_F before normalisation. */
  frobenius2: Float32Array;
  support: Float32Array;
  supportKind: 'count' | 'participation' | 'one';
  captured: Float32Array;
  /** Per encoder feature: composites that read it (|D_kj| ≥ 10% of max_j |D_kj|); null without down. */
  featureReaders: Uint32Array | null;
  /**
   * The unit eigenvectors of each composite's `count` largest |λ| ([C, count, d'] float32,
   * row-major, in the spectra's order, fixSign's convention; zero rows beyond a form's rank or
   * the Ritz pairs Lanczos kept). One store for every consumer: a computed analysis keeps
   * OVERLAP_RANK (8), the subspace overlap's r; an analysis bundle keeps the first 3 (the
   * overlap is stored in `relations`). Its first three are the latent view's default axes (a
   * bundle's latents open without the engine) and the first two the token view's small
   * projections. Null when none were kept.
   */
  eigenvectors: { count: number; vectors: Float32Array } | null;
  /** Neighbours of every composite under each measure (core/relations/measures). */
  relations: Relations;
  probes: ProbeResults | null;
  /**
   * Per composite: Hoyer density read from a file when there are no probe results (the paper
   * explorer's index.feather; NaN where it has none). Absent for a computed analysis.
   */
  fileDensity?: Float32Array;
  /** Things the analysis skipped or approximated, in words, for the UI. */
  notes: string[];
  timings: PhaseTiming[];
  totalMs: number;
}

/** The on-demand detail of one composite (latent view). */
export interface LatentDetail {
  composite: CompositeId;
  /** Every eigenvalue, descending by |λ| (for the Lanczos route: of the explicitly formed B_k). */
  values: Float64Array;
  /** The eigenvectors of `axes`, [axes.length, d'] row-major, sign-fixed. */
  vectors: Float32Array;
  /** Indices into `values` of the eigenvectors used as x, y, z. */
  axes: number[];
  /** [N, 3] projections x̃·u of every probe row (null without a probe set). */
  xyz: Float32Array | null;
}

/** One encoder feature's detail (the bottleneck's wiring). */
export interface FeatureDetail {
  feature: number;
  /** Probe rows where f_j is largest / smallest, with the values. */
  topRows: Int32Array;
  topValues: Float32Array;
  bottomRows: Int32Array;
  bottomValues: Float32Array;
  /** Composites reading this feature most (largest |D_kj|), and their signed D_kj. */
  readers: Int32Array;
  readerWeights: Float32Array;
}

/** What a part of an analysis computes: a range of composites (or none) and/or the global work. */
export interface PartSpec {
  /** Composites start..end−1, or null for none. */
  composites: readonly [number, number] | null;
  global: boolean;
}

/** What every part of one analysis shares (checked equal when parts are joined). */
export interface PartHeader {
  version: string;
  key: string;
  modelName: string;
  route: SpectralRoute;
  backend: string;
  dForm: number;
  nComposites: number;
  nFeatures: number;
  spectrumK: number;
  spectrumComplete: boolean;
  /** Eigenvectors each composite part keeps per composite (the subspace overlap's r). */
  vectorsKept: number;
  /** The analysis options (compute/analysis/options.ts AnalyseOptions), as plain data. */
  options: AnalysisOptionsRecord;
}

/** The analysis options as plain data (every value a number or a string). */
export type AnalysisOptionsRecord = Record<string, number | string>;

/** The per-composite work for composites start..end−1. */
export interface CompositePart {
  start: number;
  end: number;
  /** [end − start, K] */
  spectra: Float32Array;
  spectraResidual: Float32Array | null;
  /** [end − start, header.vectorsKept, d']: as Analysis.eigenvectors, for these composites. */
  eigenvectors: Float32Array;
  notes: string[];
}

/**
 * The global work: what needs the Gram matrices, the weights or the probe rows — including the
 * relations that need nothing else (co-activation, firing centroids, cosine of forms); the
 * subspace overlap needs every composite's eigenvectors and is computed when parts are joined.
 */
export interface GlobalPart {
  support: Float32Array;
  supportKind: Analysis['supportKind'];
  /** Every measure but the subspace overlap (tables, or why one is missing). */
  relations: Relations;
  featureReaders: Uint32Array | null;
  /** ‖B_k‖²_F = Msym_kk, or null without the Gram matrix. */
  gramFrobenius2: Float32Array | null;
  probes: ProbeResults | null;
  notes: string[];
}

/** One part of an analysis (all of it, or a shard); compute/analysis/parts.ts joins parts. */
export interface AnalysisPart {
  header: PartHeader;
  composites: CompositePart | null;
  global: GlobalPart | null;
  timings: PhaseTiming[];
  totalMs: number;
}
