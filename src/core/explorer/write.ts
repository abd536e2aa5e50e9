// The only owner of writing an analysis in the paper explorer's static layout (docs/formats.md
// §6, "Exporting"): which rows a latent keeps, how its points are scaled into the unit ball and
// quantised, how a probe row's context becomes a window with the firing token at `len >> 1`, and
// the JSON of index.json, vocab.json, curated.json and latent_NNNNN.json. Arrow tables come out
// as TableToWrite (compute/explorer encodes them); the archive is core/zip. Pure; the analysis
// session's export job gathers the inputs and core/explorer/read reads the result back.
import { sampleRows, type Sampling } from '../manifold/sample';
import {
  EXPLORER_FILES,
  INDEX_COLUMNS,
  PADDING_TOKEN,
  POINT_COLUMNS,
  latentFiles,
  quantiseH,
  quantiseXyz,
} from './layout';
import type { TableToWrite } from './table';

/** Points kept per latent (the latent view's default point count). */
export const EXPORT_POINTS = 2000;
/**
 * Which rows a latent keeps: a seeded sample weighted by |h|⁴ (the reference explorer's
 * sampling, core/manifold/sample), so the file shows the manifold's body as well as its tip.
 */
export const EXPORT_SAMPLING: Sampling = { kind: 'weighted', power: 4 };

/** Probe rows latent values `h` ([N], one latent's value on every probe row) keeps. */
export function exportRows(h: ArrayLike<number>, count = EXPORT_POINTS): Int32Array {
  return sampleRows(h, count, EXPORT_SAMPLING);
}

/** A file of the exported folder: text (JSON) or an Arrow table to encode. */
export type ExportFile = { name: string; text: string } | { name: string; table: TableToWrite };

/** What the shared files need: one entry per latent in every array. */
export interface ExportIndexInput {
  /** The autoencoder's name (`autoencoder`). */
  autoencoder: string;
  /** What the model was run on (`model_name`). */
  modelName: string;
  nLatents: number;
  /** Hoyer density per latent (NaN where unknown). */
  density: ArrayLike<number>;
  /** Effective rank per latent. */
  rank: ArrayLike<number>;
  /** Σλ² = ‖B_k‖²_F per latent (any scale: written as a share of the total). */
  frobenius2: ArrayLike<number>;
  /** Encoder features read per latent (rounded; clamped to 0..65535 for uint16). */
  support: ArrayLike<number>;
  /** [n, 2] atlas coordinates. */
  umap: ArrayLike<number>;
  /** Token id → vocabulary entry (as the probe set writes it). */
  vocab: readonly string[];
  /** Label per latent ('' = none). */
  labels: readonly string[];
}

/** index.json, index.feather, vocab.json and curated.json of an export. */
export function exportIndexFiles(x: ExportIndexInput): ExportFile[] {
  const n = x.nLatents;
  let total = 0;
  for (let k = 0; k < n; k++) total += Math.max(0, x.frobenius2[k] ?? 0);
  const share = Float32Array.from({ length: n }, (_, k) =>
    total > 0 ? Math.max(0, x.frobenius2[k] ?? 0) / total : 1 / n,
  );
  const f32 = (a: ArrayLike<number>) => Float32Array.from({ length: n }, (_, k) => a[k] ?? NaN);
  const support = Uint16Array.from({ length: n }, (_, k) =>
    Math.max(0, Math.min(0xffff, Math.round(x.support[k] ?? 0))),
  );
  const vocab: Record<string, string> = {};
  x.vocab.forEach((t, i) => (vocab[String(i)] = t));
  const labels: Record<string, string> = {};
  x.labels.forEach((t, i) => {
    if (t) labels[String(i)] = t;
  });
  return [
    {
      name: EXPLORER_FILES.meta,
      text: JSON.stringify({ model_name: x.modelName, autoencoder: x.autoencoder, n_latents: n }),
    },
    {
      name: EXPLORER_FILES.index,
      table: {
        rows: n,
        columns: [
          {
            name: INDEX_COLUMNS.latentId.name,
            values: Uint32Array.from({ length: n }, (_, k) => k),
          },
          { name: INDEX_COLUMNS.density.name, values: f32(x.density) },
          { name: INDEX_COLUMNS.rank.name, values: f32(x.rank) },
          { name: INDEX_COLUMNS.importance.name, values: share },
          { name: INDEX_COLUMNS.support.name, values: support },
          {
            name: INDEX_COLUMNS.umapX.name,
            values: Float32Array.from({ length: n }, (_, k) => x.umap[2 * k] ?? 0),
          },
          {
            name: INDEX_COLUMNS.umapY.name,
            values: Float32Array.from({ length: n }, (_, k) => x.umap[2 * k + 1] ?? 0),
          },
        ],
      },
    },
    { name: EXPLORER_FILES.vocab, text: JSON.stringify(vocab) },
    { name: EXPLORER_FILES.curated, text: JSON.stringify({ labels }) },
  ];
}

/**
 * The half-width of the exported context windows (window = 2·half + 1, firing token at `half`
 * = `len >> 1`): the most tokens any probe row has before or after its firing token, so every
 * row's whole window fits.
 */
export function contextHalf(position: ArrayLike<number>, window: number): number {
  let half = 0;
  for (let r = 0; r < position.length; r++) {
    const p = position[r] ?? window - 1;
    half = Math.max(half, p, window - 1 - p);
  }
  return half;
}

