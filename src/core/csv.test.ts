// CSV text (core/csv): one writer for every export — quoting, formula neutralising in every file
// (numbers stay numbers), number text — whole documents that read back field for field, and the
// RFC 4180 reader.
import { describe, expect, it } from 'vitest';
import { csvField, formatNumber, parseCsv, splitCsv, toCsv, unneutralise, writeCsv } from './csv';

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

  it('neutralises every text cell a spreadsheet would run as a formula (OWASP)', () => {
    expect(csvField("=cmd|' /C calc'!A0")).toBe("'=cmd|' /C calc'!A0");
    expect(csvField('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
    expect(csvField('+1+1')).toBe("'+1+1");
    expect(csvField('-1+1')).toBe("'-1+1");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('\tx')).toBe("'\tx");
    expect(csvField('\rx')).toBe('"\'\rx"');
    // A text cell that already starts with quotes before a formula character gets one more, so
    // the mark can be told from the text.
    expect(csvField("'=x")).toBe("''=x");
    expect(csvField("'x")).toBe("'x");
    expect(csvField('x=1')).toBe('x=1');
  });

  it('writes numbers as numbers: negative values are not prefixed', () => {
    expect(csvField(-0.5)).toBe('-0.5');
    expect(csvField(-3)).toBe('-3');
    expect(csvField(1.5)).toBe('1.5');
    expect(csvField(NaN)).toBe('');
    expect(csvField(Infinity)).toBe('');
    expect(csvField(null)).toBe('');
    expect(csvField(Math.fround(0.1), formatNumber)).toBe('0.1');
    expect(formatNumber(1234567.89)).toBe('1234568');
  });

  it('reads back to the raw text with unneutralise', () => {
    for (const t of ['=1', '-', "'=x", "''+", "'x", 'plain', '@', '\t', "'"]) {
      expect(unneutralise(parseCsv(toCsv(['t'], [[t]]))[1]?.[0] ?? ''), t).toBe(t);
    }
  });
});

describe('toCsv / writeCsv / parseCsv', () => {
  it('writes a header and rows that split back into the same fields, LF by default', () => {
    const text = writeCsv(['a', 'b'], 2, (r, c) => (c === 0 ? r : `v,${r}`));
    expect(text).toBe('a,b\n0,"v,0"\n1,"v,1"\n');
    expect(parseCsv(text)).toEqual([
      ['a', 'b'],
      ['0', 'v,0'],
      ['1', 'v,1'],
    ]);
  });

  it('round-trips hostile text through a reader, with CRLF lines when asked', () => {
    const rows = [
      ['a,b', 'x"y', 'line\nbreak'],
      [' lead', 'trail ', ''],
    ];
    const text = toCsv(['c1', 'c2', 'c3'], rows, { eol: '\r\n' });
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

  it('reads a lone CR as text in LF or CRLF files, quoted or not, and as a line end in CR files', () => {
    expect(parseCsv('a,b\n1,"x\ry"\n2,p\rq\n')).toEqual([
      ['a', 'b'],
      ['1', 'x\ry'],
      ['2', 'p\rq'],
    ]);
    expect(parseCsv('a,b\r\n1,p\rq\r\n')).toEqual([
      ['a', 'b'],
      ['1', 'p\rq'],
    ]);
    expect(parseCsv('a,b\r1,2\r3,4')).toEqual([
      ['a', 'b'],
      ['1', '2'],
      ['3', '4'],
    ]);
  });

  it('rejects an unterminated quote with its line', () => {
    expect(() => splitCsv('a\n"open,1\n2\n', () => {}, 'f.csv')).toThrow(/line 2: .*never closed/);
  });
});
