// The only owner of the analysis bundle format (docs/formats.md §5): what the views show for one
// model + probe set, precomputed, in one safetensors file — an analysis (statistics, spectra,
// the default axes' eigenvectors, the neighbours under every relation measure, histograms, top
// rows, every probe row's firing values), its atlas layouts (one per layout kind), and the
// SHA-256 of the model and probe set it belongs to — or one part of a sharded analysis. Encodes what the app's Export and the headless tool write, and
// decodes and validates (at the edge, every field) what the app opens and `merge` joins.
import {
  ENGINE_VERSION,
  type Analysis,
  type AnalysisOptionsRecord,
  type AnalysisPart,
  type NeighbourTable,
  type PartHeader,
  type PhaseTiming,
  type ProbeResults,
  type Relations,
  type SpectralRoute,
} from './analysis';
import { encodeF16 } from './dtype';
import { BaeFileError, quoteValue } from './errors';
import { analysisKey } from './hashes';
import {
  getTensorInfo,
  parseSafetensors,
  tensorAsF32,
  tensorAsI32,
  type SafetensorsFile,
} from './safetensors';
import { bytesOf, writeSafetensors, type TensorToWrite } from './safetensorsWrite';
import { RELATION_MEASURES, type RelationMeasure } from './relations/measures';

export const BUNDLE_FORMAT = 'bae-analysis';
/**
 * The format version this app writes and reads. 2: the neighbours of every relation measure
 * (`relations.*`) instead of one `neighbours` table, `eigenvectors` instead of `axis_vectors`,
 * a layout per layout kind, parts keep `vectorsKept` eigenvectors per composite.
 */
export const BUNDLE_VERSION = 2;
/**
 * Eigenvectors a whole bundle keeps per composite: the latent view's default axes x, y, z (the
 * subspace overlap they also served is stored in `relations`).
 */
export const BUNDLE_EIGENVECTORS = 3;
/** Most eigenvectors per composite a bundle or part may hold (a bound for the reader). */
const MAX_EIGENVECTORS = 64;
/** The file name a model folder's bundle has (next to config.json and model.safetensors). */
export const BUNDLE_FILE = 'analysis.safetensors';

/** What a bundle belongs to. */
export interface BundleIdentity {
  modelName: string;
  /** core/hashes modelSha256 of the weights. */
  modelSha256: string;
  /** core/hashes probesSha256 of the probe set, or null (an analysis without one). */
  probesSha256: string | null;
  engineVersion: string;
  /** analysisKey(modelSha256, probesSha256, engineVersion). */
  analysisKey: string;
}

/** Who made a bundle, and when. */
export interface BundleProvenance {
  by: 'app' | 'headless' | 'merge';
  /** ISO 8601 time. */
  at: string;
}

/** One atlas layout: its id (what it lays out, how; the session's layout key suffix) and [C, 2]. */
export interface BundleLayout {
  id: string;
  xy: Float32Array;
  /** How long it took to compute, in ms. */
  ms: number;
}

export interface AnalysisBundle {
  identity: BundleIdentity;
  provenance: BundleProvenance;
  options: AnalysisOptionsRecord;
  analysis: Analysis;
  layouts: BundleLayout[];
}

export interface PartBundle {
  identity: BundleIdentity;
  provenance: BundleProvenance;
  part: AnalysisPart;
}

/**
 * How firing values are stored: 'compact' as F16 scaled per composite (relative precision
 * 2⁻¹¹ of the composite's largest |h|; half the size), 'full' as F32 (exact).
 */
export type BundlePrecision = 'compact' | 'full';

// ---------------------------------------------------------------------------------------------
// Writing

type Writer = TensorToWrite[];

function f32(out: Writer, name: string, a: Float32Array, shape: number[]): void {
  out.push({ name, dtype: 'F32', shape, data: bytesOf(a) });
}
function f64(out: Writer, name: string, a: Float64Array, shape: number[]): void {
  out.push({ name, dtype: 'F64', shape, data: bytesOf(a) });
}
function i32(out: Writer, name: string, a: Int32Array | Uint32Array, shape: number[]): void {
  out.push({ name, dtype: 'I32', shape, data: bytesOf(Int32Array.from(a)) });
}

