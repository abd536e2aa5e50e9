// The only owner of the PCA floor's maths: what the floor is, which space and method compute it
// for a model and probe set (plan), the fourth-moment blocks the engine accumulates and how the
// half-vectorised second moment is assembled from them, and the result's shape and wording.
// Pure; src/compute/floor.ts runs the plan on onnxruntime, the model panel shows the result.
//
// Why a floor. Each probe row gives the quadratic input X = x̃x̃ᵀ (d' × d', symmetric, x̃ = x̂ or
// [1, x̂]). A model with C composites reconstructs it as Σ_k h_k A_k, a point of the C-dimensional
// subspace span{A_k} (its symmetric part, in span{sym A_k}, is never further from X). So no model
// beats the best C-dimensional linear subspace for these rows. By Eckart–Young / Ky Fan, over N
// rows the best subspace's mean error is
//   floor = mean_a ‖X_a‖²_F − Σ_{i ≤ C} λ_i(S),   S = (1/N) Σ_a vec(X_a) vec(X_a)ᵀ
// (uncentred: the model has no constant term), and trace(S) = mean ‖X_a‖²_F = mean ‖x̃_a‖⁴.
//
// Half-vectorisation. vec(X) has d'² entries but X is symmetric: only m = d'(d'+1)/2 are free.
// z = (w_ij X_ij)_{i ≤ j} with w_ii = 1 and w_ij = √2 (i < j) gives
//   z·z' = Σ_i X_ii X'_ii + 2 Σ_{i<j} X_ij X'_ij = ⟨X, X'⟩_F,
// so z is an isometry from symmetric matrices (Frobenius) onto R^m: S_z = (1/N) Σ_a z_a z_aᵀ
// (m × m) has exactly the non-zero eigenvalues of the d'² × d'² S, and the same floor. Its entries
// S_pq = w_ij w_kl M_ijkl for p = (i, j), q = (k, l), where M_ijkl = (1/N) Σ_a x̃_i x̃_j x̃_k x̃_l is
// the fourth moment: symmetric in all four indices, so only the ≈ d'⁴/24 entries with
// i ≤ j ≤ k ≤ l are computed (the m² ≈ d'⁴/4 of a plain ZᵀZ would cost six times more).
//
// The dual. G = Z Zᵀ/N (N × N), G_ab = ⟨X_a, X_b⟩_F / N = (x̃_a·x̃_b)² / N, has the same non-zero
// eigenvalues as S_z = ZᵀZ/N: whichever of m and N is smaller is diagonalised.

/** Bump when the floor's meaning or method changes: cached floors are keyed by it. */
export const FLOOR_VERSION = 'floor-1';

/** Largest space diagonalised densely in float64 (≈ (4/3)n³ flops: 1–2 s in a worker). */
export const DENSE_MAX = 1024;
/** Largest explicit matrix (n × n float32: 272 MB at d' = 128, where m = 8,256). */
export const EXPLICIT_MAX = 8256;
/** Largest Krylov basis (its Rayleigh–Ritz matrix is diagonalised densely each check). */
export const BASIS_MAX = 2048;
/** Extra block columns of the randomised route beyond C (oversampling). */
export const OVERSAMPLE = 16;
/** The randomised route's work limit in flops (about 8 minutes at 40 GFLOP/s). */
export const RANDOMISED_MAX_FLOPS = 2e13;
/** Lanczos stops once the sum of the top C Ritz values grows by less than this × trace. */
export const TOLERANCE = 1e-6;

/** How the floor is computed: the space, the method and its sizes. */
export type PcaFloorPlan =
  | { method: 'trivial'; space: 'covariance' | 'gram'; dimension: number; why: string }
  | {
      method: 'dense' | 'lanczos';
      space: 'covariance' | 'gram';
      dimension: number;
      /** Lanczos block size (dense: 0). */
      block: number;
      /** Largest Krylov basis (dense: the dimension). */
      maxBasis: number;
    }
  | {
      method: 'randomised';
      space: 'gram';
      dimension: number;
      block: number;
      /** Block Krylov steps: q + 1 blocks of `block` (q power steps). */
      blocks: number;
      flops: number;
    }
  | { method: 'refused'; why: string };

/** m = d'(d'+1)/2, the size of the half-vectorised quadratic input. */
export function halfVecSize(dForm: number): number {
  return (dForm * (dForm + 1)) / 2;
}

/**
 * Chooses how to compute the rank-`rank` floor of `rows` probe rows of width `dForm` (d'):
 * the smaller of the covariance (m × m) and Gram (N × N) spaces; dense float64 when it has at
 * most DENSE_MAX dimensions; block Lanczos on the explicit matrix, run until the floor stops
 * moving, up to EXPLICIT_MAX; beyond, randomised block Krylov on the Gram space without forming
 * it (an upper bound on the floor), within RANDOMISED_MAX_FLOPS.
 */
