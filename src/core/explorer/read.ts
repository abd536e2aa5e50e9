// The only owner of reading the paper explorer's layout (docs/formats.md §6): each file's JSON
// or decoded Arrow table checked at the edge — types, sizes, NaN, ids out of range, a firing
// token outside the vocabulary — and turned into the values the app shows (statistics by latent
// id, a latent's spectrum by descending |λ|, its points in unit coordinates with relative h).
// Every problem is a BaeFileError naming the file, the field and the fix, quoting at most 80
// characters of any value. Pure; the files worker runs it on what compute/explorer decodes.
import { BaeFileError, quoteReason, quoteValue } from '../errors';
import { decodeByteLevel, isByteLevelVocab, joinTokenTexts } from '../tokenText';
import {
  EXPLORER_FILES,
  H_WIRE_SCALE,
  INDEX_COLUMNS,
  PADDING_TOKEN,
  POINT_COLUMNS,
  XYZ_WIRE_SCALE,
  firingIndex,
  type ColumnSpec,
} from './layout';
import type { DecodedColumn, DecodedTable } from './table';

/** What `index.json` says. */
export interface ExplorerMeta {
  /** The language model (`model_name`). */
  modelName: string;
  /** The autoencoder's name (`autoencoder`). */
  autoencoder: string;
  /** Latents, ids 0..nLatents − 1. */
  nLatents: number;
}

/** `vocab.json`: token id → text (ids may be sparse). */
export interface ExplorerVocab {
  /** Token id → the entry as the file writes it; undefined where the file has no such id. */
  raw: (string | undefined)[];
  /** Token id → its text: `raw`, or decoded from byte-level BPE symbols when `byteLevel`. */
  text: (string | undefined)[];
  byteLevel: boolean;
  /** Ids the file defines. */
  size: number;
}

/** `index.feather` as the app reads it: every array indexed by latent id. */
export interface ExplorerStats {
  /** Hoyer density of the latent's firing values (NaN where the file has none). */
  density: Float32Array;
  /** Effective rank (Σ|λ|)²/Σλ² (`eff_rank`). */
  rank: Float32Array;
  /** `importance` as the file writes it: Σλ² as a share of the total (sums to 1). */
  importanceShare: Float32Array;
  /** Σλ² divided by its mean over latents (the app's importance): share × n / Σ share. */
  importance: Float32Array;
  /** Encoder features the latent reads (`support`). */
  support: Float32Array;
  /** [n, 2] atlas coordinates (`umap_x`, `umap_y`). */
  umap: Float32Array;
  /** What the file leaves out or the reader changed, in words. */
  notes: string[];
}

/** Everything an explorer folder holds besides its per-latent files. */
export interface ExplorerIndex {
  meta: ExplorerMeta;
  stats: ExplorerStats;
  vocab: ExplorerVocab;
  /** Curated labels by latent id. */
  labels: Map<number, string>;
  /** Latent ids with an autointerp cluster file (`clusters.json`; empty without one). */
  clustered: number[];
}

/** One latent's files, read (`latent_NNNNN.json` + `latent_NNNNN.feather`). */
export interface ExplorerLatent {
  id: number;
  /** Every eigenvalue the file lists, by descending |λ| (the app's order). */
  values: Float64Array;
  /** The point the file names `origin`, in the points' unit coordinates. */
  origin: [number, number, number];
  /** Firing histogram: `counts.length` bins between `edges` (one more edge than bins). */
  histogram: { counts: Float64Array; edges: Float64Array };
  /** Neighbours as listed (the paper's measure: subspace overlap), best first. */
  neighbours: { ids: Int32Array; similarity: Float32Array };
  /** `h_scale` when the file has one (the layout's own readers ignore it), else null. */
  hScale: number | null;
  /** Points drawn. */
  n: number;
  /** Tokens per context window; the firing token is at `window >> 1`. */
  window: number;
  /** [n, 3] unit coordinates (int16 ÷ 32767) on the eigenvectors of the 3 largest |λ|. */
  xyz: Float32Array;
  /** [n] h relative to the latent's largest |h| (int8 ÷ 127). */
  h: Float32Array;
  /** [n, window] token ids; −1 pads. */
  tokens: Int32Array;
}