function writeProbes(out: Writer, p: ProbeResults, C: number, F: number, precision: string) {
  const N = p.n;
  if (precision === 'compact') {
    const scale = new Float32Array(C);
    const scaled = new Float32Array(C * N);
    for (let k = 0; k < C; k++) {
      let max = 0;
      for (let i = 0; i < N; i++) max = Math.max(max, Math.abs(p.hByComposite[k * N + i] ?? 0));
      const s = max > 0 ? max : 1;
      scale[k] = s;
      for (let i = 0; i < N; i++) scaled[k * N + i] = (p.hByComposite[k * N + i] ?? 0) / s;
    }
    out.push({ name: 'probes.h', dtype: 'F16', shape: [C, N], data: encodeF16(scaled) });
    f32(out, 'probes.h_scale', scale, [C]);
  } else {
    f32(out, 'probes.h', p.hByComposite, [C, N]);
  }
  f32(out, 'probes.density', p.density, [C]);
  f32(out, 'probes.histogram_lo', p.histogram.lo, [C]);
  f32(out, 'probes.histogram_hi', p.histogram.hi, [C]);
  i32(out, 'probes.histogram_counts', p.histogram.counts, [C, p.histogram.bins]);
  i32(out, 'probes.top_rows', p.topRows, [C, p.topK]);
  i32(out, 'probes.bottom_rows', p.bottomRows, [C, p.topK]);
  if (p.rowError) f32(out, 'probes.row_error', p.rowError, [N]);
  if (p.prefixError) f64(out, 'probes.prefix_error', p.prefixError, [C]);
  if (p.prefixOrder) i32(out, 'probes.prefix_order', p.prefixOrder, [C]);
  f32(out, 'probes.feature_density', p.featureDensity, [F]);
  f32(out, 'probes.feature_max_abs', p.featureMaxAbs, [F]);
}

function probeScalars(p: ProbeResults | null) {
  return p
    ? {
        n: p.n,
        topK: p.topK,
        bins: p.histogram.bins,
        inputNorm4: p.inputNorm4,
        varianceTotal: p.varianceTotal,
        prefixBasis: p.prefixBasis,
      }
    : null;
}

/** Tensors `relations.<measure>.*` of every table; the metadata entry (k, approximation, missing). */
function writeRelations(out: Writer, r: Relations, C: number): string {
  const tables: Record<string, { k: number; approximation: string | null }> = {};
  for (const m of RELATION_MEASURES) {
    const t = r.tables[m];
    if (!t) continue;
    i32(out, `relations.${m}.index`, t.index, [C, t.k]);
    f32(out, `relations.${m}.similarity`, t.similarity, [C, t.k]);
    i32(out, `relations.${m}.isolated`, Int32Array.from(t.isolated), [C]);
    tables[m] = { k: t.k, approximation: t.approximation };
  }
  return JSON.stringify({ tables, missing: r.missing });
}

/** The first `count` of each composite's eigenvectors ([C, have, n] → [C, count, n]). */
function firstVectors(v: Float32Array, C: number, have: number, count: number, n: number) {
  if (count === have) return v;
  const out = new Float32Array(C * count * n);
  for (let c = 0; c < C; c++) {
    out.set(v.subarray(c * have * n, (c * have + count) * n), c * count * n);
  }
  return out;
}

function commonMetadata(
  kind: 'analysis' | 'part',
  identity: BundleIdentity,
  provenance: BundleProvenance,
): Record<string, string> {
  return {
    format: BUNDLE_FORMAT,
    version: String(BUNDLE_VERSION),
    kind,
    identity: JSON.stringify(identity),
    provenance: JSON.stringify(provenance),
  };
}

