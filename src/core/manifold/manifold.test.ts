// The manifold's framing, label layout, colour scales, emphasis and sampling, on planted point
// sets with known answers: a tilted ring away from the origin is faced square-on and framed
// without the origin; a firing tip far from its body is what the frame holds; labels never
// overlap and the lower-priority ones give way; one-signed values get a sequential scale.
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../random';
import {
  activationFrame,
  alongAxis,
  axisPlane,
  bestFitPlane,
  framePose,
  weightedRadius,
} from './frame';
import { layoutLabels, type LabelRequest } from './labels';
import { sampleRows } from './sample';
import { colorScale, emphasis, magnitudeT, quantileThreshold, scaleColors, valueAt } from './style';

type V3 = [number, number, number];
const dot = (a: V3, b: V3) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];

/** A ring of radius r about `centre` in the plane spanned by unit vectors e1, e2. */
function ring(n: number, centre: V3, r: number, e1: V3, e2: V3, seed: number) {
  const u = seededRandom(seed);
  const xyz = new Float32Array(n * 3);
  for (let i = 0; i < n; i++) {
    const a = 2 * Math.PI * u();
    for (let k = 0; k < 3; k++) {
      xyz[i * 3 + k] = centre[k]! + r * (Math.cos(a) * e1[k]! + Math.sin(a) * e2[k]!);
    }
  }
  return xyz;
}

describe('framing', () => {
  const s = 1 / Math.sqrt(2);
  const s6 = 1 / Math.sqrt(6);
  // The plane with normal (1, 1, 1)/√3.
  const e1: V3 = [s, -s, 0];
  const e2: V3 = [s6, s6, -2 * s6];
  const centre: V3 = [3, 2, -1];
  const xyz = ring(2000, centre, 0.5, e1, e2, 3);

  it('faces the best-fit plane of a tilted ring, centred on it, without the origin', () => {
    const f = activationFrame(xyz, 2000, null, null);
    const normal: V3 = [1 / Math.sqrt(3), 1 / Math.sqrt(3), 1 / Math.sqrt(3)];
    expect(Math.abs(dot(f.right, normal))).toBeLessThan(1e-3);
    expect(Math.abs(dot(f.up, normal))).toBeLessThan(1e-3);
    expect(Math.abs(dot(f.right, f.up))).toBeLessThan(1e-9);
    f.center.forEach((c, k) => expect(c).toBeCloseTo(centre[k]!, 1));
    // The framed radius holds the ring (0.5) and not the origin (3.74 away).
    expect(f.radius).toBeGreaterThan(0.45);
    expect(f.radius).toBeLessThan(0.55);
    // The camera looks at the centre along the plane's normal.
    const pose = framePose(f, 45, 1.15);
    const d: V3 = [
      pose.position[0] - pose.target[0],
      pose.position[1] - pose.target[1],
      pose.position[2] - pose.target[2],
    ];
    const len = Math.hypot(...d);
    expect(Math.abs(dot(d, normal)) / len).toBeGreaterThan(0.999);
    // The sphere of the radius fits the vertical field of view with the margin.
    expect(len).toBeCloseTo((f.radius * 1.15) / Math.sin((22.5 * Math.PI) / 180), 6);
  });

  it('the plane is the same whatever the order of the points (signs fixed)', () => {
    const reversed = new Float32Array(xyz.length);
    for (let i = 0; i < 2000; i++) reversed.set(xyz.subarray(i * 3, i * 3 + 3), (1999 - i) * 3);
    const w = new Float64Array(2000).fill(1);
    const a = bestFitPlane(xyz, 2000, w, centre);
    const b = bestFitPlane(reversed, 2000, w, centre);
    a.right.forEach((v, k) => expect(v).toBeCloseTo(b.right[k]!, 9));
    a.up.forEach((v, k) => expect(v).toBeCloseTo(b.up[k]!, 9));
  });

  it('frames the firing tip: points weighted by |value|⁴', () => {
    // 1,000 weak points around the origin (|h| = 0.05: 0.3 % of the weight |h|⁴) and 12 strong
    // ones (|h| = 0.65) at (5, 5, 0).
    const n = 1012;
    const pts = new Float32Array(n * 3);
    const values = new Float32Array(n);
    const u = seededRandom(5);
    for (let i = 0; i < n; i++) {
      const tip = i >= 1000;
      pts[i * 3] = (tip ? 5 : 0) + (u() - 0.5) * (tip ? 0.2 : 4);
      pts[i * 3 + 1] = (tip ? 5 : 0) + (u() - 0.5) * (tip ? 0.2 : 4);
      values[i] = tip ? 0.65 : 0.05;
    }
    const f = activationFrame(pts, n, values, axisPlane([0.8, -0.4, 0.2]));
    expect(f.center[0]).toBeGreaterThan(4.5);
    expect(f.center[1]).toBeGreaterThan(4.5);
    // At least 12 % of the 98 % extent of all points, so the tip is not blown up to nothing.
    const mean: V3 = [0, 0, 0];
    for (let i = 0; i < n; i++) for (let k = 0; k < 3; k++) mean[k]! += pts[i * 3 + k]! / n;
    const all = weightedRadius(pts, n, new Float64Array(n).fill(1), mean, 0.98);
    expect(f.radius).toBeGreaterThanOrEqual(0.12 * all * 0.999);
    expect(f.radius).toBeLessThan(1.5);
  });

  it('faces the two plotted axes of largest |λ|, and views along any axis', () => {
    expect(axisPlane([0.8, -0.4, 0.2])).toEqual({ right: [1, 0, 0], up: [0, 1, 0] });
    expect(axisPlane([0.8, 0.1, -0.5])).toEqual({ right: [1, 0, 0], up: [0, 0, 1] });
    expect(axisPlane([0.1, 0.7, -0.9])).toEqual({ right: [0, 1, 0], up: [0, 0, 1] });
    const f = { center: [0, 0, 0] as V3, radius: 1, right: [1, 0, 0] as V3, up: [0, 1, 0] as V3 };
    for (const axis of [0, 1, 2] as const) {
      const pose = framePose(alongAxis(f, axis), 45, 1);
      const d = pose.position.map((v, k) => v - pose.target[k]!);
      // The camera sits on the axis it looks along.
      expect(d.map((v, k) => (k === axis ? 0 : Math.abs(v)))).toEqual([0, 0, 0]);
    }
  });
});

