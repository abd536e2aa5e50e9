// The training scripts' only owner of the quality floor: no mixed BAE with C composites can
// beat the best rank-C linear reconstruction of vec(x̂x̂ᵀ) (uncentred PCA), because its
// reconstruction Σ_k h_k A_k lies in a C-dimensional subspace. Mean error of the best rank-c
// fit over n unit inputs = 1 − (sum of the top-c eigenvalues of S), where S is the uncentred
// second-moment matrix of vec(x̂x̂ᵀ). Its non-zero eigenvalues are computed from whichever of two
// matrices is smaller: the n × n Gram matrix G/n, G_ab = (x̂_a·x̂_b)² = ⟨x̂_a x̂_aᵀ, x̂_b x̂_bᵀ⟩_F,
// or the m × m second moment of the half-vectorisation z = (w_ij x̂_i x̂_j)_{i≤j}, m = d(d+1)/2,
// w = 1 on the diagonal and √2 off it (so z·z' = ⟨x̂x̂ᵀ, x̂'x̂'ᵀ⟩_F). The floor must be computed
// on the very words the model's error is measured on: PCA fitted to a small subsample fits
// that subsample better than any model of all the words can, and understates the floor.
import { gemmNT, mat, symmetricEigenvalues, type Mat } from './linalg.ts';

export interface PcaFloor {
  /** Samples the floor was computed on. */
  samples: number;
  /** floor[c] for each requested c: mean ‖x̂x̂ᵀ − best rank-c reconstruction‖²_F. */
  floors: Record<number, number>;
  /** Eigenvalues of G/n or of S (the PCA spectrum of vec(x̂x̂ᵀ)), descending. */
  spectrum: Float64Array;
  /** Which matrix was diagonalised. */
  route: 'gram' | 'covariance';
}

/** n × n Gram route: eigenvalues of G/n. */
function gramSpectrum(X: Mat): Float64Array {
  const n = X.rows;
  const d = X.cols;
  const G = mat(n, n);
  for (let a = 0; a < n; a++) {
    for (let b = 0; b <= a; b++) {
      let s = 0;
      for (let i = 0; i < d; i++) s += X.data[a * d + i]! * X.data[b * d + i]!;
      G.data[a * n + b] = (s * s) / n;
      G.data[b * n + a] = (s * s) / n;
    }
  }
  return symmetricEigenvalues(G);
}

/** m × m covariance route, m = d(d+1)/2: eigenvalues of Zᵀ Z / n (lower blocks, mirrored). */
function covarianceSpectrum(X: Mat): Float64Array {
  const n = X.rows;
  const d = X.cols;
  const m = (d * (d + 1)) / 2;
  const pairI = new Int32Array(m);
  const pairJ = new Int32Array(m);
  const weight = new Float64Array(m);
  for (let i = 0, p = 0; i < d; i++) {
    for (let j = i; j < d; j++, p++) {
      pairI[p] = i;
      pairJ[p] = j;
      weight[p] = i === j ? 1 : Math.SQRT2;
    }
  }
  const S = mat(m, m);
  const chunk = 1024;
  const blockRows = 256;
  const Zt = mat(m, chunk);
  for (let s = 0; s < n; s += chunk) {
    const rows = Math.min(chunk, n - s);
    // Zt [m × rows]: column r is z of input s + r.
    const zt = mat(m, rows, Zt.data.subarray(0, m * rows));
    for (let p = 0; p < m; p++) {
      const i = pairI[p]!;
      const j = pairJ[p]!;
      const w = weight[p]! / Math.sqrt(n);
      const o = p * rows;
      for (let r = 0; r < rows; r++) {
        const x = (s + r) * d;
        zt.data[o + r] = w * X.data[x + i]! * X.data[x + j]!;
      }
    }
    // S[b0:b1, 0:b1] += Zt[b0:b1] · Zt[0:b1]ᵀ (the lower triangle, by row blocks).
    for (let b0 = 0; b0 < m; b0 += blockRows) {
      const b1 = Math.min(m, b0 + blockRows);
      const A = mat(b1 - b0, rows, zt.data.subarray(b0 * rows, b1 * rows));
      const B = mat(b1, rows, zt.data.subarray(0, b1 * rows));
      const out = mat(b1 - b0, b1);
      gemmNT(A, B, out);
      for (let r = b0; r < b1; r++) {
        const src = (r - b0) * b1;
        for (let c = 0; c <= r; c++) S.data[r * m + c] = S.data[r * m + c]! + out.data[src + c]!;
      }
    }
  }
  for (let r = 0; r < m; r++) for (let c = 0; c < r; c++) S.data[c * m + r] = S.data[r * m + c]!;
  return symmetricEigenvalues(S);
}

/** PCA floor for each `ranks` entry on unit-norm rows of X (all rows are used). */
export function pcaFloor(X: Mat, ranks: number[], route?: 'gram' | 'covariance'): PcaFloor {
  const n = X.rows;
  const d = X.cols;
  const use = route ?? (n <= (d * (d + 1)) / 2 ? 'gram' : 'covariance');
  const eig = use === 'gram' ? gramSpectrum(X) : covarianceSpectrum(X); // ascending
  const k = eig.length;
  const spectrum = new Float64Array(k);
  for (let i = 0; i < k; i++) spectrum[i] = eig[k - 1 - i]!;
  let total = 0;
  for (let i = 0; i < k; i++) total += spectrum[i]!;
  const floors: Record<number, number> = {};
  for (const c of ranks) {
    let top = 0;
    for (let i = 0; i < Math.min(c, k); i++) top += spectrum[i]!;
    // total is 1 up to rounding (unit inputs); use it so rounding cannot push the floor below 0.
    floors[c] = Math.max(0, total - top);
  }
  return { samples: n, floors, spectrum, route: use };
}
