// The only owner of the weighted ellipse fit in a plane: Fitzgibbon's direct least-squares conic
// constrained to 4AC − B² = 1, in Halir and Flusser's numerically stable reduced 3×3 form.
// Consumed by the manifold shape panel (an ellipse's axes say how squashed a ring is).
import { checkPoints, checkedWeights, totalWeight, type Weights } from './points';
import { solveLinear } from './smallLinear';

export interface EllipseFit {
  /** Centre (x, y), in the input's units. */
  centre: [number, number];
  /** Semi-axes, in the input's units, semiMajor ≥ semiMinor > 0. */
  semiMajor: number;
  semiMinor: number;
  /** Angle of the major axis from the +x axis, radians in (−π/2, π/2]. */
  rotation: number;
}

/**
 * Weighted direct least-squares ellipse (Fitzgibbon, Pilu & Fisher 1999; Halir & Flusser 1998):
 * the conic A x² + B xy + C y² + D x + E y + F = 0 minimising Σ w (conic value)² subject to
 * 4AC − B² = 1, so the answer is always an ellipse. Works in coordinates centred on the weighted
 * mean and scaled by the rms spread. The constrained minimum is the eigenvector of the 3×3
 * M = K⁻¹ S (S the reduced scatter, K the constraint) with aᵀKa > 0 — there is exactly one;
 * exact data (S singular) is fine. Returns null when the total weight is 0, with fewer than
 * five weighted points or points that do not determine one conic (e.g. collinear), or when the
 * conic is not a real ellipse. Algebraic, so slightly biased towards small ellipses on noisy
 * arcs; O(n).
 */
export function fitEllipse(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  w: Weights,
): EllipseFit | null {
  const n = x.length;
  if (y.length !== n) throw new Error(`fitEllipse: ${n} x values but ${y.length} y values`);
  checkPoints(x, n, 1, 'fitEllipse');
  checkPoints(y, n, 1, 'fitEllipse');
  const wt = checkedWeights(w, n, 'fitEllipse');
  const W = totalWeight(wt);
  if (!(W > 0) || wt.filter((v) => v > 0).length < 5) return null;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += (wt[i] as number) * (x[i] as number);
    my += (wt[i] as number) * (y[i] as number);
  }
  mx /= W;
  my /= W;
  let spread = 0;
  for (let i = 0; i < n; i++) {
    spread += (wt[i] as number) * (((x[i] as number) - mx) ** 2 + ((y[i] as number) - my) ** 2);
  }
  spread = Math.sqrt(spread / W);
  if (!(spread > 0)) return null;
  // Scatter blocks: S1 = D1ᵀWD1, S2 = D1ᵀWD2, S3 = D2ᵀWD2 with D1 = [u², uv, v²], D2 = [u, v, 1].
  const s1 = new Float64Array(9);
  const s2 = new Float64Array(9);
  const s3 = new Float64Array(9);
  const q = new Float64Array(3);
  const l = new Float64Array(3);
  for (let i = 0; i < n; i++) {
    const wi = wt[i] as number;
    if (wi === 0) continue;
    const u = ((x[i] as number) - mx) / spread;
    const v = ((y[i] as number) - my) / spread;
    q[0] = u * u;
    q[1] = u * v;
    q[2] = v * v;
    l[0] = u;
    l[1] = v;
    l[2] = 1;
    for (let p = 0; p < 3; p++) {
      const qp = wi * (q[p] as number);
      const lp = wi * (l[p] as number);
      for (let r = 0; r < 3; r++) {
        s1[p * 3 + r] = (s1[p * 3 + r] as number) + qp * (q[r] as number);
        s2[p * 3 + r] = (s2[p * 3 + r] as number) + qp * (l[r] as number);
        s3[p * 3 + r] = (s3[p * 3 + r] as number) + lp * (l[r] as number);
      }
    }
  }
  // T = −S3⁻¹ S2ᵀ gives the linear part from the quadratic one; reduced scatter S = S1 + S2 T.
  const t = new Float64Array(9);
  for (let c = 0; c < 3; c++) {
    // Column c of S2ᵀ is row c of S2.
    const col = solveLinear(
      s3,
      [-(s2[3 * c] as number), -(s2[3 * c + 1] as number), -(s2[3 * c + 2] as number)],
      3,
    );
    if (!col) return null;
    for (let r = 0; r < 3; r++) t[r * 3 + c] = col[r] as number;
  }
  const sr = new Float64Array(9);
  for (let p = 0; p < 3; p++) {
    for (let r = 0; r < 3; r++) {
      let s = s1[p * 3 + r] as number;
      for (let k = 0; k < 3; k++) s += (s2[p * 3 + k] as number) * (t[k * 3 + r] as number);
      sr[p * 3 + r] = s;
    }
  }
  for (let p = 0; p < 3; p++) {
    for (let r = 0; r < p; r++) {
      const avg = 0.5 * ((sr[p * 3 + r] as number) + (sr[r * 3 + p] as number));
      sr[p * 3 + r] = avg;
      sr[r * 3 + p] = avg;
    }
  }
  const a1 = constrainedMinimum(sr);
  if (!a1) return null;
  const a2 = new Float64Array(3);
  for (let r = 0; r < 3; r++) {
    let s = 0;
    for (let k = 0; k < 3; k++) s += (t[r * 3 + k] as number) * (a1[k] as number);
    a2[r] = s;
  }
  const conic = conicToEllipse(
    a1[0] as number,
    a1[1] as number,
    a1[2] as number,
    a2[0] as number,
    a2[1] as number,
    a2[2] as number,
  );
  if (!conic) return null;
  return {
    centre: [mx + conic.u0 * spread, my + conic.v0 * spread],
    semiMajor: conic.major * spread,
    semiMinor: conic.minor * spread,
    rotation: conic.rotation,
  };
}