/** Bounds that keep a hostile file from asking for unbounded memory or time. */
export const EXPLORER_LIMITS = {
  latents: 1 << 20,
  vocab: 1 << 22,
  eigenvalues: 1 << 17,
  points: 1 << 21,
  window: 4096,
  bins: 1 << 16,
  neighbours: 1 << 14,
  labelChars: 10_000,
} as const;

const FIX = 'Write the folder as docs/formats.md (the paper explorer’s layout) describes';

const fail = (file: string, problem: string, fix = FIX) => new BaeFileError(file, problem, fix);

const count = (n: number) => n.toLocaleString('en-US');

/** JSON text → value; a parse failure names the file (and NaN/Infinity, which JSON lacks). */
export function parseExplorerJson(text: string, fileName: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    const nan = /\b(NaN|-?Infinity)\b/.test(text);
    throw fail(
      fileName,
      nan
        ? 'is not valid JSON: it writes NaN or Infinity, which JSON has no words for'
        : `is not valid JSON (${quoteReason(err instanceof Error ? err.message : String(err))})`,
      nan ? 'Write finite numbers only (Python: json.dump(..., allow_nan=False) shows where)' : FIX,
    );
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const own = (o: Record<string, unknown>, key: string) =>
  Object.prototype.hasOwnProperty.call(o, key) ? o[key] : undefined;

/** A key of a JSON object that must be a non-negative integer id written plainly ("12"). */
function idKey(key: string, file: string, field: string, limit: number): number {
  if (!/^(0|[1-9]\d{0,9})$/.test(key)) {
    throw fail(file, `${field} has the key ${quoteValue(key)}, which is not an id (0, 1, 2, …)`);
  }
  const id = Number(key);
  if (id >= limit) {
    throw fail(file, `${field} has the id ${count(id)}, outside 0..${count(limit - 1)}`);
  }
  return id;
}

/** Reads `index.json`. */
export function readExplorerMeta(
  text: string,
  fileName: string = EXPLORER_FILES.meta,
): ExplorerMeta {
  const raw = parseExplorerJson(text, fileName);
  if (!isRecord(raw)) throw fail(fileName, `is ${quoteValue(raw)}, not a JSON object`);
  const str = (key: string) => {
    const v = own(raw, key);
    if (typeof v !== 'string') {
      throw fail(
        fileName,
        `"${key}" is ${v === undefined ? 'missing' : quoteValue(v)}; it must be a string`,
      );
    }
    return v;
  };
  const n = own(raw, 'n_latents');
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > EXPLORER_LIMITS.latents) {
    throw fail(
      fileName,
      `"n_latents" is ${n === undefined ? 'missing' : quoteValue(n)}; it must be a whole number 1..${count(EXPLORER_LIMITS.latents)}`,
    );
  }
  return { modelName: str('model_name'), autoencoder: str('autoencoder'), nLatents: n };
}

/** Reads `vocab.json`: an object `{"id": text}` (the paper's) or an array of texts. */
export function readExplorerVocab(
  text: string,
  fileName: string = EXPLORER_FILES.vocab,
): ExplorerVocab {
  const raw = parseExplorerJson(text, fileName);
  const out: (string | undefined)[] = [];
  let size = 0;
  const put = (id: number, v: unknown, where: string) => {
    if (typeof v !== 'string') throw fail(fileName, `${where} is ${quoteValue(v)}, not a string`);
    out[id] = v;
    size++;
  };
  if (Array.isArray(raw)) {
    if (raw.length > EXPLORER_LIMITS.vocab) {
      throw fail(
        fileName,
        `lists ${count(raw.length)} tokens, more than ${count(EXPLORER_LIMITS.vocab)}`,
      );
    }
    raw.forEach((v, i) => put(i, v, `entry ${i}`));
  } else if (isRecord(raw)) {
    for (const key in raw) {
      if (!Object.prototype.hasOwnProperty.call(raw, key)) continue;
      put(
        idKey(key, fileName, 'the vocabulary', EXPLORER_LIMITS.vocab),
        raw[key],
        `token ${quoteValue(key)}`,
      );
    }
  } else {
    throw fail(fileName, `is ${quoteValue(raw)}, not an object of token id → text`);
  }
  if (size === 0) throw fail(fileName, 'holds no tokens');
  const present = out.filter((t): t is string => t !== undefined);
  const byteLevel = isByteLevelVocab(present);
  return {
    raw: out,
    text: byteLevel ? out.map((t) => (t === undefined ? t : decodeByteLevel(t))) : out,
    byteLevel,
    size,
  };
}