/** The bytes of a bundle file. */
export function encodeBundle(
  b: AnalysisBundle,
  precision: BundlePrecision = 'compact',
): Uint8Array {
  const a = b.analysis;
  const C = a.nComposites;
  const K = a.spectrumK;
  const out: Writer = [];
  f32(out, 'spectra', a.spectra, [C, K]);
  if (a.spectraResidual) f32(out, 'spectra_residual', a.spectraResidual, [C, K]);
  if (a.eigenvectors) {
    const count = Math.min(a.eigenvectors.count, BUNDLE_EIGENVECTORS);
    const v = firstVectors(a.eigenvectors.vectors, C, a.eigenvectors.count, count, a.dForm);
    f32(out, 'eigenvectors', v, [C, count, a.dForm]);
  }
  f32(out, 'rank', a.rank, [C]);
  f32(out, 'importance', a.importance, [C]);
  f32(out, 'frobenius2', a.frobenius2, [C]);
  f32(out, 'support', a.support, [C]);
  f32(out, 'captured', a.captured, [C]);
  if (a.featureReaders) i32(out, 'feature_readers', a.featureReaders, [a.nFeatures]);
  const relations = writeRelations(out, a.relations, C);
  if (a.probes) writeProbes(out, a.probes, C, a.nFeatures, precision);
  b.layouts.forEach((l, i) => f32(out, `layout.${i}`, l.xy, [C, 2]));
  const meta = {
    ...commonMetadata('analysis', b.identity, b.provenance),
    options: JSON.stringify(b.options),
    relations,
    analysis: JSON.stringify({
      modelName: a.modelName,
      route: a.route,
      backend: a.backend,
      dForm: a.dForm,
      nComposites: C,
      nFeatures: a.nFeatures,
      spectrumK: K,
      spectrumComplete: a.spectrumComplete,
      supportKind: a.supportKind,
      probes: probeScalars(a.probes),
      notes: a.notes,
      timings: a.timings,
      totalMs: a.totalMs,
    }),
    layouts: JSON.stringify(b.layouts.map((l) => ({ id: l.id, ms: l.ms }))),
  };
  return writeSafetensors(out, meta);
}

/** The bytes of a part file (always full precision: parts are joined, then stored). */
export function encodePart(b: PartBundle): Uint8Array {
  const { header: h, composites: c, global: g } = b.part;
  const out: Writer = [];
  if (c) {
    const count = c.end - c.start;
    f32(out, 'spectra', c.spectra, [count, h.spectrumK]);
    if (c.spectraResidual) f32(out, 'spectra_residual', c.spectraResidual, [count, h.spectrumK]);
    if (h.vectorsKept > 0) {
      f32(out, 'eigenvectors', c.eigenvectors, [count, h.vectorsKept, h.dForm]);
    }
  }
  let relations: string | undefined;
  if (g) {
    f32(out, 'support', g.support, [h.nComposites]);
    if (g.gramFrobenius2) f32(out, 'gram_frobenius2', g.gramFrobenius2, [h.nComposites]);
    if (g.featureReaders) i32(out, 'feature_readers', g.featureReaders, [h.nFeatures]);
    relations = writeRelations(out, g.relations, h.nComposites);
    if (g.probes) writeProbes(out, g.probes, h.nComposites, h.nFeatures, 'full');
  }
  const meta = {
    ...commonMetadata('part', b.identity, b.provenance),
    ...(relations ? { relations } : {}),
    options: JSON.stringify(h.options),
    part: JSON.stringify({
      header: { ...h, options: undefined },
      composites: c ? { start: c.start, end: c.end, notes: c.notes } : null,
      global: g
        ? { supportKind: g.supportKind, probes: probeScalars(g.probes), notes: g.notes }
        : null,
      timings: b.part.timings,
      totalMs: b.part.totalMs,
    }),
  };
  return writeSafetensors(out, meta);
}

// ---------------------------------------------------------------------------------------------
// Reading

const FIX = 'Export the analysis again (engine menu → Export analysis, or npm run analyse)';

/** A validating reader of one bundle file's metadata and tensors. */
class BundleReader {
  constructor(readonly file: SafetensorsFile) {}

  fail(problem: string, fix = FIX): never {
    throw new BaeFileError(this.file.fileName, problem, fix);
  }

  /** Metadata entry `key` parsed as JSON (an object unless `allowNull`). */
  json(key: string): Record<string, unknown> {
    const raw = this.file.metadata[key];
    if (raw === undefined) this.fail(`its metadata has no "${key}" entry`);
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      this.fail(`its metadata "${key}" is not valid JSON (${quoteValue(raw)})`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.fail(`its metadata "${key}" is ${quoteValue(value)}, not a JSON object`);
    }
    return value as Record<string, unknown>;
  }

  has(name: string): boolean {
    return this.file.tensors.has(name);
  }

  private shapeCheck(name: string, shape: number[], dtypes: string[]): void {
    const info = getTensorInfo(this.file, name);
    if (!dtypes.includes(info.dtype)) {
      this.fail(`tensor "${name}" has dtype ${info.dtype}, expected ${dtypes.join(' or ')}`);
    }
    if (info.shape.length !== shape.length || info.shape.some((s, i) => s !== shape[i])) {
      this.fail(
        `tensor "${name}" has shape [${info.shape.join(', ')}], expected [${shape.join(', ')}]`,
      );
    }
  }

