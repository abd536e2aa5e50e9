// The explorer export read back by the app's own reader: a fixture-sized analysis (64 latents,
// 300 probe rows of width 8, contexts of 5 tokens firing at varying positions) written by
// core/explorer/write, encoded and zipped here, unpacked by an independent stored-ZIP walk, and
// read through compute/explorer/open gives the same statistics, coordinates within the stated
// quantisation, the same spectra, histograms, neighbours and context windows.
import { describe, expect, it } from 'vitest';
import { QUANTISATION_ERROR, latentFiles } from '../../core/explorer/layout';
import {
  contextHalf,
  exportIndexFiles,
  exportLatentFiles,
  exportRows,
  type ExportFile,
} from '../../core/explorer/write';
import { projectRows } from '../../core/projection';
import { seededRandom } from '../../core/random';
import { crc32 } from '../../core/zip';
import { explorerArchive } from './export';
import { readExplorerIndexFiles, readExplorerLatentFiles, vocabFromMask, vocabMask } from './open';

const C = 64;
const N = 300;
const D = 8;
const T = 5;
const rand = seededRandom(11);
const gauss = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());

const activations = Float32Array.from({ length: N * D }, gauss);
const vocab = Array.from({ length: 40 }, (_, i) => (i % 7 === 0 ? `Ġw${i}` : `t${i}`));
const tokens = Int32Array.from({ length: N * T }, (_, i) =>
  i % T === 0 && i % 3 === 0 ? -1 : Math.floor(rand() * vocab.length),
);
const position = Int32Array.from({ length: N }, (_, r) => 1 + (r % (T - 1)));
const hAll = Float32Array.from({ length: C * N }, () => gauss() * (rand() < 0.3 ? 3 : 0.1));
const umap = Float32Array.from({ length: 2 * C }, gauss);
const density = Float32Array.from({ length: C }, () => rand());
const rank = Float32Array.from({ length: C }, () => 1 + 5 * rand());
const frob = Float32Array.from({ length: C }, () => 0.1 + rand());
const support = Float32Array.from({ length: C }, () => Math.floor(rand() * 300));
const labels = Array.from({ length: C }, (_, k) => (k % 5 === 0 ? `label ${k} “quoted”` : ''));

/** Three orthonormal vectors of width D (Gram–Schmidt, float64). */
function basis(): Float32Array {
  const vs: number[][] = [];
  while (vs.length < 3) {
    const v = Array.from({ length: D }, gauss);
    for (const u of vs) {
      const dot = u.reduce((s, x, i) => s + x * (v[i] ?? 0), 0);
      u.forEach((x, i) => (v[i] = (v[i] ?? 0) - dot * x));
    }
    const norm = Math.hypot(...v);
    vs.push(v.map((x) => x / norm));
  }
  return Float32Array.from(vs.flat());
}

const half = contextHalf(position, T);
const inputs = Array.from({ length: C }, (_, k) => {
  const h = hAll.subarray(k * N, (k + 1) * N);
  const rows = exportRows(h, 120);
  const xyz = projectRows(activations, D, D, N, rows, basis(), 3);
  return {
    id: k,
    values: Float64Array.from({ length: 12 }, () => gauss()),
    histogram: {
      counts: Uint32Array.from({ length: 16 }, () => Math.floor(rand() * 50)),
      lo: -2 - rand(),
      hi: 2 + rand(),
    },
    neighbours: {
      ids: Int32Array.from([(k + 1) % C, (k + 7) % C, -1]),
      similarity: Float32Array.from([0.9, 0.4, NaN]),
    },
    h: Float32Array.from(rows, (r) => h[r] ?? 0),
    xyz,
    tokens,
    position,
    window: T,
    rows,
    half,
  };
});

const files: ExportFile[] = [
  ...exportIndexFiles({
    autoencoder: 'tiny-test',
    modelName: 'probe text',
    nLatents: C,
    density,
    rank,
    frobenius2: frob,
    support,
    umap,
    vocab,
    labels,
  }),
  ...inputs.flatMap(exportLatentFiles),
];

/** The entries of a stored ZIP, walked from its local headers (independent of core/zip). */
function unzip(zip: Uint8Array): Map<string, Uint8Array> {
  const v = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const out = new Map<string, Uint8Array>();
  let at = 0;
  while (v.getUint32(at, true) === 0x04034b50) {
    expect(v.getUint16(at + 8, true)).toBe(0);
    const size = v.getUint32(at + 18, true);
    const nameLength = v.getUint16(at + 26, true);
    const extra = v.getUint16(at + 28, true);
    const name = new TextDecoder().decode(zip.subarray(at + 30, at + 30 + nameLength));
    const start = at + 30 + nameLength + extra;
    const bytes = zip.slice(start, start + size);
    expect(crc32(bytes)).toBe(v.getUint32(at + 14, true));
    out.set(name, bytes);
    at = start + size;
  }
  return out;
}