describe('label layout', () => {
  const req = (x: number, y: number, previous = -1): LabelRequest => ({
    x,
    y,
    width: 60,
    height: 16,
    previous,
  });
  const overlaps = (a: number[], b: number[]) =>
    a[0]! < b[2]! && a[2]! > b[0]! && a[1]! < b[3]! && a[3]! > b[1]!;

  it('places twelve labels of one 20-px clump apart, none overlapping', () => {
    const u = seededRandom(2);
    const reqs = Array.from({ length: 12 }, () => req(300 + u() * 20, 200 + u() * 20));
    const out = layoutLabels(reqs, 800, 600);
    expect(out.filter((p) => p.visible)).toHaveLength(12);
    const boxes = out.map((p) => [p.left, p.top, p.left + 60, p.top + 16]);
    for (let i = 0; i < 12; i++)
      for (let j = 0; j < i; j++)
        expect(overlaps(boxes[i]!, boxes[j]!), `${i} vs ${j}`).toBe(false);
    // The first label sits beside its point; the crowded ones get leader lines.
    expect(out[0]!.leader).toBe(false);
    expect(out.some((p) => p.leader)).toBe(true);
  });

  it('hides the lower-priority label when there is no room, never stacks it', () => {
    // A pane with room for one label, right of the point.
    const out = layoutLabels([req(35, 10), req(35, 10)], 110, 20);
    expect(out.map((p) => p.visible)).toEqual([true, false]);
  });

  it('keeps a label out of the avoided boxes and inside the pane', () => {
    const out = layoutLabels([req(100, 100)], 200, 200, [[100, 80, 180, 120]]);
    const p = out[0]!;
    expect(p.visible).toBe(true);
    expect(overlaps([p.left, p.top, p.left + 60, p.top + 16], [100, 80, 180, 120])).toBe(false);
    expect(layoutLabels([req(-5, 10)], 200, 200)[0]!.visible).toBe(false);
  });

  it('keeps the previous slot when it still fits (labels do not jump)', () => {
    const first = layoutLabels([req(100, 100, 1)], 400, 400);
    expect(first[0]!.slot).toBe(1); // left of the point, though right would fit too
  });
});