/** Reads `curated.json`: `{labels: {"id": label}}`. */
export function readCuratedLabels(
  text: string,
  nLatents: number,
  fileName: string = EXPLORER_FILES.curated,
): Map<number, string> {
  const raw = parseExplorerJson(text, fileName);
  const labels = isRecord(raw) ? own(raw, 'labels') : undefined;
  if (!isRecord(labels)) {
    throw fail(fileName, `must be {"labels": {"latent id": "label", …}}; it is ${quoteValue(raw)}`);
  }
  const out = new Map<number, string>();
  for (const key in labels) {
    if (!Object.prototype.hasOwnProperty.call(labels, key)) continue;
    const id = idKey(key, fileName, '"labels"', nLatents);
    const v = labels[key];
    if (typeof v !== 'string')
      throw fail(fileName, `labels[${quoteValue(key)}] is ${quoteValue(v)}, not a string`);
    out.set(id, v.length > EXPLORER_LIMITS.labelChars ? v.slice(0, EXPLORER_LIMITS.labelChars) : v);
  }
  return out;
}

/** Reads `clusters.json`: the latent ids that have an autointerp cluster file. */
export function readClusteredIds(
  text: string,
  nLatents: number,
  fileName: string = EXPLORER_FILES.clusters,
): number[] {
  const raw = parseExplorerJson(text, fileName);
  if (!Array.isArray(raw)) throw fail(fileName, `is ${quoteValue(raw)}, not a list of latent ids`);
  return raw.map((v, i) => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v >= nLatents) {
      throw fail(
        fileName,
        `entry ${i} is ${quoteValue(v)}, not a latent id 0..${count(nLatents - 1)}`,
      );
    }
    return v;
  });
}

/** The column `spec` of `table`, checked: present, of an accepted kind, without nulls. */
function column(table: DecodedTable, spec: ColumnSpec): DecodedColumn {
  const c = table.columns.find((col) => col.name === spec.name);
  const names = table.columns.map((col) => col.name);
  if (!c) {
    throw fail(
      table.fileName,
      `has no column "${spec.name}" (its columns: ${names.length ? quoteValue(names) : 'none'})`,
    );
  }
  const kinds: readonly string[] = spec.kinds;
  const kindOk =
    kinds.includes(c.kind) ||
    (c.kind === 'list' && c.itemKind !== null && kinds.includes(c.itemKind));
  const listOk = (spec === POINT_COLUMNS.context) === (c.kind === 'list');
  if (!kindOk || !listOk) {
    throw fail(
      table.fileName,
      `column "${spec.name}" is ${quoteValue(c.type)}; it must be ${spec.written}`,
    );
  }
  if (c.nullCount > 0) {
    throw fail(table.fileName, `column "${spec.name}" has ${count(c.nullCount)} null values`);
  }
  const want = c.kind === 'list' ? table.rows * c.listSize : table.rows;
  if (c.values.length !== want) {
    throw fail(
      table.fileName,
      `column "${spec.name}" holds ${count(c.values.length)} values for ${count(table.rows)} rows (a damaged or truncated file)`,
    );
  }
  return c;
}

