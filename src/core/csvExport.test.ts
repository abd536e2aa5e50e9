// The CSV exports: quoting, float32 text, the points layout (readable as a manifold CSV) and the
// spectrum layout.
import { describe, expect, it } from 'vitest';
import { csvField, float32Text, pointsCsv, spectrumCsv, writeCsv } from './csvExport';
import { splitCsv } from './manifoldCsv';

describe('csv export', () => {
  it('quotes only fields that need it, doubling quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(' cat')).toBe('" cat"');
    expect(csvField('<img src=x onerror=alert(1)>')).toBe('<img src=x onerror=alert(1)>');
    expect(csvField(1.5)).toBe('1.5');
    expect(csvField(NaN)).toBe('');
  });

  it('writes float32 values as their shortest round-trip text', () => {
    expect(float32Text(Math.fround(0.3))).toBe(0.3);
    expect(float32Text(Math.fround(-1.2345678e-5))).toBe(-0.000012345678);
    for (const v of [Math.PI, 1e-30, 123456.789, -0.1]) {
      expect(Math.fround(float32Text(v))).toBe(Math.fround(v));
    }
  });

  it('writes a header and rows that split back into the same fields', () => {
    const text = writeCsv(['a', 'b'], 2, (r, c) => (c === 0 ? r : `v,${r}`));
    expect(text).toBe('a,b\n0,"v,0"\n1,"v,1"\n');
    const back: string[][] = [];
    splitCsv(text, (f) => back.push(f));
    expect(back).toEqual([
      ['a', 'b'],
      ['0', 'v,0'],
      ['1', 'v,1'],
    ]);
  });

  it('writes points in the manifold-CSV layout plus row and context', () => {
    const text = pointsCsv({
      count: 2,
      xyz: Float32Array.from([0.1, 0.2, 0.3, 1, 2, 3]),
      value: Float32Array.from([0.5, -1]),
      token: (i) => ['cat', 'a "b"'][i] ?? '',
      row: (i) => [7, 9][i] ?? 0,
      context: (i) => ['the cat', 'x, y'][i] ?? '',
    });
    expect(text).toBe(
      ',x,y,z,value,token,row,context\n0,0.1,0.2,0.3,0.5,cat,7,the cat\n1,1,2,3,-1,"a ""b""",9,"x, y"\n',
    );
  });

  it('writes the full spectrum with the plotted axes marked', () => {
    expect(spectrumCsv([3, -2, 1, 0.5], [0, 2, 1])).toBe(
      'index,eigenvalue,axis\n0,3,x\n1,-2,z\n2,1,y\n3,0.5,\n',
    );
  });
});
