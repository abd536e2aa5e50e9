// The probe phase: every probe row encoded (and decoded, when the Gram matrices exist) by
// onnxruntime in chunks, then the per-composite statistics over the rows — density, firing
// histogram, top and bottom rows — and the per-feature sums behind feature density. The only
// owner of how the rows are chunked and of the layout of ProbeResults.
import { throwIfAborted } from '../../core/abort';
import type { ProbeResults } from '../../core/analysis';
import { prefixOrder, quadraticVariance } from '../../core/modelStats';
import { columnHistogram, hoyerDensity, hoyerFromSums, topRowsOfColumn } from '../../core/stats';
import type { EngineWeights } from '../../core/weights';
import { encodeGraph, type DecodeTerms } from '../graphs';
import { float32 } from '../runtime';
import type { GramResult } from './gram';
import { chunks, tick, type AnalyseOptions } from './options';
import type { SessionFactory } from './sessions';

/** Composites whose statistics are computed between two yields to the event loop. */
const STATS_BATCH = 256;

/** The decode terms of the encode graph, with composites in prefix order. */
export function decodeTerms(
  gram: GramResult,
  C: number,
  basis: 'trained' | 'importance',
  inputNorm4: number,
): DecodeTerms {
  const order = prefixOrder(gram.msym, C, basis);
  const mLower = new Float32Array(C * C);
  for (let i = 0; i < C; i++) {
    const a = order[i] ?? 0;
    for (let j = 0; j < i; j++) mLower[i * C + j] = gram.m[a * C + (order[j] ?? 0)] ?? 0;
  }
  return { m: gram.m, mLower, inputNorm4, order };
}

/** Runs the phase; `advance(share)` reports each share (summing to 1) of its work done. */
export async function probePhase(
  backend: SessionFactory,
  w: EngineWeights,
  probes: { activations: Float32Array; n: number },
  gram: GramResult | null,
  prefixBasis: 'trained' | 'importance',
  o: AnalyseOptions,
  signal: AbortSignal | undefined,
  advance: (share: number) => void,
): Promise<{ results: ProbeResults; flops: number; xMean: Float64Array }> {
  const { F, C, d } = w;
  const N = probes.n;
  const inputNorm4 = w.biases ? 4 : 1;
  const decode = gram ? decodeTerms(gram, C, prefixBasis, inputNorm4) : null;
  const rowsPerRun = Math.max(1, Math.min(N, Math.floor(o.chunkFloats / (3 * F + 3 * C + d))));
  const h = new Float32Array(N * C);
  const rowError = decode ? new Float32Array(N) : null;
  const prefixSum = new Float64Array(C);
  const fAbs = new Float64Array(F);
  const fSq = new Float64Array(F);
  const fMax = new Float32Array(F);
  const xSum = new Float64Array(d);
  const xGram = new Float64Array(d * d);
  let flops = 0;
  const session = await backend.session(encodeGraph(w, decode));
  try {
    for (const [start, end] of chunks(N, rowsPerRun)) {
      await tick();
      throwIfAborted(signal);
      const rows = end - start;
      const out = await session.run({
        x: float32(probes.activations.subarray(start * d, end * d), [rows, d]),
      });
      h.set(out.h.subarray(0, rows * C), start * C);
      for (let j = 0; j < F; j++) {
        fAbs[j] = (fAbs[j] ?? 0) + (out.fAbs[j] ?? 0);
        fSq[j] = (fSq[j] ?? 0) + (out.fSq[j] ?? 0);
        fMax[j] = Math.max(fMax[j] ?? 0, out.fMax[j] ?? 0);
      }
      for (let i = 0; i < d; i++) xSum[i] = (xSum[i] ?? 0) + (out.xSum[i] ?? 0);
      for (let i = 0; i < d * d; i++) xGram[i] = (xGram[i] ?? 0) + (out.xGram[i] ?? 0);
      if (decode) {
        if (!out.err || !out.prefix) throw new Error('the encode graph returned no decode terms');
        rowError?.set(out.err, start);
        for (let k = 0; k < C; k++) prefixSum[k] = (prefixSum[k] ?? 0) + (out.prefix[k] ?? 0);
      }
      flops += rows * (4 * F * d + 2 * d * d + (w.down ? 2 * F * C : 0) + (decode ? 4 * C * C : 0));
      advance(rows / N);
    }
  } finally {
    await session.release();
  }

  let prefixError: Float64Array | null = null;
  if (decode) {
    prefixError = new Float64Array(C);
    let acc = 0;
    for (let k = 0; k < C; k++) {
      acc += prefixSum[k] ?? 0;
      prefixError[k] = inputNorm4 + acc / N;
    }
  }

  // Per-composite statistics over the probe rows, from h stored by composite.
  const byComposite = new Float32Array(C * N);
  for (let i = 0; i < N; i++)
    for (let k = 0; k < C; k++) byComposite[k * N + i] = h[i * C + k] ?? 0;
  const bins = o.histogramBins;
  const topK = Math.min(o.topK, N);
  const density = new Float32Array(C);
  const lo = new Float32Array(C);
  const hi = new Float32Array(C);
  const counts = new Uint32Array(C * bins);
  const topRows = new Int32Array(C * topK);
  const bottomRows = new Int32Array(C * topK);
  for (let k = 0; k < C; k++) {
    if (k % STATS_BATCH === 0) {
      throwIfAborted(signal);
      await tick();
    }
    const col = byComposite.subarray(k * N, (k + 1) * N);
    density[k] = hoyerDensity(col);
    const hist = columnHistogram(col, N, 1, 0, bins);
    lo[k] = hist.lo;
    hi[k] = hist.hi;
    counts.set(hist.counts, k * bins);
    topRows.set(topRowsOfColumn(col, N, 1, 0, topK, 'desc'), k * topK);
    bottomRows.set(topRowsOfColumn(col, N, 1, 0, topK, 'asc'), k * topK);
  }
  const featureDensity = new Float32Array(F);
  for (let j = 0; j < F; j++) featureDensity[j] = hoyerFromSums(fAbs[j] ?? 0, fSq[j] ?? 0, N);
  return {
    flops,
    xMean: xSum.map((v) => v / N),
    results: {
      n: N,
      hByComposite: byComposite,
      density,
      histogram: { bins, lo, hi, counts },
      topRows,
      bottomRows,
      topK,
      rowError,
      inputNorm4,
      varianceTotal: quadraticVariance(xGram, xSum, N, d, w.biases !== null),
      prefixError,
      prefixOrder: decode?.order ?? null,
      prefixBasis,
      featureDensity,
      featureMaxAbs: fMax,
    },
  };
}
