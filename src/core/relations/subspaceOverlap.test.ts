// subspaceOverlap against a reference through explicit projectors P_i = U_iᵀU_i (d×d) and
// ⟨P_i, P_j⟩_F / √(r_i r_j), on the planted fixture (equal planes → 1, orthogonal → 0, a
// rank-1 composite) to 1e-9; overlapSketch's cosines estimate the overlap.
import { describe, expect, it } from 'vitest';
import { overlapSketch, subspaceOverlap } from './subspaceOverlap';
import { C, D, R, plantedFixture } from './testFixture';

/** Reference: projector of composite i's first `rank` rows, d×d. */
function projector(U: Float64Array, i: number, rank: number): Float64Array {
  const p = new Float64Array(D * D);
  for (let a = 0; a < rank; a++) {
    for (let x = 0; x < D; x++) {
      for (let y = 0; y < D; y++) {
        p[x * D + y] =
          (p[x * D + y] as number) +
          (U[(i * R + a) * D + x] as number) * (U[(i * R + a) * D + y] as number);
      }
    }
  }
  return p;
}

function referenceOverlap(U: Float64Array, ranks: Int32Array, i: number, j: number): number {
  const ri = ranks[i] as number;
  const rj = ranks[j] as number;
  if (ri === 0 || rj === 0) return 0;
  const pi = projector(U, i, ri);
  const pj = projector(U, j, rj);
  let s = 0;
  for (let t = 0; t < D * D; t++) s += (pi[t] as number) * (pj[t] as number);
  return s / Math.sqrt(ri * rj);
}

describe('subspaceOverlap', () => {
  const { U, ranks } = plantedFixture();

  it('matches the projector reference to 1e-9; planted equal and orthogonal planes', () => {
    const got = subspaceOverlap(U, C, R, D, ranks, new Float64Array(C * C));
    for (let i = 0; i < C; i++) {
      for (let j = 0; j < C; j++) {
        expect(
          Math.abs((got[i * C + j] as number) - referenceOverlap(U, ranks, i, j)),
        ).toBeLessThan(1e-9);
      }
      expect(got[i * C + i]).toBeCloseTo(1, 12);
    }
    expect(got[4 * C + 5]).toBeCloseTo(1, 12);
    expect(got[4 * C + 6]).toBeCloseTo(0, 12);
    expect(got[5 * C + 6]).toBeCloseTo(0, 12);
    // Rank 1 against rank 2: at most 1/√2.
    expect(got[7 * C + 4]).toBeLessThanOrEqual(Math.SQRT1_2 + 1e-12);
  });

  it('uses r for every composite without ranks, 0 for rank 0, float32 by default', () => {
    const all = subspaceOverlap(U, C, R, D);
    expect(all).toBeInstanceOf(Float32Array);
    const full = new Int32Array(C).fill(R);
    expect(all[7 * C + 4]).toBe(Math.fround(referenceOverlap(U, full, 7, 4)));
    const zero = new Int32Array(C).fill(R);
    zero[3] = 0;
    const z = subspaceOverlap(U, C, R, D, zero, new Float64Array(C * C));
    for (let j = 0; j < C; j++) expect(z[3 * C + j]).toBe(0);
    expect(() => subspaceOverlap(U, C, R, D, Int32Array.of(1))).toThrow(/1 ranks for 9/);
    expect(() => subspaceOverlap(U, C, R, D + 1)).toThrow(/need C·r·d/);
  });
});

describe('overlapSketch', () => {
  it('has cosines that estimate the overlap (m = 8,000: within 0.08)', () => {
    const { U, ranks } = plantedFixture();
    const m = 8000;
    const s = overlapSketch(U, C, R, D, m, 5, ranks);
    const exact = subspaceOverlap(U, C, R, D, ranks, new Float64Array(C * C));
    const row = (i: number) => s.subarray(i * m, (i + 1) * m);
    const cos = (a: Float64Array, b: Float64Array) => {
      let ab = 0;
      let aa = 0;
      let bb = 0;
      for (let t = 0; t < m; t++) {
        ab += (a[t] as number) * (b[t] as number);
        aa += (a[t] as number) ** 2;
        bb += (b[t] as number) ** 2;
      }
      return ab / Math.sqrt(aa * bb);
    };
    for (let i = 0; i < C; i++) {
      for (let j = i + 1; j < C; j++) {
        expect(Math.abs(cos(row(i), row(j)) - (exact[i * C + j] as number))).toBeLessThan(0.08);
      }
    }
  });
});
