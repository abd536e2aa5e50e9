// The only owner of reading a latent's detail out of an analysis that kept its default axes'
// eigenvectors (an analysis bundle), so the latent view opens without the engine. Pure; it
// projects the probe rows with core/projection, as the engine's latent call (compute/latent.ts)
// does.
import type { Analysis, LatentDetail } from './analysis';
import { compositeId } from './ids';
import { projectRows } from './projection';

/**
 * Composite k's detail from the analysis alone, when it kept the eigenvectors of every axis
 * asked for (`axes` within analysis.eigenvectors.count); null otherwise (the engine computes
 * it). The spectrum is the analysis's (every eigenvalue when spectrumComplete, else the K
 * largest |λ|).
 */
export function latentFromAnalysis(
  a: Analysis,
  k: number,
  axes: readonly number[],
  probes: { activations: Float32Array; n: number; d: number } | null,
): LatentDetail | null {
  const kept = a.eigenvectors;
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
    xyz: probes
      ? projectRows(probes.activations, d, n, probes.n, null, vectors, chosen.length)
      : null,
  };
}
