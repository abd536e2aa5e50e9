// CSV text (core/csv): quoting in both dialects, formula neutralising only in the spreadsheet
// one, number text, whole documents that read back field for field, and the RFC 4180 reader.
import { describe, expect, it } from 'vitest';
import {
  DATA_CSV,
  SPREADSHEET_CSV,
  csvField,
  formatNumber,
  parseCsv,
  splitCsv,
  toCsv,
  writeCsv,
} from './csv';

describe('csvField, data dialect', () => {
  it('quotes only fields that need it, doubling quotes', () => {
    expect(csvField('plain', DATA_CSV)).toBe('plain');
    expect(csvField('a,b', DATA_CSV)).toBe('"a,b"');
    expect(csvField('say "hi"', DATA_CSV)).toBe('"say ""hi"""');
    expect(csvField('two\nlines', DATA_CSV)).toBe('"two\nlines"');
    expect(csvField(' cat', DATA_CSV)).toBe('" cat"');
    expect(csvField('<img src=x onerror=alert(1)>', DATA_CSV)).toBe('<img src=x onerror=alert(1)>');
    expect(csvField(1.5, DATA_CSV)).toBe('1.5');
    expect(csvField(NaN, DATA_CSV)).toBe('');
  });

  it('writes a header and rows that split back into the same fields', () => {
    const text = writeCsv(['a', 'b'], 2, (r, c) => (c === 0 ? r : `v,${r}`), DATA_CSV);
    expect(text).toBe('a,b\n0,"v,0"\n1,"v,1"\n');
    const back: string[][] = [];
    splitCsv(text, (f) => back.push(f));
    expect(back).toEqual([
      ['a', 'b'],
      ['0', 'v,0'],
      ['1', 'v,1'],
    ]);
  });
});

describe('csvField, spreadsheet dialect', () => {
  it('quotes commas, quotes, line breaks and edge spaces, doubling quotes', () => {
    expect(csvField('plain', SPREADSHEET_CSV)).toBe('plain');
    expect(csvField('a,b', SPREADSHEET_CSV)).toBe('"a,b"');
    expect(csvField('say "hi"', SPREADSHEET_CSV)).toBe('"say ""hi"""');
    expect(csvField('two\nlines', SPREADSHEET_CSV)).toBe('"two\nlines"');
    expect(csvField('cr\rhere', SPREADSHEET_CSV)).toBe('"cr\rhere"');
    expect(csvField(' the', SPREADSHEET_CSV)).toBe('" the"');
    expect(csvField('<img src=x onerror=alert(1)>', SPREADSHEET_CSV)).toBe(
      '<img src=x onerror=alert(1)>',
    );
  });

  it('neutralises text a spreadsheet would run as a formula', () => {
    expect(csvField('=HYPERLINK("http://x")', SPREADSHEET_CSV)).toBe(
      '"\'=HYPERLINK(""http://x"")"',
    );
    expect(csvField('+1', SPREADSHEET_CSV)).toBe("'+1");
    expect(csvField('-2+3', SPREADSHEET_CSV)).toBe("'-2+3");
    expect(csvField('@SUM(A1)', SPREADSHEET_CSV)).toBe("'@SUM(A1)");
  });

  it('writes numbers with 7 significant digits, empty for NaN/∞ and null', () => {
    expect(csvField(Math.fround(0.1), SPREADSHEET_CSV)).toBe('0.1');
    expect(csvField(-0.5, SPREADSHEET_CSV)).toBe('-0.5');
    expect(csvField(12, SPREADSHEET_CSV)).toBe('12');
    expect(formatNumber(1234567.89)).toBe('1234568');
    expect(csvField(NaN, SPREADSHEET_CSV)).toBe('');
    expect(csvField(Infinity, SPREADSHEET_CSV)).toBe('');
    expect(csvField(null, SPREADSHEET_CSV)).toBe('');
  });
});

describe('toCsv / parseCsv', () => {
  it('round-trips hostile text through a reader', () => {
    const rows = [
      ['a,b', 'x"y', 'line\nbreak'],
      [' lead', 'trail ', ''],
    ];
    const text = toCsv(['c1', 'c2', 'c3'], rows, SPREADSHEET_CSV);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(parseCsv(text)).toEqual([['c1', 'c2', 'c3'], ...rows]);
  });
});

describe('splitCsv', () => {
  it('splits quoted fields with commas, doubled quotes and newlines, and reports start lines', () => {
    const records: [string[], number][] = [];
    splitCsv('a,"b,c","say ""hi"""\r\n1,"two\nlines",3\n\n4,,\n', (f, line) =>
      records.push([f, line]),
    );
    expect(records).toEqual([
      [['a', 'b,c', 'say "hi"'], 1],
      [['1', 'two\nlines', '3'], 2],
      [['4', '', ''], 5],
    ]);
  });

  it('handles a missing final newline and a byte-order mark', () => {
    const records: string[][] = [];
    splitCsv('\ufeffx,y\n1,2', (f) => records.push(f));
    expect(records).toEqual([
      ['x', 'y'],
      ['1', '2'],
    ]);
  });

  it('rejects an unterminated quote with its line', () => {
    expect(() => splitCsv('a\n"open,1\n2\n', () => {}, 'f.csv')).toThrow(/line 2: .*never closed/);
  });
});
