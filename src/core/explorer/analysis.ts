// The only owner of how a folder in the paper explorer's layout stands in for a model and its
// analysis: a weightless model (its name and latent count; no weight arrays, so nothing can be
// computed from it) and an Analysis holding only what index.feather gives — rank, importance,
// support, density — with no spectra, eigenvectors, relations or probe results (per-latent
// files load on demand; docs/formats.md §6 lists what is unavailable). Pure.
import { ENGINE_VERSION, type Analysis } from '../analysis';
import type { BaeModel } from '../model';
import type { ExplorerIndex, ExplorerMeta } from './read';

/** What views that need the weights say for such data. */
export const NO_WEIGHTS = 'Unavailable for the paper explorer’s data (no weights)';

/** The measures the paper explorer's layout has no table for, and why (for the relations). */
const MISSING = 'the paper explorer’s data lists each latent’s own neighbours, not a table';

/** The model name shown for an explorer folder: "autoencoder (model_name)". */
export function explorerModelName(meta: ExplorerMeta): string {
  return `${meta.autoencoder} (${meta.modelName})`;
}

/** A model without weights: C = n_latents composites, no features, no arrays. */
export function weightlessModel(meta: ExplorerMeta): BaeModel {
  return {
    name: explorerModelName(meta),
    config: {
      layer: null,
      dModel: 0,
      expansion: 0,
      bottleneck: null,
      alpha: 0,
      beta: 0,
      kind: 'mixed',
      tags: [],
      kwargs: {},
    },
    kind: 'mixed',
    layer: null,
    dModel: 0,
    nFeatures: 0,
    nComposites: meta.nLatents,
    dtype: 'F32',
    biased: false,
    left: new Float32Array(0),
    right: new Float32Array(0),
    leftBias: null,
    rightBias: null,
    down: null,
    weightBytes: 0,
  };
}

/**
 * The analysis an explorer folder's index stands for, keyed `key` (the folder's identity).
 * `importance` is the file's share divided by its mean (the app's scale), `frobenius2` the
 * share itself; captured is unknown (NaN) until a latent's spectrum is read.
 */
export function explorerAnalysis(index: ExplorerIndex, key: string): Analysis {
  const n = index.meta.nLatents;
  const s = index.stats;
  return {
    version: ENGINE_VERSION,
    key,
    modelName: explorerModelName(index.meta),
    route: 'explicit',
    backend: 'the paper explorer’s files',
    dForm: 0,
    nComposites: n,
    nFeatures: 0,
    spectrumK: 0,
    spectrumComplete: false,
    spectra: new Float32Array(0),
    spectraResidual: null,
    rank: s.rank,
    importance: s.importance,
    frobenius2: s.importanceShare,
    support: s.support,
    supportKind: 'count',
    captured: new Float32Array(n).fill(NaN),
    featureReaders: null,
    eigenvectors: null,
    relations: {
      tables: {},
      missing: { coactivation: MISSING, centroid: MISSING, forms: MISSING, overlap: MISSING },
    },
    probes: null,
    fileDensity: s.density,
    notes: [
      'Read from a folder in the paper explorer’s layout: no weights, so nothing is recomputed.',
      ...s.notes,
    ],
    timings: [],
    totalMs: 0,
  };
}
