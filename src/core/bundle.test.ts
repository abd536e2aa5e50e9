// The analysis bundle format (core/bundle.ts): what is written reads back (exactly at full
// precision; firing values within F16's 2^-11 of each composite's largest |h| when compact),
// and every way a file can be wrong is refused with the file, the field and a fix — not a
// bundle, another format version, an edited identity, tensors of the wrong shape, indices out of
// range, non-finite values; a bundle for other weights or probes is named as such.
import { describe, expect, it } from 'vitest';
import { ENGINE_VERSION, type Analysis } from './analysis';
import {
  bundleMismatch,
  decodeBundle,
  encodeBundle,
  type AnalysisBundle,
  type BundleIdentity,
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
    axisVectors: { count: 3, vectors: seq(C * 3 * K, (i) => Math.sin(i)) },
    featureReaders: Uint32Array.from([0, 1, 2, 3, 4]),
    neighbours: {
      k: 2,
      index: Int32Array.from([1, 2, 0, 3, 3, -1, 2, 0]),
      similarity: seq(C * 2, (i) => 1 / (i + 2)),
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
    options: { axisVectors: 3, route: 'auto', lanczosSteps: 64 },
    analysis: toyAnalysis(id.analysisKey),
    layouts: [{ id: 'umap-2:1:20', xy: seq(C * 2, (i) => i - 3.5), ms: 42 }],
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
    expect(await refusal(rewrite(bytes, (m) => (m.version = '2')))).toMatch(
      /format version "2".*Update BAE Explorer/,
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
