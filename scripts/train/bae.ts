// The training scripts' only owner of the mixed bilinear autoencoder's objective and its
// hand-derived gradients (DESIGN.md §2): features f = (Lx̂)⊙(Rx̂), composites h = D f, tied
// decoder Σ_j g_j l_j r_jᵀ with g = Dᵀh, error E = 1 − 2‖h‖² + gᵀKg, K = (LLᵀ)⊙(RRᵀ), plus
// alpha × the Hoyer density of the features over the batch. Consumed by train.ts and the
// tests (finite differences, closed-form identity). Float64 throughout.
import { gemmNT, mat, transpose, type Mat } from './linalg.ts';

/** Weights in PyTorch layout (out × in): left, right [F×d], down [C×F]. */
export interface BaeParams {
  left: Mat;
  right: Mat;
  down: Mat;
}

export interface LossParts {
  /** recon + alpha × hoyer: what the optimiser minimises. */
  loss: number;
  /** Mean over the batch of ‖x̂x̂ᵀ − Σ_j g_j l_j r_jᵀ‖²_F (inputs have unit norm). */
  recon: number;
  /** Mean over features of the Hoyer density of f_j over the batch, in [0, 1]. */
  hoyer: number;
}

export function zerosLike(p: BaeParams): BaeParams {
  return {
    left: mat(p.left.rows, p.left.cols),
    right: mat(p.right.rows, p.right.cols),
    down: mat(p.down.rows, p.down.cols),
  };
}

/** Features f [B×F] and composites h [B×C] for unit-norm inputs X [B×d]. */
export function encode(p: BaeParams, X: Mat): { U: Mat; V: Mat; f: Mat; h: Mat } {
  const B = X.rows;
  const F = p.left.rows;
  const U = mat(B, F);
  const V = mat(B, F);
  gemmNT(X, p.left, U);
  gemmNT(X, p.right, V);
  const f = mat(B, F);
  for (let i = 0; i < f.data.length; i++) f.data[i] = U.data[i]! * V.data[i]!;
  const h = mat(B, p.down.rows);
  gemmNT(f, p.down, h);
  return { U, V, f, h };
}

/** K = (LLᵀ) ⊙ (RRᵀ) [F×F], plus the two Gram factors (needed again by the backward pass). */
function kernel(p: BaeParams): { P: Mat; Q: Mat; K: Mat } {
  const F = p.left.rows;
  const P = mat(F, F);
  const Q = mat(F, F);
  gemmNT(p.left, p.left, P);
  gemmNT(p.right, p.right, Q);
  const K = mat(F, F);
  for (let i = 0; i < K.data.length; i++) K.data[i] = P.data[i]! * Q.data[i]!;
  return { P, Q, K };
}

/**
 * M = D K Dᵀ [C×C]: the Gram matrix of the decoder atoms A_k = Σ_j D_kj l_j r_jᵀ, so that
 * gᵀKg = hᵀMh. Computing M once per step turns the per-sample F² cost into C².
 */
function atomGram(p: BaeParams, K: Mat): { W: Mat; M: Mat } {
  const C = p.down.rows;
  const F = p.down.cols;
  const W = mat(C, F);
  gemmNT(p.down, K, W); // D·K, K symmetric
  const M = mat(C, C);
  gemmNT(W, p.down, M);
  return { W, M };
}

/**
 * Per-sample ‖h_b‖² and h_bᵀ M h_b (= g_bᵀKg_b) for unit-norm rows of X; the error is
 * E_b = 1 − 2‖h_b‖² + h_bᵀ M h_b.
 */
export function errorTerms(p: BaeParams, X: Mat): { hh: Float64Array; hmh: Float64Array } {
  const { K } = kernel(p);
  const { M } = atomGram(p, K);
  const hh = new Float64Array(X.rows);
  const hmh = new Float64Array(X.rows);
  const C = p.down.rows;
  const chunk = 1024;
  for (let s = 0; s < X.rows; s += chunk) {
    const rows = Math.min(chunk, X.rows - s);
    const Xs = mat(rows, X.cols, X.data.subarray(s * X.cols, (s + rows) * X.cols));
    const { h } = encode(p, Xs);
    const hm = mat(rows, C);
    gemmNT(h, M, hm);
    for (let b = 0; b < rows; b++) {
      let a = 0;
      let q = 0;
      for (let k = 0; k < C; k++) {
        const v = h.data[b * C + k]!;
        a += v * v;
        q += v * hm.data[b * C + k]!;
      }
      hh[s + b] = a;
      hmh[s + b] = q;
    }
  }
  return { hh, hmh };
}

/** Per-sample reconstruction errors E_b = 1 − 2‖h_b‖² + h_bᵀ M h_b for unit-norm rows of X. */
export function reconErrors(p: BaeParams, X: Mat): Float64Array {
  const { hh, hmh } = errorTerms(p, X);
  return hh.map((a, b) => 1 - 2 * a + hmh[b]!);
}

/**
 * The same error by brute force, ‖x̂x̂ᵀ − Σ_j g_j l_j r_jᵀ‖²_F with g = Dᵀh, for one unit-norm
 * input: the reference the closed form is tested against.
 */
