// The explorer layout read end to end: the fixture written by its own script with apache-arrow's
// writer (scripts/fixtures/explorer.mjs) decoded by compute/explorer/arrow and checked by
// core/explorer/read gives back the values the script wrote; hostile files (truncated Arrow,
// wrong column types, NaN, ids out of range, missing files) each fail naming file and field.
import { describe, expect, it } from 'vitest';
import { Field, FixedSizeList, Int32, Table, makeData, makeVector, tableToIPC } from 'apache-arrow';
import { explorerFixture } from '../../../scripts/fixtures/explorer.mjs';
import { BaeFileError } from '../../core/errors';
import { latentFiles } from '../../core/explorer/layout';
import { latentPointContext } from '../../core/explorer/read';
import { readArrowTable, writeArrowTable } from './arrow';
import {
  readExplorerIndexFiles,
  readExplorerLatentFiles,
  vocabFromMask,
  vocabMask,
  type ExplorerIndexFiles,
} from './open';

const fixture = explorerFixture({ latents: 12, points: 40, window: 7, d: 10, seed: 7 });
const dec = new TextDecoder();

function indexFiles(files: Map<string, Uint8Array>): ExplorerIndexFiles {
  const text = (name: string) => {
    const b = files.get(name);
    return b ? { fileName: name, text: dec.decode(b) } : null;
  };
  const bytes = files.get('index.feather');
  return {
    meta: text('index.json'),
    index: bytes ? { fileName: 'index.feather', bytes } : null,
    vocab: text('vocab.json'),
    curated: text('curated.json'),
    clusters: text('clusters.json'),
  };
}

function latent(files: Map<string, Uint8Array>, id: number) {
  const index = readExplorerIndexFiles(indexFiles(files));
  const names = latentFiles(id);
  const json = files.get(names.json);
  const feather = files.get(names.feather);
  return readExplorerLatentFiles(
    {
      id,
      json: json ? { fileName: names.json, text: dec.decode(json) } : null,
      feather: feather ? { fileName: names.feather, bytes: feather } : null,
    },
    { meta: index.meta, vocab: vocabFromMask(vocabMask(index.vocab)) },
  );
}

/** The BaeFileError `run` throws (fails the test when it throws none). */
function fileError(run: () => unknown): BaeFileError {
  try {
    run();
  } catch (err) {
    if (err instanceof BaeFileError) return err;
    throw err;
  }
  throw new Error('expected a BaeFileError');
}

function withFile(name: string, bytes: Uint8Array | null): Map<string, Uint8Array> {
  const files = new Map(fixture.files);
  if (bytes) files.set(name, bytes);
  else files.delete(name);
  return files;
}

const json = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));

