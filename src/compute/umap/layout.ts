// The only owner of the atlas layout: UMAP (umap-js) of the composites' fingerprints, or of a
// relation's precomputed neighbour graph (core/relations/knnGraph), seeded so the same input
// gives the same map, bit for bit — in every JavaScript engine: umap-js runs with portable
// exp/log/pow (core/maths/portableMath), so the page, the headless tool and an analysis bundle
// agree. Pure and synchronous; the UMAP worker (umap.worker.ts, via handlers.ts) runs it off
// the UI thread, the headless tool and unit tests run it in Node.
import { UMAP } from 'umap-js';
import type { Analysis } from '../../core/analysis';
import { FINGERPRINT_DIMS, fingerprints } from '../../core/atlas/fingerprint';
import { withPortableMath } from '../../core/maths/portableMath';
import { seededRandom } from '../../core/random';
import { knnGraph, type KnnGraph } from '../../core/relations/knnGraph';
import { LAYOUT_INFO, LAYOUT_KINDS, type LayoutKind } from '../../core/relations/measures';

/**
 * Bump when the fingerprint, the neighbour graphs, the parameters, the arithmetic or the output
 * convention change: caches key on it. umap-3: relation layouts (UMAP on a measure's neighbour
 * graph) beside the spectral fingerprint, every one with portable exp/log/pow (the same map in
 * every engine). (Both lines of work had called their change umap-2.)
 */
export const LAYOUT_VERSION = 'umap-3';
/** The seed every map uses (a layout is a function of the model, not of the visit). */
export const LAYOUT_SEED = 20240917;

/**
 * UMAP settings: umap-js's defaults made explicit (15 neighbours, min distance 0.1, spread 1),
 * so that a change of library default cannot silently move every map. Epochs: umap-js picks
 * 500 up to 2,500 points and fewer beyond (200 above 7,500).
 */
export const UMAP_SETTINGS = { nNeighbors: 15, minDist: 0.1, spread: 1 } as const;

export interface LayoutOptions {
  seed?: number;
  /** Called with a phase in words and the fraction done (0..1); the caller throttles. */
  onProgress?: (phase: string, fraction: number) => void;
  /** Polled between epochs; returning true stops the layout (the result is then null). */
  shouldStop?: () => boolean;
}

/** Share of the progress bar given to the neighbour graph (initializeFit), before the epochs. */
const GRAPH_SHARE = 0.15;

/**
 * Lays out `n` points of `dims`-dimensional `data` (row-major) in 2-D. Returns [n, 2] float32
 * UMAP coordinates, centred on their bounding box; null when stopped. Below 4 points UMAP has no
 * neighbourhood to speak of: they are placed on a unit circle (deterministically).
 */
export function umapLayout(
  data: Float32Array,
  n: number,
  dims: number,
  options: LayoutOptions = {},
): Float32Array | null {
  return withPortableMath(() => layoutWithMath(data, n, dims, options));
}

function layoutWithMath(
  data: Float32Array,
  n: number,
  dims: number,
  options: LayoutOptions,
): Float32Array | null {
  if (data.length < n * dims) throw new RangeError(`data has ${data.length} < n·dims values`);
  if (n < 4) return circle(n);
  const rows: number[][] = [];
  for (let i = 0; i < n; i++) rows.push(Array.from(data.subarray(i * dims, (i + 1) * dims)));
  const umap = new UMAP({
    nComponents: 2,
    nNeighbors: Math.min(UMAP_SETTINGS.nNeighbors, n - 1),
    minDist: UMAP_SETTINGS.minDist,
    spread: UMAP_SETTINGS.spread,
    random: seededRandom(options.seed ?? LAYOUT_SEED),
  });
  return optimise(umap, rows, n, options);
}

/**
 * Lays out `n` points from a precomputed neighbour graph ([n, k] indices and distances, each row
 * starting with the point itself at distance 0: core/relations/knnGraph), UMAP with k neighbours
 * and otherwise the same settings. umap-js then needs no coordinates (it reads only how many
 * points there are). Same output convention as umapLayout; null when stopped.
 */
export function knnLayout(
  knn: { k: number; indices: Int32Array; distances: Float32Array },
  n: number,
  options: LayoutOptions = {},
): Float32Array | null {
  return withPortableMath(() => knnWithMath(knn, n, options));
}

function knnWithMath(
  knn: { k: number; indices: Int32Array; distances: Float32Array },
  n: number,
  options: LayoutOptions,
): Float32Array | null {
  if (knn.indices.length < n * knn.k || knn.distances.length < n * knn.k) {
    throw new RangeError(`the neighbour graph has fewer than n·k = ${n * knn.k} entries`);
  }
  if (n < 4 || knn.k < 2) return circle(n);
  const indices: number[][] = [];
  const distances: number[][] = [];
  for (let i = 0; i < n; i++) {
    indices.push(Array.from(knn.indices.subarray(i * knn.k, (i + 1) * knn.k)));
    distances.push(Array.from(knn.distances.subarray(i * knn.k, (i + 1) * knn.k)));
  }
  const umap = new UMAP({
    nComponents: 2,
    nNeighbors: knn.k,
    minDist: UMAP_SETTINGS.minDist,
    spread: UMAP_SETTINGS.spread,
    random: seededRandom(options.seed ?? LAYOUT_SEED),
  });
  umap.setPrecomputedKNN(indices, distances);
  return optimise(
    umap,
    Array.from({ length: n }, () => [0]),
    n,
    options,
  );
}