export function reconErrorBrute(p: BaeParams, x: Float64Array): number {
  const d = x.length;
  const X = mat(1, d, x);
  const { h } = encode(p, X);
  const g = mat(1, p.down.cols);
  gemmNT(h, transpose(p.down), g);
  const R = new Float64Array(d * d);
  for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) R[a * d + b] = x[a]! * x[b]!;
  for (let j = 0; j < p.left.rows; j++) {
    const gj = g.data[j]!;
    for (let a = 0; a < d; a++) {
      const la = gj * p.left.data[j * d + a]!;
      for (let b = 0; b < d; b++) R[a * d + b] = R[a * d + b]! - la * p.right.data[j * d + b]!;
    }
  }
  let s = 0;
  for (let i = 0; i < R.length; i++) s += R[i]! * R[i]!;
  return s;
}

/** Hoyer density of each column of f over the batch rows: (‖f_j‖₁/‖f_j‖₂ − 1)/(√B − 1). */
function hoyerColumns(f: Mat): { s1: Float64Array; s2: Float64Array } {
  const B = f.rows;
  const F = f.cols;
  const s1 = new Float64Array(F);
  const s2 = new Float64Array(F);
  for (let b = 0; b < B; b++) {
    const o = b * F;
    for (let j = 0; j < F; j++) {
      const v = f.data[o + j]!;
      s1[j] = s1[j]! + Math.abs(v);
      s2[j] = s2[j]! + v * v;
    }
  }
  for (let j = 0; j < F; j++) s2[j] = Math.sqrt(s2[j]!);
  return { s1, s2 };
}

/**
 * The loss on a batch of unit-norm inputs X [B×d] and, when `grad` is given, its gradient
 * with respect to left, right and down (written into `grad`, overwriting it). B ≥ 2.
 */
export function lossAndGrad(p: BaeParams, X: Mat, alpha: number, grad?: BaeParams): LossParts {
  const B = X.rows;
  const F = p.left.rows;
  const C = p.down.rows;
  const { U, V, f, h } = encode(p, X);
  const { P, Q, K } = kernel(p);
  const { W, M } = atomGram(p, K);
  const hm = mat(B, C);
  gemmNT(h, M, hm);
  let recon = 0;
  for (let b = 0; b < B; b++) {
    let hh = 0;
    let hmh = 0;
    for (let k = 0; k < C; k++) {
      const v = h.data[b * C + k]!;
      hh += v * v;
      hmh += v * hm.data[b * C + k]!;
    }
    recon += 1 - 2 * hh + hmh;
  }
  recon /= B;
  const { s1, s2 } = hoyerColumns(f);
  const hoyerNorm = 1 / (F * (Math.sqrt(B) - 1));
  let hoyer = 0;
  for (let j = 0; j < F; j++) if (s2[j]! > 0) hoyer += s1[j]! / s2[j]! - 1;
  hoyer *= hoyerNorm;
  const parts = { loss: recon + alpha * hoyer, recon, hoyer };
  if (!grad) return parts;

  // dLoss/dh = (−4h + 2Mh)/B ; dLoss/dM = HᵀH/B.
  const dH = mat(B, C);
  for (let i = 0; i < dH.data.length; i++) dH.data[i] = (-4 * h.data[i]! + 2 * hm.data[i]!) / B;
  const Ht = transpose(h);
  const dM = mat(C, C);
  gemmNT(Ht, Ht, dM, false, 1 / B);

  // Features: through h = D f, plus the Hoyer term.
  const Dt = transpose(p.down);
  const dF = mat(B, F);
  gemmNT(dH, Dt, dF);
  if (alpha !== 0) {
    for (let j = 0; j < F; j++) {
      const a = s2[j]!;
      if (a === 0) continue;
      const c1 = (alpha * hoyerNorm) / a;
      const c2 = (alpha * hoyerNorm * s1[j]!) / (a * a * a);
      for (let b = 0; b < B; b++) {
        const v = f.data[b * F + j]!;
        dF.data[b * F + j] = dF.data[b * F + j]! + c1 * Math.sign(v) - c2 * v;
      }
    }
  }

  // down: from h = D f and from M = D K Dᵀ.
  gemmNT(transpose(dH), transpose(f), grad.down);
  gemmNT(dM, transpose(W), grad.down, true, 2);

  // K: dK = Dᵀ dM D, then through the Hadamard product into the two Gram factors.
  const T = mat(C, F);
  gemmNT(dM, Dt, T);
  const dK = K; // K is no longer needed: reuse its storage.
  gemmNT(Dt, transpose(T), dK);
  for (let i = 0; i < dK.data.length; i++) {
    const t = dK.data[i]!;
    const pv = P.data[i]!;
    P.data[i] = t * Q.data[i]!; // dP
    Q.data[i] = t * pv; // dQ
  }
  gemmNT(P, transpose(p.left), grad.left, false, 2);
  gemmNT(Q, transpose(p.right), grad.right, false, 2);

  // left/right: from f = (Lx̂)⊙(Rx̂).
  const dU = mat(B, F);
  const dV = mat(B, F);
  for (let i = 0; i < dF.data.length; i++) {
    dU.data[i] = dF.data[i]! * V.data[i]!;
    dV.data[i] = dF.data[i]! * U.data[i]!;
  }
  const Xt = transpose(X);
  gemmNT(transpose(dU), Xt, grad.left, true);
  gemmNT(transpose(dV), Xt, grad.right, true);
  return parts;
}
