// The only owner of one composite's detail for the latent view: its full spectrum and
// eigenvectors (from the explicitly formed B_k, or its exact low-rank factors when the model has
// no `down`), the sign convention of the plotted axes, and the projections x̃·u of the probe rows.
import type { LatentDetail } from '../core/analysis';
import type { CompositeId } from '../core/ids';
import { fixSign, orderByMagnitude, symmetricEigen } from '../core/maths/eigen';
import { lowRankEigen, lowRankFactors } from '../core/maths/lowRank';
import { projectRows } from '../core/latentDetail';
import type { EngineWeights } from '../core/weights';
import { int64, type Session } from './runtime';

/** The three largest |λ| (fewer when the form is smaller), the default x, y, z. */
export const DEFAULT_AXES = [0, 1, 2];

/**
 * The eigen-decomposition of composite k, eigenvalues by descending |λ| and matching unit
 * eigenvectors as rows ([n, n]). `forms` is a session of formsGraph (models with `down`).
 */
export async function compositeEigen(
  w: EngineWeights,
  k: number,
  forms: Session<'forms'> | null,
): Promise<{ values: Float64Array; vectors: Float64Array }> {
  const n = w.dForm;
  let values: Float64Array;
  let columns: Float64Array;
  let cols: number;
  if (w.down) {
    if (!forms) throw new Error('compositeEigen: a forms session is needed for models with down');
    const b = (await forms.run({ start: int64(k), end: int64(k + 1) })).forms;
    const eig = symmetricEigen(b, n, true);
    values = eig.values;
    columns = eig.vectors ?? new Float64Array(n * n);
    cols = n;
  } else {
    // B_k = sym(l_k r_kᵀ) has rank ≤ 2: its non-zero spectrum comes exactly from two vectors.
    const { rows, coef } = lowRankFactors(w, k);
    const eig = lowRankEigen(rows, coef, coef.length, n, true);
    values = eig.values;
    columns = eig.vectors ?? new Float64Array(0);
    cols = values.length;
  }
  const order = orderByMagnitude(values);
  const sorted = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const src = order[i];
    if (src === undefined) continue; // eigenvalue 0 beyond the low rank: zero vector
    sorted[i] = values[src] ?? 0;
    const v = new Float64Array(n);
    for (let a = 0; a < n; a++) v[a] = columns[a * cols + src] ?? 0;
    vectors.set(fixSign(v), i * n);
  }
  return { values: sorted, vectors };
}

/**
 * The latent view's data: full spectrum, the eigenvectors of `axes` (indices into the
 * |λ|-ordered spectrum) and, with a probe set, every row projected on them.
 */
export function latentDetail(
  w: EngineWeights,
  k: CompositeId,
  eig: { values: Float64Array; vectors: Float64Array },
  axes: number[],
  probes: { activations: Float32Array; n: number } | null,
): LatentDetail {
  const n = w.dForm;
  const chosen = axes.map((a) => Math.max(0, Math.min(n - 1, Math.trunc(a))));
  const vectors = new Float32Array(chosen.length * n);
  chosen.forEach((a, i) => vectors.set(eig.vectors.subarray(a * n, (a + 1) * n), i * n));
  const xyz = probes ? projectRows(vectors, chosen.length, n, probes, w.d) : null;
  // A copy: the caller keeps `eig` cached while the result may be transferred away.
  return { composite: k, values: eig.values.slice(), vectors, axes: chosen, xyz };
}