/** Reads `index.feather` for a folder of `meta.nLatents` latents. */
export function readExplorerStats(table: DecodedTable, meta: ExplorerMeta): ExplorerStats {
  const file = table.fileName;
  const n = meta.nLatents;
  if (table.rows !== n) {
    throw fail(
      file,
      `has ${count(table.rows)} rows, but index.json says n_latents = ${count(n)}; it needs one row per latent`,
    );
  }
  const ids = column(table, INDEX_COLUMNS.latentId).values;
  const rowOf = new Int32Array(n).fill(-1);
  for (let r = 0; r < n; r++) {
    const id = ids[r] ?? NaN;
    if (!Number.isInteger(id) || id < 0 || id >= n) {
      throw fail(file, `latent_id in row ${r} is ${quoteValue(id)}, outside 0..${count(n - 1)}`);
    }
    if (rowOf[id] !== -1)
      throw fail(file, `latent_id ${count(id)} appears twice (rows ${rowOf[id]} and ${r})`);
    rowOf[id] = r;
  }
  const byId = (spec: ColumnSpec) => {
    const v = column(table, spec).values;
    return Float32Array.from(rowOf, (r) => v[r] ?? NaN);
  };
  const notes: string[] = [];
  const checked = (
    spec: ColumnSpec,
    ok: (v: number) => boolean,
    what: string,
    allowNaN: boolean,
  ): Float32Array => {
    const a = byId(spec);
    let missing = 0;
    for (let id = 0; id < n; id++) {
      const v = a[id] ?? NaN;
      if (Number.isNaN(v) && allowNaN) {
        missing++;
        continue;
      }
      if (!Number.isFinite(v) || !ok(v)) {
        throw fail(
          file,
          `${spec.name} of latent ${count(id)} is ${quoteValue(v)}; it must be ${what}`,
        );
      }
    }
    if (missing > 0) notes.push(`${spec.name} is NaN for ${count(missing)} latents (shown as —)`);
    return a;
  };
  const density = checked(
    INDEX_COLUMNS.density,
    (v) => v >= 0 && v <= 1 + 1e-5,
    'in 0..1 (Hoyer density)',
    true,
  );
  const rank = checked(INDEX_COLUMNS.rank, (v) => v >= 1 - 1e-3, '≥ 1 (an effective rank)', true);
  const share = checked(INDEX_COLUMNS.importance, (v) => v >= 0, 'a finite share ≥ 0', false);
  const support = checked(
    INDEX_COLUMNS.support,
    (v) => Number.isInteger(v) && v >= 0,
    'a count ≥ 0',
    false,
  );
  const x = checked(INDEX_COLUMNS.umapX, () => true, 'a finite coordinate', false);
  const y = checked(INDEX_COLUMNS.umapY, () => true, 'a finite coordinate', false);
  let total = 0;
  for (const v of share) total += v;
  if (!(total > 0)) throw fail(file, `importance sums to ${quoteValue(total)}; it must sum to 1`);
  if (Math.abs(total - 1) > 1e-3) {
    notes.push(`importance sums to ${total.toPrecision(4)}, not 1: divided by its mean as it is`);
  }
  const importance = Float32Array.from(share, (v) => (v * n) / total);
  const umap = new Float32Array(2 * n);
  for (let id = 0; id < n; id++) {
    umap[2 * id] = x[id] ?? 0;
    umap[2 * id + 1] = y[id] ?? 0;
  }
  return { density, rank, importanceShare: share, importance, support, umap, notes };
}

/** What `latent_NNNNN.json` holds, checked. */
export interface ExplorerLatentMeta {
  values: Float64Array;
  origin: [number, number, number];
  histogram: { counts: Float64Array; edges: Float64Array };
  neighbours: { ids: Int32Array; similarity: Float32Array };
  hScale: number | null;
}

function numberList(
  v: unknown,
  file: string,
  field: string,
  limit: number,
  ok: (x: number) => boolean = Number.isFinite,
  what = 'a finite number',
): Float64Array {
  if (!Array.isArray(v))
    throw fail(
      file,
      `"${field}" is ${v === undefined ? 'missing' : quoteValue(v)}; it must be a list of numbers`,
    );
  if (v.length > limit)
    throw fail(file, `"${field}" lists ${count(v.length)} values, more than ${count(limit)}`);
  const out = new Float64Array(v.length);
  v.forEach((x, i) => {
    if (typeof x !== 'number' || !ok(x))
      throw fail(file, `${field}[${i}] is ${quoteValue(x)}; it must be ${what}`);
    out[i] = x;
  });
  return out;
}