/** initializeFit, then the epochs with progress and stops; centred output. */
function optimise(
  umap: UMAP,
  rows: number[][],
  n: number,
  options: LayoutOptions,
): Float32Array | null {
  const report = options.onProgress ?? (() => {});
  // initializeFit (k-NN graph, fuzzy set, initial embedding) is one synchronous call: the best a
  // caller can see is "before" and "after" it.
  report('Building the neighbour graph', 0);
  const epochs = umap.initializeFit(rows);
  report('Neighbour graph built', GRAPH_SHARE);
  for (let e = 0; e < epochs; e++) {
    if (options.shouldStop?.()) return null;
    umap.step();
    report(
      `Optimising the layout (epoch ${e + 1} of ${epochs})`,
      GRAPH_SHARE + ((1 - GRAPH_SHARE) * (e + 1)) / epochs,
    );
  }
  return centred(umap.getEmbedding(), n);
}

function circle(n: number): Float32Array {
  const out = new Float32Array(n * 2);
  for (let i = 0; i < n && n > 1; i++) {
    out[2 * i] = Math.cos((2 * Math.PI * i) / n);
    out[2 * i + 1] = Math.sin((2 * Math.PI * i) / n);
  }
  return out;
}

function centred(embedding: number[][], n: number): Float32Array {
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  for (const p of embedding) {
    const x = p[0] ?? 0;
    const y = p[1] ?? 0;
    minX = Math.min(minX, x);
    maxX = Math.max(maxX, x);
    minY = Math.min(minY, y);
    maxY = Math.max(maxY, y);
  }
  const cx = (minX + maxX) / 2;
  const cy = (minY + maxY) / 2;
  const out = new Float32Array(n * 2);
  for (let i = 0; i < n; i++) {
    const p = embedding[i];
    out[2 * i] = (p?.[0] ?? 0) - cx;
    out[2 * i + 1] = (p?.[1] ?? 0) - cy;
  }
  return out;
}

/**
 * The id of an atlas layout of `kind`: what it lays out and how (layout version, seed, input).
 * An analysis key plus this id names one map (the layout cache's key); an analysis bundle stores
 * its layouts under their ids.
 */
export function layoutId(kind: LayoutKind): string {
  const what =
    kind === 'spectral' ? `spectral${FINGERPRINT_DIMS}` : `${kind}${UMAP_SETTINGS.nNeighbors}`;
  return `${LAYOUT_VERSION}:${LAYOUT_SEED}:${what}`;
}

/**
 * The layout kinds an analysis can be laid out by (the spectral shape always; a relation's when
 * the analysis has its table), in LAYOUT_KINDS order: what an analysis bundle stores.
 */
export function layoutKinds(a: Pick<Analysis, 'relations'>): LayoutKind[] {
  return LAYOUT_KINDS.filter((kind) => {
    const measure = LAYOUT_INFO[kind].measure;
    return measure === null || a.relations.tables[measure] !== undefined;
  });
}

/**
 * The input of the atlas map of `kind` for an analysis: its fingerprints ([C, FINGERPRINT_DIMS])
 * for the spectral shape, else the measure's neighbour graph; null when the analysis has no
 * table for that measure. The page's layout job and the headless tool both lay out this.
 */
export function layoutInput(
  a: Pick<Analysis, 'spectra' | 'nComposites' | 'spectrumK' | 'frobenius2' | 'relations'>,
  kind: LayoutKind,
): { data: Float32Array; dims: number } | { knn: KnnGraph } | null {
  const measure = LAYOUT_INFO[kind].measure;
  if (measure === null) {
    return {
      data: fingerprints(a.spectra, a.nComposites, a.spectrumK, a.frobenius2),
      dims: FINGERPRINT_DIMS,
    };
  }
  const table = a.relations.tables[measure];
  return table ? { knn: knnGraph(table, measure, a.nComposites, UMAP_SETTINGS.nNeighbors) } : null;
}

/**
 * The atlas map of `kind` for an analysis, laid out with the atlas's seed: null when stopped or
 * when the analysis has no table for the layout's measure.
 */
export function analysisLayout(
  a: Pick<Analysis, 'spectra' | 'nComposites' | 'spectrumK' | 'frobenius2' | 'relations'>,
  kind: LayoutKind,
  options: Omit<LayoutOptions, 'seed'> = {},
): Float32Array | null {
  const input = layoutInput(a, kind);
  if (!input) return null;
  const o = { ...options, seed: LAYOUT_SEED };
  return 'knn' in input
    ? knnLayout(input.knn, a.nComposites, o)
    : umapLayout(input.data, a.nComposites, input.dims, o);
}
