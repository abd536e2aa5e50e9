// The only owner of the atlas fingerprint: the vector per composite that UMAP lays out
// (docs/atlas.md says why this choice). Pure; the app's atlas job builds it from an Analysis and
// the UMAP worker consumes it, as does the benchmark page (synthetic fingerprints).

/** Eigenvalues per fingerprint (the reference atlas uses the 20 of largest |λ|). */
export const FINGERPRINT_DIMS = 20;

/**
 * Fingerprints [C, dims] (row-major float32) from `spectra` [C, K] (each row by descending |λ|,
 * NaN-padded) and `frobenius2` [C] (Σλ² over the whole spectrum, ‖B_k‖²_F).
 *
 * Row k is the first `dims` eigenvalues of composite k divided by ‖B_k‖_F: signed, in |λ| order,
 * zero-padded where the spectrum is shorter (K < dims) or NaN. Dividing by the form's norm makes
 * the map about the *shape* of a spectrum (how its weight spreads, and with which signs), not its
 * scale — importance is shown by point size instead; entries lie in [-1, 1] and the row's norm is
 * the share of Σλ² the top `dims` carry. A zero form gives a zero row.
 */
export function fingerprints(
  spectra: Float32Array,
  C: number,
  K: number,
  frobenius2: Float32Array,
  dims = FINGERPRINT_DIMS,
): Float32Array {
  if (spectra.length < C * K) throw new RangeError(`spectra has ${spectra.length} < C·K values`);
  const out = new Float32Array(C * dims);
  const take = Math.min(K, dims);
  for (let k = 0; k < C; k++) {
    // Fall back to the kept eigenvalues when the norm is missing (or not finite).
    let norm2 = frobenius2[k] ?? NaN;
    if (!(Number.isFinite(norm2) && norm2 > 0)) {
      norm2 = 0;
      for (let i = 0; i < K; i++) {
        const v = spectra[k * K + i] ?? NaN;
        if (Number.isFinite(v)) norm2 += v * v;
      }
    }
    if (!(norm2 > 0)) continue;
    const inv = 1 / Math.sqrt(norm2);
    for (let i = 0; i < take; i++) {
      const v = spectra[k * K + i] ?? NaN;
      out[k * dims + i] = Number.isFinite(v) ? v * inv : 0;
    }
  }
  return out;
}
