// The only owner of the neighbour graph a relation layout hands to UMAP: each composite's first
// neighbours of a measure's table, with itself first at distance 0 (umap-js's precomputed-k-NN
// convention), distances 1 − s (or 1 − |s|, relationDistance). Pure; the atlas layout job builds
// it from an Analysis and the UMAP worker lays it out.
import type { NeighbourTable } from '../analysis';
import { relationDistance, type RelationMeasure } from './measures';

export interface KnnGraph {
  /** Entries per composite (itself + k − 1 neighbours). */
  k: number;
  /** [C, k] row-major; column 0 is the composite itself; −1 where the table had none. */
  indices: Int32Array;
  /** [C, k] distances, ascending per row; 0 for the composite itself. */
  distances: Float32Array;
}

/**
 * The k-NN graph of `table` for UMAP with `nNeighbors` (itself included): the first
 * nNeighbors − 1 listed neighbours of each composite, distances made non-decreasing (the
 * table's order is the measure's ranking, which the distance follows). A missing neighbour
 * (−1, or a NaN similarity) is written as the composite itself, which umap-js's membership
 * strengths give weight 0: no edge.
 */
export function knnGraph(
  table: NeighbourTable,
  measure: RelationMeasure,
  C: number,
  nNeighbors: number,
): KnnGraph {
  const k = Math.max(1, Math.min(nNeighbors, table.k + 1, C));
  const indices = new Int32Array(C * k);
  const distances = new Float32Array(C * k);
  for (let i = 0; i < C; i++) {
    indices[i * k] = i;
    let last = 0;
    for (let r = 1; r < k; r++) {
      const j = table.index[i * table.k + r - 1] ?? -1;
      const s = table.similarity[i * table.k + r - 1] ?? NaN;
      if (j >= 0 && Number.isFinite(s)) {
        indices[i * k + r] = j;
        last = Math.max(last, relationDistance(measure, s));
        distances[i * k + r] = last;
      } else {
        indices[i * k + r] = i;
        distances[i * k + r] = last;
      }
    }
  }
  return { k, indices, distances };
}
