// The only owner of the atlas layout: UMAP (umap-js) of the composites' fingerprints, seeded so
// the same fingerprints give the same map, bit for bit — in every JavaScript engine: umap-js runs
// with portable exp/log/pow (core/maths/portableMath), so the page, the headless tool and an
// analysis bundle agree. Pure and synchronous; the UMAP worker
// (umap.worker.ts, via handlers.ts) runs it off the UI thread, and unit tests run it in Node.
import { UMAP } from 'umap-js';
import type { Analysis } from '../../core/analysis';
import { FINGERPRINT_DIMS, fingerprints } from '../../core/atlas/fingerprint';
import { withPortableMath } from '../../core/maths/portableMath';
import { seededRandom } from '../../core/random';

/**
 * Bump when the fingerprint, the parameters, the arithmetic or the output convention change:
 * caches key on it. umap-2: portable exp/log/pow (the same map in every engine).
 */
export const LAYOUT_VERSION = 'umap-2';
/** The seed every map uses (a layout is a function of the model, not of the visit). */
export const LAYOUT_SEED = 20240917;

/**
 * UMAP settings: umap-js's defaults made explicit (15 neighbours, min distance 0.1, spread 1),
 * so that a change of library default cannot silently move every map. Epochs: umap-js picks
 * 500 up to 2,500 points and fewer beyond (200 above 7,500).
 */
/**
 * The atlas layout's id: what it lays out and how. An analysis key plus this id names one map
 * (the layout cache's key); an analysis bundle stores its layouts under their ids.
 */
export const ATLAS_LAYOUT_ID = `${LAYOUT_VERSION}:${LAYOUT_SEED}:${FINGERPRINT_DIMS}`;

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
  const report = options.onProgress ?? (() => {});
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

/** The atlas map of an analysis (its fingerprints, laid out with the atlas's seed). */
export function analysisLayout(
  a: Pick<Analysis, 'spectra' | 'nComposites' | 'spectrumK' | 'frobenius2'>,
  options: Omit<LayoutOptions, 'seed'> = {},
): Float32Array | null {
  const data = fingerprints(a.spectra, a.nComposites, a.spectrumK, a.frobenius2);
  return umapLayout(data, a.nComposites, FINGERPRINT_DIMS, { ...options, seed: LAYOUT_SEED });
}
