// The analysis bundle format (core/bundle.ts): what is written reads back (exactly at full
// precision; firing values within F16's 2^-11 of each composite's largest |h| when compact; the
// first BUNDLE_EIGENVECTORS eigenvectors of each composite), parts too, and every way a file can
// be wrong is refused with the file, the field and a fix — not a bundle, another format version,
// an edited identity, tensors of the wrong shape, indices out of range, non-finite values,
// relation tables that do not add up, eigenvector counts out of range; a bundle for other
// weights or probes is named as such.
import { describe, expect, it } from 'vitest';
import { ENGINE_VERSION, type Analysis, type AnalysisPart } from './analysis';
import {
  BUNDLE_EIGENVECTORS,
  bundleMismatch,
  decodeBundle,
  encodeBundle,
  encodePart,
  type AnalysisBundle,
  type BundleIdentity,
  type PartBundle,
} from './bundle';
import { f32ToF16Bits, f16BitsToF32 } from './dtype';
import { BaeFileError } from './errors';
import { analysisKey } from './hashes';
import { parseSafetensors } from './safetensors';
import { writeSafetensors } from './safetensorsWrite';

const C = 4;
const K = 3;
const F = 5;
const N = 6;

function seq(n: number, f: (i: number) => number): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => f(i));
}

async function identity(): Promise<BundleIdentity> {
  const model = 'a'.repeat(64);
  const probes = 'b'.repeat(64);
  return {
    modelName: 'toy',
    modelSha256: model,
    probesSha256: probes,
    engineVersion: ENGINE_VERSION,
    analysisKey: await analysisKey(model, probes),
  };
}

function toyAnalysis(key: string): Analysis {
  return {
    version: ENGINE_VERSION,
    key,
    modelName: 'toy',
    route: 'explicit',
    backend: 'WASM · 1 thread',
    dForm: K,
    nComposites: C,
    nFeatures: F,
    spectrumK: K,
    spectrumComplete: true,
    spectra: seq(C * K, (i) => (i % 3 === 2 ? NaN : 1 / (i + 1))),
    spectraResidual: null,
    rank: seq(C, (i) => 1 + i / 7),
    importance: seq(C, (i) => 0.5 + i / 4),
    frobenius2: seq(C, (i) => 2 + i),
    support: seq(C, (i) => 3 + i),
    supportKind: 'participation',
    captured: seq(C, (i) => 0.9 - i / 10),
    eigenvectors: { count: 3, vectors: seq(C * 3 * K, (i) => Math.sin(i)) },
    featureReaders: Uint32Array.from([0, 1, 2, 3, 4]),
    relations: {
      tables: {
        centroid: {
          k: 2,
          index: Int32Array.from([1, 2, 0, 3, 3, -1, 2, 0]),
          similarity: seq(C * 2, (i) => (i === 5 ? NaN : 1 / (i + 2))),
          isolated: Uint8Array.from([0, 0, 1, 0]),
          approximation: null,
        },
        overlap: {
          k: 3,
          index: Int32Array.from([1, 2, 3, 0, 2, 3, 3, 0, 1, 2, 1, 0]),
          similarity: seq(C * 3, (i) => 1 - i / 12),
          isolated: Uint8Array.from([0, 0, 0, 1]),
          approximation: 'candidates by a sketch',
        },
        forms: {
          k: 1,
          index: Int32Array.from([3, 2, 1, 0]),
          similarity: seq(C, (i) => -0.5 + i / 4),
          isolated: Uint8Array.from([1, 1, 0, 0]),
          approximation: null,
        },
      },
      missing: { coactivation: 'needs a probe set (open one with the model)' },
    },
    probes: {
      n: N,
      hByComposite: seq(C * N, (i) => Math.cos(i) * (1 + (i % 5)) * 1e-3 * (i % 7 === 0 ? 0 : 1)),
      density: seq(C, (i) => i / 10),
      histogram: {
        bins: 2,
        lo: seq(C, (i) => -i),
        hi: seq(C, (i) => i + 1),
        counts: Uint32Array.from([3, 3, 2, 4, 6, 0, 1, 5]),
      },
      topRows: Int32Array.from([0, 1, 2, 3, 4, 5, 5, 4]),
      bottomRows: Int32Array.from([5, 4, 3, 2, 1, 0, 0, 1]),
      topK: 2,
      rowError: seq(N, (i) => 0.1 * i),
      inputNorm4: 1,
      varianceTotal: 0.75,
      prefixError: Float64Array.from([0.9, 0.5, 0.3, 0.2]),
      prefixOrder: Int32Array.from([2, 0, 3, 1]),
      prefixBasis: 'importance',
      featureDensity: seq(F, (i) => i / 5),
      featureMaxAbs: seq(F, (i) => i + 0.5),
    },
    notes: ['a note'],
    timings: [{ phase: 'gram', ms: 1.5, flops: 100, runMs: 1 }],
    totalMs: 12,
  };
}