export function planPcaFloor(dForm: number, rows: number, rank: number): PcaFloorPlan {
  const m = halfVecSize(dForm);
  const space = m <= rows ? 'covariance' : 'gram';
  const n = Math.min(m, rows);
  if (rank >= n) {
    return {
      method: 'trivial',
      space,
      dimension: n,
      why: `C = ${rank} ≥ ${n}, the dimension of the ${rows} quadratic inputs' span: every one is reproduced`,
    };
  }
  if (n <= DENSE_MAX) return { method: 'dense', space, dimension: n, block: 0, maxBasis: n };
  if (n <= EXPLICIT_MAX) {
    const block = Math.max(32, Math.min(256, Math.ceil(rank / 4)));
    const maxBasis = Math.min(n, BASIS_MAX);
    if (rank + 2 * block > maxBasis) {
      return {
        method: 'refused',
        why: `C = ${rank} is too many composites for the browser's eigensolver here (at most ${BASIS_MAX - 2 * block} for a ${n}-dimensional space)`,
      };
    }
    return { method: 'lanczos', space, dimension: n, block, maxBasis };
  }
  const block = rank + OVERSAMPLE;
  const blocks = Math.floor(BASIS_MAX / block);
  if (blocks < 2) {
    return {
      method: 'refused',
      why: `C = ${rank} is too many composites for the randomised estimate (at most ${BASIS_MAX / 2 - OVERSAMPLE})`,
    };
  }
  // Each block product is two passes over the rows: Σ_a v_a x̃x̃ᵀ, then x̃ᵀ M x̃ (2N d'² each).
  const flops = blocks * block * 4 * rows * dForm * dForm;
  if (flops > RANDOMISED_MAX_FLOPS) {
    return {
      method: 'refused',
      why: `the estimate would take ${(flops / 1e12).toFixed(0)} TFLOP (N = ${rows}, d' = ${dForm}, C = ${rank}); the limit here is ${RANDOMISED_MAX_FLOPS / 1e12} TFLOP`,
    };
  }
  return { method: 'randomised', space: 'gram', dimension: rows, block, blocks, flops };
}

/** The PCA floor of a model's probe set, as the engine computed it. */
export interface PcaFloor {
  /** C, the rank of the reconstruction. */
  rank: number;
  /** N, probe rows. */
  rows: number;
  /** d', the width of x̃. */
  dForm: number;
  /** Mean ‖X − best rank-C reconstruction‖²_F over the rows. */
  floor: number;
  /** Mean ‖X‖²_F (1, or 4 for biased models): the error of reconstructing nothing. */
  trace: number;
  /** Σ of the top C eigenvalues of S (trace − floor). */
  captured: number;
  space: 'covariance' | 'gram';
  /** m or N: the size of the matrix whose spectrum was used. */
  dimension: number;
  method: 'trivial' | 'dense' | 'lanczos' | 'randomised';
  /**
   * True when `floor` is exact up to rounding (trivial, dense, complete Lanczos) or Lanczos
   * stopped converged; false for the randomised estimate and a Lanczos run that hit its cap.
   */
  converged: boolean;
  /** The last growth of the captured sum (Lanczos/randomised): the floor's remaining drift. */
  lastChange: number;
  /** Krylov basis size and block steps used (0 for dense and trivial). */
  basis: number;
  blocks: number;
  /** Wall time of the computation, ms. */
  ms: number;
}

/** The floor's method in words, for the panel's tooltip. */
export function describeFloor(f: PcaFloor): string {
  const space =
    f.space === 'covariance'
      ? `the ${f.dimension}×${f.dimension} second moment of the half-vectorised x̃x̃ᵀ`
      : `the ${f.dimension}×${f.dimension} Gram matrix (x̃_a·x̃_b)²/N`;
  switch (f.method) {
    case 'trivial':
      return `0: C ≥ ${f.dimension}, so every quadratic input is reproduced exactly`;
    case 'dense':
      return `exact: every eigenvalue of ${space}, float64`;
    case 'lanczos':
      return f.converged
        ? `top ${f.rank} eigenvalues of ${space} by block Lanczos (${f.basis} vectors), converged (last change ${f.lastChange.toExponential(1)})`
        : `top ${f.rank} eigenvalues of ${space} by block Lanczos, not converged within ${f.basis} vectors: an upper bound (last change ${f.lastChange.toExponential(1)})`;
    case 'randomised':
      return `randomised estimate: block Krylov with ${f.blocks} blocks of ${f.basis / Math.max(1, f.blocks)} random vectors on ${space}, never formed; an upper bound on the floor`;
  }
}