  /** Float tensor `name` of `shape` (a copy); `finite` refuses NaN/±Inf. */
  floats(name: string, shape: number[], finite: boolean): Float32Array {
    this.shapeCheck(name, shape, ['F32', 'F16']);
    const values = tensorAsF32(this.file, name).slice();
    if (finite) {
      const bad = values.findIndex((v) => !Number.isFinite(v));
      if (bad >= 0) this.fail(`tensor "${name}" holds ${values[bad]} at flat index ${bad}`);
    }
    return values;
  }

  /** Float tensor that may hold NaN (padding, undefined statistics) but not ±Inf. */
  floatsOrNaN(name: string, shape: number[]): Float32Array {
    const values = this.floats(name, shape, false);
    const bad = values.findIndex((v) => v === Infinity || v === -Infinity);
    if (bad >= 0) this.fail(`tensor "${name}" holds ${values[bad]} at flat index ${bad}`);
    return values;
  }

  doubles(name: string, shape: number[]): Float64Array {
    this.shapeCheck(name, shape, ['F64']);
    const info = getTensorInfo(this.file, name);
    const bytes = this.file.bytes.slice(info.begin, info.end);
    const values = new Float64Array(bytes.buffer);
    const bad = values.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) this.fail(`tensor "${name}" holds ${values[bad]} at flat index ${bad}`);
    return values;
  }

  /** Int tensor of `shape` with every value in lo..hi. */
  ints(name: string, shape: number[], lo: number, hi: number): Int32Array {
    this.shapeCheck(name, shape, ['I32', 'I64']);
    const values = tensorAsI32(this.file, name).slice();
    const bad = values.findIndex((v) => v < lo || v > hi);
    if (bad >= 0) {
      this.fail(`tensor "${name}" holds ${values[bad]} at flat index ${bad}, outside ${lo}..${hi}`);
    }
    return values;
  }
}

function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

