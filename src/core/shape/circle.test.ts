// fitCircle against planted circles (2 % radial noise: centre and radius within 0.02·r) and
// against an independent float64 minimiser of the same geometric cost (Nelder–Mead on the
// centre, radius eliminated), on full rings, arcs, far-off and weighted data; fitEllipse on
// exact and noisy planted ellipses; degenerate inputs.
import { describe, expect, it } from 'vitest';
import { fitCircle } from './circle';
import { fitEllipse } from './ellipse';
import { noisyArc, noisySegment } from './testData';
import { seededRandom } from '../random';
import { gaussian } from '../maths/testReference';

/** Σw(d − r̄)² / Σw with r̄ the weighted mean distance to (a, b): the cost with r eliminated. */
function profileCost(x: Float64Array, y: Float64Array, w: Float64Array, a: number, b: number) {
  let sw = 0;
  let swd = 0;
  for (let i = 0; i < x.length; i++) {
    const d = Math.hypot((x[i] as number) - a, (y[i] as number) - b);
    sw += w[i] as number;
    swd += (w[i] as number) * d;
  }
  const r = swd / sw;
  let c = 0;
  for (let i = 0; i < x.length; i++) {
    const d = Math.hypot((x[i] as number) - a, (y[i] as number) - b);
    c += (w[i] as number) * (d - r) ** 2;
  }
  return { cost: c / sw, r };
}

/** Reference geometric circle: Nelder–Mead over the centre on profileCost, from `start`. */
function referenceCircle(
  x: Float64Array,
  y: Float64Array,
  w: Float64Array,
  start: [number, number],
  step: number,
): { a: number; b: number; r: number; rms: number } {
  const f = (p: number[]) => profileCost(x, y, w, p[0] as number, p[1] as number).cost;
  let simplex = [
    [start[0], start[1]],
    [start[0] + step, start[1]],
    [start[0], start[1] + step],
  ];
  for (let it = 0; it < 2000; it++) {
    simplex.sort((p, q) => f(p) - f(q));
    const [best, mid, worst] = simplex as [number[], number[], number[]];
    const size = Math.hypot(
      (worst[0] as number) - (best[0] as number),
      (worst[1] as number) - (best[1] as number),
    );
    if (size < 1e-13 * step) break;
    const c = [0, 1].map((k) => ((best[k] as number) + (mid[k] as number)) / 2);
    const along = (t: number) => c.map((ck, k) => ck + t * (ck - (worst[k] as number)));
    const refl = along(1);
    if (f(refl) < f(best)) {
      const exp = along(2);
      simplex = [best, mid, f(exp) < f(refl) ? exp : refl];
    } else if (f(refl) < f(mid)) {
      simplex = [best, mid, refl];
    } else {
      const con = along(-0.5);
      if (f(con) < f(worst)) simplex = [best, mid, con];
      else simplex = simplex.map((p) => p.map((v, k) => ((best[k] as number) + v) / 2));
    }
  }
  simplex.sort((p, q) => f(p) - f(q));
  const [a, b] = simplex[0] as [number, number];
  const { cost, r } = profileCost(x, y, w, a, b);
  return { a, b, r, rms: Math.sqrt(cost) };
}