/** Reads latent `id`'s `latent_NNNNN.json` in a folder of `nLatents` latents. */
export function readLatentMeta(
  text: string,
  fileName: string,
  id: number,
  nLatents: number,
): ExplorerLatentMeta {
  const raw = parseExplorerJson(text, fileName);
  if (!isRecord(raw)) throw fail(fileName, `is ${quoteValue(raw)}, not a JSON object`);
  const listed = own(raw, 'latent_id');
  if (listed !== undefined && listed !== id) {
    throw fail(
      fileName,
      `"latent_id" is ${quoteValue(listed)}, but this is latent ${count(id)}'s file`,
    );
  }
  const eig = numberList(own(raw, 'eigvals'), fileName, 'eigvals', EXPLORER_LIMITS.eigenvalues);
  if (eig.length === 0) throw fail(fileName, '"eigvals" is empty');
  const values = Float64Array.from(eig).sort((a, b) => Math.abs(b) - Math.abs(a) || b - a);
  const o = numberList(own(raw, 'origin'), fileName, 'origin', 3);
  if (o.length !== 3)
    throw fail(fileName, `"origin" has ${o.length} numbers; it must have 3 (x, y, z)`);
  const hist = own(raw, 'histogram');
  if (!isRecord(hist))
    throw fail(
      fileName,
      `"histogram" is ${quoteValue(hist ?? null)}; it must be {"counts": […], "edges": […]}`,
    );
  const counts = numberList(
    own(hist, 'counts'),
    fileName,
    'histogram.counts',
    EXPLORER_LIMITS.bins,
    (x) => Number.isFinite(x) && x >= 0,
    'a count ≥ 0',
  );
  const edges = numberList(
    own(hist, 'edges'),
    fileName,
    'histogram.edges',
    EXPLORER_LIMITS.bins + 1,
  );
  if (counts.length === 0) throw fail(fileName, '"histogram.counts" is empty');
  if (edges.length !== counts.length + 1) {
    throw fail(
      fileName,
      `"histogram" has ${count(counts.length)} counts and ${count(edges.length)} edges; it needs one edge more than counts`,
    );
  }
  for (let i = 1; i < edges.length; i++) {
    if (!((edges[i] ?? NaN) > (edges[i - 1] ?? NaN))) {
      throw fail(
        fileName,
        `histogram.edges[${i}] = ${quoteValue(edges[i])} does not exceed edges[${i - 1}] = ${quoteValue(edges[i - 1])}; edges must increase`,
      );
    }
  }
  const nb = own(raw, 'neighbours');
  if (!Array.isArray(nb))
    throw fail(
      fileName,
      `"neighbours" is ${quoteValue(nb ?? null)}; it must be a list of [latent id, similarity]`,
    );
  if (nb.length > EXPLORER_LIMITS.neighbours)
    throw fail(
      fileName,
      `"neighbours" lists ${count(nb.length)} entries, more than ${count(EXPLORER_LIMITS.neighbours)}`,
    );
  const ids = new Int32Array(nb.length);
  const similarity = new Float32Array(nb.length);
  nb.forEach((entry, i) => {
    const [other, sim] =
      Array.isArray(entry) && entry.length === 2 ? entry : [undefined, undefined];
    if (typeof other !== 'number' || !Number.isInteger(other) || other < 0 || other >= nLatents) {
      throw fail(
        fileName,
        `neighbours[${i}] is ${quoteValue(entry)}; it must be [latent id 0..${count(nLatents - 1)}, similarity]`,
      );
    }
    if (typeof sim !== 'number' || !Number.isFinite(sim)) {
      throw fail(
        fileName,
        `neighbours[${i}]'s similarity is ${quoteValue(sim)}; it must be a finite number`,
      );
    }
    ids[i] = other;
    similarity[i] = sim;
  });
  const scale = own(raw, 'h_scale');
  if (scale !== undefined && (typeof scale !== 'number' || !Number.isFinite(scale) || scale < 0)) {
    throw fail(fileName, `"h_scale" is ${quoteValue(scale)}; it must be a finite number ≥ 0`);
  }
  return {
    values,
    origin: [o[0] ?? 0, o[1] ?? 0, o[2] ?? 0],
    histogram: { counts, edges },
    neighbours: { ids, similarity },
    hScale: typeof scale === 'number' ? scale : null,
  };
}