function field<T>(
  r: BundleReader,
  where: string,
  obj: Record<string, unknown>,
  key: string,
  ok: (v: unknown) => v is T,
  what: string,
): T {
  const v = obj[key];
  if (!ok(v)) r.fail(`${where}.${key} is ${quoteValue(v)}, not ${what}`);
  return v;
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isBool = (v: unknown): v is boolean => typeof v === 'boolean';
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isPositive = (v: unknown): v is number => isCount(v) && v > 0;
const isHex64 = (v: unknown): v is string => typeof v === 'string' && /^[0-9a-f]{64}$/.test(v);
const ROUTES: readonly SpectralRoute[] = ['explicit', 'lowrank', 'lanczos'];
const isRoute = (v: unknown): v is SpectralRoute => ROUTES.includes(v as SpectralRoute);
const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every(isString);
const SUPPORT_KINDS = ['count', 'participation', 'one'] as const;
const isSupportKind = (v: unknown): v is Analysis['supportKind'] =>
  SUPPORT_KINDS.includes(v as Analysis['supportKind']);

function timingsOf(r: BundleReader, raw: unknown): PhaseTiming[] {
  if (!Array.isArray(raw)) r.fail('its timings are not a list');
  return raw.map((t, i) => {
    if (typeof t !== 'object' || t === null) r.fail(`timings[${i}] is not an object`);
    const o = t as Record<string, unknown>;
    return {
      phase: field(r, `timings[${i}]`, o, 'phase', isString, 'text'),
      ms: field(r, `timings[${i}]`, o, 'ms', isNumber, 'a number'),
      flops: field(r, `timings[${i}]`, o, 'flops', isNumber, 'a number'),
      runMs: field(r, `timings[${i}]`, o, 'runMs', isNumber, 'a number'),
    };
  });
}

function optionsOf(r: BundleReader): AnalysisOptionsRecord {
  const o = r.json('options');
  for (const [k, v] of Object.entries(o)) {
    if (typeof v !== 'number' && typeof v !== 'string') {
      r.fail(`its options.${k} is ${quoteValue(v)}, not a number or text`);
    }
  }
  return o as AnalysisOptionsRecord;
}

async function identityOf(r: BundleReader): Promise<BundleIdentity> {
  const o = r.json('identity');
  const id: BundleIdentity = {
    modelName: field(r, 'identity', o, 'modelName', isString, 'text').slice(0, 200),
    modelSha256: field(r, 'identity', o, 'modelSha256', isHex64, 'a SHA-256 in hex'),
    probesSha256:
      o.probesSha256 === null
        ? null
        : field(r, 'identity', o, 'probesSha256', isHex64, 'a SHA-256 in hex or null'),
    engineVersion: field(r, 'identity', o, 'engineVersion', isString, 'text').slice(0, 40),
    analysisKey: field(r, 'identity', o, 'analysisKey', isHex64, 'a SHA-256 in hex'),
  };
  const key = await analysisKey(id.modelSha256, id.probesSha256, id.engineVersion);
  if (key !== id.analysisKey) {
    r.fail(
      'its analysis key does not match the model and probe-set hashes it names (the file was edited or damaged)',
    );
  }
  return id;
}

function provenanceOf(r: BundleReader): BundleProvenance {
  const o = r.json('provenance');
  const by = o.by;
  if (by !== 'app' && by !== 'headless' && by !== 'merge') {
    r.fail(`its provenance.by is ${quoteValue(by)}, not app, headless or merge`);
  }
  return { by, at: field(r, 'provenance', o, 'at', isString, 'text').slice(0, 40) };
}

interface ProbeScalars {
  n: number;
  topK: number;
  bins: number;
  inputNorm4: number;
  varianceTotal: number;
  prefixBasis: 'trained' | 'importance';
}

function probeScalarsOf(r: BundleReader, raw: unknown): ProbeScalars | null {
  if (raw === null) return null;
  if (typeof raw !== 'object' || raw === undefined) r.fail('its probe statistics are missing');
  const o = raw as Record<string, unknown>;
  const basis = o.prefixBasis;
  if (basis !== 'trained' && basis !== 'importance') {
    r.fail(`probes.prefixBasis is ${quoteValue(basis)}, not trained or importance`);
  }
  return {
    n: field(r, 'probes', o, 'n', isPositive, 'a positive count'),
    topK: field(r, 'probes', o, 'topK', isCount, 'a count'),
    bins: field(r, 'probes', o, 'bins', isPositive, 'a positive count'),
    inputNorm4: field(r, 'probes', o, 'inputNorm4', isNumber, 'a number'),
    varianceTotal: field(r, 'probes', o, 'varianceTotal', isNumber, 'a number'),
    prefixBasis: basis,
  };
}

function readProbes(r: BundleReader, s: ProbeScalars, C: number, F: number): ProbeResults {
  const N = s.n;
  let h: Float32Array;
  const hInfo = getTensorInfo(r.file, 'probes.h');
  if (hInfo.dtype === 'F16') {
    const scaled = r.floats('probes.h', [C, N], true);
    const scale = r.floats('probes.h_scale', [C], true);
    h = new Float32Array(C * N);
    for (let k = 0; k < C; k++) {
      const sk = scale[k] ?? 1;
      for (let i = 0; i < N; i++) h[k * N + i] = (scaled[k * N + i] ?? 0) * sk;
    }
  } else {
    h = r.floats('probes.h', [C, N], true);
  }
  const topK = s.topK;
  const hasDecode = r.has('probes.row_error');
  return {
    n: N,
    hByComposite: h,
    density: r.floatsOrNaN('probes.density', [C]),
    histogram: {
      bins: s.bins,
      lo: r.floats('probes.histogram_lo', [C], true),
      hi: r.floats('probes.histogram_hi', [C], true),
      counts: Uint32Array.from(r.ints('probes.histogram_counts', [C, s.bins], 0, N)),
    },
    topRows: r.ints('probes.top_rows', [C, topK], -1, N - 1),
    bottomRows: r.ints('probes.bottom_rows', [C, topK], -1, N - 1),
    topK,
    rowError: hasDecode ? r.floats('probes.row_error', [N], true) : null,
    inputNorm4: s.inputNorm4,
    varianceTotal: s.varianceTotal,
    prefixError: r.has('probes.prefix_error') ? r.doubles('probes.prefix_error', [C]) : null,
    prefixOrder: r.has('probes.prefix_order') ? r.ints('probes.prefix_order', [C], 0, C - 1) : null,
    prefixBasis: s.prefixBasis,
    featureDensity: r.floatsOrNaN('probes.feature_density', [F]),
    featureMaxAbs: r.floats('probes.feature_max_abs', [F], true),
  };
}

const isMeasure = (v: string): v is RelationMeasure =>
  (RELATION_MEASURES as readonly string[]).includes(v);

/** The relation tables the metadata "relations" entry names, each checked against its tensors. */
function relationsOf(r: BundleReader, C: number): Relations {
  const o = r.json('relations');
  const rawTables = o.tables;
  const rawMissing = o.missing;
  if (typeof rawTables !== 'object' || rawTables === null || Array.isArray(rawTables)) {
    r.fail(`its relations.tables is ${quoteValue(rawTables)}, not an object`);
  }
  if (typeof rawMissing !== 'object' || rawMissing === null || Array.isArray(rawMissing)) {
    r.fail(`its relations.missing is ${quoteValue(rawMissing)}, not an object`);
  }
  const tables: Relations['tables'] = {};
  for (const [m, raw] of Object.entries(rawTables as Record<string, unknown>)) {
    if (!isMeasure(m)) r.fail(`its relations name an unknown measure ${quoteValue(m)}`);
    if (typeof raw !== 'object' || raw === null) r.fail(`relations.tables.${m} is not an object`);
    const t = raw as Record<string, unknown>;
    const k = field(r, `relations.tables.${m}`, t, 'k', isCount, 'a count');
    if (k > Math.max(0, C - 1)) r.fail(`relations.tables.${m}.k is ${k}, more than C − 1`);
    const approximation = t.approximation;
    if (approximation !== null && typeof approximation !== 'string') {
      r.fail(
        `relations.tables.${m}.approximation is ${quoteValue(approximation)}, not text or null`,
      );
    }
    const table: NeighbourTable = {
      k,
      index: r.ints(`relations.${m}.index`, [C, k], -1, C - 1),
      similarity: r.floatsOrNaN(`relations.${m}.similarity`, [C, k]),
      isolated: Uint8Array.from(r.ints(`relations.${m}.isolated`, [C], 0, 1)),
      approximation: approximation === null ? null : approximation.slice(0, 500),
    };
    tables[m] = table;
  }
  const missing: Relations['missing'] = {};
  for (const [m, why] of Object.entries(rawMissing as Record<string, unknown>)) {
    if (!isMeasure(m)) r.fail(`its relations name an unknown measure ${quoteValue(m)}`);
    if (typeof why !== 'string') r.fail(`relations.missing.${m} is ${quoteValue(why)}, not text`);
    if (tables[m]) r.fail(`its relations list ${m} both as a table and as missing`);
    missing[m] = why.slice(0, 500);
  }
  return { tables, missing };
}

/** The eigenvectors tensor ([C, count, dForm], count in 1..MAX_EIGENVECTORS), or null. */
function eigenvectorsOf(r: BundleReader, C: number, dForm: number): Analysis['eigenvectors'] {
  if (!r.has('eigenvectors')) return null;
  const count = getTensorInfo(r.file, 'eigenvectors').shape[1] ?? 0;
  if (!(count >= 1 && count <= Math.min(dForm, MAX_EIGENVECTORS))) {
    r.fail(
      `tensor "eigenvectors" keeps ${count} per composite; expected 1..${Math.min(dForm, MAX_EIGENVECTORS)}`,
    );
  }
  return { count, vectors: r.floats('eigenvectors', [C, count, dForm], true) };
}

interface Sizes {
  route: SpectralRoute;
  dForm: number;
  C: number;
  F: number;
  K: number;
  complete: boolean;
}

function sizesOf(r: BundleReader, where: string, o: Record<string, unknown>): Sizes {
  const s = {
    route: field(r, where, o, 'route', isRoute, 'explicit, lowrank or lanczos'),
    dForm: field(r, where, o, 'dForm', isPositive, 'a positive count'),
    C: field(r, where, o, 'nComposites', isPositive, 'a positive count'),
    F: field(r, where, o, 'nFeatures', isPositive, 'a positive count'),
    K: field(r, where, o, 'spectrumK', isPositive, 'a positive count'),
    complete: field(r, where, o, 'spectrumComplete', isBool, 'true or false'),
  };
  if (s.K > s.dForm) r.fail(`${where}.spectrumK ${s.K} is larger than dForm ${s.dForm}`);
  return s;
}

/** The result of opening a bundle file: a whole analysis, or one part of a sharded one. */
export type DecodedBundle =
  { kind: 'analysis'; bundle: AnalysisBundle } | { kind: 'part'; part: PartBundle };

/**
 * Parses and validates a bundle file. Throws BaeFileError naming the file, the field and the
 * fix for anything that is not a bundle this app reads.
 */
export async function decodeBundle(bytes: Uint8Array, fileName: string): Promise<DecodedBundle> {
  const file = parseSafetensors(bytes, fileName);
  const r: BundleReader = new BundleReader(file);
  const format = file.metadata.format;
  if (format !== BUNDLE_FORMAT) {
    r.fail(
      `is not an analysis bundle (its metadata "format" is ${quoteValue(format ?? null)}, expected "${BUNDLE_FORMAT}")`,
      'Open an analysis bundle (a .safetensors file written by Export analysis or npm run analyse)',
    );
  }
  const version = Number(file.metadata.version);
  if (version !== BUNDLE_VERSION) {
    r.fail(
      `is bundle format version ${quoteValue(file.metadata.version ?? null)}; this app reads version ${BUNDLE_VERSION}`,
      version > BUNDLE_VERSION ? 'Update BAE Explorer to open it' : FIX,
    );
  }
  const identity = await identityOf(r);
  const provenance = provenanceOf(r);
  const options = optionsOf(r);
  const kind = file.metadata.kind;
  if (kind === 'part') return { kind: 'part', part: readPart(r, identity, provenance, options) };
  if (kind !== 'analysis') r.fail(`its metadata "kind" is ${quoteValue(kind ?? null)}`);

  const m = r.json('analysis');
  const s = sizesOf(r, 'analysis', m);
  const { C, F, K, dForm } = s;
  const probeScalars = probeScalarsOf(r, m.probes ?? null);
  const notes = m.notes;
  if (!isStrings(notes)) r.fail('its analysis.notes is not a list of text');
  const analysis: Analysis = {
    version: identity.engineVersion,
    key: identity.analysisKey,
    modelName: identity.modelName,
    route: s.route,
    backend: field(r, 'analysis', m, 'backend', isString, 'text').slice(0, 200),
    dForm,
    nComposites: C,
    nFeatures: F,
    spectrumK: K,
    spectrumComplete: s.complete,
    spectra: r.floatsOrNaN('spectra', [C, K]),
    spectraResidual: r.has('spectra_residual') ? r.floatsOrNaN('spectra_residual', [C, K]) : null,
    rank: r.floatsOrNaN('rank', [C]),
    importance: r.floats('importance', [C], true),
    frobenius2: r.floats('frobenius2', [C], true),
    support: r.floats('support', [C], true),
    supportKind: field(
      r,
      'analysis',
      m,
      'supportKind',
      isSupportKind,
      'count, participation or one',
    ),
    captured: r.floatsOrNaN('captured', [C]),
    eigenvectors: eigenvectorsOf(r, C, dForm),
    featureReaders: r.has('feature_readers')
      ? Uint32Array.from(r.ints('feature_readers', [F], 0, C))
      : null,
    relations: relationsOf(r, C),
    probes: probeScalars ? readProbes(r, probeScalars, C, F) : null,
    notes: notes.slice(0, 50).map((n) => n.slice(0, 500)),
    timings: timingsOf(r, m.timings),
    totalMs: field(r, 'analysis', m, 'totalMs', isNumber, 'a number'),
  };
  const rawLayouts = JSON.parse(file.metadata.layouts ?? '[]') as unknown;
  if (!Array.isArray(rawLayouts)) r.fail('its metadata "layouts" is not a list');
  const layouts = rawLayouts.map((l, i): BundleLayout => {
    if (typeof l !== 'object' || l === null) r.fail(`layouts[${i}] is not an object`);
    const o = l as Record<string, unknown>;
    return {
      id: field(r, `layouts[${i}]`, o, 'id', isString, 'text').slice(0, 200),
      ms: field(r, `layouts[${i}]`, o, 'ms', isNumber, 'a number'),
      xy: r.floats(`layout.${i}`, [C, 2], true),
    };
  });
  return { kind: 'analysis', bundle: { identity, provenance, options, analysis, layouts } };
}

function readPart(
  r: BundleReader,
  identity: BundleIdentity,
  provenance: BundleProvenance,
  options: AnalysisOptionsRecord,
): PartBundle {
  const m = r.json('part');
  if (typeof m.header !== 'object' || m.header === null) r.fail('its part.header is missing');
  const hRaw = m.header as Record<string, unknown>;
  const s = sizesOf(r, 'part.header', hRaw);
  const header: PartHeader = {
    version: identity.engineVersion,
    key: identity.analysisKey,
    modelName: identity.modelName,
    route: s.route,
    backend: field(r, 'part.header', hRaw, 'backend', isString, 'text').slice(0, 200),
    dForm: s.dForm,
    nComposites: s.C,
    nFeatures: s.F,
    spectrumK: s.K,
    spectrumComplete: s.complete,
    vectorsKept: field(r, 'part.header', hRaw, 'vectorsKept', isCount, 'a count'),
    options,
  };
  const R = header.vectorsKept;
  if (R > Math.min(s.dForm, MAX_EIGENVECTORS)) {
    r.fail(`its part.header.vectorsKept ${R} is more than ${Math.min(s.dForm, MAX_EIGENVECTORS)}`);
  }
  let composites: AnalysisPart['composites'] = null;
  if (m.composites !== null) {
    if (typeof m.composites !== 'object') r.fail('its part.composites is not an object');
    const c = m.composites as Record<string, unknown>;
    const start = field(r, 'part.composites', c, 'start', isCount, 'a count');
    const end = field(r, 'part.composites', c, 'end', isPositive, 'a positive count');
    if (!(start < end && end <= s.C))
      r.fail(`its composites ${start}:${end} are not within 0:${s.C}`);
    const notes = c.notes;
    if (!isStrings(notes)) r.fail('its part.composites.notes is not a list of text');
    const count = end - start;
    composites = {
      start,
      end,
      spectra: r.floatsOrNaN('spectra', [count, s.K]),
      spectraResidual: r.has('spectra_residual')
        ? r.floatsOrNaN('spectra_residual', [count, s.K])
        : null,
      eigenvectors:
        R > 0 ? r.floats('eigenvectors', [count, R, s.dForm], true) : new Float32Array(0),
      notes,
    };
  }
  let global: AnalysisPart['global'] = null;
  if (m.global !== null) {
    if (typeof m.global !== 'object') r.fail('its part.global is not an object');
    const g = m.global as Record<string, unknown>;
    const notes = g.notes;
    if (!isStrings(notes)) r.fail('its part.global.notes is not a list of text');
    const ps = probeScalarsOf(r, g.probes ?? null);
    global = {
      support: r.floats('support', [s.C], true),
      supportKind: field(r, 'part.global', g, 'supportKind', isSupportKind, 'a support kind'),
      relations: relationsOf(r, s.C),
      featureReaders: r.has('feature_readers')
        ? Uint32Array.from(r.ints('feature_readers', [s.F], 0, s.C))
        : null,
      gramFrobenius2: r.has('gram_frobenius2') ? r.floats('gram_frobenius2', [s.C], true) : null,
      probes: ps ? readProbes(r, ps, s.C, s.F) : null,
      notes,
    };
  }
  return {
    identity,
    provenance,
    part: {
      header,
      composites,
      global,
      timings: timingsOf(r, m.timings),
      totalMs: field(r, 'part', m, 'totalMs', isNumber, 'a number'),
    },
  };
}

/** Why a bundle cannot be used with the open model (or null when it can). */
export function bundleMismatch(
  identity: BundleIdentity,
  open: { modelSha256: string; probesSha256: string | null },
): string | null {
  if (identity.engineVersion !== ENGINE_VERSION) {
    return `it was made by engine version ${quoteValue(identity.engineVersion)}, and this app computes ${ENGINE_VERSION}; make it again with this version`;
  }
  if (identity.modelSha256 !== open.modelSha256) {
    return `it was made for other weights (${quoteValue(identity.modelName)}, SHA-256 ${identity.modelSha256.slice(0, 12)}…; the open model's is ${open.modelSha256.slice(0, 12)}…)`;
  }
  if (identity.probesSha256 !== open.probesSha256) {
    if (identity.probesSha256 === null)
      return 'it was made without a probe set, and the open model has one';
    if (open.probesSha256 === null)
      return 'it was made with a probe set, and the open model has none: add that probe set first';
    return `it was made with another probe set (SHA-256 ${identity.probesSha256.slice(0, 12)}…; the open one's is ${open.probesSha256.slice(0, 12)}…)`;
  }
  return null;
}
