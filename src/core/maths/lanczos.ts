// The only owner of the matrix-free eigen route: Lanczos with full reorthogonalisation, run for
// many independent symmetric operators in lock-step so that one batched product (typically an
// onnxruntime graph computing B_k v_k for all k at once) serves every operator per step.
// Consumed by src/compute's spectral routes for models too large to form each B_k.
// Bases are float32 (count × m × n, the memory that matters); all arithmetic is float64.
import { abortError } from '../abort';
import { seededRandom } from '../random';
import { fixSign, orderByMagnitude, tridiagonalEigen } from './eigen';

export interface LanczosOptions {
  /** Krylov steps m (clamped to 1..n). */
  steps: number;
  /** Seed of the deterministic start vectors (same seed → identical results). */
  seed: number;
  /**
   * Index of the batch's first operator in a larger numbering (default 0): operator k's start
   * vector depends on (seed, firstOperator + k), so an operator gives the same result in any
   * batch that numbers it the same (blocks of composites, shards of a model).
   */
  firstOperator?: number;
  /** How many Ritz pairs of largest |λ| to return per operator. */
  keep: number;
  /** Also return the kept Ritz vectors (n each). */
  wantVectors?: boolean;
  /** Called after each step (1..m) for progress; may be async. */
  onStep?: (step: number, steps: number) => void | Promise<void>;
  /** Checked between steps; once aborted the run throws an AbortError (core/abort). */
  signal?: AbortSignal;
}

export interface LanczosResult {
  /** count × keep Ritz values, row k sorted by descending |λ| (pad with NaN if fewer exist). */
  values: Float64Array;
  /** count × keep residual bounds |β_m s_{m,i}| (how converged each Ritz value is). */
  residuals: Float64Array;
  /** count × keep × n Ritz vectors (unit norm, fixSign applied) or null. */
  vectors: Float64Array | null;
  /** Steps actually taken. */
  steps: number;
}

/**
 * A next Lanczos vector whose norm β is below this fraction of the operator's norm estimate
 * (max ‖B q_j‖ so far) is float32 noise: the Krylov space is (numerically) invariant. The
 * sequence then restarts with a random vector orthogonal to the basis and a zero coupling,
 * which perturbs T by at most this fraction of ‖B‖.
 */
const BREAKDOWN = 1e-6;

/**
 * Lanczos with full reorthogonalisation (classical Gram–Schmidt, twice) for `count` symmetric
 * n×n operators at once. `apply(V)` receives count×n float32 (row k = current vector of operator
 * k) and must resolve to count×n float32 with row k = B_k v_k; it is called m times, sequentially.
 * Operator k's start vector depends only on (seed, firstOperator + k), so its result does not
 * depend on the other operators in the batch. On breakdown (an invariant subspace, a zero operator) the sequence
 * restarts orthogonally, so with m = n every operator's full spectrum is returned. Returns the
 * `keep` Ritz values of largest |λ| per operator with their residual bounds: each Ritz value θ
 * has an eigenvalue of B_k within |β_m s_{m,i}| (plus float32 rounding, ~1e-7‖B_k‖).
 */
export async function lockstepLanczos(
  count: number,
  n: number,
  apply: (v: Float32Array) => Promise<Float32Array>,
  opts: LanczosOptions,
): Promise<LanczosResult> {
  if (!Number.isInteger(count) || count < 0) throw new Error(`lockstepLanczos: bad count ${count}`);
  if (!Number.isInteger(n) || n < 1) throw new Error(`lockstepLanczos: bad size n = ${n}`);
  if (!Number.isFinite(opts.steps)) throw new Error(`lockstepLanczos: bad steps ${opts.steps}`);
  if (!Number.isFinite(opts.keep)) throw new Error(`lockstepLanczos: bad keep ${opts.keep}`);
  const m = Math.max(1, Math.min(n, Math.floor(opts.steps)));
  const keep = Math.max(0, Math.floor(opts.keep));
  if (count === 0) {
    return {
      values: new Float64Array(0),
      residuals: new Float64Array(0),
      vectors: opts.wantVectors ? new Float64Array(0) : null,
      steps: m,
    };
  }
  const basis = new Float32Array(count * m * n);
  const alpha = new Float64Array(count * m);
  // beta[k·m + j] couples Lanczos vectors j and j+1; the last one is β_m, the residual norm.
  const beta = new Float64Array(count * m);
  const normEstimate = new Float64Array(count);
  const rngs = Array.from({ length: count }, (_, k) =>
    operatorRng(opts.seed, (opts.firstOperator ?? 0) + k),
  );
  const w = new Float64Array(n);
  const coef = new Float64Array(m);

  for (let k = 0; k < count; k++) {
    startVector(basis, k, m, n, 0, rngs[k] as () => number, w, coef);
  }

  for (let j = 0; j < m; j++) {
    if (opts.signal?.aborted) throw abortError(`Lanczos cancelled after ${j} of ${m} steps`);
    const v = new Float32Array(count * n);
    for (let k = 0; k < count; k++) {
      const q = (k * m + j) * n;
      v.set(basis.subarray(q, q + n), k * n);
    }
    const out = await apply(v);
    if (out.length !== count * n) {
      throw new Error(
        `lockstepLanczos: the operator product returned ${out.length} values, expected count × n = ${count * n}`,
      );
    }
    for (let k = 0; k < count; k++) {
      let norm2 = 0;
      for (let i = 0; i < n; i++) {
        const x = out[k * n + i] as number;
        w[i] = x;
        norm2 += x * x;
      }
      if (!Number.isFinite(norm2)) {
        throw new Error(
          `lockstepLanczos: operator ${k} gave a non-finite product at step ${j + 1}; check its weights`,
        );
      }
      const kb = k * m;
      normEstimate[k] = Math.max(normEstimate[k] as number, Math.sqrt(norm2));
      // The three-term recurrence is implied: the first pass removes α_j q_j and β_{j−1} q_{j−1}
      // along with the float32 drift toward older vectors, the second what the first left.
      const a1 = orthogonalise(basis, kb, j + 1, n, w, coef);
      const a2 = orthogonalise(basis, kb, j + 1, n, w, coef);
      alpha[kb + j] = a1 + a2;
      const b = norm(w);
      beta[kb + j] = b;
      if (j + 1 === m) continue;
      if (b === 0 || b <= BREAKDOWN * (normEstimate[k] as number)) {
        beta[kb + j] = 0;
        startVector(basis, k, m, n, j + 1, rngs[k] as () => number, w, coef);
      } else {
        const q = (kb + j + 1) * n;
        for (let i = 0; i < n; i++) basis[q + i] = (w[i] as number) / b;
      }
    }
    await opts.onStep?.(j + 1, m);
  }
  if (opts.signal?.aborted) throw abortError(`Lanczos cancelled after ${m} of ${m} steps`);
  return ritz(count, n, m, keep, basis, alpha, beta, opts.wantVectors === true);
}

