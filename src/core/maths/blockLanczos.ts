// The only owner of block Lanczos for the largest eigenvalues of one large symmetric operator
// (the PCA floor's second moment): blocks of vectors so each operator product is a GEMM, full
// reorthogonalisation (the basis would otherwise lose orthogonality and repeat eigenvalues), and
// Rayleigh–Ritz on the block-tridiagonal T. Run to convergence it is exact; stopped after a fixed
// number of blocks from a random start it is randomised block Krylov (Musco & Musco 2015), whose
// top-k Ritz sum is a lower bound on the true one. The products (and optionally the
// reorthogonalisation) are injected: compute/ runs them on onnxruntime, tests in plain float64.
// Basis float32 (k × n, the memory that matters); QR, T and the Ritz step in float64.
import { abortError } from '../abort';
import { seededRandom } from '../random';
import { symmetricEigen } from './eigen';

/** A symmetric n × n operator applied to blocks of row vectors. */
export interface BlockOperator {
  n: number;
  /** `rows` row vectors V (rows × n, row-major) ↦ V·A (rows × n). */
  apply(v: Float32Array, rows: number): Promise<Float32Array>;
  /**
   * Optional faster reorthogonalisation: w (rows × n) minus its components along the first `k`
   * rows of `basis` (orthonormal rows), twice (w ← w − (w Bᵀ) B). Default: float64 in JS.
   */
  deflate?(w: Float32Array, rows: number, basis: Float32Array, k: number): Promise<Float32Array>;
}

export interface TopEigenOptions {
  /** How many of the largest eigenvalues to sum. */
  keep: number;
  /** Vectors per block. */
  block: number;
  /** Largest basis (clamped to n). */
  maxBasis: number;
  /** Most block products (randomised use: a fixed small number). Default: no limit. */
  maxBlocks?: number;
  /** Stop once the top-`keep` Ritz sum grew by at most this since the previous check. */
  tolerance: number;
  /** Seed of the random start block (same seed → same result). */
  seed: number;
  signal?: AbortSignal;
  /** After each block product: basis size so far and the largest it may reach. */
  onProgress?: (basis: number, maxBasis: number) => void | Promise<void>;
}

export interface TopEigenResult {
  /** The `keep` largest Ritz values, descending (fewer if the basis is smaller). */
  values: Float64Array;
  /** Their sum: a lower bound on the sum of the `keep` largest eigenvalues. */
  sum: number;
  /** Basis vectors used and block products run. */
  basis: number;
  blocks: number;
  /** Growth of `sum` at the last check (NaN if checked once). */
  lastChange: number;
  /** Stopped because the sum stopped growing, or the basis spans the whole space. */
  converged: boolean;
  /** The basis spans R^n: every eigenvalue is exact. */
  complete: boolean;
}

/**
 * A new block's row whose norm after reorthogonalisation is below this fraction of the largest
 * product row norm seen is rounding noise: it is replaced by a random vector orthogonal to the
 * basis (with zero coupling), so the basis keeps growing.
 */
const BREAKDOWN = 1e-6;

