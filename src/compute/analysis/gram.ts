// The Gram phase: the decoder's Gram matrix M = D K Dᵀ (reconstruction error) and the forms'
// Frobenius Gram matrix Msym = D Ksym Dᵀ (importance, neighbours), built from column blocks of
// K so no F × F matrix is ever held. The only owner of how that phase is chunked.
import { throwIfAborted } from '../../core/abort';
import type { EngineWeights } from '../../core/weights';
import { gramGraph, projectGraph } from '../graphs';
import { float32, int64 } from '../runtime';
import { chunks, tick, type AnalyseOptions } from './options';
import type { SessionFactory } from './sessions';

export interface GramResult {
  /** [C, C] (or [F, F] without down) decoder Gram matrix. */
  m: Float32Array;
  /** [C, C] Frobenius Gram matrix of the symmetrised forms: ⟨B_i, B_j⟩_F. */
  msym: Float32Array;
  flops: number;
}

/** Runs the phase; `advance(share)` reports each share (summing to 1) of its work done. */
export async function gramPhase(
  backend: SessionFactory,
  w: EngineWeights,
  o: AnalyseOptions,
  signal: AbortSignal | undefined,
  advance: (share: number) => void,
): Promise<GramResult> {
  const { F, C, dForm: n } = w;
  const rowsOut = w.down ? C : F;
  const wk = new Float32Array(rowsOut * F);
  const wsym = new Float32Array(rowsOut * F);
  // Six [F, Fb] intermediates live at once (four products, K, Ksym).
  const fb = Math.max(1, Math.min(F, Math.floor(o.chunkFloats / (6 * F))));
  let flops = 0;
  const session = await backend.session(gramGraph(w));
  try {
    for (const [start, end] of chunks(F, fb)) {
      await tick();
      throwIfAborted(signal);
      const out = await session.run({ start: int64(start), end: int64(end) });
      const width = end - start;
      for (let r = 0; r < rowsOut; r++) {
        wk.set(out.wk.subarray(r * width, (r + 1) * width), r * F + start);
        wsym.set(out.wsym.subarray(r * width, (r + 1) * width), r * F + start);
      }
      flops += 8 * F * width * n + (w.down ? 4 * C * F * width : 0);
      advance((0.8 * width) / F);
    }
  } finally {
    await session.release();
  }
  if (!w.down) {
    advance(0.2);
    return { m: wk, msym: wsym, flops };
  }
  throwIfAborted(signal);
  const project = await backend.session(projectGraph({ ...w, down: w.down }));
  try {
    const out = await project.run({ wk: float32(wk, [C, F]), wsym: float32(wsym, [C, F]) });
    flops += 4 * C * C * F;
    advance(0.2);
    return { m: out.m, msym: out.msym, flops };
  } finally {
    await project.release();
  }
}