/** Rayleigh–Ritz on each operator's tridiagonal T_m: values, residual bounds, vectors. */
function ritz(
  count: number,
  n: number,
  m: number,
  keep: number,
  basis: Float32Array,
  alpha: Float64Array,
  beta: Float64Array,
  wantVectors: boolean,
): LanczosResult {
  const values = new Float64Array(count * keep).fill(Number.NaN);
  const residuals = new Float64Array(count * keep).fill(Number.NaN);
  const vectors = wantVectors ? new Float64Array(count * keep * n).fill(Number.NaN) : null;
  const u = new Float64Array(n);
  for (let k = 0; k < count; k++) {
    const kb = k * m;
    const t = tridiagonalEigen(alpha.subarray(kb, kb + m), beta.subarray(kb, kb + m - 1), true);
    const s = t.vectors as Float64Array;
    const betaM = beta[kb + m - 1] as number;
    const order = orderByMagnitude(t.values);
    for (let r = 0; r < Math.min(keep, m); r++) {
      const idx = order[r] as number;
      values[k * keep + r] = t.values[idx] as number;
      residuals[k * keep + r] = Math.abs(betaM * (s[(m - 1) * m + idx] as number));
      if (!vectors) continue;
      u.fill(0);
      for (let j = 0; j < m; j++) {
        const y = s[j * m + idx] as number;
        const q = (kb + j) * n;
        for (let i = 0; i < n; i++) u[i] = (u[i] as number) + y * (basis[q + i] as number);
      }
      const len = norm(u);
      for (let i = 0; i < n; i++) u[i] = (u[i] as number) / len;
      vectors.set(fixSign(u), (k * keep + r) * n);
    }
  }
  return { values, residuals, vectors, steps: m };
}

/**
 * One classical Gram–Schmidt pass of w against basis vectors 0..j−1 of the operator whose
 * vectors start at row `kb`. Returns the coefficient on the newest vector (part of α).
 */
function orthogonalise(
  basis: Float32Array,
  kb: number,
  j: number,
  n: number,
  w: Float64Array,
  coef: Float64Array,
): number {
  const odd = n & 1;
  for (let i = 0; i < j; i++) {
    const q = (kb + i) * n;
    // Two accumulators: the add-latency chain, not the flops, bounds a dot product in V8.
    let s0 = odd ? (basis[q + n - 1] as number) * (w[n - 1] as number) : 0;
    let s1 = 0;
    for (let t = 0; t < n - odd; t += 2) {
      s0 += (basis[q + t] as number) * (w[t] as number);
      s1 += (basis[q + t + 1] as number) * (w[t + 1] as number);
    }
    coef[i] = s0 + s1;
  }
  for (let i = 0; i < j; i++) {
    const q = (kb + i) * n;
    const c = coef[i] as number;
    for (let t = 0; t < n; t++) w[t] = (w[t] as number) - c * (basis[q + t] as number);
  }
  return coef[j - 1] as number;
}

/**
 * Writes a seeded random unit vector, orthogonal to the operator's first j basis vectors, as
 * its basis vector j. j < n, so a random vector keeps a component outside the basis; retries
 * guard against an unlucky draw.
 */
function startVector(
  basis: Float32Array,
  k: number,
  m: number,
  n: number,
  j: number,
  rand: () => number,
  w: Float64Array,
  coef: Float64Array,
): void {
  const kb = k * m;
  for (let attempt = 0; attempt < 8; attempt++) {
    for (let i = 0; i < n; i++) w[i] = 2 * rand() - 1;
    const before = norm(w);
    if (j > 0) {
      orthogonalise(basis, kb, j, n, w, coef);
      orthogonalise(basis, kb, j, n, w, coef);
    }
    const after = norm(w);
    if (after > 1e-3 * before) {
      const q = (kb + j) * n;
      for (let i = 0; i < n; i++) basis[q + i] = (w[i] as number) / after;
      return;
    }
  }
  throw new Error(`lockstepLanczos: no start vector orthogonal to ${j} basis vectors (n = ${n})`);
}

function norm(v: Float64Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += (v[i] as number) * (v[i] as number);
  return Math.sqrt(s);
}

/** mulberry32 seeded from (seed, operator index), so each operator has its own stream. */
function operatorRng(seed: number, k: number): () => number {
  return seededRandom(Math.imul(seed | 0, 0x9e3779b1) ^ Math.imul(k + 1, 0x85ebca77));
}
