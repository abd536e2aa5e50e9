// The latent view's CSV exports: float32 text, the points layout (readable as a manifold CSV) and
// the spectrum layout, safe to open in a spreadsheet. Quoting is core/csv's, tested in csv.test.ts.
import { describe, expect, it } from 'vitest';
import { float32Text, pointsCsv, spectrumCsv } from './csvExport';
import { parseManifoldCsv } from './manifoldCsv';

describe('csv export', () => {
  it('writes float32 values as their shortest round-trip text', () => {
    expect(float32Text(Math.fround(0.3))).toBe(0.3);
    expect(float32Text(Math.fround(-1.2345678e-5))).toBe(-0.000012345678);
    for (const v of [Math.PI, 1e-30, 123456.789, -0.1]) {
      expect(Math.fround(float32Text(v))).toBe(Math.fround(v));
    }
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

  it('neutralises formula tokens, keeps negative numbers as numbers, and reads back raw', () => {
    const tokens = [
      "=cmd|' /C calc'!A0",
      '=HYPERLINK("http://x")',
      '+1+1',
      '-1+1',
      '@SUM(A1)',
      '\tx',
      '\rx',
      '-',
    ];
    const text = pointsCsv({
      count: tokens.length,
      xyz: tokens.flatMap(() => [-0.5, -1, 2]),
      value: tokens.map(() => -0.25),
      token: (i) => tokens[i] ?? '',
      row: (i) => i,
      context: (i) => `=ctx ${i}`,
    });
    const lines = text.split('\n');
    expect(lines[1]).toBe("0,-0.5,-1,2,-0.25,'=cmd|' /C calc'!A0,0,'=ctx 0");
    expect(lines[4]).toBe("3,-0.5,-1,2,-0.25,'-1+1,3,'=ctx 3");
    for (const line of lines.slice(1, -1)) {
      // Every text cell starts with the mark or a quote; no cell starts with a formula character.
      expect(line.split(',').filter((f) => /^[=+@\t\r]/.test(f))).toEqual([]);
    }
    const back = parseManifoldCsv(text, 'export.csv');
    expect(back.token).toEqual(tokens);
    expect(Array.from(back.value)).toEqual(tokens.map(() => -0.25));
  });

  it('writes the full spectrum with the plotted axes marked', () => {
    expect(spectrumCsv([3, -2, 1, 0.5], [0, 2, 1])).toBe(
      'index,eigenvalue,axis\n0,3,x\n1,-2,z\n2,1,y\n3,0.5,\n',
    );
  });
});
