// Axis ticks (core/ticks): 1-2-5 steps, integer ticks on count axes, never outside the axis, and
// labels with one number of decimals per axis; label placement inside the chart.
import { describe, expect, it } from 'vitest';
import { labelX, niceTicks, tickLabels } from './ticks';
import { seededRandom } from './random';

describe('niceTicks', () => {
  it('falls on 1-2-5 steps', () => {
    expect(niceTicks(0, 1)).toEqual({
      values: [0, 0.2, 0.4, 0.6, 0.8, 1],
      step: 0.2,
      labels: ['0.0', '0.2', '0.4', '0.6', '0.8', '1.0'],
    });
    expect(niceTicks(0.994, 1).labels).toEqual([
      '0.994',
      '0.995',
      '0.996',
      '0.997',
      '0.998',
      '0.999',
      '1.000',
    ]);
    expect(niceTicks(-3.2, 7.9).values).toEqual([-2, 0, 2, 4, 6]);
    expect(niceTicks(0, 0.3).values).toEqual([0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3]);
    expect(niceTicks(12, 1800).values).toEqual([500, 1000, 1500]);
  });

  it('gives integer ticks on a count axis, never the -0.5 of a bin edge', () => {
    expect(niceTicks(-0.5, 6.5, { integer: true }).values).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(niceTicks(-0.5, 40.5, { integer: true }).values).toEqual([0, 10, 20, 30, 40]);
    expect(niceTicks(0, 3, { integer: true }).values).toEqual([0, 1, 2, 3]);
    expect(niceTicks(1, 200, { integer: true }).labels).toEqual(['50', '100', '150', '200']);
    expect(niceTicks(0.2, 0.7, { integer: true }).values).toEqual([]);
  });

  it('never puts a tick outside the axis, and always puts one inside', () => {
    const r = seededRandom(7);
    for (let i = 0; i < 2000; i++) {
      const scale = 10 ** Math.floor(r() * 16 - 8);
      const a = (r() - 0.5) * scale;
      const b = a + r() * scale;
      const t = niceTicks(a, b, { count: 3 + Math.floor(r() * 5) });
      const tol = (b - a) * 1e-9;
      expect(t.values.length, `${a}..${b}`).toBeGreaterThan(0);
      expect(t.values.length).toBeLessThanOrEqual(2 * 7 + 2);
      for (const v of t.values) {
        expect(v >= a - tol && v <= b + tol, `${v} outside ${a}..${b}`).toBe(true);
      }
      expect(new Set(t.labels).size, t.labels.join(' ')).toBe(t.labels.length);
    }
  });

  it('handles a single value and NaN', () => {
    expect(niceTicks(5, 5).values).toEqual([5]);
    expect(niceTicks(NaN, 1).values).toEqual([]);
  });
});

describe('tickLabels', () => {
  it('writes one number of decimals per axis, and exponents for extreme axes', () => {
    expect(tickLabels([-0.5, 0, 0.5], 0.5)).toEqual(['-0.5', '0.0', '0.5']);
    expect(tickLabels([0, 5e6, 1e7], 5e6)).toEqual(['0', '5.0e+6', '1.0e+7']);
    expect(tickLabels([2e-5, 4e-5], 2e-5)).toEqual(['2e-5', '4e-5']);
    expect(tickLabels([1.5e-4, 2e-4], 5e-5)).toEqual(['1.5e-4', '2.0e-4']);
  });
});

describe('labelX', () => {
  it('keeps a label inside the chart, moving the end labels in', () => {
    expect(labelX(100, 4, 360, 6)).toBe(100);
    expect(labelX(350, 4, 360, 6)).toBe(348);
    expect(labelX(2, 4, 360, 6)).toBe(12);
  });
});
