// The only owner of the weighted circle fit in a plane: an algebraic (Kåsa) start refined by
// Gauss–Newton on the geometric residual ‖p − c‖ − r, plus each point's angle about the centre.
// Consumed by circularity.ts, angularOrder's callers and the manifold shape panel.
import { checkPoints, checkedWeights, totalWeight, type Weights } from './points';
import { solveLinear } from './smallLinear';

export interface CircleFit {
  /** Centre (x, y), in the input's units. */
  centre: [number, number];
  /** Radius, in the input's units (> 0). */
  radius: number;
  /** Weighted rms geometric residual √(Σ w (‖p − c‖ − r)² / Σ w), in the input's units. */
  rms: number;
  /** rms / radius, dimensionless, ≥ 0: 0 for points exactly on a circle. */
  residualShare: number;
  /** Each point's angle atan2(y − cy, x − cx) about the centre, radians in (−π, π]. */
  angles: Float64Array;
  /** Gauss–Newton steps taken after the algebraic start (≤ MAX_STEPS). */
  iterations: number;
}

/** Gauss–Newton steps allowed; a good start converges in 3–6, a line crawls to r → ∞. */
const MAX_STEPS = 50;
/** Beyond this radius (in units of the points' rms spread) the "circle" is a line: stop. */
const LINE_RADIUS = 1e6;

/**
 * Weighted least-squares circle through points (x[i], y[i]) with weights w (≥ 0; null = 1):
 * minimises Σ w (‖p − c‖ − r)². Start: the Kåsa fit (linear least squares on
 * x² + y² + Dx + Ey + F = 0, in coordinates centred on the weighted mean and scaled by the rms
 * spread); then damped Gauss–Newton on (cx, cy, r) until the step is below 1e-12 of the spread.
 * Returns null when no circle is defined: total weight 0, fewer than three weighted points
 * not on one line (the Kåsa system is singular), or all points at one place. Nearly collinear
 * points give a very large radius, and the search stops at 1e6 × their spread. O(n) per step.
 */
export function fitCircle(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  w: Weights,
): CircleFit | null {
  const n = x.length;
  if (y.length !== n) throw new Error(`fitCircle: ${n} x values but ${y.length} y values`);
  checkPoints(x, n, 1, 'fitCircle');
  checkPoints(y, n, 1, 'fitCircle');
  const wt = checkedWeights(w, n, 'fitCircle');
  const W = totalWeight(wt);
  if (!(W > 0)) return null;
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
  // Centred and scaled copies: the normal equations stay well conditioned at any offset.
  const u = new Float64Array(n);
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    u[i] = ((x[i] as number) - mx) / spread;
    v[i] = ((y[i] as number) - my) / spread;
  }
  const start = kasa(u, v, wt);
  if (!start) return null;
  let [a, b, r] = start;
  let cost = geometricCost(u, v, wt, a, b, r);
  let iterations = 0;
  while (iterations < MAX_STEPS && r < LINE_RADIUS) {
    const step = gaussNewtonStep(u, v, wt, a, b, r);
    if (!step) break;
    const [da, db, dr] = [step[0] as number, step[1] as number, step[2] as number];
    iterations++;
    // Halve the step until the cost does not grow (it rarely needs to).
    let t = 1;
    let next = cost;
    for (let h = 0; h < 30; h++) {
      next = geometricCost(u, v, wt, a + t * da, b + t * db, r + t * dr);
      if (next <= cost) break;
      t /= 2;
    }
    if (!(next <= cost)) break;
    a += t * da;
    b += t * db;
    r += t * dr;
    const size = t * Math.hypot(da, db, dr);
    cost = next;
    if (size < 1e-12 * Math.max(1, r)) break;
  }
  r = Math.abs(r);
  const rms = Math.sqrt(cost / W) * spread;
  const cx = mx + a * spread;
  const cy = my + b * spread;
  const radius = r * spread;
  const angles = new Float64Array(n);
  for (let i = 0; i < n; i++) angles[i] = Math.atan2((y[i] as number) - cy, (x[i] as number) - cx);
  return { centre: [cx, cy], radius, rms, residualShare: rms / radius, angles, iterations };
}