/** Sum of the `keep` largest eigenvalues of `op` (see the module header). */
export async function topEigenSum(
  op: BlockOperator,
  opts: TopEigenOptions,
): Promise<TopEigenResult> {
  const n = op.n;
  if (!Number.isInteger(n) || n < 1) throw new Error(`topEigenSum: bad size n = ${n}`);
  const keep = Math.max(1, Math.floor(opts.keep));
  const cap = Math.max(1, Math.min(n, Math.floor(opts.maxBasis)));
  const b = Math.max(1, Math.min(Math.floor(opts.block), cap));
  const maxBlocks = opts.maxBlocks ?? Infinity;
  const rand = seededRandom(opts.seed);
  const basis = new Float32Array(cap * n);
  const T = new Float64Array(cap * cap);
  let scale = 0;

  // The start block: random rows, orthonormalised.
  let k = 0;
  {
    const start = new Float64Array(b * n);
    for (let i = 0; i < start.length; i++) start[i] = 2 * rand() - 1;
    k += appendRows(basis, n, k, start, b, cap, rand, 1);
  }
  let blockStart = 0;
  let blockRows = k;
  let blocks = 0;
  let prevSum = -Infinity;
  let sum = 0;
  let lastChange = Number.NaN;
  let values = new Float64Array(0);
  let converged = false;
  let complete: boolean;

  for (;;) {
    if (opts.signal?.aborted) throw abortError(`block Lanczos cancelled after ${blocks} blocks`);
    const v = basis.slice(blockStart * n, (blockStart + blockRows) * n);
    const out = await op.apply(v, blockRows);
    if (out.length !== blockRows * n) {
      throw new Error(
        `topEigenSum: the operator returned ${out.length} values, expected ${blockRows} × ${n}`,
      );
    }
    blocks++;
    // Diagonal block of T: A_i = Q_i (Q_i A)ᵀ, symmetrised.
    for (let r = 0; r < blockRows; r++) {
      let norm2 = 0;
      for (let t = 0; t < n; t++) norm2 += (out[r * n + t] as number) ** 2;
      if (!Number.isFinite(norm2)) {
        throw new Error(`topEigenSum: the operator gave a non-finite product in block ${blocks}`);
      }
      scale = Math.max(scale, Math.sqrt(norm2));
      for (let c = 0; c <= r; c++) {
        const a =
          0.5 *
          (dot32(basis, (blockStart + r) * n, out, c * n, n) +
            dot32(basis, (blockStart + c) * n, out, r * n, n));
        T[(blockStart + r) * cap + blockStart + c] = a;
        T[(blockStart + c) * cap + blockStart + r] = a;
      }
    }
    complete = k >= n;
    const full = complete || k >= cap || blocks >= maxBlocks;
    // Checked once the basis is twice `keep` (before, the sum is far off), each block after.
    if (full || k >= Math.min(cap, 2 * keep) || (Number.isFinite(maxBlocks) && k >= keep)) {
      const eig = symmetricEigen(principal(T, cap, k), k, false).values; // ascending
      const count = Math.min(keep, k);
      values = new Float64Array(count);
      sum = 0;
      for (let i = 0; i < count; i++) {
        values[i] = eig[k - 1 - i] as number;
        sum += values[i] as number;
      }
      if (prevSum > -Infinity) lastChange = sum - prevSum;
      prevSum = sum;
      if (complete || lastChange <= opts.tolerance) {
        converged = true;
        break;
      }
    }
    await opts.onProgress?.(k, cap);
    if (full) break;

    // The next block: the product minus its components along the basis, then QR.
    const deflated = op.deflate
      ? await op.deflate(out, blockRows, basis, k)
      : deflateF64(out, blockRows, basis, k, n);
    const w = Float64Array.from(deflated);
    const taken = appendRows(basis, n, k, w, blockRows, cap, rand, scale);
    // Coupling T[new, current] = Q_new (Q_current A)ᵀ (the R of the QR, when no row was cut or
    // replaced); older blocks do not couple: A Q_older lies in the span of the basis.
    for (let i = 0; i < taken; i++) {
      for (let c = 0; c < blockRows; c++) {
        const x = dot32(basis, (k + i) * n, out, c * n, n);
        T[(k + i) * cap + blockStart + c] = x;
        T[(blockStart + c) * cap + k + i] = x;
      }
    }
    blockStart = k;
    blockRows = taken;
    k += taken;
  }
  return { values, sum, basis: k, blocks, lastChange, converged, complete };
}

/** The leading k × k block of the cap × cap matrix T, compact. */
function principal(T: Float64Array, cap: number, k: number): Float64Array {
  const out = new Float64Array(k * k);
  for (let i = 0; i < k; i++) out.set(T.subarray(i * cap, i * cap + k), i * k);
  return out;
}

function dot32(a: Float32Array, ao: number, b: Float32Array, bo: number, len: number): number {
  let s0 = 0;
  let s1 = 0;
  let t = 0;
  for (; t + 1 < len; t += 2) {
    s0 += (a[ao + t] as number) * (b[bo + t] as number);
    s1 += (a[ao + t + 1] as number) * (b[bo + t + 1] as number);
  }
  if (t < len) s0 += (a[ao + t] as number) * (b[bo + t] as number);
  return s0 + s1;
}

