// Number formatting (core/numberFormat): one rule for a statistic, a column formatter whose
// digits tell the column's values apart (the atlas list's importance 0.994–1.0 no longer reads
// "1" on every row), exact counts, and activations with a sign.
import { describe, expect, it } from 'vitest';
import {
  formatCount,
  formatShare,
  formatSig,
  formatSimilarity,
  formatterFor,
  formatValue,
} from './numberFormat';

describe('formatSig', () => {
  it('writes significant digits without trailing zeros, exponents outside [0.001, 1e6)', () => {
    expect(formatSig(0.123456)).toBe('0.123');
    expect(formatSig(0.123456, 5)).toBe('0.12346');
    expect(formatSig(0.994)).toBe('0.994');
    expect(formatSig(0.9996)).toBe('1');
    expect(formatSig(-2.5)).toBe('-2.5');
    expect(formatSig(12345.6)).toBe('12300');
    expect(formatSig(1.23456e-5)).toBe('1.23e-5');
    expect(formatSig(2e7 + 0.5)).toBe('2e+7');
    expect(formatSig(0)).toBe('0');
    expect(formatSig(NaN)).toBe('—');
  });

  it('writes integers exactly', () => {
    expect(formatSig(12345)).toBe('12345');
    expect(formatSig(-7)).toBe('-7');
  });
});

describe('formatterFor', () => {
  it('tells apart the bundled model importance column (0.994–1.0)', () => {
    const column = [0.99437, 0.99712, 1, 0.99958, 0.99951];
    const f = formatterFor(Float32Array.from(column));
    const shown = column.map((v) => f(Math.fround(v)));
    expect(new Set(shown).size).toBe(column.length);
    expect(shown).toEqual(['0.9944', '0.9971', '1', '0.9996', '0.9995']);
    // Three digits were not enough (0.994, 0.997, 1, 1, 1).
    expect(column.map((v) => formatSig(v))).toContain('1');
  });

  it('uses 3 digits when they suffice and caps at 6', () => {
    expect(formatterFor([0.12, 3.45, 99.1])(3.4512)).toBe('3.45');
    const f = formatterFor([1.0000001, 1.0000002]);
    expect(f(1.0000001)).toBe('1');
  });

  it('writes counts exactly', () => {
    const f = formatterFor([1, 4, 16384, NaN]);
    expect(f(16384)).toBe('16384');
    expect(f(4)).toBe('4');
    expect(f(NaN)).toBe('—');
  });
});

describe('counts, shares and values', () => {
  it('formats each kind', () => {
    expect(formatCount(65536)).toBe('65,536');
    expect(formatShare(0.12345)).toBe('12.3%');
    expect(formatShare(0.12345, 2)).toBe('12.35%');
    expect(formatShare(NaN)).toBe('—');
    expect(formatValue(0.5)).toBe('+0.5000');
    expect(formatValue(-12345)).toBe('-1.23e+4');
    expect(formatValue(NaN)).toBe('—');
  });
});

describe('formatSimilarity', () => {
  it('writes three decimals with a sign, whatever the measure', () => {
    expect(formatSimilarity(0.61234)).toBe('+0.612');
    expect(formatSimilarity(-0.0042)).toBe('-0.004');
    expect(formatSimilarity(0.0009)).toBe('+0.001');
    expect(formatSimilarity(-0.0001)).toBe('+0.000');
    expect(formatSimilarity(1)).toBe('+1.000');
    expect(formatSimilarity(NaN)).toBe('—');
  });
});
