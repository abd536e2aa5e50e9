// The only owner of what the neighbour measures and atlas layouts are called, how each is
// defined (the words the UI's tooltips and docs/engine.md quote), their floors, ranking and
// defaults, and the constants the engine computes them with (eigenvectors kept for the overlap,
// rows per firing centroid, neighbours kept per composite). Pure; the engine's relations phase,
// the neighbour list, the atlas layout choice and the URL codec read it.
import type { NeighbourRank } from './neighbours';

/** A similarity between composites the neighbour list can rank by. */
export type RelationMeasure = 'coactivation' | 'overlap' | 'centroid' | 'forms';

export const RELATION_MEASURES: readonly RelationMeasure[] = [
  'centroid',
  'coactivation',
  'overlap',
  'forms',
];

/** Eigenvectors (largest |λ|) per composite behind the subspace overlap: r in the formula. */
export const OVERLAP_RANK = 8;
/**
 * An eigenvector counts towards r_k only when |λ| ≥ this share of the composite's largest |λ|:
 * a rank-2 form has 2 meaningful directions, not 8 (the others' eigenvalues are rounding noise).
 */
export const OVERLAP_MIN_SHARE = 1e-4;
/** Top firing probe rows (by h, positive only) averaged into a composite's firing centroid. */
export const CENTROID_TOP_ROWS = 50;
/** Neighbours stored per composite and measure (the list shows them; layouts use the first 14). */
export const RELATION_NEIGHBOURS = 15;
/**
 * Largest C for which every measure is exact (C² similarities). Above it, a stated
 * approximation: candidates by random-hyperplane sketches, re-ranked exactly where the exact
 * value is cheap (core/relations/approxNeighbours).
 */
export const EXACT_RELATIONS_MAX_C = 8192;

export interface MeasureInfo {
  /** Short name for menus. */
  label: string;
  /** The formula, in the notation of docs/engine.md. */
  formula: string;
  /** One sentence: what a high value means, and what it needs. */
  text: string;
  /**
   * Below this value (of the ranking key: the value, or |value| for 'absolute') a neighbour is
   * not "close"; a composite with none at or above it has no close neighbours.
   */
  floor: number;
  /** Why the floor is where it is. */
  floorWhy: string;
  rank: NeighbourRank;
  /** Needs a probe set (firing over probe rows). */
  needsProbes: boolean;
}

export const MEASURE_INFO: Record<RelationMeasure, MeasureInfo> = {
  coactivation: {
    label: 'co-activation',
    formula: 'Pearson r of h_i and h_j over the N probe rows',
    text: 'How much the two composites fire together on the same probe rows (1 = always together, 0 = unrelated, −1 = one fires where the other does not).',
    floor: 0.1,
    floorWhy:
      'r = 0.1 shares 1% of the variance: the usual threshold of a small effect; far above chance (1/√N) for any useful probe set',
    rank: 'signed',
    needsProbes: true,
  },
  overlap: {
    label: 'subspace overlap',
    formula: '‖U_iᵀU_j‖²_F / √(r_i r_j)',
    text: `Overlap of the two composites' top eigen-subspaces (U: the eigenvectors of the r ≤ ${OVERLAP_RANK} largest |λ|, those with |λ| ≥ 10⁻⁴|λ₁|): 1 = the same subspace, 0 = orthogonal. What the paper's explorer ranks neighbours by.`,
    floor: 0.5,
    floorWhy:
      'half of the subspace shared; random r-dimensional subspaces of d dimensions give r/d',
    rank: 'signed',
    needsProbes: false,
  },
  centroid: {
    label: 'firing centroid',
    formula: 'cos(c_i, c_j), c_k = Σ_r h_kr (x̂_r − μ) / Σ_r h_kr over k’s top rows',
    text: `Cosine of the composites' firing centroids: each the h-weighted mean of the normalised, mean-centred inputs x̂ − μ of its ${CENTROID_TOP_ROWS} top firing probe rows (positive h only). What the composite reads: 1 = they fire on the same kind of input.`,
    floor: 0.3,
    floorWhy:
      'three times the spread of the cosine of random directions at d = 100 (1/√d), and more at larger d',
    rank: 'signed',
    needsProbes: true,
  },
  forms: {
    label: 'cosine of forms',
    formula: '⟨B_i, B_j⟩_F / (‖B_i‖_F ‖B_j‖_F)',
    text: 'Cosine of the quadratic forms themselves, ranked by |cos| (an opposite form is as related as an equal one); the signed value is shown. Needs the C×C Gram matrix (C ≤ 8,192).',
    floor: 0.3,
    floorWhy: 'as for the firing centroid: well above the cosine of unrelated forms',
    rank: 'absolute',
    needsProbes: false,
  },
};