describe('colour scales', () => {
  it('is sequential when all values have one sign, diverging otherwise', () => {
    expect(colorScale([0.1, 0.5, 0.9], 3, 'linear')).toMatchObject({
      kind: 'sequential',
      sign: 1,
      lo: 0.1,
      hi: 0.9,
    });
    expect(colorScale([-0.1, -0.5], 2, 'linear')).toMatchObject({ kind: 'sequential', sign: -1 });
    expect(colorScale([-0.2, 0.5], 2, 'linear')).toMatchObject({
      kind: 'diverging',
      lo: -0.5,
      hi: 0.5,
    });
  });

  it('a positive sequential scale never uses blue', () => {
    const values = Float32Array.from({ length: 101 }, (_, i) => i / 100);
    const rgb = scaleColors(colorScale(values, 101, 'linear'), values, 101);
    for (let i = 0; i < 101; i++) {
      const [r, , b] = [rgb[i * 3]!, rgb[i * 3 + 1]!, rgb[i * 3 + 2]!];
      expect(b - r, `value ${values[i]}`).toBeLessThan(0.05);
    }
  });

  it('linear, log and quantile positions match their definitions', () => {
    const values = [0.001, 0.01, 0.1, 1];
    const lin = colorScale(values, 4, 'linear');
    expect(magnitudeT(lin, 0.1)).toBeCloseTo(0.1, 12);
    const log = colorScale(values, 4, 'log');
    // Floor = the smallest value (0.001): log10 spans 3 decades.
    expect(magnitudeT(log, 0.01)).toBeCloseTo(1 / 3, 12);
    expect(magnitudeT(log, 0.1)).toBeCloseTo(2 / 3, 12);
    expect(valueAt(log, 2 / 3)).toBeCloseTo(0.1, 10);
    const q = colorScale(values, 4, 'quantile');
    expect(magnitudeT(q, 0.01)).toBeCloseTo(0.5, 12); // 2 of 4 values are ≤ 0.01
  });

  it('auto picks log for skewed values (median under 10 % of the largest)', () => {
    const skewed = Float32Array.from({ length: 100 }, (_, i) => (i < 92 ? 0.05 : 1));
    expect(colorScale(skewed, 100, 'auto')).toMatchObject({ transform: 'log', auto: true });
    const even = Float32Array.from({ length: 100 }, (_, i) => i / 99);
    expect(colorScale(even, 100, 'auto')).toMatchObject({ transform: 'linear', auto: true });
  });
});

describe('emphasis and threshold', () => {
  const values = [0.1, -0.5, 1, 0.05];
  it('sizes and opacities grow with |value|; 1 when off', () => {
    const e = emphasis(values, 4, { mode: 'both', threshold: 0, below: 'fade' });
    expect(e.sizes[2]).toBeGreaterThan(e.sizes[1]!);
    expect(e.sizes[1]).toBeGreaterThan(e.sizes[0]!);
    expect(e.alphas[2]).toBe(1);
    expect(e.kept).toBe(4);
    const off = emphasis(values, 4, { mode: 'off', threshold: 0, below: 'fade' });
    expect(Array.from(off.sizes)).toEqual([1, 1, 1, 1]);
  });
  it('fades or hides the points under the threshold, and counts the rest', () => {
    const hide = emphasis(values, 4, { mode: 'off', threshold: 0.2, below: 'hide' });
    expect(Array.from(hide.sizes)).toEqual([0, 1, 1, 0]);
    expect(hide.kept).toBe(2);
    const fade = emphasis(values, 4, { mode: 'off', threshold: 0.2, below: 'fade' });
    expect(fade.sizes[0]).toBeGreaterThan(0);
    expect(fade.alphas[0]).toBeLessThan(0.5);
    expect(quantileThreshold(values, 4, 0.5)).toBe(0.5); // |values| sorted: .05 .1 .5 1
  });
});

describe('which points are drawn', () => {
  const u = seededRandom(9);
  const h = Float32Array.from({ length: 5000 }, () => (u() - 0.3) ** 3);
  it('top: the largest |value| first', () => {
    const rows = sampleRows(h, 50, { kind: 'top' });
    const mags = Array.from(h, Math.abs).sort((a, b) => b - a);
    expect(Array.from(rows, (r) => Math.abs(h[r]!))).toEqual(mags.slice(0, 50));
  });
  it('weighted: seeded, favours large |value| more as p grows, returned by |value|', () => {
    const a = sampleRows(h, 500, { kind: 'weighted', power: 4 });
    expect(Array.from(sampleRows(h, 500, { kind: 'weighted', power: 4 }))).toEqual(Array.from(a));
    const mean = (rows: Int32Array) => rows.reduce((s, r) => s + Math.abs(h[r]!), 0) / rows.length;
    const p1 = sampleRows(h, 500, { kind: 'weighted', power: 1 });
    const all = h.reduce((s, v) => s + Math.abs(v), 0) / h.length;
    expect(mean(p1)).toBeGreaterThan(all);
    expect(mean(a)).toBeGreaterThan(mean(p1));
    // Not just the top: a weighted sample reaches into the body.
    const top = new Set(sampleRows(h, 500, { kind: 'top' }));
    expect(Array.from(p1).filter((r) => !top.has(r)).length).toBeGreaterThan(100);
    for (let i = 1; i < a.length; i++)
      expect(Math.abs(h[a[i]!]!)).toBeLessThanOrEqual(Math.abs(h[a[i - 1]!]!));
  });
});