describe('explorer folder round trip (apache-arrow writer → app reader)', () => {
  const s = fixture.source;
  const index = readExplorerIndexFiles(indexFiles(fixture.files));

  it('reads the index: statistics and coordinates by latent id, exactly', () => {
    expect(index.meta).toEqual({
      modelName: 'fixture-lm',
      autoencoder: 'explorer-64-mixed-l3-x4',
      nLatents: 12,
    });
    for (let k = 0; k < s.latents; k++) {
      expect(index.stats.umap[2 * k]).toBe(s.umapX[k]);
      expect(index.stats.umap[2 * k + 1]).toBe(s.umapY[k]);
      expect(index.stats.density[k]).toBe(s.density[k]);
      expect(index.stats.rank[k]).toBe(s.effRank[k]);
      expect(index.stats.support[k]).toBe(s.support[k]);
      expect(index.stats.importanceShare[k]).toBe(s.importance[k]);
    }
    // importance as the app shows it: the share divided by its mean (float64 reference).
    let total = 0;
    for (const v of s.importance) total += v;
    for (let k = 0; k < s.latents; k++) {
      expect(index.stats.importance[k]).toBeCloseTo(((s.importance[k] ?? 0) * 12) / total, 5);
    }
    expect(index.labels.get(5)).toBe('<img src=x onerror=alert(1)> label');
    expect(index.labels.get(3)).toBe(s.labels['3']);
    expect(index.clustered).toEqual([0, 3]);
    expect(index.vocab.size).toBe(s.vocab.length);
    expect(index.vocab.text[2]).toBe(' 1999');
  });

  it('reads a latent: spectrum by |λ|, histogram, neighbours, points within the wire scale', () => {
    for (const id of [0, 5, 11]) {
      const l = latent(fixture.files, id);
      const src = s.latent[id];
      if (!src) throw new Error('fixture');
      const want = [...src.eig].sort((a, b) => Math.abs(b) - Math.abs(a) || b - a);
      expect(Array.from(l.values)).toEqual(want);
      expect(Array.from(l.histogram.counts)).toEqual(src.counts);
      expect(Array.from(l.histogram.edges)).toEqual(src.edges);
      expect(Array.from(l.neighbours.ids)).toEqual(src.neighbours.map((n) => n[0]));
      expect(Array.from(l.neighbours.similarity)).toEqual(src.neighbours.map((n) => n[1]));
      expect(l.n).toBe(src.n);
      expect(l.window).toBe(7);
      for (let i = 0; i < 3 * src.n; i++) {
        expect(l.xyz[i]).toBeCloseTo((src.xyz[i] ?? 0) / 32767, 7);
      }
      for (let i = 0; i < src.n; i++) expect(l.h[i]).toBeCloseTo(src.h[i] ?? 0, 7);
      expect(Array.from(l.tokens)).toEqual(Array.from(src.context));
      // The firing token sits at 7 >> 1 = 3, as the script placed it.
      const ctx = latentPointContext(l, index.vocab.text, 1);
      expect(ctx.token).toBe(s.vocab[(id + 1) % s.vocab.length]);
    }
  });

  it('writes what it reads: our writer → our reader keeps every column', () => {
    const bytes = writeArrowTable({
      rows: 3,
      columns: [
        { name: 'x', values: Int16Array.of(-32767, 0, 32767) },
        { name: 'id', values: Uint32Array.of(0, 1, 4_000_000_000) },
        { name: 'context', values: Int32Array.of(1, 2, 3, 4, 5, 6), listSize: 2 },
      ],
    });
    const t = readArrowTable(bytes, 't.feather');
    expect(t.rows).toBe(3);
    expect(t.columns.map((c) => [c.name, c.kind, c.bits, c.listSize])).toEqual([
      ['x', 'int', 16, 0],
      ['id', 'uint', 32, 0],
      ['context', 'list', 32, 2],
    ]);
    expect(Array.from(t.columns[2]?.values ?? [])).toEqual([1, 2, 3, 4, 5, 6]);
    expect(Array.from(t.columns[1]?.values ?? [])).toEqual([0, 1, 4_000_000_000]);
  });
});

