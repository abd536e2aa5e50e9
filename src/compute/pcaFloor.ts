// The only owner of running core/pcaFloor's plan on onnxruntime: the explicit second moment
// (fourth-moment GEMMs over chunks of probe rows, summed in float64) or Gram matrix, then its
// largest eigenvalues (dense float64, or block Lanczos with onnxruntime products and
// reorthogonalisation), or the randomised estimate whose products never form the matrix.
// Consumed by the engine's `pcaFloor` call; the maths and the choice live in core/pcaFloor.ts.
import { throwIfAborted } from '../core/abort';
import { symmetricEigen } from '../core/maths/eigen';
import { topEigenSum, type BlockOperator } from '../core/maths/blockLanczos';
import {
  TOLERANCE,
  assembleSecondMoment,
  halfVecSize,
  momentGroups,
  planPcaFloor,
  topSum,
  type PcaFloor,
  type PcaFloorPlan,
} from '../core/pcaFloor';
import { chunks, tick } from './analysis/options';
import type { SessionFactory } from './analysis/sessions';
import {
  deflateGraph,
  gramApplyGraph,
  gramFormGraph,
  gramRowsGraph,
  matrixProductGraph,
  momentGraph,
} from './graphs';
import { float32, type Session } from './runtime';

/** Floats one intermediate tensor may hold (bounds every chunk of rows). */
const CHUNK_FLOATS = 16 * 1024 * 1024;
/** Seed of the Krylov start block (the same rows give the same floor). */
const SEED = 20_260_417;

export interface FloorInput {
  /** Raw activations [n, d]. */
  activations: Float32Array;
  n: number;
  d: number;
  /** Biased (v1) models reconstruct [1, x̂][1, x̂]ᵀ. */
  biased: boolean;
  /** C: the rank of the model's reconstruction. */
  rank: number;
}

export interface FloorContext {
  signal?: AbortSignal;
  /** Phase in words and the fraction (0..1) of the whole job done. */
  onProgress?: (phase: string, fraction: number) => void;
}

/**
 * The PCA floor of `input` (core/pcaFloor.ts) by `plan` (default: planPcaFloor's choice; tests
 * force each route). Rejects with the plan's reason when the model is too large to compute it
 * here, and with an AbortError once `ctx.signal` is aborted.
 */
