// core's checks of the explorer layout on hand-built inputs (no Arrow): each bad value fails with
// a BaeFileError naming the file and the field; good values come back as the app shows them.
import { describe, expect, it } from 'vitest';
import { BaeFileError } from '../errors';
import {
  latentPointContext,
  readExplorerMeta,
  readExplorerStats,
  readExplorerVocab,
  readLatentMeta,
  readLatentPoints,
} from './read';
import type { DecodedColumn, DecodedTable } from './table';

function fileError(run: () => unknown): BaeFileError {
  try {
    run();
  } catch (err) {
    if (err instanceof BaeFileError) return err;
    throw err;
  }
  throw new Error('expected a BaeFileError');
}

const col = (
  name: string,
  values: DecodedColumn['values'],
  kind: DecodedColumn['kind'],
  listSize = 0,
): DecodedColumn => ({
  name,
  type: name,
  kind,
  bits: 32,
  itemKind: kind === 'list' ? 'int' : null,
  listSize,
  nullCount: 0,
  values,
});

const meta = { modelName: 'm', autoencoder: 'a', nLatents: 3 };
const index = (over: Partial<Record<string, DecodedColumn>> = {}): DecodedTable => ({
  fileName: 'index.feather',
  rows: 3,
  columns: Object.values({
    latent_id: col('latent_id', Uint32Array.of(2, 0, 1), 'uint'),
    density: col('density', Float32Array.of(0.5, 0.1, NaN), 'float'),
    eff_rank: col('eff_rank', Float32Array.of(1, 2, 3), 'float'),
    importance: col('importance', Float32Array.of(0.5, 0.25, 0.25), 'float'),
    support: col('support', Uint16Array.of(4, 5, 6), 'uint'),
    umap_x: col('umap_x', Float32Array.of(1, 2, 3), 'float'),
    umap_y: col('umap_y', Float32Array.of(-1, -2, -3), 'float'),
    ...over,
  }).filter((c): c is DecodedColumn => c !== undefined),
});

describe('readExplorerStats', () => {
  it('places rows by latent_id and keeps NaN density as a note', () => {
    const s = readExplorerStats(index(), meta);
    expect(Array.from(s.umap)).toEqual([2, -2, 3, -3, 1, -1]);
    expect(Array.from(s.support)).toEqual([5, 6, 4]);
    expect(s.density[1]).toBeNaN();
    expect(Array.from(s.importance)).toEqual([0.75, 0.75, 1.5]);
    expect(s.notes.join()).toMatch(/density is NaN for 1 latents/);
  });

  it('refuses a short column (a damaged file), a duplicate id, an infinite rank', () => {
    const short = fileError(() =>
      readExplorerStats(index({ umap_y: col('umap_y', Float32Array.of(1, 2), 'float') }), meta),
    );
    expect(short.file).toBe('index.feather');
    expect(short.problem).toMatch(/"umap_y" holds 2 values for 3 rows/);
    const dup = fileError(() =>
      readExplorerStats(
        index({ latent_id: col('latent_id', Uint32Array.of(0, 0, 1), 'uint') }),
        meta,
      ),
    );
    expect(dup.problem).toMatch(/latent_id 0 appears twice/);
    const inf = fileError(() =>
      readExplorerStats(
        index({ eff_rank: col('eff_rank', Float32Array.of(1, Infinity, 2), 'float') }),
        meta,
      ),
    );
    expect(inf.problem).toMatch(/eff_rank of latent 0 is Infinity/);
    const missing = fileError(() => readExplorerStats(index({ support: undefined }), meta));
    expect(missing.problem).toMatch(/no column "support"/);
  });
});

describe('JSON files', () => {
  it('index.json needs its three fields', () => {
    expect(readExplorerMeta('{"model_name":"g","autoencoder":"a","n_latents":4}')).toEqual({
      modelName: 'g',
      autoencoder: 'a',
      nLatents: 4,
    });
    expect(fileError(() => readExplorerMeta('{"model_name":"g","n_latents":4}')).problem).toMatch(
      /"autoencoder" is missing/,
    );
    expect(fileError(() => readExplorerMeta('{"model_name"')).file).toBe('index.json');
  });

  it('vocab.json: ids must be plain; byte-level BPE is decoded', () => {
    expect(fileError(() => readExplorerVocab('{"01":"a"}')).problem).toMatch(/not an id/);
    const v = readExplorerVocab('{"0":"Ġthe","1":"Ċ","2":"a"}');
    expect(v.byteLevel).toBe(true);
    expect(v.text).toEqual([' the', '\n', 'a']);
  });

  it('latent json: edges must increase, one more than counts; NaN written as a word fails', () => {
    const base = { eigvals: [1, -3, 2], origin: [0, 0, 0], neighbours: [[1, 0.5]] };
    const ok = readLatentMeta(
      JSON.stringify({ ...base, histogram: { counts: [1, 2], edges: [0, 1, 2] } }),
      'latent_00000.json',
      0,
      3,
    );
    expect(Array.from(ok.values)).toEqual([-3, 2, 1]);
    const e1 = fileError(() =>
      readLatentMeta(
        JSON.stringify({ ...base, histogram: { counts: [1, 2], edges: [0, 2, 1] } }),
        'latent_00000.json',
        0,
        3,
      ),
    );
    expect(e1.problem).toMatch(/edges\[2\].*must increase/);
    const e2 = fileError(() => readLatentMeta('{"eigvals":[NaN]}', 'latent_00000.json', 0, 3));
    expect(e2.problem).toMatch(/NaN or Infinity/);
  });
});

describe('readLatentPoints', () => {
  const vocab = { raw: ['a', 'b', 'c'] };
  const table = (context: Int32Array, x = Int16Array.of(32767, -32767)): DecodedTable => ({
    fileName: 'latent_00001.feather',
    rows: 2,
    columns: [
      col('x', x, 'int'),
      col('y', Int16Array.of(0, 0), 'int'),
      col('z', Int16Array.of(0, 0), 'int'),
      col('h', Int8Array.of(127, -64), 'int'),
      col('context', context, 'list', 3),
    ],
  });

  it('scales the wire values and finds the firing token at len >> 1', () => {
    const p = readLatentPoints(table(Int32Array.of(-1, 1, 2, 0, 2, -1)), vocab);
    expect(Array.from(p.xyz)).toEqual([1, 0, 0, -1, 0, 0]);
    expect(p.h[1]).toBeCloseTo(-64 / 127, 7);
    expect(latentPointContext(p, ['a', 'b', 'c'], 0)).toEqual({
      before: '',
      token: 'b',
      after: 'c',
    });
    expect(latentPointContext(p, ['a', 'b', 'c'], 1)).toEqual({
      before: 'a',
      token: 'c',
      after: '',
    });
  });

  it('refuses padding at the firing slot and tokens outside the vocabulary', () => {
    expect(
      fileError(() => readLatentPoints(table(Int32Array.of(0, -1, 2, 0, 2, 1)), vocab)).problem,
    ).toMatch(/firing token .* is padding/);
    const e = fileError(() => readLatentPoints(table(Int32Array.of(0, 1, 2, 0, 9, 1)), vocab));
    expect(e.file).toBe('latent_00001.feather');
    expect(e.problem).toMatch(/context\[1, 1\] is token 9/);
  });
});
