// The only owner of the subspace overlap between composites, ‖U_iᵀU_j‖²_F / √(r_i r_j) of their
// top eigenvector bases (the paper's explorer ranks neighbours by it), as a float64 reference,
// and of its random sketch for approximate neighbours at large C. Consumed by the neighbour
// lists (neighbours.ts, approxNeighbours.ts) and, later, src/compute.
import type { SimilarityMatrix } from './coactivation';
import { gaussianStream } from './sketch';

/**
 * Subspace overlap of every pair of composites: U is [C, r, d] row-major (composite i's top-r
 * eigenvectors as rows, orthonormal — not checked); `ranks` (optional, [C]) gives r_i ≤ r when
 * composite i has fewer non-zero eigenvalues (its first r_i rows count). Then
 *   overlap_ij = Σ_{a<r_i, b<r_j} (u_ia·u_jb)² / √(r_i r_j)  ∈ [0, min(r_i, r_j)/√(r_i r_j)],
 * 1 for equal subspaces of equal rank, 0 for orthogonal ones, and 0 for any pair with r_i = 0
 * (diagonal included). Float64 sums, rounded once into `out` (Float32Array [C, C] by default).
 * O(C² r² d / 2).
 */
export function subspaceOverlap(
  U: ArrayLike<number>,
  C: number,
  r: number,
  d: number,
  ranks: Int32Array | null = null,
  out: SimilarityMatrix = new Float32Array(C * C),
): SimilarityMatrix {
  const rk = checkedRanks(U, C, r, d, ranks, 'subspaceOverlap');
  if (out.length < C * C)
    throw new Error(`subspaceOverlap: out has ${out.length} entries, need C²`);
  for (let i = 0; i < C; i++) {
    const ri = rk[i] as number;
    for (let j = i; j < C; j++) {
      const rj = rk[j] as number;
      let s = 0;
      if (ri > 0 && rj > 0) {
        for (let a = 0; a < ri; a++) {
          const oa = (i * r + a) * d;
          for (let b = 0; b < rj; b++) {
            const ob = (j * r + b) * d;
            let dot = 0;
            for (let t = 0; t < d; t++) dot += (U[oa + t] as number) * (U[ob + t] as number);
            s += dot * dot;
          }
        }
        s /= Math.sqrt(ri * rj);
      }
      out[i * C + j] = s;
      out[j * C + i] = s;
    }
  }
  return out;
}

/**
 * A random sketch of the composites' subspaces whose cosines estimate the overlap: for m
 * Gaussian vectors g_t ∈ R^d (seeded), s_it = ‖U_i g_t‖² − r_i. Since Cov(gᵀAg, gᵀBg) =
 * 2 tr(AB) for Gaussian g and projectors A, B, E[s_i·s_j] = 2m ‖U_iᵀU_j‖²_F and
 * E‖s_i‖² = 2m r_i, so cos(s_i, s_j) → overlap_ij as m grows (error ~ 1/√m). Returns [C, m]
 * row-major float64 (a zero row for r_i = 0). For approxTopNeighbours. O(C m r d).
 */
export function overlapSketch(
  U: ArrayLike<number>,
  C: number,
  r: number,
  d: number,
  m: number,
  seed: number,
  ranks: Int32Array | null = null,
): Float64Array {
  const rk = checkedRanks(U, C, r, d, ranks, 'overlapSketch');
  const out = new Float64Array(C * m);
  const next = gaussianStream(seed);
  const g = new Float64Array(d);
  for (let t = 0; t < m; t++) {
    for (let q = 0; q < d; q++) g[q] = next();
    for (let i = 0; i < C; i++) {
      const ri = rk[i] as number;
      if (ri === 0) continue;
      let s = 0;
      for (let a = 0; a < ri; a++) {
        const oa = (i * r + a) * d;
        let dot = 0;
        for (let q = 0; q < d; q++) dot += (U[oa + q] as number) * (g[q] as number);
        s += dot * dot;
      }
      out[i * m + t] = s - ri;
    }
  }
  return out;
}

/** Validates sizes and returns each composite's rank (r when `ranks` is null). */
function checkedRanks(
  U: ArrayLike<number>,
  C: number,
  r: number,
  d: number,
  ranks: Int32Array | null,
  who: string,
): Int32Array {
  if (![C, r, d].every((v) => Number.isInteger(v) && v >= 0)) {
    throw new Error(`${who}: bad sizes C = ${C}, r = ${r}, d = ${d}`);
  }
  if (U.length < C * r * d)
    throw new Error(`${who}: U has ${U.length} values, need C·r·d = ${C * r * d}`);
  if (!ranks) return new Int32Array(C).fill(r);
  if (ranks.length !== C) throw new Error(`${who}: ${ranks.length} ranks for ${C} composites`);
  for (let i = 0; i < C; i++) {
    const v = ranks[i] as number;
    if (v < 0 || v > r) throw new Error(`${who}: rank ${v} of composite ${i} is outside [0, ${r}]`);
  }
  return ranks;
}