export async function pcaFloor(
  backend: SessionFactory,
  input: FloorInput,
  ctx: FloorContext = {},
  plan: PcaFloorPlan = planPcaFloor(input.biased ? input.d + 1 : input.d, input.n, input.rank),
): Promise<PcaFloor> {
  const t0 = performance.now();
  const { n: N, d, biased, rank } = input;
  const dForm = biased ? d + 1 : d;
  const report = ctx.onProgress ?? (() => {});
  const base = { rank, rows: N, dForm };
  const inputNorm4 = biased ? 4 : 1;
  if (plan.method === 'refused') throw new Error(`the PCA floor was not computed: ${plan.why}`);
  if (plan.method === 'trivial') {
    return {
      ...base,
      floor: 0,
      trace: inputNorm4,
      captured: inputNorm4,
      space: plan.space,
      dimension: plan.dimension,
      method: 'trivial',
      converged: true,
      lastChange: 0,
      basis: 0,
      blocks: 0,
      ms: performance.now() - t0,
    };
  }
  if (plan.method === 'randomised') {
    const share = (f: number) => report('PCA floor: randomised block Krylov', f);
    const op = await gramOperator(backend, input, share, plan.blocks, ctx.signal);
    try {
      const r = await topEigenSum(op.operator, {
        keep: rank,
        block: plan.block,
        maxBasis: plan.block * plan.blocks,
        maxBlocks: plan.blocks,
        tolerance: 0,
        seed: SEED,
        signal: ctx.signal,
      });
      return {
        ...base,
        floor: Math.max(0, inputNorm4 - r.sum),
        trace: inputNorm4,
        captured: r.sum,
        space: 'gram',
        dimension: N,
        method: 'randomised',
        converged: false,
        lastChange: r.lastChange,
        basis: r.basis,
        blocks: r.blocks,
        ms: performance.now() - t0,
      };
    } finally {
      await op.release();
    }
  }

  // Explicit matrix: the m × m second moment or the N × N Gram matrix, divided by N.
  const dense = plan.method === 'dense';
  const n = plan.dimension;
  const matrix = dense ? new Float64Array(n * n) : new Float32Array(n * n);
  const buildShare = dense ? 0.9 : 0.6;
  const building = (f: number) =>
    report(
      plan.space === 'covariance'
        ? 'PCA floor: fourth moment of the probe rows'
        : 'PCA floor: Gram matrix of the probe rows',
      buildShare * f,
    );
  const trace =
    plan.space === 'covariance'
      ? await secondMoment(backend, input, matrix, building, ctx.signal)
      : await gramMatrix(backend, input, matrix, building, ctx.signal);
  throwIfAborted(ctx.signal);

  if (dense) {
    report('PCA floor: eigenvalues', buildShare);
    await tick();
    const values = symmetricEigen(matrix, n, false).values;
    const captured = topSum(values, rank);
    return {
      ...base,
      floor: Math.max(0, trace - captured),
      trace,
      captured,
      space: plan.space,
      dimension: n,
      method: 'dense',
      converged: true,
      lastChange: 0,
      basis: 0,
      blocks: 0,
      ms: performance.now() - t0,
    };
  }

  const product = await backend.session(matrixProductGraph(matrix as Float32Array, n));
  const deflate = await backend.session(deflateGraph(n));
  try {
    const r = await topEigenSum(
      {
        n,
        apply: async (v, rows) => (await product.run({ v: float32(v, [rows, n]) })).out,
        deflate: async (w, rows, basis, k) =>
          (
            await deflate.run({
              w: float32(w, [rows, n]),
              q: float32(basis.subarray(0, k * n), [k, n]),
            })
          ).out,
      },
      {
        keep: rank,
        block: plan.block,
        maxBasis: plan.maxBasis,
        tolerance: TOLERANCE * trace,
        seed: SEED,
        signal: ctx.signal,
        onProgress: async (k, cap) => {
          report(
            'PCA floor: eigenvalues (block Lanczos)',
            buildShare + (1 - buildShare) * (k / cap),
          );
          await tick();
        },
      },
    );
    return {
      ...base,
      floor: Math.max(0, trace - r.sum),
      trace,
      captured: r.sum,
      space: plan.space,
      dimension: n,
      method: 'lanczos',
      converged: r.converged,
      lastChange: r.lastChange,
      basis: r.basis,
      blocks: r.blocks,
      ms: performance.now() - t0,
    };
  } finally {
    await product.release();
    await deflate.release();
  }
}

/** Fills `out` with the half-vectorised second moment S_z (m × m); returns its trace. */
async function secondMoment(
  backend: SessionFactory,
  input: FloorInput,
  out: Float32Array | Float64Array,
  progress: (fraction: number) => void,
  signal: AbortSignal | undefined,
): Promise<number> {
  const { n: N, d, biased } = input;
  const dForm = biased ? d + 1 : d;
  const m = halfVecSize(dForm);
  const groups = momentGroups(dForm);
  const sums = groups.map((g) => new Float64Array((g.rowEnd - g.rowStart) * (m - g.colStart)));
  const session = await backend.session(momentGraph(d, biased, groups));
  try {
    // Two pair matrices of [rows, m] per run.
    const rowsPerRun = Math.max(1, Math.min(N, Math.floor(CHUNK_FLOATS / (2 * m))));
    for (const [start, end] of chunks(N, rowsPerRun)) {
      await tick();
      throwIfAborted(signal);
      const rows = end - start;
      const outs = await session.run({
        x: float32(input.activations.subarray(start * d, end * d), [rows, d]),
      });
      groups.forEach((_, i) => {
        const part = outs[`g${i}`] as Float32Array;
        const sum = sums[i] as Float64Array;
        for (let t = 0; t < sum.length; t++) sum[t] = (sum[t] as number) + (part[t] as number);
      });
      progress(end / N);
    }
  } finally {
    await session.release();
  }
  await tick();
  throwIfAborted(signal);
  return assembleSecondMoment(dForm, groups, sums, N, out);
}

