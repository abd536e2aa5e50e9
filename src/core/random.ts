// The only owner of the project's seeded random numbers: mulberry32, a small fast 32-bit
// generator. Pure; the UMAP layout (compute/umap/layout), Lanczos start vectors
// (core/maths/lanczos), synthetic benchmark data and the tests use it, so the same seed gives
// the same numbers in Node, the page and workers.

/** A generator of uniform floats in [0, 1) from a 32-bit `seed` (mulberry32). */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