/** One GEMM of the fourth-moment accumulation: rows (i, j) with j in [j0, j1), i ≤ j. */
export interface MomentGroup {
  j0: number;
  j1: number;
  /** Row range in the column-major pair order c(i, j) = j(j+1)/2 + i. */
  rowStart: number;
  rowEnd: number;
  /** First column: pairs (k, l), k ≥ j0, in the row-major order p(k, l) = off_k + l − k. */
  colStart: number;
}

/** off_k: index of pair (k, k) in the row-major pair order (k ≤ l). */
export function pairOffset(d: number, k: number): number {
  return k * d - (k * (k - 1)) / 2;
}

/**
 * Groups of j for the fourth-moment GEMMs: group g multiplies the pairs (i, j), j ∈ [j0, j1),
 * i ≤ j (about `rowsPerGroup` of them) by every pair (k, l) with k ≥ j0. All entries with
 * i ≤ j ≤ k ≤ l are covered; the few with j0 ≤ k < j are computed and not used.
 */
export function momentGroups(d: number, rowsPerGroup = 128): MomentGroup[] {
  const groups: MomentGroup[] = [];
  let j0 = 0;
  while (j0 < d) {
    let j1 = j0;
    let rows = 0;
    while (j1 < d && rows < rowsPerGroup) rows += ++j1;
    groups.push({
      j0,
      j1,
      rowStart: (j0 * (j0 + 1)) / 2,
      rowEnd: (j1 * (j1 + 1)) / 2,
      colStart: pairOffset(d, j0),
    });
    j0 = j1;
  }
  return groups;
}

/**
 * Assembles the half-vectorised second moment S_z (m × m, row-major, row-major pair order)
 * from the summed group products `sums[g]` ([rowEnd − rowStart] × [m − colStart] sums over the
 * rows of x̃_i x̃_j x̃_k x̃_l), divided by `rows`. Writes `out` (length m², float32 or float64) and
 * returns the trace, summed in float64.
 */
export function assembleSecondMoment(
  d: number,
  groups: readonly MomentGroup[],
  sums: readonly Float64Array[],
  rows: number,
  out: Float32Array | Float64Array,
): number {
  const m = halfVecSize(d);
  if (out.length < m * m)
    throw new Error(`assembleSecondMoment: out has ${out.length} < m² entries`);
  const groupOf = new Int32Array(d);
  groups.forEach((g, gi) => groupOf.fill(gi, g.j0, g.j1));
  const pi = new Int32Array(m);
  const pj = new Int32Array(m);
  const w = new Float64Array(m);
  for (let i = 0, p = 0; i < d; i++) {
    for (let j = i; j < d; j++, p++) {
      pi[p] = i;
      pj[p] = j;
      w[p] = i === j ? 1 : Math.SQRT2;
    }
  }
  const quad = [0, 0, 0, 0];
  let trace = 0;
  for (let p = 0; p < m; p++) {
    for (let q = p; q < m; q++) {
      quad[0] = pi[p] as number;
      quad[1] = pj[p] as number;
      quad[2] = pi[q] as number;
      quad[3] = pj[q] as number;
      sort4(quad);
      const [a, b, c, e] = quad as [number, number, number, number];
      const gi = groupOf[b] as number;
      const g = groups[gi] as MomentGroup;
      const row = (b * (b + 1)) / 2 + a - g.rowStart;
      const col = pairOffset(d, c) + e - c - g.colStart;
      const width = m - g.colStart;
      const v =
        (((sums[gi] as Float64Array)[row * width + col] as number) *
          (w[p] as number) *
          (w[q] as number)) /
        rows;
      out[p * m + q] = v;
      out[q * m + p] = v;
      if (p === q) trace += v;
    }
  }
  return trace;
}

/** Sorts four numbers in place, ascending (a five-comparison network). */
function sort4(v: number[]): void {
  const swap = (i: number, j: number) => {
    if ((v[i] as number) > (v[j] as number)) {
      const t = v[i] as number;
      v[i] = v[j] as number;
      v[j] = t;
    }
  };
  swap(0, 1);
  swap(2, 3);
  swap(0, 2);
  swap(1, 3);
  swap(1, 2);
}

/** Sum of the `k` largest of `values` (any order). */
export function topSum(values: ArrayLike<number>, k: number): number {
  const sorted = Float64Array.from(values).sort();
  let s = 0;
  for (let i = sorted.length - 1; i >= Math.max(0, sorted.length - k); i--)
    s += sorted[i] as number;
  return s;
}