/** Fills `out` with the Gram matrix (x̃_a·x̃_b)²/N (N × N); returns its trace. */
async function gramMatrix(
  backend: SessionFactory,
  input: FloorInput,
  out: Float32Array | Float64Array,
  progress: (fraction: number) => void,
  signal: AbortSignal | undefined,
): Promise<number> {
  const { n: N, d, biased } = input;
  const session = await backend.session(
    gramRowsGraph(d, biased, input.activations.subarray(0, N * d), N),
  );
  let trace = 0;
  try {
    const rowsPerRun = Math.max(1, Math.min(N, Math.floor(CHUNK_FLOATS / N)));
    for (const [start, end] of chunks(N, rowsPerRun)) {
      await tick();
      throwIfAborted(signal);
      const rows = end - start;
      const { out: part } = await session.run({
        x: float32(input.activations.subarray(start * d, end * d), [rows, d]),
      });
      for (let r = 0; r < rows; r++) {
        for (let c = 0; c < N; c++) out[(start + r) * N + c] = (part[r * N + c] as number) / N;
        trace += (part[r * N + start + r] as number) / N;
      }
      progress(end / N);
    }
  } finally {
    await session.release();
  }
  return trace;
}

/**
 * The Gram operator V ↦ V G without forming G: for each block, M_t = Σ_a v_ta x̃_a x̃_aᵀ over
 * every row, then (V G)_ta = x̃_aᵀ M_t x̃_a / N. Two passes over the rows per product.
 */
async function gramOperator(
  backend: SessionFactory,
  input: FloorInput,
  progress: (fraction: number) => void,
  blocks: number,
  signal: AbortSignal | undefined,
): Promise<{ operator: BlockOperator; release: () => Promise<void> }> {
  const { n: N, d, biased } = input;
  const dForm = biased ? d + 1 : d;
  const form: Session<'out'> = await backend.session(gramFormGraph(d, biased));
  const apply: Session<'out'> = await backend.session(gramApplyGraph(d, biased));
  let done = 0;
  const operator: BlockOperator = {
    n: N,
    apply: async (v, b) => {
      const rowsPerRun = Math.max(1, Math.min(N, Math.floor(CHUNK_FLOATS / (b * dForm))));
      const m = new Float32Array(b * dForm * dForm);
      const acc = new Float64Array(m.length);
      for (const [start, end] of chunks(N, rowsPerRun)) {
        await tick();
        throwIfAborted(signal);
        const rows = end - start;
        const vChunk = new Float32Array(b * rows);
        for (let t = 0; t < b; t++) vChunk.set(v.subarray(t * N + start, t * N + end), t * rows);
        const { out } = await form.run({
          x: float32(input.activations.subarray(start * d, end * d), [rows, d]),
          v: float32(vChunk, [b, rows]),
        });
        for (let i = 0; i < acc.length; i++) acc[i] = (acc[i] as number) + (out[i] as number);
      }
      for (let i = 0; i < m.length; i++) m[i] = (acc[i] as number) / N;
      const result = new Float32Array(b * N);
      for (const [start, end] of chunks(N, rowsPerRun)) {
        await tick();
        throwIfAborted(signal);
        const rows = end - start;
        const { out } = await apply.run({
          x: float32(input.activations.subarray(start * d, end * d), [rows, d]),
          m: float32(m, [b, dForm, dForm]),
        });
        for (let t = 0; t < b; t++)
          result.set(out.subarray(t * rows, (t + 1) * rows), t * N + start);
      }
      progress(++done / blocks);
      return result;
    },
  };
  return {
    operator,
    release: async () => {
      await form.release();
      await apply.release();
    },
  };
}
