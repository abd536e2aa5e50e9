// The only owner of projecting probe rows onto directions of the form space: x̃·u for the
// normalised (and, for biased models, augmented x̃ = [1, x̂]) input of each row. Pure; the latent
// detail (every row on the plotted eigenvectors) and the best view (rows on the top-k
// eigenvectors) use it.

/**
 * Rows `rows` (all n rows when null) of `activations` ([n, d], raw) projected on the `m` vectors
 * in `vectors` ([m, dForm], row-major; dForm = d, or d + 1 with the constant first): returns
 * [rows, m] as float32 (accumulated in float64).
 */
export function projectRows(
  activations: Float32Array,
  d: number,
  dForm: number,
  n: number,
  rows: ArrayLike<number> | null,
  vectors: ArrayLike<number>,
  m: number,
): Float32Array {
  const offset = dForm - d; // 1 for biased models: x̃ = [1, x̂]
  const count = rows ? rows.length : n;
  const out = new Float32Array(count * m);
  for (let k = 0; k < count; k++) {
    const r = rows ? (rows[k] ?? 0) : k;
    const x = activations.subarray(r * d, (r + 1) * d);
    let s = 0;
    for (let i = 0; i < d; i++) s += (x[i] ?? 0) ** 2;
    const inv = 1 / Math.sqrt(s);
    for (let c = 0; c < m; c++) {
      const base = c * dForm;
      let dot = offset ? (vectors[base] ?? 0) : 0;
      for (let i = 0; i < d; i++) dot += (vectors[base + i + offset] ?? 0) * (x[i] ?? 0) * inv;
      out[k * m + c] = dot;
    }
  }
  return out;
}