/**
 * Centre, semi-axes and major-axis angle of the ellipse A u² + B uv + C v² + D u + E v + F = 0;
 * null when the conic is not a real ellipse (4AC − B² ≤ 0 or empty).
 */
function conicToEllipse(
  A: number,
  B: number,
  C: number,
  D: number,
  E: number,
  F: number,
): { u0: number; v0: number; major: number; minor: number; rotation: number } | null {
  const det = 4 * A * C - B * B;
  if (!(det > 0)) return null;
  if (A < 0) {
    // Same conic with the quadratic part positive definite: the eigenvalues below are > 0.
    [A, B, C, D, E, F] = [-A, -B, -C, -D, -E, -F];
  }
  const u0 = (B * E - 2 * C * D) / det;
  const v0 = (B * D - 2 * A * E) / det;
  const f0 = F + 0.5 * (D * u0 + E * v0);
  if (!(f0 < 0)) return null;
  const mean = 0.5 * (A + C);
  const half = Math.hypot(0.5 * (A - C), 0.5 * B);
  const big = mean + half;
  const small = mean - half;
  if (!(small > 0)) return null;
  // 0.5·atan2(B, A − C) is the direction of the larger eigenvalue of [[A, B/2], [B/2, C]]:
  // the minor axis. The major axis is a quarter turn from it.
  let rotation = 0.5 * Math.atan2(B, A - C) + Math.PI / 2;
  if (rotation > Math.PI / 2) rotation -= Math.PI;
  return { u0, v0, major: Math.sqrt(-f0 / small), minor: Math.sqrt(-f0 / big), rotation };
}

/**
 * The quadratic part a = (A, B, C) minimising aᵀSa subject to 4AC − B² = 1 for the reduced
 * scatter S (3×3, PSD): among the eigenvectors of M = K⁻¹S (real: M is similar to a symmetric
 * matrix), the one with 4AC − B² > 0. Eigenvalues from the characteristic cubic (trigonometric
 * form), eigenvectors as the largest cross product of two rows of M − λI. Null if none is
 * elliptic.
 */
