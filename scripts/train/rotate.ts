// The training scripts' only owner of the choice of the composites' basis. The mixed BAE's
// objective does not fix it: for any orthogonal R, replacing D by RᵀD turns h into Rᵀh, and
// ‖h‖², gᵀKg = hᵀ(DKDᵀ)h and the features f (hence the Hoyer term) are all unchanged — every
// rotation of a trained model is an equally good model. Training leaves the basis where the
// optimiser happened to put it, which mixes themes in every composite. After training we pick
// the rotation that makes each composite's values over the training words as concentrated as
// possible — raw varimax (Kaiser 1958), the standard "simple structure" rotation of factor
// analysis — then flip each composite so its long tail is positive and order the composites by
// their mean square value. The reconstruction error is unchanged (checked in rotate.test.ts).
import { encode, type BaeParams } from './bae.ts';
import { mat, type Mat } from './linalg.ts';

export interface RotationReport {
  method: string;
  sweeps: number;
  converged: boolean;
  /** Raw varimax criterion Σ_k var_n(h_k²) before and after the rotation. */
  criterionBefore: number;
  criterionAfter: number;
}

/** Composite values over the rows of X, one row per composite: Ht [C × N]. */
function compositesByRow(p: BaeParams, X: Mat): Float64Array {
  const C = p.down.rows;
  const N = X.rows;
  const Ht = new Float64Array(C * N);
  const chunk = 2048;
  for (let s = 0; s < N; s += chunk) {
    const rows = Math.min(chunk, N - s);
    const { h } = encode(p, mat(rows, X.cols, X.data.subarray(s * X.cols, (s + rows) * X.cols)));
    for (let b = 0; b < rows; b++) {
      for (let k = 0; k < C; k++) Ht[k * N + s + b] = h.data[b * C + k]!;
    }
  }
  return Ht;
}

/** Raw varimax criterion Σ_k [mean(h_k⁴) − mean(h_k²)²] of the rows of Ht [C × N]. */
export function varimaxCriterion(Ht: Float64Array, C: number, N: number): number {
  let total = 0;
  for (let k = 0; k < C; k++) {
    let s2 = 0;
    let s4 = 0;
    for (let n = k * N; n < (k + 1) * N; n++) {
      const q = Ht[n]! * Ht[n]!;
      s2 += q;
      s4 += q * q;
    }
    total += s4 / N - (s2 / N) ** 2;
  }
  return total;
}

/** Rotates rows a and b of a row-major matrix with `len` columns by the angle (cos c, sin s). */
function rotateRows(m: Float64Array, len: number, a: number, b: number, c: number, s: number) {
  const oa = a * len;
  const ob = b * len;
  for (let i = 0; i < len; i++) {
    const x = m[oa + i]!;
    const y = m[ob + i]!;
    m[oa + i] = c * x + s * y;
    m[ob + i] = c * y - s * x;
  }
}

/**
 * Varimax-rotates, sign-fixes and orders the composites of `p` in place (only `down` changes),
 * measuring their values on the unit-norm rows of X. Kaiser's pairwise plane rotations, swept
 * over all pairs until no rotation angle exceeds `tol` radians or `maxSweeps` is reached.
 * Every step is an exact plane rotation, sign flip or permutation of D's rows, so D ← RᵀD with
 * R orthogonal to rounding.
 */
export function varimaxRotate(
  p: BaeParams,
  X: Mat,
  maxSweeps = 100,
  tol = 1e-4,
  log?: (line: string) => void,
): RotationReport {
  const C = p.down.rows;
  const F = p.down.cols;
  const N = X.rows;
  const Ht = compositesByRow(p, X);
  const D = p.down.data;
  const criterionBefore = varimaxCriterion(Ht, C, N);
  let sweeps = 0;
  let converged = false;
  while (sweeps < maxSweeps && !converged) {
    sweeps++;
    let largest = 0;
    for (let a = 0; a < C - 1; a++) {
      for (let b = a + 1; b < C; b++) {
        // Optimal angle for the pair (Kaiser): with u = x² − y², v = 2xy per word,
        // tan 4φ = (2Σuv − 2ΣuΣv/N) / (Σ(u² − v²) − ((Σu)² − (Σv)²)/N).
        let su = 0;
        let sv = 0;
        let suv = 0;
        let sq = 0;
        const oa = a * N;
        const ob = b * N;
        for (let n = 0; n < N; n++) {
          const x = Ht[oa + n]!;
          const y = Ht[ob + n]!;
          const u = x * x - y * y;
          const v = 2 * x * y;
          su += u;
          sv += v;
          suv += u * v;
          sq += u * u - v * v;
        }
        const num = 2 * suv - (2 * su * sv) / N;
        const den = sq - (su * su - sv * sv) / N;
        const phi = Math.atan2(num, den) / 4;
        if (Math.abs(phi) < tol) continue;
        largest = Math.max(largest, Math.abs(phi));
        const c = Math.cos(phi);
        const s = Math.sin(phi);
        rotateRows(Ht, N, a, b, c, s);
        rotateRows(D, F, a, b, c, s);
      }
    }
    converged = largest < tol;
    if (log && (sweeps % 10 === 0 || converged)) {
      log(
        `varimax sweep ${sweeps}: criterion ${varimaxCriterion(Ht, C, N).toPrecision(6)}, largest angle ${largest.toExponential(2)}`,
      );
    }
  }
  const criterionAfter = varimaxCriterion(Ht, C, N);

  // Signs: each composite's long tail positive (Σ h³ ≥ 0). Order: mean h² descending.
  const power = new Float64Array(C);
  for (let k = 0; k < C; k++) {
    let s2 = 0;
    let s3 = 0;
    for (let n = k * N; n < (k + 1) * N; n++) {
      s2 += Ht[n]! * Ht[n]!;
      s3 += Ht[n]! * Ht[n]! * Ht[n]!;
    }
    power[k] = s2 / N;
    if (s3 < 0) for (let j = k * F; j < (k + 1) * F; j++) D[j] = -D[j]!;
  }
  const order = Array.from({ length: C }, (_, k) => k).sort(
    (a, b) => power[b]! - power[a]! || a - b,
  );
  const copy = D.slice();
  order.forEach((from, to) => D.set(copy.subarray(from * F, (from + 1) * F), to * F));
  return {
    method:
      'raw varimax of the composite values over the training words (Kaiser pairwise rotations), ' +
      'then signs with Σh³ ≥ 0 and order by mean h² (descending)',
    sweeps,
    converged,
    criterionBefore,
    criterionAfter,
  };
}
