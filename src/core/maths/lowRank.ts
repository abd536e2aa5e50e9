// The only owner of the exact low-rank eigen route: the nonzero spectrum of B = Pᵀ diag(c) P for
// a P with few rows (r ≪ n), in O(r²n + r³) instead of O(n³). A BAE composite with a sparse
// `down` row is such a form: B_k = ¼ Σ_j D_kj (p_j p_jᵀ − q_j q_jᵀ), P's rows p_j, q_j and
// c = [D_kj/4, −D_kj/4] (lowRankFactors). Consumed by src/compute's spectral routes.
import type { EngineWeights } from '../weights';
import { dot, fixSign, symmetricEigen, type SymmetricEigen } from './eigen';

const EPS = 2 ** -52;

/**
 * Nonzero spectrum of Pᵀ diag(c) P, with P r×n row-major (rows may repeat or be zero) and c of
 * length r. Returns the eigenvalues ascending, length = numerical rank of B (≤ rank P ≤ r):
 * eigenvalues below ~8·max(r, n)·ε·max|c|·‖P‖₂² are dropped as zero (the rest of the spectrum
 * is exactly zero). With `wantVectors`, vectors is n×len row-major, column j the unit
 * eigenvector of values[j] with fixSign's convention. Route: G = P Pᵀ = V Σ Vᵀ; on Σ above the
 * rank tolerance, B's nonzero eigenpairs are those of M = Σ^½ Vᵀ C V Σ^½ = Y Λ Yᵀ, with
 * eigenvectors u = Pᵀ V Σ^{-½} y. Accuracy is relative to max|c|·‖P‖₂², not to each |λ|.
 */