const folder = unzip(explorerArchive('tiny-test-explorer', files));
const dec = new TextDecoder();
const text = (name: string) => {
  const b = folder.get(`tiny-test-explorer/${name}`);
  return b ? { fileName: name, text: dec.decode(b) } : null;
};
const bin = (name: string) => {
  const b = folder.get(`tiny-test-explorer/${name}`);
  return b ? { fileName: name, bytes: b } : null;
};
const index = readExplorerIndexFiles({
  meta: text('index.json'),
  index: bin('index.feather'),
  vocab: text('vocab.json'),
  curated: text('curated.json'),
  clusters: null,
});

describe('explorer export, read back by the app', () => {
  it('holds every file under one folder', () => {
    expect(folder.size).toBe(4 + 2 * C);
    expect(folder.has(`tiny-test-explorer/${latentFiles(63).feather}`)).toBe(true);
  });

  it('gives the same statistics, importance share and atlas coordinates', () => {
    expect(index.meta).toEqual({ modelName: 'probe text', autoencoder: 'tiny-test', nLatents: C });
    const total = frob.reduce((s, x) => s + x, 0);
    let shareSum = 0;
    for (let k = 0; k < C; k++) {
      expect(index.stats.density[k]).toBe(density[k]);
      expect(index.stats.rank[k]).toBe(rank[k]);
      expect(index.stats.support[k]).toBe(support[k]);
      expect(index.stats.umap[2 * k]).toBe(umap[2 * k]);
      expect(index.stats.umap[2 * k + 1]).toBe(umap[2 * k + 1]);
      expect(index.stats.importanceShare[k]).toBeCloseTo((frob[k] ?? 0) / total, 6);
      shareSum += index.stats.importanceShare[k] ?? 0;
      expect(index.labels.get(k) ?? '').toBe(labels[k]);
    }
    expect(Math.abs(shareSum - 1)).toBeLessThan(1e-5);
    expect(index.vocab.raw.slice(0, vocab.length)).toEqual(vocab);
  });

  it('gives each latent’s points within the quantisation, and its spectrum, histogram, neighbours and contexts', () => {
    const mask = vocabFromMask(vocabMask(index.vocab));
    for (const x of inputs) {
      const names = latentFiles(x.id);
      const l = readExplorerLatentFiles(
        { id: x.id, json: text(names.json), feather: bin(names.feather) },
        { meta: index.meta, vocab: mask },
      );
      const m = x.rows.length;
      expect(l.n).toBe(m);
      // Float64 reference of the unit-ball scale and of h relative to its largest |h|.
      let r = 0;
      let hMax = 0;
      for (let i = 0; i < m; i++) {
        r = Math.max(
          r,
          Math.hypot(x.xyz[3 * i] ?? 0, x.xyz[3 * i + 1] ?? 0, x.xyz[3 * i + 2] ?? 0),
        );
        hMax = Math.max(hMax, Math.abs(x.h[i] ?? 0));
      }
      for (let i = 0; i < 3 * m; i++) {
        expect(Math.abs((l.xyz[i] ?? 0) - (x.xyz[i] ?? 0) / r)).toBeLessThanOrEqual(
          QUANTISATION_ERROR.xyz + 1e-7,
        );
      }
      for (let i = 0; i < m; i++) {
        expect(Math.abs((l.h[i] ?? 0) - (x.h[i] ?? 0) / hMax)).toBeLessThanOrEqual(
          QUANTISATION_ERROR.h + 1e-7,
        );
      }
      expect(l.hScale).toBeCloseTo(hMax, 6);
      const sorted = [...x.values].sort((a, b) => Math.abs(b) - Math.abs(a) || b - a);
      expect([...l.values]).toEqual(sorted);
      expect([...l.histogram.counts]).toEqual([...x.histogram.counts]);
      expect(l.histogram.edges[0]).toBe(x.histogram.lo);
      expect(l.histogram.edges[16]).toBe(x.histogram.hi);
      expect([...l.neighbours.ids]).toEqual([(x.id + 1) % C, (x.id + 7) % C]);
      expect(l.neighbours.similarity[0]).toBeCloseTo(0.9, 6);
      // The window: every probe token at its offset from the firing token, which sits at len >> 1.
      expect(l.window).toBe(2 * half + 1);
      for (let i = 0; i < m; i++) {
        const row = x.rows[i] ?? 0;
        const p = position[row] ?? 0;
        for (let t = 0; t < T; t++) {
          expect(l.tokens[i * l.window + (l.window >> 1) + t - p]).toBe(tokens[row * T + t]);
        }
      }
    }
  });
});
