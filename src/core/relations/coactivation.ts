// The only owner of co-activation between composites: the Pearson correlation of their values
// over the probe rows, as a float64 reference. The engine (src/compute) will compute the same
// matrix as one GEMM on the GPU and check it against this; the neighbour lists consume it.

/** A [C, C] similarity matrix, row-major: float32 for the app, float64 for references. */
export type SimilarityMatrix = Float32Array | Float64Array;

export interface Coactivation {
  /**
   * [C, C] row-major Pearson correlations over the N rows, in [−1, 1], symmetric; 1 on the
   * diagonal; every entry of a constant composite's row and column (diagonal too) is 0.
   */
  corr: SimilarityMatrix;
  /** Per composite: 1 when its values are equal on every row (correlation undefined, set 0). */
  constant: Uint8Array;
}

/**
 * Pearson correlation of composites' firing over the probe rows: h is [C, N] row-major (row k =
 * composite k's value on every row; Analysis.probes.hByComposite). Each pair is computed in
 * float64 as Σ(h_i − μ_i)(h_j − μ_j) / √(Σ(h_i − μ_i)² Σ(h_j − μ_j)²), the row means μ in
 * float64; the result is rounded once into `out` (a new Float32Array [C, C] by default; pass a
 * Float64Array for a float64 reference). A composite is constant when its largest and smallest
 * values are equal. O(C²N/2) flops, O(N) extra memory: a reference for small C, not a route.
 */
export function coactivation(
  h: ArrayLike<number>,
  C: number,
  N: number,
  out: SimilarityMatrix = new Float32Array(C * C),
): Coactivation {
  if (!Number.isInteger(C) || !Number.isInteger(N) || C < 0 || N < 1) {
    throw new Error(`coactivation: bad sizes C = ${C}, N = ${N}`);
  }
  if (h.length < C * N)
    throw new Error(`coactivation: h has ${h.length} values, need C·N = ${C * N}`);
  if (out.length < C * C)
    throw new Error(`coactivation: out has ${out.length} entries, need C² = ${C * C}`);
  const mean = new Float64Array(C);
  const norm = new Float64Array(C);
  const constant = new Uint8Array(C);
  const centred = new Float64Array(N);
  for (let k = 0; k < C; k++) {
    let s = 0;
    let lo = Infinity;
    let hi = -Infinity;
    for (let t = 0; t < N; t++) {
      const v = h[k * N + t] as number;
      if (!Number.isFinite(v)) throw new Error(`coactivation: h[${k}, ${t}] is ${v}`);
      s += v;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    const mu = s / N;
    mean[k] = mu;
    let ss = 0;
    for (let t = 0; t < N; t++) ss += ((h[k * N + t] as number) - mu) ** 2;
    norm[k] = Math.sqrt(ss);
    constant[k] = lo === hi || !(ss > 0) ? 1 : 0;
  }
  for (let i = 0; i < C; i++) {
    out[i * C + i] = constant[i] ? 0 : 1;
    if (constant[i]) {
      for (let j = 0; j < C; j++) {
        out[i * C + j] = 0;
        out[j * C + i] = 0;
      }
      continue;
    }
    const mi = mean[i] as number;
    for (let t = 0; t < N; t++) centred[t] = (h[i * N + t] as number) - mi;
    for (let j = i + 1; j < C; j++) {
      if (constant[j]) continue;
      const mj = mean[j] as number;
      let s = 0;
      for (let t = 0; t < N; t++) s += (centred[t] as number) * ((h[j * N + t] as number) - mj);
      const r = Math.max(-1, Math.min(1, s / ((norm[i] as number) * (norm[j] as number))));
      out[i * C + j] = r;
      out[j * C + i] = r;
    }
  }
  return { corr: out, constant };
}
