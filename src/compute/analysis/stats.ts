// The statistics phase: per-composite rank, captured share, importance and support from the
// spectra and the Gram matrix, and the feature-reader counts. Pure CPU over the other
// phases' results; the definitions themselves live in core/stats.
import type { Analysis } from '../../core/analysis';
import { featureReaders } from '../../core/features';
import { capturedShare, effectiveRank, isSparse, supportOf } from '../../core/stats';
import type { EngineWeights } from '../../core/weights';

export type StatsResult = Pick<
  Analysis,
  'rank' | 'importance' | 'frobenius2' | 'support' | 'supportKind' | 'captured' | 'featureReaders'
>;

export function statsPhase(
  w: EngineWeights,
  spectra: Float32Array,
  K: number,
  msym: Float32Array | null,
): StatsResult {
  const { C, F } = w;
  const rank = new Float32Array(C);
  const captured = new Float32Array(C);
  const frobenius2 = new Float32Array(C);
  for (let k = 0; k < C; k++) {
    const row = spectra.subarray(k * K, (k + 1) * K);
    rank[k] = effectiveRank(row);
    captured[k] = capturedShare(row);
    if (msym) frobenius2[k] = msym[k * C + k] ?? 0;
    else {
      let s = 0;
      for (const v of row) if (!Number.isNaN(v)) s += v * v;
      frobenius2[k] = s;
    }
  }
  let mean = 0;
  for (const v of frobenius2) mean += v / C;
  const importance = frobenius2.map((v) => (mean > 0 ? v / mean : 0));
  const support = new Float32Array(C);
  let supportKind: Analysis['supportKind'] = 'one';
  if (w.down) {
    const sparse = isSparse(w.down);
    supportKind = sparse ? 'count' : 'participation';
    for (let k = 0; k < C; k++) support[k] = supportOf(w.down, F, k, sparse);
  } else {
    support.fill(1);
  }
  return {
    rank,
    importance,
    frobenius2,
    support,
    supportKind,
    captured,
    featureReaders: featureReaders(w.down, C, F),
  };
}
