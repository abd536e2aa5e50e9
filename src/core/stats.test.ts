// The statistics' definitions (DESIGN.md §2) checked on values worked out by hand, so that a
// wrong formula, a wrong NaN convention or an off-by-one in ranking fails here — independently
// of the engine, which calls these functions.
import { describe, expect, it } from 'vitest';
import {
  capturedShare,
  columnHistogram,
  effectiveRank,
  formNeighbours,
  hoyerDensity,
  hoyerFromSums,
  isSparse,
  normaliseToMeanOne,
  supportOf,
  topRowsOfColumn,
} from './stats';

describe('Hoyer density (‖h‖₁/‖h‖₂ − 1)/(√n − 1)', () => {
  it('is 0 for one firing row and 1 for equal firing everywhere', () => {
    expect(hoyerDensity([0, 7, 0, 0])).toBe(0);
    expect(hoyerDensity([2, -2, 2, 2])).toBe(1);
  });
  it('matches hand-worked values', () => {
    // [3, 4]: ‖·‖₁ = 7, ‖·‖₂ = 5 → (1.4 − 1)/(√2 − 1) = 0.4/0.414213562…
    expect(hoyerDensity([3, 4])).toBeCloseTo(0.965685424949238, 14);
    // [1, −1, 0, 0]: ‖·‖₁ = 2, ‖·‖₂ = √2 → (√2 − 1)/(2 − 1)
    expect(hoyerDensity([1, -1, 0, 0])).toBeCloseTo(0.414213562373095, 14);
    expect(hoyerFromSums(7, 25, 2)).toBeCloseTo(0.965685424949238, 14);
  });
  it('is undefined (NaN) for one row or an all-zero column', () => {
    expect(hoyerDensity([5])).toBeNaN();
    expect(hoyerDensity([0, 0, 0])).toBeNaN();
    expect(hoyerFromSums(0, 0, 10)).toBeNaN();
    expect(hoyerFromSums(3, 9, 1)).toBeNaN();
  });
});

describe('effective rank (Σ|λ|)²/Σλ²', () => {
  it('matches hand-worked values', () => {
    expect(effectiveRank([3, -1])).toBeCloseTo(1.6, 14); // 16/10
    expect(effectiveRank([2, 2, -2])).toBeCloseTo(3, 14); // 36/12
    expect(effectiveRank([-5])).toBe(1);
  });
  it('skips NaN padding and is NaN for a zero form', () => {
    expect(effectiveRank([1, Number.NaN, -1, Number.NaN])).toBeCloseTo(2, 14);
    expect(effectiveRank([0, 0, 0])).toBeNaN();
  });
});

describe('captured (|λ₁|+|λ₂|+|λ₃|)/Σ|λ|', () => {
  it('takes the three largest |λ| whatever their order and sign', () => {
    // |λ| = 1, 5, 2, 3, 4: top three 5 + 4 + 3 = 12 of 15.
    expect(capturedShare([1, -5, 2, 3, -4])).toBeCloseTo(0.8, 14);
    expect(capturedShare([4, -3, 2, 1])).toBeCloseTo(0.9, 14);
  });
  it('is 1 with three or fewer eigenvalues, NaN for a zero form', () => {
    expect(capturedShare([1, -1])).toBe(1);
    expect(capturedShare([0, 0, 0, 0])).toBeNaN();
    expect(capturedShare([2, Number.NaN, 2, 2, 2])).toBeCloseTo(0.75, 14);
  });
});

describe('importance normalisation and support', () => {
  it('divides by the mean; all zeros stay zero', () => {
    expect(Array.from(normaliseToMeanOne(Float64Array.from([1, 2, 3])))).toEqual([0.5, 1, 1.5]);
    expect(Array.from(normaliseToMeanOne(new Float64Array(3)))).toEqual([0, 0, 0]);
  });
  it('counts non-zeros of a sparse down, else the participation ratio', () => {
    expect(isSparse(Float32Array.from([0, 0, 1]))).toBe(true);
    expect(isSparse(Float32Array.from([1, 1, 0]))).toBe(false);
    const down = Float32Array.from([0, 2, -1, 0, 1, 1, 2, 0]);
    expect(supportOf(down, 4, 0, true)).toBe(2);
    // Row 1: Σ|D| = 4, ΣD² = 6 → 16/6.
    expect(supportOf(down, 4, 1, false)).toBeCloseTo(16 / 6, 6);
    expect(supportOf(new Float32Array(4), 4, 0, false)).toBe(0);
  });
});

describe('firing histogram and top rows', () => {
  it('bins equal widths over [min, max], the maximum in the last bin', () => {
    const h = columnHistogram(Float32Array.from([0, 1, 2, 3, 4]), 5, 1, 0, 4);
    expect([h.lo, h.hi]).toEqual([0, 4]);
    expect(Array.from(h.counts)).toEqual([1, 1, 1, 2]);
    const flat = columnHistogram(Float32Array.from([7, 7, 7]), 3, 1, 0, 3);
    expect(Array.from(flat.counts)).toEqual([3, 0, 0]);
  });
  it('reads one column of a row-major matrix', () => {
    // Column 1 of [[9, 0], [9, 2], [9, 1]].
    const m = Float32Array.from([9, 0, 9, 2, 9, 1]);
    expect(Array.from(columnHistogram(m, 3, 2, 1, 2).counts)).toEqual([1, 2]);
    expect(Array.from(topRowsOfColumn(m, 3, 2, 1, 2, 'desc'))).toEqual([1, 2]);
  });
  it('ranks rows best first, ties to the lower row', () => {
    const v = Float32Array.from([5, 1, 5, 3, 9]);
    expect(Array.from(topRowsOfColumn(v, 5, 1, 0, 3, 'desc'))).toEqual([4, 0, 2]);
    expect(Array.from(topRowsOfColumn(v, 5, 1, 0, 2, 'asc'))).toEqual([1, 3]);
    expect(Array.from(topRowsOfColumn(v, 5, 1, 0, 9, 'desc'))).toEqual([4, 0, 2, 3, 1]);
  });
});

describe('neighbours by the cosine of forms', () => {
  // ‖B‖ = 1, 2, 1, 0; ⟨B0,B1⟩ = 0.6 → cos 0.3; ⟨B1,B2⟩ = −1.8 → cos −0.9; B0 ⟂ B2; B3 = 0.
  const msym = Float32Array.from([1, 0.6, 0, 0, 0.6, 4, -1.8, 0, 0, -1.8, 1, 0, 0, 0, 0, 0]);
  const nb = formNeighbours(msym, 4, 2);
  const row = (k: number) =>
    [0, 1].map((r) => [nb.index[k * 2 + r], Number((nb.similarity[k * 2 + r] ?? NaN).toFixed(6))]);
  it('ranks by |cosine| and returns it signed', () => {
    expect(row(0)).toEqual([
      [1, 0.3],
      [2, 0],
    ]);
    expect(row(1)).toEqual([
      [2, -0.9],
      [0, 0.3],
    ]);
    expect(row(2)).toEqual([
      [1, -0.9],
      [0, 0],
    ]);
  });
  it('gives a zero form no neighbours, and never lists it', () => {
    expect(row(3)).toEqual([
      [-1, NaN],
      [-1, NaN],
    ]);
    for (let k = 0; k < 3; k++) expect([nb.index[k * 2], nb.index[k * 2 + 1]]).not.toContain(3);
  });
});
