// The only owner of the circularity of every composite (an atlas statistic): each composite's
// top firing rows projected on its two eigenvectors of largest |λ|, scored by core/shape's
// circularity (a ring with a hole → 1). The eigenvectors come by the route that suits the model,
// as for the spectra: explicit forms (d' ≤ 320, dense `down`), the exact low-rank factors (no or
// sparse `down`), or lock-step Lanczos for wide forms. Runs in the engine worker.
import { abortError } from '../core/abort';
import { fixSign, orderByMagnitude, symmetricEigen } from '../core/maths/eigen';
import { lockstepLanczos } from '../core/maths/lanczos';
import { lowRankEigen, lowRankFactors } from '../core/maths/lowRank';
import { projectRows } from '../core/projection';
import { circularity } from '../core/shape/circularity';
import type { EngineWeights } from '../core/weights';
import { chooseRoute } from './analysis';
import { chunks, tick } from './analysis/options';
import { formsGraph, lanczosGraph } from './graphs';
import type { BuiltModel } from './onnx/graph';
import { float32, int64, type Session } from './runtime';

/** Lanczos steps for the two leading eigenvectors of wide forms (converged well before this). */
const LANCZOS_STEPS = 48;
/** Composites whose forms are built in one onnxruntime run (explicit route). */
const FORMS_BATCH = 16;

export interface CircularityInput {
  weights: EngineWeights;
  probes: { activations: Float32Array; n: number };
  /** [C, m] rows of each composite's top firing rows, and their values h. */
  rows: Int32Array;
  values: Float32Array;
  m: number;
}

/** What the engine gives this phase: sessions of built graphs. */
interface Sessions {
  session<Out extends string, Opt extends string = never>(
    model: BuiltModel<Out, Opt>,
  ): Promise<Session<Out, Opt>>;
}

/**
 * Circularity of every composite ([C], in [0, 1]; NaN where no circle fits). `progress`
 * receives the share done.
 */
export async function circularityAll(
  backend: Sessions,
  input: CircularityInput,
  signal: AbortSignal,
  progress: (fraction: number) => void,
): Promise<Float32Array> {
  const { weights: w, m } = input;
  const C = w.C;
  const n = w.dForm;
  const out = new Float32Array(C).fill(NaN);
  const score = (k: number, u1: ArrayLike<number>, u2: ArrayLike<number>) => {
    const rows = input.rows.subarray(k * m, (k + 1) * m);
    const vectors = new Float64Array(2 * n);
    vectors.set(Array.from(u1), 0);
    vectors.set(Array.from(u2), n);
    const xy = projectRows(input.probes.activations, w.d, n, input.probes.n, rows, vectors, 2);
    const weights = Float64Array.from(input.values.subarray(k * m, (k + 1) * m), Math.abs);
    out[k] = circularity(xy, weights).score;
  };
  const route = chooseRoute(w);
  if (route === 'lowrank') {
    for (let k = 0; k < C; k++) {
      if (k % 32 === 0) {
        if (signal.aborted) throw abortError();
        progress(k / C);
        await tick();
      }
      const { rows, coef } = lowRankFactors(w, k);
      const eig = lowRankEigen(rows, coef, coef.length, n, true);
      const [a, b] = orderByMagnitude(eig.values);
      const cols = eig.values.length;
      const column = (j: number | undefined) =>
        Float64Array.from({ length: n }, (_, r) =>
          j === undefined ? 0 : (eig.vectors?.[r * cols + j] ?? 0),
        );
      score(k, column(a), column(b));
    }
    return out;
  }
  const down = w.down;
  if (!down) return out;
  if (route === 'explicit') {
    const session = await backend.session(formsGraph({ ...w, down }));
    try {
      for (const [start, end] of chunks(C, FORMS_BATCH)) {
        if (signal.aborted) throw abortError();
        const { forms } = await session.run({ start: int64(start), end: int64(end) });
        for (let k = start; k < end; k++) {
          const eig = symmetricEigen(
            forms.subarray((k - start) * n * n, (k - start + 1) * n * n),
            n,
            true,
          );
          const [a, b] = orderByMagnitude(eig.values);
          const column = (j: number | undefined) =>
            fixSign(
              Float64Array.from({ length: n }, (_, r) =>
                j === undefined ? 0 : (eig.vectors?.[r * n + j] ?? 0),
              ),
            );
          score(k, column(a), column(b));
        }
        progress(end / C);
        await tick();
      }
    } finally {
      await session.release();
    }
    return out;
  }
  // Lanczos: the two largest-|λ| Ritz vectors of every composite, in lock-step blocks.
  const session = await backend.session(lanczosGraph({ ...w, down }));
  try {
    const block = Math.max(1, Math.min(C, 64));
    for (const [start, end] of chunks(C, block)) {
      if (signal.aborted) throw abortError();
      const count = end - start;
      const res = await lockstepLanczos(
        count,
        n,
        async (v) => {
          const { out: bv } = await session.run({
            v: float32(v, [count, n]),
            start: int64(start),
            end: int64(end),
          });
          await tick();
          return bv;
        },
        { steps: Math.min(n, LANCZOS_STEPS), seed: 7 + start, keep: 2, wantVectors: true, signal },
      );
      const vec = res.vectors ?? new Float64Array(count * 2 * n);
      for (let c = 0; c < count; c++) {
        score(
          start + c,
          vec.subarray(c * 2 * n, (c * 2 + 1) * n),
          vec.subarray((c * 2 + 1) * n, (c * 2 + 2) * n),
        );
      }
      progress(end / C);
    }
  } finally {
    await session.release();
  }
  return out;
}