export function lowRankEigen(
  p: ArrayLike<number>,
  c: ArrayLike<number>,
  r: number,
  n: number,
  wantVectors: boolean,
): SymmetricEigen {
  if (!Number.isInteger(r) || r < 0 || !Number.isInteger(n) || n < 0) {
    throw new Error(`lowRankEigen: bad shape r = ${r}, n = ${n}`);
  }
  if (p.length < r * n) {
    throw new Error(`lowRankEigen: P has ${p.length} entries, expected r × n = ${r * n}`);
  }
  if (c.length < r) throw new Error(`lowRankEigen: c has ${c.length} entries, expected r = ${r}`);
  const pf = Float64Array.from({ length: r * n }, (_, i) => p[i] as number);
  let cmax = 0;
  for (let i = 0; i < r; i++) {
    const ci = c[i] as number;
    if (!Number.isFinite(ci)) throw new Error(`lowRankEigen: c[${i}] is ${ci}; it must be finite`);
    cmax = Math.max(cmax, Math.abs(ci));
  }
  for (let i = 0; i < r * n; i++) {
    if (!Number.isFinite(pf[i] as number)) {
      throw new Error(
        `lowRankEigen: P entry (${Math.floor(i / n)}, ${i % n}) is ${pf[i]}; it must be finite`,
      );
    }
  }
  const empty: SymmetricEigen = {
    values: new Float64Array(0),
    vectors: wantVectors ? new Float64Array(0) : null,
  };

  // G = P Pᵀ: r² row dot products, each contiguous.
  const g = new Float64Array(r * r);
  for (let i = 0; i < r; i++) {
    for (let j = 0; j <= i; j++) {
      const s = dot(pf, i * n, pf, j * n, n);
      g[i * r + j] = s;
      g[j * r + i] = s;
    }
  }
  const ge = symmetricEigen(g, r, true);
  const v = ge.vectors as Float64Array;
  const sigmaMax = r > 0 ? (ge.values[r - 1] as number) : 0;
  if (!(sigmaMax > 0) || cmax === 0) return empty;
  // G's eigenvalues carry an absolute error ~ ε·r·n·‖P‖²: below that a direction of P's row
  // space is noise (duplicate or zero rows), and Σ^{-½} would amplify it.
  const relTol = 8 * Math.max(r, n) * EPS;
  const kept: number[] = [];
  for (let a = 0; a < r; a++) if ((ge.values[a] as number) > relTol * sigmaMax) kept.push(a);
  const s = kept.length;

  // F = V Σ^½ (r×s), so P = F Ω with orthonormal Ω, B = Ωᵀ (Fᵀ C F) Ω and M = Fᵀ C F.
  const f = new Float64Array(r * s);
  for (let i = 0; i < r; i++) {
    for (let a = 0; a < s; a++) {
      const col = kept[a] as number;
      f[i * s + a] = (v[i * r + col] as number) * Math.sqrt(ge.values[col] as number);
    }
  }
  const mm = new Float64Array(s * s);
  for (let i = 0; i < r; i++) {
    const ci = c[i] as number;
    if (ci === 0) continue;
    const fi = i * s;
    for (let a = 0; a < s; a++) {
      const x = ci * (f[fi + a] as number);
      if (x === 0) continue;
      const ma = a * s;
      for (let b = 0; b <= a; b++) mm[ma + b] = (mm[ma + b] as number) + x * (f[fi + b] as number);
    }
  }
  for (let a = 0; a < s; a++) for (let b = 0; b < a; b++) mm[b * s + a] = mm[a * s + b] as number;
  const me = symmetricEigen(mm, s, wantVectors);

  const lambdaTol = relTol * cmax * sigmaMax;
  const nonzero: number[] = [];
  for (let a = 0; a < s; a++) if (Math.abs(me.values[a] as number) > lambdaTol) nonzero.push(a);
  const len = nonzero.length;
  const values = Float64Array.from(nonzero, (a) => me.values[a] as number);
  if (!wantVectors) return { values, vectors: null };

  // Z = V Σ^{-½} Y (r×len), then U = Pᵀ Z (n×len), written straight into the row-major output.
  const y = me.vectors as Float64Array;
  const zm = new Float64Array(r * len);
  for (let a = 0; a < s; a++) {
    const col = kept[a] as number;
    const inv = 1 / Math.sqrt(ge.values[col] as number);
    for (let i = 0; i < r; i++) {
      const w = (v[i * r + col] as number) * inv;
      if (w === 0) continue;
      for (let j = 0; j < len; j++) {
        zm[i * len + j] =
          (zm[i * len + j] as number) + w * (y[a * s + (nonzero[j] as number)] as number);
      }
    }
  }
  const vectors = new Float64Array(n * len);
  for (let i = 0; i < r; i++) {
    const pi = i * n;
    const zi = i * len;
    for (let t = 0; t < n; t++) {
      const x = pf[pi + t] as number;
      if (x === 0) continue;
      const ut = t * len;
      for (let j = 0; j < len; j++) {
        vectors[ut + j] = (vectors[ut + j] as number) + x * (zm[zi + j] as number);
      }
    }
  }
  // ‖u‖ = 1 in exact arithmetic; renormalise away the rounding, then fix the sign.
  const u = new Float64Array(n);
  for (let j = 0; j < len; j++) {
    let norm2 = 0;
    for (let t = 0; t < n; t++) {
      const x = vectors[t * len + j] as number;
      u[t] = x;
      norm2 += x * x;
    }
    const inv = 1 / Math.sqrt(norm2);
    for (let t = 0; t < n; t++) u[t] = (u[t] as number) * inv;
    fixSign(u);
    for (let t = 0; t < n; t++) vectors[t * len + j] = u[t] as number;
  }
  return { values, vectors };
}

/**
 * The low-rank factors of composite k: B_k = ¼ Σ_j D_kj (p_j p_jᵀ − q_j q_jᵀ) over the features
 * it reads, p = l̃ + r̃, q = l̃ − r̃ (rows [2s, d'], coefficients ±D_kj/4).
 */
export function lowRankFactors(
  w: EngineWeights,
  k: number,
): { rows: Float64Array; coef: Float64Array } {
  const { F, dForm: n } = w;
  const support: number[] = [];
  const weights: number[] = [];
  if (w.down) {
    for (let j = 0; j < F; j++) {
      const c = w.down[k * F + j] ?? 0;
      if (c !== 0) {
        support.push(j);
        weights.push(c);
      }
    }
  } else {
    support.push(k);
    weights.push(1);
  }
  const s = support.length;
  const rows = new Float64Array(2 * s * n);
  const coef = new Float64Array(2 * s);
  support.forEach((j, i) => {
    for (let a = 0; a < n; a++) {
      const l = w.left[j * n + a] ?? 0;
      const r = w.right[j * n + a] ?? 0;
      rows[i * n + a] = l + r;
      rows[(s + i) * n + a] = l - r;
    }
    coef[i] = (weights[i] ?? 0) / 4;
    coef[s + i] = -(weights[i] ?? 0) / 4;
  });
  return { rows, coef };
}