function constrainedMinimum(s: Float64Array): Float64Array | null {
  // K⁻¹ = [[0, 0, ½], [0, −1, 0], [½, 0, 0]].
  const m = new Float64Array(9);
  for (let c = 0; c < 3; c++) {
    m[c] = 0.5 * (s[6 + c] as number);
    m[3 + c] = -(s[3 + c] as number);
    m[6 + c] = 0.5 * (s[c] as number);
  }
  const at = (r: number, c: number) => m[r * 3 + c] as number;
  const tr = at(0, 0) + at(1, 1) + at(2, 2);
  const minors =
    at(0, 0) * at(1, 1) -
    at(0, 1) * at(1, 0) +
    at(0, 0) * at(2, 2) -
    at(0, 2) * at(2, 0) +
    at(1, 1) * at(2, 2) -
    at(1, 2) * at(2, 1);
  const det =
    at(0, 0) * (at(1, 1) * at(2, 2) - at(1, 2) * at(2, 1)) -
    at(0, 1) * (at(1, 0) * at(2, 2) - at(1, 2) * at(2, 0)) +
    at(0, 2) * (at(1, 0) * at(2, 1) - at(1, 1) * at(2, 0));
  let best: Float64Array | null = null;
  let bestCond = 0;
  for (const lambda of realCubicRoots(-tr, minors, -det)) {
    const v = nullVector(m, lambda);
    if (!v) continue;
    const cond = 4 * (v[0] as number) * (v[2] as number) - (v[1] as number) ** 2;
    if (cond > bestCond) {
      bestCond = cond;
      best = v;
    }
  }
  return best;
}

/**
 * The three real roots of λ³ + bλ² + cλ + d (known to be real here; a slightly negative
 * discriminant from rounding is clamped).
 */
function realCubicRoots(b: number, c: number, d: number): number[] {
  const shift = b / 3;
  const p = c - b * shift;
  const q = (2 * b * b * b) / 27 - (b * c) / 3 + d;
  if (!(p < 0)) return [Math.cbrt(-q) - shift];
  const r = 2 * Math.sqrt(-p / 3);
  const arg = Math.max(-1, Math.min(1, (3 * q) / (p * r)));
  const phi = Math.acos(arg) / 3;
  return [0, 1, 2].map((k) => r * Math.cos(phi - (2 * Math.PI * k) / 3) - shift);
}

/** A unit vector v with (M − λI) v ≈ 0: the largest cross product of two rows. */
function nullVector(m: Float64Array, lambda: number): Float64Array | null {
  const row = (r: number) =>
    [0, 1, 2].map((c) => (m[r * 3 + c] as number) - (r === c ? lambda : 0));
  const rows = [row(0), row(1), row(2)];
  let best: number[] | null = null;
  let bestNorm = 0;
  for (const [i, j] of [
    [0, 1],
    [0, 2],
    [1, 2],
  ] as const) {
    const a = rows[i] as number[];
    const b = rows[j] as number[];
    const v = [
      (a[1] as number) * (b[2] as number) - (a[2] as number) * (b[1] as number),
      (a[2] as number) * (b[0] as number) - (a[0] as number) * (b[2] as number),
      (a[0] as number) * (b[1] as number) - (a[1] as number) * (b[0] as number),
    ];
    const norm = Math.hypot(...v);
    if (norm > bestNorm) {
      bestNorm = norm;
      best = v;
    }
  }
  // All rows (nearly) parallel: λ is a multiple eigenvalue and the conic is not determined.
  const scale = Math.max(...rows.map((r) => Math.hypot(...r)));
  if (!best || !(bestNorm > 1e-12 * scale * scale)) return null;
  return Float64Array.from(best, (v) => v / bestNorm);
}