/**
 * Kåsa's algebraic fit: minimises Σ w (u² + v² + D u + E v + F)², linear in (D, E, F). Returns
 * centre and radius [a, b, r], or null when the system is singular (collinear points).
 */
function kasa(u: Float64Array, v: Float64Array, w: Float64Array): [number, number, number] | null {
  const m = new Float64Array(9);
  const rhs = new Float64Array(3);
  for (let i = 0; i < u.length; i++) {
    const wi = w[i] as number;
    if (wi === 0) continue;
    const ui = u[i] as number;
    const vi = v[i] as number;
    const z = ui * ui + vi * vi;
    m[0] = (m[0] as number) + wi * ui * ui;
    m[1] = (m[1] as number) + wi * ui * vi;
    m[2] = (m[2] as number) + wi * ui;
    m[4] = (m[4] as number) + wi * vi * vi;
    m[5] = (m[5] as number) + wi * vi;
    m[8] = (m[8] as number) + wi;
    rhs[0] = (rhs[0] as number) - wi * z * ui;
    rhs[1] = (rhs[1] as number) - wi * z * vi;
    rhs[2] = (rhs[2] as number) - wi * z;
  }
  m[3] = m[1] as number;
  m[6] = m[2] as number;
  m[7] = m[5] as number;
  const sol = solveLinear(m, rhs, 3);
  if (!sol) return null;
  const a = -(sol[0] as number) / 2;
  const b = -(sol[1] as number) / 2;
  const r2 = a * a + b * b - (sol[2] as number);
  if (!(r2 > 0) || !Number.isFinite(r2)) return null;
  return [a, b, Math.sqrt(r2)];
}

/** Σ w (‖(u, v) − (a, b)‖ − r)². */
function geometricCost(
  u: Float64Array,
  v: Float64Array,
  w: Float64Array,
  a: number,
  b: number,
  r: number,
): number {
  let s = 0;
  for (let i = 0; i < u.length; i++) {
    const du = (u[i] as number) - a;
    const dv = (v[i] as number) - b;
    // sqrt, not Math.hypot: the coordinates are O(1) here, and hypot is slow in V8.
    const e = Math.sqrt(du * du + dv * dv) - r;
    s += (w[i] as number) * e * e;
  }
  return s;
}

/**
 * The Gauss–Newton step δ = −(JᵀWJ)⁻¹ JᵀW e for e_i = d_i − r, d_i = ‖p_i − (a, b)‖, with
 * J_i = [−(u_i − a)/d_i, −(v_i − b)/d_i, −1] (a point at the centre contributes only to r).
 */
function gaussNewtonStep(
  u: Float64Array,
  v: Float64Array,
  w: Float64Array,
  a: number,
  b: number,
  r: number,
): Float64Array | null {
  const jtj = new Float64Array(9);
  const jte = new Float64Array(3);
  for (let i = 0; i < u.length; i++) {
    const wi = w[i] as number;
    if (wi === 0) continue;
    const du = (u[i] as number) - a;
    const dv = (v[i] as number) - b;
    const d = Math.sqrt(du * du + dv * dv);
    const j0 = d > 0 ? -du / d : 0;
    const j1 = d > 0 ? -dv / d : 0;
    const e = d - r;
    jtj[0] = (jtj[0] as number) + wi * j0 * j0;
    jtj[1] = (jtj[1] as number) + wi * j0 * j1;
    jtj[2] = (jtj[2] as number) - wi * j0;
    jtj[4] = (jtj[4] as number) + wi * j1 * j1;
    jtj[5] = (jtj[5] as number) - wi * j1;
    jtj[8] = (jtj[8] as number) + wi;
    jte[0] = (jte[0] as number) - wi * j0 * e;
    jte[1] = (jte[1] as number) - wi * j1 * e;
    jte[2] = (jte[2] as number) + wi * e;
  }
  jtj[3] = jtj[1] as number;
  jtj[6] = jtj[2] as number;
  jtj[7] = jtj[5] as number;
  return solveLinear(jtj, jte, 3);
}
