// The only owner of the firing centroid of a composite — the h-weighted mean of the normalised
// inputs of its top firing rows — and of the cosine between centroids ("these composites read
// the same inputs"). Float64 references; consumed by the neighbour lists and, later, src/compute.
import { topRowsOfColumn } from '../stats';
import type { SimilarityMatrix } from './coactivation';

export interface FiringCentroids {
  /** [C, d] row-major: composite k's centroid, zeros when it has no positive row. */
  centroids: Float32Array | Float64Array;
  /** Per composite: rows that entered its centroid (≤ topK; 0 when none fired positively). */
  rows: Int32Array;
}

/**
 * For each composite k, its top-`topK` probe rows by h (descending, ties to the lower row; only
 * rows with h > 0) and the h-weighted mean of their normalised inputs:
 *   c_k = Σ_r h_kr (x̂_r − μ) / Σ_r h_kr,  μ = mean of x̂ over all N rows when `centred`, else 0.
 * h is [C, N] (Analysis.probes.hByComposite), xhat [N, d] (unit rows). Float64 sums, rounded
 * once into `out` (Float32Array [C, d] by default). Centring removes the direction every input
 * shares, which otherwise dominates the cosine between centroids. O(C·N·topK worst case for the
 * selection + C·topK·d).
 */
export function firingCentroids(
  h: Float32Array,
  C: number,
  N: number,
  xhat: ArrayLike<number>,
  d: number,
  topK: number,
  centred: boolean,
  out: Float32Array | Float64Array = new Float32Array(C * d),
): FiringCentroids {
  if (![C, N, d, topK].every((v) => Number.isInteger(v) && v >= 0)) {
    throw new Error(`firingCentroids: bad sizes C = ${C}, N = ${N}, d = ${d}, topK = ${topK}`);
  }
  if (h.length < C * N) throw new Error(`firingCentroids: h has ${h.length} values, need C·N`);
  if (xhat.length < N * d)
    throw new Error(`firingCentroids: xhat has ${xhat.length} values, need N·d`);
  if (out.length < C * d)
    throw new Error(`firingCentroids: out has ${out.length} entries, need C·d`);
  const mu = new Float64Array(d);
  if (centred && N > 0) {
    for (let t = 0; t < N; t++) {
      for (let q = 0; q < d; q++) mu[q] = (mu[q] as number) + (xhat[t * d + q] as number);
    }
    for (let q = 0; q < d; q++) mu[q] = (mu[q] as number) / N;
  }
  const rows = new Int32Array(C);
  const acc = new Float64Array(d);
  for (let k = 0; k < C; k++) {
    const hk = h.subarray(k * N, (k + 1) * N);
    const top = topRowsOfColumn(hk, N, 1, 0, topK, 'desc');
    acc.fill(0);
    let mass = 0;
    let used = 0;
    for (const t of top) {
      const v = hk[t] as number;
      // Sorted descending: the first non-positive value ends the firing rows.
      if (!(v > 0)) break;
      mass += v;
      used++;
      for (let q = 0; q < d; q++) {
        acc[q] = (acc[q] as number) + v * ((xhat[t * d + q] as number) - (mu[q] as number));
      }
    }
    rows[k] = used;
    for (let q = 0; q < d; q++) out[k * d + q] = used > 0 ? (acc[q] as number) / mass : 0;
  }
  return { centroids: out, rows };
}

export interface CentroidCosine {
  /** [C, C] row-major cosines in [−1, 1]; 1 on the diagonal; 0 in a zero centroid's row/column. */
  cosine: SimilarityMatrix;
  /** Per composite: 1 when its centroid is the zero vector (cosine undefined, set 0). */
  zero: Uint8Array;
}

/**
 * Cosine ⟨c_i, c_j⟩ / (‖c_i‖‖c_j‖) between the composites' centroids ([C, d] row-major, from
 * firingCentroids), float64 sums rounded once into `out` (Float32Array [C, C] by default).
 * O(C² d / 2).
 */
export function centroidCosine(
  centroids: ArrayLike<number>,
  C: number,
  d: number,
  out: SimilarityMatrix = new Float32Array(C * C),
): CentroidCosine {
  if (centroids.length < C * d)
    throw new Error(`centroidCosine: ${centroids.length} values, need C·d`);
  if (out.length < C * C) throw new Error(`centroidCosine: out has ${out.length} entries, need C²`);
  const norm = new Float64Array(C);
  const zero = new Uint8Array(C);
  for (let i = 0; i < C; i++) {
    let s = 0;
    for (let q = 0; q < d; q++) s += (centroids[i * d + q] as number) ** 2;
    norm[i] = Math.sqrt(s);
    zero[i] = s > 0 ? 0 : 1;
  }
  for (let i = 0; i < C; i++) {
    for (let j = i; j < C; j++) {
      let c = 0;
      if (!zero[i] && !zero[j]) {
        let s = 0;
        for (let q = 0; q < d; q++)
          s += (centroids[i * d + q] as number) * (centroids[j * d + q] as number);
        c =
          i === j ? 1 : Math.max(-1, Math.min(1, s / ((norm[i] as number) * (norm[j] as number))));
      }
      out[i * C + j] = c;
      out[j * C + i] = c;
    }
  }
  return { cosine: out, zero };
}