async function toyBundle(): Promise<AnalysisBundle> {
  const id = await identity();
  return {
    identity: id,
    provenance: { by: 'headless', at: '2026-11-28T10:00:00.000Z' },
    options: { route: 'auto', lanczosSteps: 64 },
    analysis: toyAnalysis(id.analysisKey),
    layouts: [
      { id: 'umap-3:1:centroid15', xy: seq(C * 2, (i) => i - 3.5), ms: 42 },
      { id: 'umap-3:1:spectral20', xy: seq(C * 2, (i) => 3.5 - i), ms: 7 },
    ],
  };
}

async function roundTrip(bytes: Uint8Array): Promise<AnalysisBundle> {
  const d = await decodeBundle(bytes, 'toy.analysis.safetensors');
  if (d.kind !== 'analysis') throw new Error('expected a whole bundle');
  return d.bundle;
}

async function refusal(bytes: Uint8Array): Promise<string> {
  try {
    await decodeBundle(bytes, 'toy.analysis.safetensors');
  } catch (err) {
    expect(err).toBeInstanceOf(BaeFileError);
    return (err as Error).message;
  }
  throw new Error('the bundle was accepted');
}

/** The bundle's bytes with its metadata and tensors rewritten by `edit`. */
function rewrite(
  bytes: Uint8Array,
  edit: (
    meta: Record<string, string>,
    tensors: Map<string, { dtype: string; shape: number[]; data: Uint8Array }>,
  ) => void,
): Uint8Array {
  const file = parseSafetensors(bytes, 'x');
  const tensors = new Map(
    [...file.tensors.values()].map((t) => [
      t.name,
      { dtype: t.dtype, shape: [...t.shape], data: file.bytes.slice(t.begin, t.end) },
    ]),
  );
  const meta = { ...file.metadata };
  edit(meta, tensors);
  return writeSafetensors(
    [...tensors.entries()].map(([name, t]) => ({ name, ...t })),
    meta,
  );
}