/** Reads `latent_NNNNN.feather`: the points, their relative h and context windows. */
export function readLatentPoints(
  table: DecodedTable,
  vocab: Pick<ExplorerVocab, 'raw'>,
): Pick<ExplorerLatent, 'n' | 'window' | 'xyz' | 'h' | 'tokens'> {
  const file = table.fileName;
  const n = table.rows;
  if (n > EXPLORER_LIMITS.points)
    throw fail(file, `has ${count(n)} points, more than ${count(EXPLORER_LIMITS.points)}`);
  const xyz = new Float32Array(3 * n);
  (['x', 'y', 'z'] as const).forEach((axis, c) => {
    const v = column(table, POINT_COLUMNS[axis]).values;
    for (let i = 0; i < n; i++) {
      const q = v[i] ?? NaN;
      if (!(q >= -32768 && q <= 32767)) {
        throw fail(
          file,
          `${axis}[${i}] is ${quoteValue(q)}, outside the int16 range the layout stores unit × ${XYZ_WIRE_SCALE} in`,
        );
      }
      xyz[3 * i + c] = q / XYZ_WIRE_SCALE;
    }
  });
  const hv = column(table, POINT_COLUMNS.h).values;
  const h = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const q = hv[i] ?? NaN;
    if (!(q >= -128 && q <= 127)) {
      throw fail(
        file,
        `h[${i}] is ${quoteValue(q)}, outside the int8 range the layout stores h / max|h| × ${H_WIRE_SCALE} in`,
      );
    }
    h[i] = q / H_WIRE_SCALE;
  }
  const ctx = column(table, POINT_COLUMNS.context);
  const window = ctx.listSize;
  if (window < 1 || window > EXPLORER_LIMITS.window) {
    throw fail(
      file,
      `column "context" has windows of ${count(window)} tokens; it needs 1..${count(EXPLORER_LIMITS.window)}`,
    );
  }
  const tokens = Int32Array.from(ctx.values);
  const centre = firingIndex(window);
  for (let i = 0; i < tokens.length; i++) {
    const t = ctx.values[i] ?? NaN;
    const row = Math.floor(i / window);
    const slot = i % window;
    if (t === PADDING_TOKEN && slot !== centre) continue;
    if (!Number.isInteger(t) || t < 0 || vocab.raw[t] === undefined) {
      throw fail(
        file,
        slot === centre && t === PADDING_TOKEN
          ? `context[${row}]'s firing token (slot ${centre} = ${window} >> 1) is padding (−1)`
          : `context[${row}, ${slot}] is token ${quoteValue(t)}, which vocab.json does not define`,
        'Write the vocabulary every context uses into vocab.json (−1 pads a window)',
      );
    }
  }
  return { n, window, xyz, h, tokens };
}

/** Latent `id`'s two files, read together. */
export function readExplorerLatent(
  id: number,
  json: { fileName: string; text: string },
  points: DecodedTable,
  index: { meta: Pick<ExplorerMeta, 'nLatents'>; vocab: Pick<ExplorerVocab, 'raw'> },
): ExplorerLatent {
  const meta = readLatentMeta(json.text, json.fileName, id, index.meta.nLatents);
  return { id, ...meta, ...readLatentPoints(points, index.vocab) };
}

/**
 * Point `i`'s context as raw text: the firing token (at `window >> 1`) and the text of the
 * non-padding tokens before and after it (characters split between tokens rejoined), as
 * core/probes gives a probe row's.
 */
export function latentPointContext(
  latent: Pick<ExplorerLatent, 'window' | 'tokens'>,
  vocabText: readonly (string | undefined)[],
  i: number,
): { before: string; token: string; after: string } {
  const w = latent.window;
  const centre = firingIndex(w);
  const at = (slot: number) => latent.tokens[i * w + slot] ?? PADDING_TOKEN;
  const texts = (from: number, to: number) => {
    const out: string[] = [];
    for (let s = from; s < to; s++) {
      const t = at(s);
      if (t !== PADDING_TOKEN) out.push(vocabText[t] ?? '');
    }
    return joinTokenTexts(out);
  };
  return {
    before: texts(0, centre),
    token: vocabText[at(centre)] ?? '',
    after: texts(centre + 1, w),
  };
}

/** The vocabulary's defined ids as a mask (what a latent's check needs, cheap to send). */
export function vocabMask(vocab: Pick<ExplorerVocab, 'raw'>): Uint8Array {
  const mask = new Uint8Array(vocab.raw.length);
  vocab.raw.forEach((t, i) => {
    if (t !== undefined) mask[i] = 1;
  });
  return mask;
}

/** A vocabulary stand-in from a mask: defined ids map to '' (only definedness is checked). */
export function vocabFromMask(mask: Uint8Array): Pick<ExplorerVocab, 'raw'> {
  const raw: (string | undefined)[] = new Array<string | undefined>(mask.length);
  for (let i = 0; i < mask.length; i++) if (mask[i]) raw[i] = '';
  return { raw };
}
