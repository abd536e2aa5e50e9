// The only owner of the weighted circle fit in a plane: an algebraic (Kåsa) start refined by
// Gauss–Newton on the geometric residual ‖p − c‖ − r, plus each point's angle about the centre.
// Consumed by circularity.ts, angularOrder's callers and the manifold shape panel.
import { checkedWeights, type Weights } from './points';
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
 * x² + y² + Dx + Ey + F = 0, solved in coordinates centred on the weighted mean and scaled by
 * the rms spread); then damped Gauss–Newton on (cx, cy, r) until the step is below 1e-12 of
 * the spread. Returns null when no circle is defined: total weight 0, fewer than three weighted
 * points not on one line (the Kåsa system is singular), or all points at one place. Nearly
 * collinear points give a very large radius, and the search stops at 1e6 × their spread.
 * O(n) per step, one pass over the points per Gauss–Newton step.
 */
export function fitCircle(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  w: Weights,
): CircleFit | null {
  const n = x.length;
  if (y.length !== n) throw new Error(`fitCircle: ${n} x values but ${y.length} y values`);
  const wt = checkedWeights(w, n, 'fitCircle');
  // Few passes over the points: in a fresh worker most of the time goes to the first,
  // not-yet-optimised iterations of each loop.
  let W = 0;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    const xi = x[i] as number;
    const yi = y[i] as number;
    if (!Number.isFinite(xi) || !Number.isFinite(yi)) {
      throw new Error(`fitCircle: point ${i} is (${xi}, ${yi}); coordinates must be finite`);
    }
    const wi = wt[i] as number;
    W += wi;
    mx += wi * xi;
    my += wi * yi;
  }
  if (!(W > 0)) return null;
  mx /= W;
  my /= W;
  // Centred copies, and Kåsa's weighted sums over them.
  const u = new Float64Array(n);
  const v = new Float64Array(n);
  let suu = 0;
  let suv = 0;
  let su = 0;
  let svv = 0;
  let sv = 0;
  let szu = 0;
  let szv = 0;
  let sz = 0;
  for (let i = 0; i < n; i++) {
    const ui = (x[i] as number) - mx;
    const vi = (y[i] as number) - my;
    u[i] = ui;
    v[i] = vi;
    const wi = wt[i] as number;
    const z = wi * (ui * ui + vi * vi);
    suu += wi * ui * ui;
    suv += wi * ui * vi;
    su += wi * ui;
    svv += wi * vi * vi;
    sv += wi * vi;
    szu += z * ui;
    szv += z * vi;
    sz += z;
  }
  const spread = Math.sqrt(sz / W);
  if (!(spread > 0)) return null;
  const start = kasa({ suu, suv, su, svv, sv, szu, szv, sz }, W, spread);
  if (!start) return null;
  let [a, b, r] = start;
  // Gauss–Newton in the centred (unscaled) frame: JᵀWJ is dimensionless there.
  let eq = normalEquations(u, v, wt, a, b, r);
  let iterations = 0;
  while (iterations < MAX_STEPS && r < LINE_RADIUS * spread) {
    const step = solveLinear(eq.jtj, eq.rhs, 3);
    if (!step) break;
    const [da, db, dr] = [step[0] as number, step[1] as number, step[2] as number];
    iterations++;
    // Halve the step until the cost does not grow (it rarely needs to).
    let t = 1;
    let trial = eq;
    for (let h = 0; h < 30; h++) {
      trial = normalEquations(u, v, wt, a + t * da, b + t * db, r + t * dr);
      if (trial.cost <= eq.cost) break;
      t /= 2;
    }
    if (!(trial.cost <= eq.cost)) break;
    a += t * da;
    b += t * db;
    r += t * dr;
    eq = trial;
    if (t * Math.hypot(da, db, dr) < 1e-12 * Math.max(spread, r)) break;
  }
  const radius = Math.abs(r);
  const rms = Math.sqrt(eq.cost / W);
  const cx = mx + a;
  const cy = my + b;
  const angles = new Float64Array(n);
  for (let i = 0; i < n; i++) angles[i] = Math.atan2((y[i] as number) - cy, (x[i] as number) - cx);
  return { centre: [cx, cy], radius, rms, residualShare: rms / radius, angles, iterations };
}

/** Weighted sums over centred points (u, v), z = u² + v²: Σwu², Σwuv, Σwu, …, Σwz. */
interface KasaSums {
  suu: number;
  suv: number;
  su: number;
  svv: number;
  sv: number;
  szu: number;
  szv: number;
  sz: number;
}

/**
 * Kåsa's algebraic fit: minimises Σ w (u² + v² + D u + E v + F)², linear in (D, E, F), from the
 * sums over centred points, solved in units of `spread` so that the system is well conditioned
 * at any scale. Returns centre and radius [a, b, r] in the centred frame, or null when the
 * system is singular (collinear points).
 */
function kasa(sums: KasaSums, W: number, spread: number): [number, number, number] | null {
  const { suu, suv, su, svv, sv, szu, szv, sz } = sums;
  const s = spread;
  const s2 = s * s;
  const m = [
    [suu / s2, suv / s2, su / s],
    [suv / s2, svv / s2, sv / s],
    [su / s, sv / s, W],
  ].flat();
  const rhs = [-szu / (s2 * s), -szv / (s2 * s), -sz / s2];
  const sol = solveLinear(m, rhs, 3);
  if (!sol) return null;
  const a = -(sol[0] as number) / 2;
  const b = -(sol[1] as number) / 2;
  const r2 = a * a + b * b - (sol[2] as number);
  if (!(r2 > 0) || !Number.isFinite(r2)) return null;
  return [a * s, b * s, Math.sqrt(r2) * s];
}

/**
 * At (a, b, r): the cost Σ w e² for e_i = d_i − r, d_i = ‖(u_i, v_i) − (a, b)‖, and the
 * Gauss–Newton system JᵀWJ δ = −JᵀW e with J_i = [−(u_i − a)/d_i, −(v_i − b)/d_i, −1] (a point
 * at the centre contributes only to r). One pass, so a trial point's system is ready for the
 * next step.
 */
function normalEquations(
  u: Float64Array,
  v: Float64Array,
  w: Float64Array,
  a: number,
  b: number,
  r: number,
): { cost: number; jtj: number[]; rhs: number[] } {
  let cost = 0;
  let j00 = 0;
  let j01 = 0;
  let j02 = 0;
  let j11 = 0;
  let j12 = 0;
  let j22 = 0;
  let r0 = 0;
  let r1 = 0;
  let r2 = 0;
  for (let i = 0; i < u.length; i++) {
    const wi = w[i] as number;
    const du = (u[i] as number) - a;
    const dv = (v[i] as number) - b;
    // sqrt, not Math.hypot: the coordinates are centred here, and hypot is slow in V8.
    const d = Math.sqrt(du * du + dv * dv);
    const g0 = d > 0 ? -du / d : 0;
    const g1 = d > 0 ? -dv / d : 0;
    const e = d - r;
    const we = wi * e;
    cost += we * e;
    j00 += wi * g0 * g0;
    j01 += wi * g0 * g1;
    j02 -= wi * g0;
    j11 += wi * g1 * g1;
    j12 -= wi * g1;
    j22 += wi;
    r0 -= we * g0;
    r1 -= we * g1;
    r2 += we;
  }
  return {
    cost,
    jtj: [j00, j01, j02, j01, j11, j12, j02, j12, j22],
    rhs: [r0, r1, r2],
  };
}