describe('analysis bundles', () => {
  it('read back exactly at full precision', async () => {
    const b = await toyBundle();
    const back = await roundTrip(encodeBundle(b, 'full'));
    expect(back).toEqual(b);
  });

  it('keep firing values as F16 within 2^-11 of each composite’s largest |h| when compact', async () => {
    const b = await toyBundle();
    const full = encodeBundle(b, 'full');
    const compact = encodeBundle(b, 'compact');
    const h16 = parseSafetensors(compact, 'c').tensors.get('probes.h');
    const h32 = parseSafetensors(full, 'f').tensors.get('probes.h');
    expect(h16?.dtype).toBe('F16');
    expect(h32?.dtype).toBe('F32');
    const back = await roundTrip(compact);
    const h = b.analysis.probes?.hByComposite as Float32Array;
    const got = back.analysis.probes?.hByComposite as Float32Array;
    for (let k = 0; k < C; k++) {
      const row = h.subarray(k * N, (k + 1) * N);
      const max = Math.max(...Array.from(row, Math.abs));
      for (let i = 0; i < N; i++) {
        expect(Math.abs((got[k * N + i] ?? 0) - (row[i] ?? 0))).toBeLessThanOrEqual(max * 2 ** -11);
      }
    }
    // Everything else is as written.
    expect({ ...back.analysis, probes: null }).toEqual({ ...b.analysis, probes: null });
  });

  it('encode F16 by rounding to nearest, ties to even, with subnormals and overflow', () => {
    for (const bits of [0x0000, 0x0001, 0x03ff, 0x0400, 0x3c00, 0x3c01, 0x7bff, 0x8001, 0xfbff]) {
      expect(f32ToF16Bits(f16BitsToF32(bits))).toBe(bits);
    }
    // 1 + 2^-11 is halfway between 1 and 1 + 2^-10: ties to the even one (1).
    expect(f32ToF16Bits(1 + 2 ** -11)).toBe(0x3c00);
    expect(f32ToF16Bits(1 + 3 * 2 ** -11)).toBe(0x3c02);
    expect(f32ToF16Bits(65520)).toBe(0x7c00);
    expect(f32ToF16Bits(2 ** -26)).toBe(0);
    expect(Number.isNaN(f16BitsToF32(f32ToF16Bits(NaN)))).toBe(true);
  });

  it('refuse a file that is not a bundle, or of another format version', async () => {
    const bytes = encodeBundle(await toyBundle(), 'full');
    expect(await refusal(rewrite(bytes, (m) => (m.format = 'bae-probes')))).toMatch(
      /toy\.analysis\.safetensors: is not an analysis bundle .*"bae-probes"/,
    );
    expect(await refusal(rewrite(bytes, (m) => (m.version = '3')))).toMatch(
      /format version "3".*Update BAE Explorer/,
    );
    // Version 1 held one neighbour table and the axis vectors: made again, not read.
    expect(await refusal(rewrite(bytes, (m) => (m.version = '1')))).toMatch(
      /format version "1".*Export the analysis again/,
    );
  });

  it('refuse an identity whose key does not match its hashes (an edited file)', async () => {
    const bytes = encodeBundle(await toyBundle(), 'full');
    const edited = rewrite(bytes, (m) => {
      const id = JSON.parse(m.identity ?? '{}') as BundleIdentity;
      m.identity = JSON.stringify({ ...id, modelSha256: 'c'.repeat(64) });
    });
    expect(await refusal(edited)).toMatch(/analysis key does not match/);
  });

  it('refuse tensors of the wrong shape, indices out of range and non-finite values', async () => {
    const bytes = encodeBundle(await toyBundle(), 'full');
    const shape = rewrite(bytes, (_, t) => {
      const r = t.get('rank');
      if (r) t.set('rank', { ...r, shape: [2, 2] });
    });
    expect(await refusal(shape)).toMatch(/tensor "rank" has shape \[2, 2\], expected \[4\]/);
    const index = rewrite(bytes, (_, t) => {
      const r = t.get('probes.top_rows');
      if (r) {
        const v = new Int32Array(r.data.slice().buffer);
        v[3] = N;
        t.set('probes.top_rows', { ...r, data: new Uint8Array(v.buffer) });
      }
    });
    expect(await refusal(index)).toMatch(
      /"probes.top_rows" holds 6 at flat index 3, outside -1..5/,
    );
    const inf = rewrite(bytes, (_, t) => {
      const r = t.get('importance');
      if (r)
        t.set('importance', {
          ...r,
          data: new Uint8Array(Float32Array.from([1, Infinity, 1, 1]).buffer),
        });
    });
    expect(await refusal(inf)).toMatch(/"importance" holds Infinity at flat index 1/);
    const missing = rewrite(bytes, (_, t) => t.delete('spectra'));
    expect(await refusal(missing)).toMatch(/tensor "spectra" is missing/);
  });

  it('keep the first BUNDLE_EIGENVECTORS eigenvectors of each composite', async () => {
    const b = await toyBundle();
    const R = 8;
    const n = K;
    const vectors = seq(C * R * n, (i) => Math.cos(i));
    const wide: AnalysisBundle = {
      ...b,
      analysis: { ...b.analysis, eigenvectors: { count: R, vectors } },
    };
    const back = await roundTrip(encodeBundle(wide, 'full'));
    const kept = back.analysis.eigenvectors;
    expect(kept?.count).toBe(BUNDLE_EIGENVECTORS);
    for (let c = 0; c < C; c++) {
      expect(
        Array.from(kept!.vectors.subarray(c * 3 * n, (c + 1) * 3 * n)),
        `composite ${c}`,
      ).toEqual(Array.from(vectors.subarray(c * R * n, (c * R + 3) * n)));
    }
  });

  it('refuse relation tables that do not add up, and eigenvector counts out of range', async () => {
    const bytes = encodeBundle(await toyBundle(), 'full');
    const relations = (edit: (r: { tables: Record<string, unknown>; missing: object }) => void) =>
      rewrite(bytes, (m) => {
        const r = JSON.parse(m.relations ?? '{}') as {
          tables: Record<string, unknown>;
          missing: object;
        };
        edit(r);
        m.relations = JSON.stringify(r);
      });
    expect(
      await refusal(relations((r) => (r.tables.closeness = { k: 1, approximation: null }))),
    ).toMatch(/unknown measure "closeness"/);
    expect(
      await refusal(relations((r) => (r.tables.forms = { k: 4, approximation: null }))),
    ).toMatch(/relations.tables.forms.k is 4, more than C − 1/);
    expect(await refusal(relations((r) => (r.missing = { forms: 'skipped' })))).toMatch(
      /its relations list forms both as a table and as missing/,
    );
    expect(await refusal(relations((r) => (r.tables.forms = { k: 1, approximation: 3 })))).toMatch(
      /approximation is 3, not text or null/,
    );
    const index = rewrite(bytes, (_, t) => {
      const r = t.get('relations.overlap.index');
      if (r) {
        const v = new Int32Array(r.data.slice().buffer);
        v[4] = C;
        t.set('relations.overlap.index', { ...r, data: new Uint8Array(v.buffer) });
      }
    });
    expect(await refusal(index)).toMatch(
      /"relations.overlap.index" holds 4 at flat index 4, outside -1..3/,
    );
    const isolated = rewrite(bytes, (_, t) => {
      const r = t.get('relations.centroid.isolated');
      if (r)
        t.set('relations.centroid.isolated', {
          ...r,
          data: new Uint8Array(Int32Array.from([0, 2, 0, 0]).buffer),
        });
    });
    expect(await refusal(isolated)).toMatch(/"relations.centroid.isolated" holds 2/);
    const gone = rewrite(bytes, (_, t) => t.delete('relations.forms.similarity'));
    expect(await refusal(gone)).toMatch(/tensor "relations.forms.similarity" is missing/);
    const noEntry = rewrite(bytes, (m) => delete m.relations);
    expect(await refusal(noEntry)).toMatch(/metadata has no "relations" entry/);
    const wide = rewrite(bytes, (_, t) => {
      const r = t.get('eigenvectors');
      if (r) {
        t.set('eigenvectors', {
          ...r,
          shape: [C, 4, K],
          data: new Uint8Array(new Float32Array(C * 4 * K).buffer),
        });
      }
    });
    expect(await refusal(wide)).toMatch(/"eigenvectors" keeps 4 per composite; expected 1..3/);
  });

  it('read parts back: their eigenvectors, spectra and the global relations', async () => {
    const id = await identity();
    const a = toyAnalysis(id.analysisKey);
    const R = 2;
    const header = {
      version: ENGINE_VERSION,
      key: id.analysisKey,
      modelName: 'toy',
      route: 'explicit' as const,
      backend: 'WASM · 1 thread',
      dForm: K,
      nComposites: C,
      nFeatures: F,
      spectrumK: K,
      spectrumComplete: true,
      vectorsKept: R,
      options: { route: 'auto', lanczosSteps: 64 },
    };
    const shard: AnalysisPart = {
      header,
      composites: {
        start: 1,
        end: 3,
        spectra: a.spectra.slice(K, 3 * K),
        spectraResidual: null,
        eigenvectors: seq(2 * R * K, (i) => Math.sin(i / 3)),
        notes: ['shard note'],
      },
      global: null,
      timings: [],
      totalMs: 3,
    };
    const globalPart: AnalysisPart = {
      header,
      composites: null,
      global: {
        support: a.support,
        supportKind: a.supportKind,
        relations: {
          tables: { forms: a.relations.tables.forms! },
          missing: { coactivation: 'x', centroid: 'x' },
        },
        featureReaders: a.featureReaders,
        gramFrobenius2: a.frobenius2,
        probes: a.probes,
        notes: [],
      },
      timings: [{ phase: 'gram', ms: 1, flops: 2, runMs: 0.5 }],
      totalMs: 4,
    };
    for (const part of [shard, globalPart]) {
      const file: PartBundle = {
        identity: id,
        provenance: { by: 'headless', at: '2026-11-28T10:00:00.000Z' },
        part,
      };
      const d = await decodeBundle(encodePart(file), 'toy.part.safetensors');
      expect(d.kind).toBe('part');
      if (d.kind === 'part') expect(d.part).toEqual(file);
    }
    const shardBytes = encodePart({
      identity: id,
      provenance: { by: 'headless', at: 'now' },
      part: shard,
    });
    const bytes = rewrite(shardBytes, (m) => {
      const p = JSON.parse(m.part ?? '{}') as { header: Record<string, unknown> };
      p.header.vectorsKept = 5;
      m.part = JSON.stringify(p);
    });
    expect(await refusal(bytes)).toMatch(/part.header.vectorsKept 5 is more than 3/);
  });

  it('name why a bundle does not fit the open model', async () => {
    const id = await identity();
    const open = { modelSha256: id.modelSha256, probesSha256: id.probesSha256 };
    expect(bundleMismatch(id, open)).toBeNull();
    expect(bundleMismatch(id, { ...open, modelSha256: 'd'.repeat(64) })).toMatch(/other weights/);
    expect(bundleMismatch(id, { ...open, probesSha256: 'e'.repeat(64) })).toMatch(
      /another probe set/,
    );
    expect(bundleMismatch(id, { ...open, probesSha256: null })).toMatch(/add that probe set first/);
    expect(bundleMismatch({ ...id, engineVersion: 'engine-0' }, open)).toMatch(
      /engine version "engine-0"/,
    );
  });
});
