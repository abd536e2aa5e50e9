// The atlas table: its CSV export (columns, label sources, neutralised labels, empty layout
// columns) and its sort orders. CSV quoting itself is tested in core/csv.test.ts.
import { describe, expect, it } from 'vitest';
import { atlasCsv, CSV_HEADER, sortIds, type TableSource } from './atlasTable';
import { parseCsv } from '../csv';

describe('atlas table', () => {
  const source: TableSource = {
    stats: {
      density: new Float32Array([0.5, NaN, 0.2]),
      rank: new Float32Array([3, 1, 2]),
      importance: new Float32Array([1, 2, 0.5]),
      support: new Float32Array([4, 4, 4]),
      captured: new Float32Array([0.9, 0.8, 0.7]),
      circularity: new Float32Array([0.75, NaN, 0.1]),
    },
    label: (k) =>
      [
        { text: 'year, "19xx"', automatic: false },
        { text: '=cmd', automatic: false },
        { text: 'the · a', automatic: true },
      ][k]!,
  };

  it('exports one row per composite with labels, their source, statistics and UMAP x/y', () => {
    const xy = new Float32Array([0.25, -1, 2, 3, 4, 5]);
    const rows = parseCsv(atlasCsv([0, 1, 2], source, xy));
    expect(rows[0]).toEqual(CSV_HEADER);
    expect(rows[0]).toEqual([
      'id',
      'label',
      'label_source',
      'density',
      'rank',
      'importance',
      'support',
      'captured',
      'circularity',
      'umap_x',
      'umap_y',
    ]);
    expect(rows[1]).toEqual([
      '0',
      'year, "19xx"',
      'user',
      '0.5',
      '3',
      '1',
      '4',
      '0.9',
      '0.75',
      '0.25',
      '-1',
    ]);
    expect(rows[2]).toEqual(['1', "'=cmd", 'user', '', '1', '2', '4', '0.8', '', '2', '3']);
    expect(rows[3]?.slice(0, 3)).toEqual(['2', 'the · a', 'auto']);
    expect(rows.length).toBe(4);
    // Without a layout the position columns are empty.
    expect(parseCsv(atlasCsv([2], source, null))[1]?.slice(-2)).toEqual(['', '']);
  });

  it('sorts by a statistic with NaN last in both directions, by label, and by id', () => {
    expect(sortIds([0, 1, 2], 'rank', false, source)).toEqual([1, 2, 0]);
    expect(sortIds([0, 1, 2], 'importance', true, source)).toEqual([1, 0, 2]);
    expect(sortIds([0, 1, 2], 'density', false, source)).toEqual([2, 0, 1]);
    expect(sortIds([0, 1, 2], 'density', true, source)).toEqual([0, 2, 1]);
    expect(sortIds([0, 1, 2], 'label', false, source)).toEqual([1, 2, 0]);
    expect(sortIds([2, 0, 1], 'id', true, source)).toEqual([2, 1, 0]);
  });
});