describe('fitCircle', () => {
  it('recovers a planted ring at 2 % noise and matches the reference geometric minimum', () => {
    const { x, y, w } = noisyArc(400, 3, -2, 5, 0.02, 11);
    const fit = fitCircle(x, y, w);
    if (!fit) throw new Error('a ring must fit');
    expect(Math.hypot(fit.centre[0] - 3, fit.centre[1] + 2)).toBeLessThan(0.02 * 5);
    expect(Math.abs(fit.radius - 5)).toBeLessThan(0.02 * 5);
    const ref = referenceCircle(x, y, w, [2, -1], 1);
    expect(Math.abs(fit.centre[0] - ref.a)).toBeLessThan(1e-7 * 5);
    expect(Math.abs(fit.centre[1] - ref.b)).toBeLessThan(1e-7 * 5);
    expect(Math.abs(fit.radius - ref.r)).toBeLessThan(1e-7 * 5);
    expect(fit.rms).toBeCloseTo(ref.rms, 9);
    // The planted radial noise has sd 0.02·r = 0.1.
    expect(fit.rms).toBeGreaterThan(0.08);
    expect(fit.rms).toBeLessThan(0.12);
    expect(fit.residualShare).toBeCloseTo(fit.rms / fit.radius, 14);
    for (let i = 0; i < x.length; i++) {
      const ref = Math.atan2((y[i] as number) - fit.centre[1], (x[i] as number) - fit.centre[0]);
      expect(fit.angles[i]).toBe(ref);
    }
  });

  it('fits a 90° arc to the geometric minimum, where the algebraic start alone is biased', () => {
    const { x, y, w } = noisyArc(300, -1, 4, 2, 0.01, 5, 0.2, 0.2 + Math.PI / 2);
    const fit = fitCircle(x, y, w);
    if (!fit) throw new Error('an arc must fit');
    const ref = referenceCircle(x, y, w, [0, 3], 0.5);
    expect(Math.hypot(fit.centre[0] - ref.a, fit.centre[1] - ref.b)).toBeLessThan(1e-6 * 2);
    expect(Math.abs(fit.radius - ref.r)).toBeLessThan(1e-6 * 2);
    expect(Math.hypot(fit.centre[0] + 1, fit.centre[1] - 4)).toBeLessThan(0.05 * 2);
  });

  it('ignores zero-weight points and is unchanged by a far offset', () => {
    const ring = noisyArc(200, 0, 0, 1, 0.02, 3);
    const base = fitCircle(ring.x, ring.y, ring.w);
    const x = Float64Array.from([...ring.x, 50, -40, 7]);
    const y = Float64Array.from([...ring.y, 9, 3, -60]);
    const w = Float64Array.from([...ring.w, 0, 0, 0]);
    const withStrays = fitCircle(x, y, w);
    if (!base || !withStrays) throw new Error('rings must fit');
    expect(withStrays.centre[0]).toBeCloseTo(base.centre[0], 12);
    expect(withStrays.centre[1]).toBeCloseTo(base.centre[1], 12);
    expect(withStrays.radius).toBeCloseTo(base.radius, 12);
    const far = fitCircle(
      ring.x.map((v) => v + 1e4),
      ring.y.map((v) => v - 3e4),
      ring.w,
    );
    if (!far) throw new Error('an offset ring must fit');
    expect(far.centre[0] - 1e4).toBeCloseTo(base.centre[0], 7);
    expect(far.centre[1] + 3e4).toBeCloseTo(base.centre[1], 7);
    expect(far.radius).toBeCloseTo(base.radius, 7);
  });

  it('passes exactly through three points and gives a huge radius for a noisy line', () => {
    const fit = fitCircle([1, -1, 0], [0, 0, 1], null);
    if (!fit) throw new Error('three points must fit');
    expect(fit.centre[0]).toBeCloseTo(0, 12);
    expect(fit.centre[1]).toBeCloseTo(0, 12);
    expect(fit.radius).toBeCloseTo(1, 12);
    expect(fit.rms).toBeLessThan(1e-12);
    const line = noisySegment(300, 0, 0, 10, 0, 0.05, 2);
    const lineFit = fitCircle(line.x, line.y, line.w);
    expect(lineFit === null || lineFit.radius > 50).toBe(true);
  });

  it('returns null when no circle is defined and throws on bad input', () => {
    expect(fitCircle([0, 1, 2, 3], [0, 1, 2, 3], null)).toBeNull();
    expect(fitCircle([0, 1], [0, 1], null)).toBeNull();
    expect(fitCircle([0, 1, 0], [0, 0, 1], [0, 0, 0])).toBeNull();
    expect(fitCircle([2, 2, 2], [1, 1, 1], null)).toBeNull();
    expect(() => fitCircle([0, 1, 0], [0, 0, 1], [1, -1, 1])).toThrow(/weight 1/);
    expect(() => fitCircle([0, NaN, 0], [0, 0, 1], null)).toThrow(/NaN/);
    expect(() => fitCircle([0, 1, 0], [0, 0], null)).toThrow(/y values/);
  });
});

/** Points on the ellipse (cx, cy, a, b, rot) with radial noise sd `noise` relative. */
function ellipsePoints(
  n: number,
  cx: number,
  cy: number,
  a: number,
  b: number,
  rot: number,
  noise: number,
  seed: number,
) {
  const rand = seededRandom(seed);
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const t = 2 * Math.PI * rand();
    const s = 1 + noise * gaussian(rand);
    const px = a * Math.cos(t) * s;
    const py = b * Math.sin(t) * s;
    x[i] = cx + px * Math.cos(rot) - py * Math.sin(rot);
    y[i] = cy + px * Math.sin(rot) + py * Math.cos(rot);
  }
  return { x, y };
}

describe('fitEllipse', () => {
  it('recovers an exact ellipse to 1e-9', () => {
    const { x, y } = ellipsePoints(40, 1, 2, 4, 1.5, 0.5, 0, 8);
    const fit = fitEllipse(x, y, null);
    if (!fit) throw new Error('an ellipse must fit');
    expect(fit.centre[0]).toBeCloseTo(1, 9);
    expect(fit.centre[1]).toBeCloseTo(2, 9);
    expect(fit.semiMajor).toBeCloseTo(4, 9);
    expect(fit.semiMinor).toBeCloseTo(1.5, 9);
    expect(fit.rotation).toBeCloseTo(0.5, 9);
  });

  it('recovers a noisy weighted ellipse within 2 % and a steep rotation with its sign', () => {
    const { x, y } = ellipsePoints(500, -3, 0.5, 2, 1, -1.2, 0.01, 9);
    const w = Float64Array.from(x, (_, i) => 0.5 + (i % 7) / 7);
    const fit = fitEllipse(x, y, w);
    if (!fit) throw new Error('an ellipse must fit');
    expect(Math.hypot(fit.centre[0] + 3, fit.centre[1] - 0.5)).toBeLessThan(0.02 * 2);
    expect(Math.abs(fit.semiMajor / 2 - 1)).toBeLessThan(0.02);
    expect(Math.abs(fit.semiMinor / 1 - 1)).toBeLessThan(0.02);
    expect(Math.abs(fit.rotation + 1.2)).toBeLessThan(0.02);
  });

  it('gives equal axes on a circle and null on a line or too few points', () => {
    const ring = noisyArc(300, 0, 0, 3, 0, 4);
    const fit = fitEllipse(ring.x, ring.y, null);
    if (!fit) throw new Error('a circle is an ellipse');
    expect(fit.semiMajor).toBeCloseTo(3, 9);
    expect(fit.semiMinor).toBeCloseTo(3, 9);
    expect(fitEllipse([0, 1, 2, 3, 4, 5], [0, 1, 2, 3, 4, 5], null)).toBeNull();
    expect(fitEllipse([0, 1, 0], [0, 0, 1], null)).toBeNull();
  });
});
