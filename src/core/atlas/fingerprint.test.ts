import { describe, expect, it } from 'vitest';
import { FINGERPRINT_DIMS, fingerprints } from './fingerprint';

describe('fingerprints', () => {
  it('divides the top eigenvalues by the form norm, keeping sign and |λ| order', () => {
    // C = 2, K = 3: rows by descending |λ|.
    const spectra = new Float32Array([3, -2, 1, -4, 0.5, NaN]);
    const frob2 = new Float32Array([3 * 3 + 2 * 2 + 1 + 11, 16 + 0.25]);
    const fp = fingerprints(spectra, 2, 3, frob2, 4);
    const n0 = Math.sqrt(frob2[0]!);
    expect(Array.from(fp.subarray(0, 4))).toEqual(
      [3 / n0, -2 / n0, 1 / n0, 0].map((v) => Math.fround(v)),
    );
    const n1 = Math.sqrt(16.25);
    // NaN padding and the missing 4th value become 0.
    expect(Array.from(fp.subarray(4, 8))).toEqual([-4 / n1, 0.5 / n1, 0, 0].map(Math.fround));
  });

  it('is scale-free: a form and 10× it have the same fingerprint', () => {
    const a = new Float32Array([2, 1, -0.5]);
    const b = a.map((v) => 10 * v);
    const fa = fingerprints(a, 1, 3, new Float32Array([5.25]), 3);
    const fb = fingerprints(b, 1, 3, new Float32Array([525]), 3);
    for (let i = 0; i < 3; i++) expect(fb[i]).toBeCloseTo(fa[i]!, 6);
  });

  it('falls back to the kept eigenvalues when the norm is missing, and zeroes a zero form', () => {
    const fp = fingerprints(new Float32Array([3, 4, 0, 0]), 2, 2, new Float32Array([NaN, 0]), 2);
    expect(Array.from(fp)).toEqual([0.6, 0.8, 0, 0].map(Math.fround));
  });

  it('uses 20 dimensions by default and truncates longer spectra', () => {
    const K = 30;
    const spectra = Float32Array.from({ length: K }, (_, i) => K - i);
    let f2 = 0;
    for (const v of spectra) f2 += v * v;
    const fp = fingerprints(spectra, 1, K, new Float32Array([f2]));
    expect(fp.length).toBe(FINGERPRINT_DIMS);
    expect(fp[0]).toBeCloseTo(30 / Math.sqrt(f2), 6);
    expect(fp[19]).toBeCloseTo(11 / Math.sqrt(f2), 6);
  });
});
