// The statistics phase, in its two halves: what needs the weights and the Gram matrix (support,
// feature readers, ‖B_k‖²_F from Msym) and what needs only the spectra (rank, captured,
// ‖B_k‖²_F from the kept eigenvalues when there is no Gram matrix, importance). Pure CPU over
// the other phases' results; the definitions themselves live in core/stats. The first half runs
// with the analysis's global part, the second when the parts are joined (parts.ts).
import type { Analysis, GlobalPart } from '../../core/analysis';
import { featureReaders } from '../../core/features';
import { capturedShare, effectiveRank, isSparse, supportOf } from '../../core/stats';
import type { EngineWeights } from '../../core/weights';

export type GlobalStats = Omit<GlobalPart, 'probes' | 'notes' | 'relations'>;

export type SpectralStats = Pick<Analysis, 'rank' | 'importance' | 'frobenius2' | 'captured'>;

/** Support, feature readers, and (with Msym) ‖B_k‖²_F. */
export function globalStats(w: EngineWeights, msym: Float32Array | null): GlobalStats {
  const { C, F } = w;
  const support = new Float32Array(C);
  let supportKind: Analysis['supportKind'] = 'one';
  if (w.down) {
    const sparse = isSparse(w.down);
    supportKind = sparse ? 'count' : 'participation';
    for (let k = 0; k < C; k++) support[k] = supportOf(w.down, F, k, sparse);
  } else {
    support.fill(1);
  }
  let gramFrobenius2: Float32Array | null = null;
  if (msym) {
    gramFrobenius2 = new Float32Array(C);
    for (let k = 0; k < C; k++) gramFrobenius2[k] = msym[k * C + k] ?? 0;
  }
  return {
    support,
    supportKind,
    featureReaders: featureReaders(w.down, C, F),
    gramFrobenius2,
  };
}

/**
 * Rank and captured share from the spectra [C, K]; ‖B_k‖²_F from `gramFrobenius2` when given,
 * else from the kept eigenvalues; importance = ‖B_k‖²_F over its mean.
 */
export function spectralStats(
  spectra: Float32Array,
  C: number,
  K: number,
  gramFrobenius2: Float32Array | null,
): SpectralStats {
  const rank = new Float32Array(C);
  const captured = new Float32Array(C);
  const frobenius2 = new Float32Array(C);
  for (let k = 0; k < C; k++) {
    const row = spectra.subarray(k * K, (k + 1) * K);
    rank[k] = effectiveRank(row);
    captured[k] = capturedShare(row);
    if (gramFrobenius2) frobenius2[k] = gramFrobenius2[k] ?? 0;
    else {
      let s = 0;
      for (const v of row) if (!Number.isNaN(v)) s += v * v;
      frobenius2[k] = s;
    }
  }
  let mean = 0;
  for (const v of frobenius2) mean += v / C;
  const importance = frobenius2.map((v) => (mean > 0 ? v / mean : 0));
  return { rank, importance, frobenius2, captured };
}
