import { describe, expect, it } from 'vitest';
import { atlasCsv, CSV_HEADER, sortIds, type TableSource } from './atlasTable';
import { csvField, formatNumber, parseCsv, toCsv } from './csv';

describe('csvField', () => {
  it('quotes commas, quotes, line breaks and edge spaces, doubling quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\rhere')).toBe('"cr\rhere"');
    expect(csvField(' the')).toBe('" the"');
    expect(csvField('<img src=x onerror=alert(1)>')).toBe('<img src=x onerror=alert(1)>');
  });

  it('neutralises text a spreadsheet would run as a formula', () => {
    expect(csvField('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('-2+3')).toBe("'-2+3");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
  });

  it('writes numbers with 7 significant digits, empty for NaN/∞ and null', () => {
    expect(csvField(Math.fround(0.1))).toBe('0.1');
    expect(csvField(-0.5)).toBe('-0.5');
    expect(csvField(12)).toBe('12');
    expect(formatNumber(1234567.89)).toBe('1234568');
    expect(csvField(NaN)).toBe('');
    expect(csvField(Infinity)).toBe('');
    expect(csvField(null)).toBe('');
  });
});

describe('toCsv / parseCsv', () => {
  it('round-trips hostile text through a reader', () => {
    const rows = [
      ['a,b', 'x"y', 'line\nbreak'],
      [' lead', 'trail ', ''],
    ];
    const text = toCsv(['c1', 'c2', 'c3'], rows);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(parseCsv(text)).toEqual([['c1', 'c2', 'c3'], ...rows]);
  });
});

describe('atlas table', () => {
  const source: TableSource = {
    stats: {
      density: new Float32Array([0.5, NaN, 0.2]),
      rank: new Float32Array([3, 1, 2]),
      importance: new Float32Array([1, 2, 0.5]),
      support: new Float32Array([4, 4, 4]),
      captured: new Float32Array([0.9, 0.8, 0.7]),
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
      '0.25',
      '-1',
    ]);
    expect(rows[2]).toEqual(['1', "'=cmd", 'user', '', '1', '2', '4', '0.8', '2', '3']);
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
