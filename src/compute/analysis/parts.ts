// The only owner of how an analysis splits into parts and how parts join into one Analysis. A
// part holds the per-composite work for a range of composites (spectra, residual bounds, the
// eigenvectors of the largest |λ|: the costly, independent half) and/or the global work (Gram
// matrices, probe rows, support, the relations that need only those). One process computes both
// for every composite; a sharded run (`npm run analyse -- --composites A:B`, `--global`) computes
// pieces on several machines and `merge` joins them here — the same join, so merged shards equal
// the whole run. The join also computes the one relation that needs every composite's
// eigenvectors, the subspace overlap (on onnxruntime, so it takes a backend).
import type {
  Analysis,
  AnalysisPart,
  CompositePart,
  GlobalPart,
  PartHeader,
  PhaseTiming,
} from '../../core/analysis';
import { DEFAULT_OPTIONS, type AnalyseOptions, type JobContext } from './options';
import { Progress } from './plan';
import { overlapPhase } from './relations';
import { phaseClock, type SessionFactory } from './sessions';
import { spectralStats } from './stats';

export type {
  AnalysisPart,
  CompositePart,
  GlobalPart,
  PartHeader,
  PartSpec,
} from '../../core/analysis';

/** Header fields that must agree between parts (backend may differ: it is listed). */
const SAME: (keyof PartHeader)[] = [
  'version',
  'key',
  'route',
  'dForm',
  'nComposites',
  'nFeatures',
  'spectrumK',
  'spectrumComplete',
  'vectorsKept',
];

/** The analysis options a part header records, as the phases take them. */
export function optionsOf(h: PartHeader): AnalyseOptions {
  return { ...DEFAULT_OPTIONS, ...(h.options as Partial<AnalyseOptions>) };
}

/**
 * Joins parts into one Analysis and computes the subspace overlap between every pair of
 * composites on `backend`. Throws when the parts do not join (see checkParts); rejects with an
 * AbortError once `ctx.signal` is aborted.
 */
export async function joinParts(
  backend: SessionFactory,
  parts: readonly AnalysisPart[],
  ctx: JobContext = {},
): Promise<Analysis> {
  const first = parts[0];
  if (!first) throw new Error('no parts to join');
  const costs = { gram: 0, spectra: 0, probes: 0, stats: 0, relations: 0, overlap: 1 };
  return joinWith(backend, parts, ctx.signal, new Progress(costs, ctx.onProgress ?? (() => {})));
}

/** joinParts, reporting the overlap's work to `progress` (analyse() shares one bar). */
export async function joinWith(
  backend: SessionFactory,
  parts: readonly AnalysisPart[],
  signal: AbortSignal | undefined,
  progress: Progress,
): Promise<Analysis> {
  const t0 = performance.now();
  const joined = assemble(parts);
  const o = optionsOf(parts[0]?.header as PartHeader);
  const cost = progress.costOf('overlap');
  const timings: PhaseTiming[] = [];
  const { sessions, timed } = phaseClock(backend, timings);
  const vectors = joined.eigenvectors;
  if (!vectors) throw new Error('the parts kept no eigenvectors: the subspace overlap needs them');
  const { table } = await timed('relations (overlap)', () =>
    overlapPhase(
      sessions,
      {
        C: joined.nComposites,
        n: joined.dForm,
        values: joined.spectra,
        K: joined.spectrumK,
        vectors: vectors.vectors,
      },
      o,
      signal,
      (s) => progress.advance('Relations between composites', s * cost),
    ),
  );
  const relations = {
    tables: { ...joined.relations.tables, overlap: table },
    missing: joined.relations.missing,
  };
  const notes = [...joined.notes];
  if (Object.values(relations.tables).some((t) => t.approximation)) {
    notes.push(
      `C = ${joined.nComposites} is above ${o.exactRelationsMaxC}: neighbours are approximate`,
    );
  }
  return {
    ...joined,
    relations,
    notes,
    timings: [...joined.timings, ...timings],
    totalMs: joined.totalMs + (performance.now() - t0),
  };
}

/**
 * The parts' numbers in one Analysis, without the subspace overlap. Throws when they belong to
 * different analyses (another model, probe set, engine version or options), when their
 * composite ranges do not tile 0..C−1 exactly, or when there is not exactly one global part.
 */
export function assemble(parts: readonly AnalysisPart[]): Analysis {
  const first = parts[0];
  if (!first) throw new Error('no parts to join');
  const h = first.header;
  for (const p of parts) {
    for (const f of SAME) {
      if (p.header[f] !== h[f]) {
        throw new Error(
          `the parts belong to different analyses: ${f} is ${String(h[f])} in one and ${String(p.header[f])} in another`,
        );
      }
    }
    if (JSON.stringify(p.header.options) !== JSON.stringify(h.options)) {
      throw new Error('the parts were computed with different options');
    }
  }
  const globals = parts.filter((p) => p.global);
  if (globals.length !== 1) {
    throw new Error(
      globals.length === 0
        ? 'no part holds the global work (Gram matrices, probe rows): compute it with --global'
        : `${globals.length} parts hold the global work; join exactly one`,
    );
  }
  const global = globals[0]?.global as GlobalPart;
  const C = h.nComposites;
  const K = h.spectrumK;
  const n = h.dForm;
  const R = h.vectorsKept;
  const ranges = parts
    .map((p) => p.composites)
    .filter((c): c is CompositePart => c !== null)
    .sort((a, b) => a.start - b.start);
  let next = 0;
  for (const r of ranges) {
    if (r.start !== next) {
      throw new Error(
        r.start < next
          ? `composites ${r.start}..${next - 1} are in two parts`
          : `no part holds composites ${next}..${r.start - 1}`,
      );
    }
    next = r.end;
  }
  if (next !== C) throw new Error(`no part holds composites ${next}..${C - 1}`);

  const spectra = new Float32Array(C * K);
  const residual = ranges.some((r) => r.spectraResidual) ? new Float32Array(C * K) : null;
  const vectors = new Float32Array(C * R * n);
  for (const r of ranges) {
    spectra.set(r.spectra, r.start * K);
    if (residual && r.spectraResidual) residual.set(r.spectraResidual, r.start * K);
    vectors.set(r.eigenvectors, r.start * R * n);
  }
  const notes: string[] = [];
  for (const note of [...ranges.flatMap((r) => r.notes), ...global.notes]) {
    if (!notes.includes(note)) notes.push(note);
  }
  const backends = [...new Set(parts.map((p) => p.header.backend))];
  const ordered = [...parts].sort(
    (a, b) =>
      (a.global ? -1 : 0) - (b.global ? -1 : 0) ||
      (a.composites?.start ?? 0) - (b.composites?.start ?? 0),
  );
  const { gramFrobenius2, ...globalStats } = global;
  return {
    version: h.version,
    key: h.key,
    modelName: h.modelName,
    route: h.route,
    backend: backends.join(' + '),
    dForm: n,
    nComposites: C,
    nFeatures: h.nFeatures,
    spectrumK: K,
    spectrumComplete: h.spectrumComplete,
    spectra,
    spectraResidual: residual,
    eigenvectors: R > 0 ? { count: R, vectors } : null,
    ...spectralStats(spectra, C, K, gramFrobenius2),
    support: globalStats.support,
    supportKind: globalStats.supportKind,
    featureReaders: globalStats.featureReaders,
    relations: globalStats.relations,
    probes: globalStats.probes,
    notes,
    timings: ordered.flatMap((p) => p.timings),
    totalMs: parts.reduce((s, p) => s + p.totalMs, 0),
  };
}
