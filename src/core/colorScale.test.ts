// The diverging scale: centred at zero, symmetric in hue, clamped, monotonic toward each end.
import { describe, expect, it } from 'vitest';
import { NEUTRAL_RGB, divergingColors, divergingCss, divergingRgb, maxAbsOf } from './colorScale';

describe('diverging colour scale', () => {
  it('maps zero, NaN and a zero range to the neutral grey', () => {
    expect(divergingRgb(0, 3)).toEqual([...NEUTRAL_RGB]);
    expect(divergingRgb(NaN, 3)).toEqual([...NEUTRAL_RGB]);
    expect(divergingRgb(5, 0)).toEqual([...NEUTRAL_RGB]);
  });

  it('is red for positive values and blue for negative ones, clamped at ±maxAbs', () => {
    const [r, , b] = divergingRgb(2, 2);
    expect(r).toBeGreaterThan(b);
    const [r2, , b2] = divergingRgb(-2, 2);
    expect(b2).toBeGreaterThan(r2);
    expect(divergingRgb(10, 2)).toEqual(divergingRgb(2, 2));
    expect(divergingRgb(-10, 2)).toEqual(divergingRgb(-2, 2));
  });

  it('moves away from grey monotonically toward each end', () => {
    const dist = (c: number[]) => Math.hypot(...c.map((v, i) => v - (NEUTRAL_RGB[i] ?? 0)));
    let last = 0;
    for (let t = 0.1; t <= 1.0001; t += 0.1) {
      const d = dist(divergingRgb(t, 1));
      expect(d).toBeGreaterThan(last);
      last = d;
    }
    last = 0;
    for (let t = 0.1; t <= 1.0001; t += 0.1) {
      const d = dist(divergingRgb(-t, 1));
      expect(d).toBeGreaterThan(last);
      last = d;
    }
  });

  it('fills buffers and CSS colours consistently', () => {
    const buf = divergingColors([1, -1, 0], 1);
    expect(Array.from(buf.subarray(0, 3))).toEqual(
      Array.from(Float32Array.from(divergingRgb(1, 1))),
    );
    expect(divergingCss(0, 1)).toBe('rgb(158 158 163)');
    expect(maxAbsOf([1, -3, NaN, 2])).toBe(3);
    expect(maxAbsOf([])).toBe(0);
  });
});
