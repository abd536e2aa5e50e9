import { describe, expect, it } from 'vitest';
import {
  colourAt,
  colours,
  cssGradient,
  fromUnit,
  MISSING_RGB,
  sizesByImportance,
  statScale,
  ticks,
  toUnit,
  VIRIDIS,
} from './colorScale';

describe('statScale', () => {
  it('is linear for values in [0, 1] and log for positive values spanning ≥ 2 decades', () => {
    expect(statScale('density', [0.1, 0.5, 0.9]).kind).toBe('linear');
    const imp = statScale('importance', [0.01, 1, 30]);
    expect(imp).toMatchObject({ kind: 'log', min: 0.01, max: 30, finite: 3 });
    // A zero (or negative) value rules out log.
    expect(statScale('importance', [0, 1, 1000]).kind).toBe('linear');
  });

  it('ignores NaN and infinities, and copes with no or one value', () => {
    expect(statScale('rank', [NaN, 2, Infinity, 4])).toMatchObject({ min: 2, max: 4, finite: 2 });
    expect(statScale('rank', [NaN]).finite).toBe(0);
    const one = statScale('rank', [3, 3]);
    expect(toUnit(one, 3)).toBe(0.5);
  });
});

describe('toUnit / fromUnit', () => {
  it('map the domain ends to 0 and 1, and invert each other', () => {
    for (const s of [statScale('rank', [1, 9]), statScale('importance', [0.001, 10])]) {
      expect(toUnit(s, s.min)).toBeCloseTo(0, 12);
      expect(toUnit(s, s.max)).toBeCloseTo(1, 12);
      for (const t of [0.1, 0.5, 0.77]) expect(toUnit(s, fromUnit(s, t))).toBeCloseTo(t, 10);
    }
  });

  it('puts a geometric midpoint at 0.5 on a log scale', () => {
    const s = statScale('importance', [0.01, 100]);
    expect(toUnit(s, 1)).toBeCloseTo(0.5, 12);
  });

  it('clamps outside the domain and gives NaN for unplaceable values', () => {
    const s = statScale('importance', [0.01, 100]);
    expect(toUnit(s, 1e6)).toBe(1);
    expect(toUnit(s, -1)).toBeNaN();
    expect(toUnit(s, NaN)).toBeNaN();
  });
});

describe('colour map', () => {
  it('starts and ends on viridis, interpolates between stops, and greys out NaN', () => {
    expect(colourAt(0)).toEqual([...VIRIDIS[0]!]);
    expect(colourAt(1)).toEqual([...VIRIDIS.at(-1)!]);
    const mid = colourAt(0.05);
    for (let c = 0; c < 3; c++) {
      expect(mid[c]).toBeCloseTo((VIRIDIS[0]![c]! + VIRIDIS[1]![c]!) / 2, 10);
    }
    expect(colourAt(NaN)).toEqual([...MISSING_RGB]);
  });

  it('is sequential: luminance rises monotonically', () => {
    let last = -1;
    for (let t = 0; t <= 1; t += 0.01) {
      const [r, g, b] = colourAt(t);
      const y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
      expect(y).toBeGreaterThan(last);
      last = y;
    }
  });

  it('colours an array as [n, 3] and writes a CSS gradient of the same stops', () => {
    const s = statScale('rank', [1, 2]);
    const rgb = colours(s, [1, NaN, 2]);
    expect(rgb.length).toBe(9);
    expect(Array.from(rgb.subarray(3, 6))).toEqual(MISSING_RGB.map(Math.fround));
    expect(cssGradient()).toMatch(/^linear-gradient\(to right, rgb\(68 1 84\) 0\.0%/);
  });
});

describe('ticks and labels', () => {
  it('gives powers of ten on a log scale and ends + middle on a linear one', () => {
    expect(ticks(statScale('importance', [0.02, 50])).map((t) => t.value)).toEqual([0.1, 1, 10]);
    expect(ticks(statScale('rank', [2, 4])).map((t) => t.value)).toEqual([2, 3, 4]);
    expect(ticks(statScale('rank', [NaN]))).toEqual([]);
  });
});

describe('sizesByImportance', () => {
  it('grows point area with log importance between the limits', () => {
    const s = sizesByImportance([0.1, 1, 10, NaN, 0], 4, 16);
    expect(s[0]).toBeCloseTo(4, 6);
    expect(s[2]).toBeCloseTo(16, 6);
    // The log midpoint gets the mean area.
    expect(s[1]! ** 2).toBeCloseTo((16 + 256) / 2, 3);
    expect(s[3]).toBe(4);
    expect(s[4]).toBe(4);
  });
});
