// coactivation against a textbook float64 Pearson written here (sums of products, not the
// centred-row route), on the planted fixture: 0 and 1 co-fire (≈ 1), the rest near 0, the
// constant composite flagged; float64 output within 1e-9, float32 output one rounding away.
import { describe, expect, it } from 'vitest';
import { coactivation } from './coactivation';
import { C, N, plantedFixture } from './testFixture';

/** Reference Pearson r of rows i and j of h [C, N]: NaN when either is constant. */
function referencePearson(h: Float32Array, i: number, j: number): number {
  const x = Array.from(h.subarray(i * N, (i + 1) * N));
  const y = Array.from(h.subarray(j * N, (j + 1) * N));
  const mx = x.reduce((s, v) => s + v, 0) / N;
  const my = y.reduce((s, v) => s + v, 0) / N;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let t = 0; t < N; t++) {
    sxy += ((x[t] as number) - mx) * ((y[t] as number) - my);
    sxx += ((x[t] as number) - mx) ** 2;
    syy += ((y[t] as number) - my) ** 2;
  }
  return sxx === 0 || syy === 0 ? NaN : sxy / Math.sqrt(sxx * syy);
}

describe('coactivation', () => {
  const { h } = plantedFixture();

  it('matches the float64 reference to 1e-9 and finds the planted co-firing pair', () => {
    const { corr, constant } = coactivation(h, C, N, new Float64Array(C * C));
    expect([...constant]).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 1]);
    for (let i = 0; i < C; i++) {
      for (let j = 0; j < C; j++) {
        const ref = referencePearson(h, i, j);
        const want = Number.isNaN(ref) ? 0 : ref;
        expect(Math.abs((corr[i * C + j] as number) - want)).toBeLessThan(1e-9);
        expect(corr[i * C + j]).toBe(corr[j * C + i]);
      }
    }
    expect(corr[0 * C + 1]).toBeGreaterThan(0.99);
    for (let j = 2; j < C; j++) {
      expect(Math.abs(corr[0 * C + j] as number)).toBeLessThan(0.2);
      expect(Math.abs(corr[1 * C + j] as number)).toBeLessThan(0.2);
    }
    expect(corr[8 * C + 8]).toBe(0);
    expect(corr[0]).toBe(1);
  });

  it('rounds once into float32 by default', () => {
    const f64 = coactivation(h, C, N, new Float64Array(C * C)).corr;
    const f32 = coactivation(h, C, N).corr;
    expect(f32).toBeInstanceOf(Float32Array);
    for (let i = 0; i < C * C; i++) expect(f32[i]).toBe(Math.fround(f64[i] as number));
  });

  it('rejects bad sizes and non-finite values', () => {
    expect(() => coactivation(h, C, N + 1)).toThrow(/need C·N/);
    expect(() => coactivation(Float32Array.of(1, NaN), 1, 2)).toThrow(/h\[0, 1\] is NaN/);
    expect(() => coactivation(h, C, N, new Float32Array(3))).toThrow(/need C²/);
  });
});
