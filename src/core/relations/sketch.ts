// The only owner of the random numbers behind the relations' approximate routes: standard
// normal draws (Box–Muller over core/random's seeded generator), so a sketch is the same in
// Node, the page and workers. Consumed by subspaceOverlap.ts and approxNeighbours.ts.
import { seededRandom } from '../random';

/** A seeded stream of independent N(0, 1) draws (Box–Muller, both outputs used). */
export function gaussianStream(seed: number): () => number {
  const rand = seededRandom(seed);
  let spare = NaN;
  return () => {
    if (!Number.isNaN(spare)) {
      const v = spare;
      spare = NaN;
      return v;
    }
    // 1 − u ∈ (0, 1]: the logarithm stays finite.
    const radius = Math.sqrt(-2 * Math.log(1 - rand()));
    const angle = 2 * Math.PI * rand();
    spare = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  };
}
