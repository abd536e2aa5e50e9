// The only owner of projecting probe rows on a composite's eigenvectors (the manifold's x, y, z)
// and of reading a latent's detail out of an analysis that kept its default axes' eigenvectors
// (an analysis bundle), so the latent view opens without the engine. Pure; the engine's latent
// call (compute/latent.ts) projects with the same function.
import type { Analysis, LatentDetail } from './analysis';
import { compositeId } from './ids';

/**
 * [N, A] projections x̃·u of every probe row on `vectors` ([A, n] row-major, n = d or d + 1 for
 * biased models, whose x̃ = [1, x̂]); rows are normalised x̂ = x/‖x‖ first.
 */
export function projectRows(
  vectors: Float32Array,
  axesCount: number,
  n: number,
  probes: { activations: Float32Array; n: number },
  d: number,
): Float32Array {
  const offset = n - d; // 1 for biased models: x̃ = [1, x̂]
  const out = new Float32Array(probes.n * axesCount);
  for (let r = 0; r < probes.n; r++) {
    const x = probes.activations.subarray(r * d, (r + 1) * d);
    let s = 0;
    for (let i = 0; i < d; i++) s += (x[i] ?? 0) ** 2;
    const inv = 1 / Math.sqrt(s);
    for (let c = 0; c < axesCount; c++) {
      const u = vectors.subarray(c * n, (c + 1) * n);
      let dot = offset ? (u[0] ?? 0) : 0;
      for (let i = 0; i < d; i++) dot += (u[i + offset] ?? 0) * (x[i] ?? 0) * inv;
      out[r * axesCount + c] = dot;
    }
  }
  return out;
}

/**
 * Composite k's detail from the analysis alone, when it kept the eigenvectors of every axis
 * asked for (`axes` within analysis.axisVectors.count); null otherwise (the engine computes
 * it). The spectrum is the analysis's (every eigenvalue when spectrumComplete, else the K
 * largest |λ|).
 */
export function latentFromAnalysis(
  a: Analysis,
  k: number,
  axes: readonly number[],
  probes: { activations: Float32Array; n: number; d: number } | null,
): LatentDetail | null {
  const kept = a.axisVectors;
  if (!kept || !Number.isInteger(k) || k < 0 || k >= a.nComposites) return null;
  const n = a.dForm;
  const chosen = axes.map((x) => Math.trunc(x));
  if (chosen.some((x) => !(x >= 0 && x < kept.count))) return null;
  if (probes && (!a.probes || probes.n !== a.probes.n)) return null;
  const K = a.spectrumK;
  const row = a.spectra.subarray(k * K, (k + 1) * K);
  let length = K;
  while (length > 0 && Number.isNaN(row[length - 1])) length--;
  const values = Float64Array.from(row.subarray(0, length));
  const vectors = new Float32Array(chosen.length * n);
  chosen.forEach((x, i) => {
    const at = (k * kept.count + x) * n;
    vectors.set(kept.vectors.subarray(at, at + n), i * n);
  });
  const d = probes?.d ?? n;
  return {
    composite: compositeId(k),
    values,
    vectors,
    axes: chosen,
    xyz: probes ? projectRows(vectors, chosen.length, n, probes, d) : null,
  };
}