describe('hostile explorer folders fail naming the file and the field', () => {
  it('a missing index.json', () => {
    const e = fileError(() => readExplorerIndexFiles(indexFiles(withFile('index.json', null))));
    expect(e.file).toBe('index.json');
    expect(e.problem).toMatch(/missing/);
  });

  it('a truncated index.feather', () => {
    const bytes = fixture.files.get('index.feather') ?? new Uint8Array();
    for (const cut of [8, Math.floor(bytes.length / 2), bytes.length - 12]) {
      const e = fileError(() =>
        readExplorerIndexFiles(indexFiles(withFile('index.feather', bytes.subarray(0, cut)))),
      );
      expect(e.file).toBe('index.feather');
      expect(e.problem).toMatch(/damaged or truncated|not .*Arrow|holds/);
    }
  });

  it('a truncated latent feather', () => {
    const name = latentFiles(2).feather;
    const bytes = fixture.files.get(name) ?? new Uint8Array();
    const e = fileError(() =>
      latent(withFile(name, bytes.subarray(0, Math.floor(bytes.length * 0.6))), 2),
    );
    expect(e.file).toBe(name);
  });

  it('a column of the wrong type (umap_x as int32, x as float32, context as int32)', () => {
    const ids = Uint32Array.from({ length: 12 }, (_, i) => i);
    const f32 = (v: number) => new Float32Array(12).fill(v);
    const index = tableToIPC(
      new Table({
        latent_id: makeVector(ids),
        density: makeVector(f32(0.1)),
        eff_rank: makeVector(f32(2)),
        importance: makeVector(f32(1 / 12)),
        support: makeVector(new Uint16Array(12).fill(3)),
        umap_x: makeVector(new Int32Array(12)),
        umap_y: makeVector(f32(0)),
      }),
      'file',
    );
    const e1 = fileError(() =>
      readExplorerIndexFiles(indexFiles(withFile('index.feather', index))),
    );
    expect(e1.file).toBe('index.feather');
    expect(e1.problem).toMatch(/column "umap_x" is .*Int32.*float32/);

    const name = latentFiles(1).feather;
    const points = (x: Float32Array | Int16Array, context: Int32Array | null) => {
      const n = x.length;
      const child = makeData({ type: new Int32(), length: 3 * n, data: new Int32Array(3 * n) });
      const list = makeVector(
        makeData({
          type: new FixedSizeList(3, new Field('item', new Int32(), false)),
          length: n,
          nullCount: 0,
          child,
        }),
      );
      return tableToIPC(
        new Table({
          x: makeVector(x),
          y: makeVector(new Int16Array(n)),
          z: makeVector(new Int16Array(n)),
          h: makeVector(new Int8Array(n)),
          context: context ? makeVector(context) : list,
        }),
        'file',
      );
    };
    const e2 = fileError(() => latent(withFile(name, points(new Float32Array(4), null)), 1));
    expect(e2.file).toBe(name);
    expect(e2.problem).toMatch(/column "x" is .*Float32.*int16/);
    const e3 = fileError(() =>
      latent(withFile(name, points(new Int16Array(4), new Int32Array(4))), 1),
    );
    expect(e3.problem).toMatch(/column "context" is .*Int32.*fixed_size_list/);
  });

  it('NaN where a number is needed (JSON and Arrow)', () => {
    const name = latentFiles(0).json;
    const text = dec.decode(fixture.files.get(name));
    const nanJson = new TextEncoder().encode(text.replace(/"eigvals":\[[^,]+/, '"eigvals":[NaN'));
    const e1 = fileError(() => latent(withFile(name, nanJson), 0));
    expect(e1.file).toBe(name);
    expect(e1.problem).toMatch(/NaN/);

    const ids = Uint32Array.from({ length: 12 }, (_, i) => i);
    const f32 = (v: number) => new Float32Array(12).fill(v);
    const x = f32(0);
    x[4] = NaN;
    const index = tableToIPC(
      new Table({
        latent_id: makeVector(ids),
        density: makeVector(f32(0.1)),
        eff_rank: makeVector(f32(2)),
        importance: makeVector(f32(1 / 12)),
        support: makeVector(new Uint16Array(12).fill(3)),
        umap_x: makeVector(x),
        umap_y: makeVector(f32(0)),
      }),
      'file',
    );
    const e2 = fileError(() =>
      readExplorerIndexFiles(indexFiles(withFile('index.feather', index))),
    );
    expect(e2.problem).toMatch(/umap_x of latent 4 is NaN/);
  });

  it('ids out of range: latent_id, neighbours, labels, context tokens', () => {
    const ids = Uint32Array.from({ length: 12 }, (_, i) => (i === 7 ? 12 : i));
    const f32 = (v: number) => new Float32Array(12).fill(v);
    const index = tableToIPC(
      new Table({
        latent_id: makeVector(ids),
        density: makeVector(f32(0.1)),
        eff_rank: makeVector(f32(2)),
        importance: makeVector(f32(1 / 12)),
        support: makeVector(new Uint16Array(12).fill(3)),
        umap_x: makeVector(f32(0)),
        umap_y: makeVector(f32(0)),
      }),
      'file',
    );
    const e1 = fileError(() =>
      readExplorerIndexFiles(indexFiles(withFile('index.feather', index))),
    );
    expect(e1.problem).toMatch(/latent_id in row 7 is 12, outside 0..11/);

    const name = latentFiles(3).json;
    const meta = JSON.parse(dec.decode(fixture.files.get(name))) as Record<string, unknown>;
    const e2 = fileError(() =>
      latent(withFile(name, json({ ...meta, neighbours: [[40, 0.5]] })), 3),
    );
    expect(e2.file).toBe(name);
    expect(e2.problem).toMatch(/neighbours\[0\]/);

    const e3 = fileError(() =>
      readExplorerIndexFiles(indexFiles(withFile('curated.json', json({ labels: { 99: 'x' } })))),
    );
    expect(e3.file).toBe('curated.json');
    expect(e3.problem).toMatch(/99/);

    const vocab = Object.fromEntries(fixture.source.vocab.slice(0, 10).map((t, i) => [i, t]));
    const e4 = fileError(() => latent(withFile('vocab.json', json(vocab)), 0));
    expect(e4.file).toBe(latentFiles(0).feather);
    expect(e4.problem).toMatch(/vocab\.json does not define/);
  });

  it('index.json without n_latents, and rows disagreeing with it', () => {
    const e1 = fileError(() =>
      readExplorerIndexFiles(
        indexFiles(withFile('index.json', json({ model_name: 'm', autoencoder: 'a' }))),
      ),
    );
    expect(e1.file).toBe('index.json');
    expect(e1.problem).toMatch(/"n_latents" is missing/);
    const e2 = fileError(() =>
      readExplorerIndexFiles(
        indexFiles(
          withFile('index.json', json({ model_name: 'm', autoencoder: 'a', n_latents: 13 })),
        ),
      ),
    );
    expect(e2.file).toBe('index.feather');
    expect(e2.problem).toMatch(/12 rows.*n_latents = 13/);
  });
});