/** One latent's inputs: its spectrum, statistics and its kept rows. */
export interface ExportLatentInput {
  id: number;
  /** Every eigenvalue known (any order; written ascending, as numpy's eigh). */
  values: ArrayLike<number>;
  /** Firing histogram: `counts.length` equal bins over [lo, hi]. */
  histogram: { counts: ArrayLike<number>; lo: number; hi: number };
  /** Neighbours best first (ids < 0 pad and are dropped) with their similarity. */
  neighbours: { ids: ArrayLike<number>; similarity: ArrayLike<number> };
  /** [m] h of each kept row. */
  h: ArrayLike<number>;
  /** [m, 3] the kept rows projected on the eigenvectors of the 3 largest |λ|. */
  xyz: ArrayLike<number>;
  /** Probe tokens [N, window] and firing positions [N], and the kept rows' indices [m]. */
  tokens: Int32Array;
  position: ArrayLike<number>;
  window: number;
  rows: ArrayLike<number>;
  /** The export's context half-width (contextHalf over the whole probe set). */
  half: number;
}

/** Largest Euclidean norm of the [m, 3] points (1 when every point is at the origin). */
function unitScale(xyz: ArrayLike<number>, m: number): number {
  let r2 = 0;
  for (let i = 0; i < m; i++) {
    const a = xyz[3 * i] ?? 0;
    const b = xyz[3 * i + 1] ?? 0;
    const c = xyz[3 * i + 2] ?? 0;
    r2 = Math.max(r2, a * a + b * b + c * c);
  }
  return r2 > 0 ? Math.sqrt(r2) : 1;
}

/**
 * latent_NNNNN.json and latent_NNNNN.feather of one latent. x, y, z are the projections divided
 * by the largest norm among the kept points (the unit ball, as the paper's explorer expects),
 * h is relative to the kept points' largest |h| (written as `h_scale`); `origin` is the kept
 * points' centroid in the same unit coordinates.
 */
export function exportLatentFiles(x: ExportLatentInput): ExportFile[] {
  const m = x.h.length;
  const names = latentFiles(x.id);
  const scale = unitScale(x.xyz, m);
  let hMax = 0;
  for (let i = 0; i < m; i++) hMax = Math.max(hMax, Math.abs(x.h[i] ?? 0));
  const xs = new Int16Array(m);
  const ys = new Int16Array(m);
  const zs = new Int16Array(m);
  const hs = new Int8Array(m);
  const centroid = [0, 0, 0];
  for (let i = 0; i < m; i++) {
    const u = [0, 1, 2].map((c) => (x.xyz[3 * i + c] ?? 0) / scale);
    xs[i] = quantiseXyz(u[0] ?? 0);
    ys[i] = quantiseXyz(u[1] ?? 0);
    zs[i] = quantiseXyz(u[2] ?? 0);
    for (let c = 0; c < 3; c++) centroid[c] = (centroid[c] ?? 0) + (u[c] ?? 0) / m;
    hs[i] = quantiseH(hMax > 0 ? (x.h[i] ?? 0) / hMax : 0);
  }
  const w = 2 * x.half + 1;
  const context = new Int32Array(m * w).fill(PADDING_TOKEN);
  for (let i = 0; i < m; i++) {
    const r = x.rows[i] ?? 0;
    const p = x.position[r] ?? x.window - 1;
    for (let t = 0; t < x.window; t++) {
      const slot = x.half + t - p;
      if (slot >= 0 && slot < w)
        context[i * w + slot] = x.tokens[r * x.window + t] ?? PADDING_TOKEN;
    }
  }
  const eigvals = Array.from(x.values, Number)
    .filter(Number.isFinite)
    .sort((a, b) => a - b);
  const bins = x.histogram.counts.length;
  const lo = x.histogram.lo;
  // Equal edges need hi > lo: a latent constant on every row gets a bin of width 1e-6·max(1,|lo|).
  const hi = x.histogram.hi > lo ? x.histogram.hi : lo + 1e-6 * Math.max(1, Math.abs(lo));
  const edges = Array.from({ length: bins + 1 }, (_, i) => lo + ((hi - lo) * i) / bins);
  edges[bins] = hi;
  const neighbours: [number, number][] = [];
  for (let i = 0; i < x.neighbours.ids.length; i++) {
    const id = x.neighbours.ids[i] ?? -1;
    const sim = x.neighbours.similarity[i] ?? NaN;
    if (id >= 0 && Number.isFinite(sim)) neighbours.push([id, sim]);
  }
  const json = {
    latent_id: x.id,
    eigvals,
    origin: centroid,
    histogram: { counts: Array.from(x.histogram.counts, Number), edges },
    neighbours,
    h_scale: hMax,
  };
  return [
    { name: names.json, text: JSON.stringify(json) },
    {
      name: names.feather,
      table: {
        rows: m,
        columns: [
          { name: POINT_COLUMNS.x.name, values: xs },
          { name: POINT_COLUMNS.y.name, values: ys },
          { name: POINT_COLUMNS.z.name, values: zs },
          { name: POINT_COLUMNS.h.name, values: hs },
          { name: POINT_COLUMNS.context.name, values: context, listSize: w },
        ],
      },
    },
  ];
}
