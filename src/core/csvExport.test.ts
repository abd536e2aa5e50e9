// The latent view's CSV exports: float32 text, the points layout (readable as a manifold CSV) and
// the spectrum layout. Quoting is core/csv's, tested in csv.test.ts.
import { describe, expect, it } from 'vitest';
import { float32Text, pointsCsv, spectrumCsv } from './csvExport';

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

  it('writes the full spectrum with the plotted axes marked', () => {
    expect(spectrumCsv([3, -2, 1, 0.5], [0, 2, 1])).toBe(
      'index,eigenvalue,axis\n0,3,x\n1,-2,z\n2,1,y\n3,0.5,\n',
    );
  });
});