/** w − (w Bᵀ) B against the first k rows of basis, twice (classical Gram–Schmidt), in float64. */
function deflateF64(
  w32: Float32Array,
  rows: number,
  basis: Float32Array,
  k: number,
  n: number,
): Float64Array {
  const w = Float64Array.from(w32);
  for (let pass = 0; pass < 2; pass++) {
    for (let r = 0; r < rows; r++) removeBasis(w, r * n, basis, k, n);
  }
  return w;
}

/** Removes from w[wo .. wo+n) its components along basis rows 0..k−1 (one classical pass). */
function removeBasis(w: Float64Array, wo: number, basis: Float32Array, k: number, n: number): void {
  const coef = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    let s = 0;
    for (let t = 0; t < n; t++) s += (basis[i * n + t] as number) * (w[wo + t] as number);
    coef[i] = s;
  }
  for (let i = 0; i < k; i++) {
    const c = coef[i] as number;
    if (c === 0) continue;
    for (let t = 0; t < n; t++)
      w[wo + t] = (w[wo + t] as number) - c * (basis[i * n + t] as number);
  }
}

/**
 * Orthonormalises the first `rows` rows of w (already orthogonal to basis rows 0..k−1) by
 * modified Gram–Schmidt, twice, and writes them as basis rows k, k+1, … (as many as fit under
 * `cap`). A row that is rounding noise (norm ≤ BREAKDOWN × scale) becomes a random unit vector
 * orthogonal to everything before it. Returns the rows written.
 */
function appendRows(
  basis: Float32Array,
  n: number,
  k: number,
  w: Float64Array,
  rows: number,
  cap: number,
  rand: () => number,
  scale: number,
): number {
  const count = Math.min(rows, cap - k);
  const q = new Float64Array(count * n);
  for (let i = 0; i < count; i++) {
    const row = w.subarray(i * n, (i + 1) * n);
    for (let pass = 0; pass < 2; pass++) {
      for (let c = 0; c < i; c++) {
        let s = 0;
        for (let t = 0; t < n; t++) s += (q[c * n + t] as number) * (row[t] as number);
        for (let t = 0; t < n; t++) row[t] = (row[t] as number) - s * (q[c * n + t] as number);
      }
    }
    let norm = 0;
    for (let t = 0; t < n; t++) norm += (row[t] as number) ** 2;
    norm = Math.sqrt(norm);
    // Dependent: a random direction orthogonal to the basis and the rows before it.
    if (!(norm > BREAKDOWN * scale)) norm = randomOrthogonal(row, basis, k, q, i, n, rand);
    for (let t = 0; t < n; t++) q[i * n + t] = (row[t] as number) / norm;
  }
  for (let i = 0; i < count * n; i++) basis[k * n + i] = q[i] as number;
  return count;
}

/** Fills `row` with a random vector orthogonal to basis rows 0..k−1 and q rows 0..i−1. */
function randomOrthogonal(
  row: Float64Array,
  basis: Float32Array,
  k: number,
  q: Float64Array,
  i: number,
  n: number,
  rand: () => number,
): number {
  for (let attempt = 0; attempt < 8; attempt++) {
    for (let t = 0; t < n; t++) row[t] = 2 * rand() - 1;
    for (let pass = 0; pass < 2; pass++) {
      removeBasis(row, 0, basis, k, n);
      for (let c = 0; c < i; c++) {
        let s = 0;
        for (let t = 0; t < n; t++) s += (q[c * n + t] as number) * (row[t] as number);
        for (let t = 0; t < n; t++) row[t] = (row[t] as number) - s * (q[c * n + t] as number);
      }
    }
    let norm = 0;
    for (let t = 0; t < n; t++) norm += (row[t] as number) ** 2;
    if (norm > 1e-6 * n) return Math.sqrt(norm);
  }
  throw new Error(`topEigenSum: no vector orthogonal to ${k + i} basis vectors (n = ${n})`);
}