/**
 * The distance a layout's neighbour graph uses for a similarity s: 1 − s for signed measures,
 * 1 − |s| for 'absolute' ones; never negative.
 */
export function relationDistance(measure: RelationMeasure, s: number): number {
  const key = MEASURE_INFO[measure].rank === 'absolute' ? Math.abs(s) : s;
  return Math.max(0, 1 - key);
}

/**
 * The default neighbour measure, chosen from the measurements in docs/engine.md ("Choosing the
 * defaults"): the firing centroid groups the bundled model's themes best; without a probe set,
 * the subspace overlap (the forms' cosine does not separate themes there).
 */
export function defaultMeasure(available: readonly RelationMeasure[]): RelationMeasure | null {
  for (const m of ['centroid', 'coactivation', 'overlap', 'forms'] as const) {
    if (available.includes(m)) return m;
  }
  return null;
}

/** An atlas layout: which composites sit together on the map. */
export type LayoutKind = 'spectral' | 'coactivation' | 'centroid' | 'forms';

export const LAYOUT_KINDS: readonly LayoutKind[] = [
  'centroid',
  'coactivation',
  'forms',
  'spectral',
];

export interface LayoutInfo {
  label: string;
  text: string;
  /** The measure whose neighbour graph UMAP lays out; null for the spectral fingerprint. */
  measure: RelationMeasure | null;
}

export const LAYOUT_INFO: Record<LayoutKind, LayoutInfo> = {
  spectral: {
    label: 'spectral shape',
    text: 'UMAP of each composite’s 20 largest-|λ| eigenvalues divided by ‖B_k‖_F: composites with similar spectra sit together (the paper explorer’s fingerprint). Says nothing about what they read.',
    measure: null,
  },
  coactivation: {
    label: 'co-activation',
    text: 'UMAP on the correlation distance 1 − r of the composites’ firing over the probe set: composites that fire on the same rows sit together.',
    measure: 'coactivation',
  },
  centroid: {
    label: 'firing centroid',
    text: 'UMAP on the cosine distance 1 − cos of the composites’ firing centroids: composites that read the same kind of input sit together.',
    measure: 'centroid',
  },
  forms: {
    label: 'form similarity',
    text: 'UMAP on 1 − |cosine of forms|: composites whose quadratic forms are alike sit together.',
    measure: 'forms',
  },
};

/**
 * The default layout, chosen from the theme-separation table in docs/atlas.md: the firing
 * centroid keeps the bundled model's themes together best; the spectral shape when the
 * analysis has no firing centroids (no probe set).
 */
export function defaultLayout(available: readonly RelationMeasure[]): LayoutKind {
  for (const kind of ['centroid', 'coactivation'] as const) {
    if (available.includes(kind)) return kind;
  }
  return 'spectral';
}

/** The measures an analysis has tables for, in RELATION_MEASURES order. */
export function availableMeasures(
  tables: Partial<Record<RelationMeasure, unknown>>,
): RelationMeasure[] {
  return RELATION_MEASURES.filter((m) => tables[m] !== undefined);
}

/** The measure to show: `chosen` when available, else the default. */
export function resolveMeasure(
  chosen: RelationMeasure | null,
  available: readonly RelationMeasure[],
): RelationMeasure | null {
  return chosen && available.includes(chosen) ? chosen : defaultMeasure(available);
}

/** The layout to show: `chosen` when its measure is available (spectral always is), else the default. */
export function resolveLayout(
  chosen: LayoutKind | null,
  available: readonly RelationMeasure[],
): LayoutKind {
  if (chosen) {
    const m = LAYOUT_INFO[chosen].measure;
    if (m === null || available.includes(m)) return chosen;
  }
  return defaultLayout(available);
}
