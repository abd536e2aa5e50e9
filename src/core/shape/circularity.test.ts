// circularity on planted clouds (noisy ring > 0.8, filled disc < 0.4, line < 0.3, Gaussian blob
// low, a 90° arc below the full ring), its parts on configurations with known values, and
// widestLightArc against a brute-force reference over every pair of points.
import { describe, expect, it } from 'vitest';
import { CIRCULARITY, circularity, widestLightArc } from './circularity';
import { filledDisc, noisyArc, noisySegment } from './testData';
import { seededRandom } from '../random';
import { gaussian } from '../maths/testReference';

/**
 * Reference: the widest arc between two weighted points (i → j counter-clockwise; i = j is the
 * full turn) whose strict interior holds at most `share` of the weight.
 */
function referenceWidestArc(angles: number[], w: number[], share: number): number {
  const idx = angles.map((_, i) => i).filter((i) => (w[i] as number) > 0);
  if (idx.length <= 1) return 2 * Math.PI;
  const total = idx.reduce((s, i) => s + (w[i] as number), 0);
  const ccw = (from: number, to: number) => {
    const d =
      ((((angles[to] as number) - (angles[from] as number)) % (2 * Math.PI)) + 2 * Math.PI) %
      (2 * Math.PI);
    return d;
  };
  let best = 0;
  for (const i of idx) {
    for (const j of idx) {
      const arc = i === j ? 2 * Math.PI : ccw(i, j);
      let inside = 0;
      for (const k of idx) {
        if (k === i || k === j) continue;
        const a = ccw(i, k);
        if (a > 0 && a < arc) inside += w[k] as number;
      }
      if (inside <= share * total && arc > best) best = arc;
    }
  }
  return best;
}

describe('circularity', () => {
  it('scores a noisy ring above 0.8 and a filled disc, a line and a blob low', () => {
    const ring = noisyArc(500, 2, 1, 3, 0.02, 1);
    const r = circularity(ring.xy, ring.w);
    expect(r.score).toBeGreaterThan(0.8);
    expect(r.coverage).toBeGreaterThan(0.97);
    expect(r.hole).toBe(1);
    const disc = filledDisc(2000, 0, 0, 1, 2);
    const d = circularity(disc.xy, disc.w);
    expect(d.score).toBeLessThan(0.4);
    // A uniform disc's residual share is 1/(2√2): its thinness is ≈ 0 by construction.
    expect(d.thinness).toBeLessThan(0.1);
    const line = noisySegment(500, -1, -1, 4, 2, 0.05, 3);
    expect(circularity(line.xy, line.w).score).toBeLessThan(0.3);
    const rand = seededRandom(4);
    const blob = Float64Array.from({ length: 2000 }, () => gaussian(rand));
    expect(circularity(blob, null).score).toBeLessThan(0.3);
  });

  it('scores a 90° arc below a full ring, about a quarter', () => {
    const full = noisyArc(400, 0, 0, 1, 0.02, 5);
    const arc = noisyArc(400, 0, 0, 1, 0.02, 5, 0, Math.PI / 2);
    const f = circularity(full.xy, full.w);
    const a = circularity(arc.xy, arc.w);
    expect(a.score).toBeLessThan(f.score - 0.5);
    expect(a.coverage).toBeGreaterThan(0.22);
    expect(a.coverage).toBeLessThan(0.28);
  });

  it('gives the documented parts on exact configurations', () => {
    // Twelve evenly spaced points on a circle: thinness 1, hole 1, coverage 1 − 1/12.
    const twelve = Float64Array.from({ length: 24 }, (_, i) =>
      i % 2 === 0 ? Math.cos((Math.PI * (i >> 1)) / 6) : Math.sin((Math.PI * (i >> 1)) / 6),
    );
    const t = circularity(twelve, null);
    expect(t.thinness).toBeCloseTo(1, 9);
    expect(t.hole).toBe(1);
    expect(t.coverage).toBeCloseTo(11 / 12, 12);
    expect(t.score).toBeCloseTo(11 / 12, 9);
    // The same ring with a point at the centre holding 10 % of the weight: q = 0.1, so
    // hole = 1 − 0.1/0.25 = 0.6.
    const withCentre = Float64Array.from([...twelve, 0, 0]);
    const w = [...Array.from({ length: 12 }, () => 0.075), 0.1];
    const c = circularity(withCentre, w);
    // (The best circle is pulled off-centre by that point; it stays inside r/2.)
    expect(c.hole).toBeCloseTo(1 - 0.1 / CIRCULARITY.discHoleShare, 12);
    expect(c.thinness).toBeLessThan(t.thinness);
  });

  it('is 0 when no circle fits and rejects bad input', () => {
    expect(circularity([0, 0, 1, 1, 2, 2], null).score).toBe(0);
    expect(circularity([0, 0, 1, 0, 0, 1], [0, 0, 0]).fit).toBeNull();
    expect(() => circularity([0, 0, 1], null)).toThrow(/odd length/);
    expect(() => circularity([0, 0, 1, 0, 0, 1], [1, 1])).toThrow(/2 weights for 3 points/);
  });
});

describe('widestLightArc', () => {
  it('matches the brute-force reference on random weighted angles', () => {
    const rand = seededRandom(9);
    for (let trial = 0; trial < 30; trial++) {
      const n = 1 + (trial % 17);
      const angles = Array.from({ length: n }, () => (rand() - 0.5) * 2 * Math.PI);
      const w = Array.from({ length: n }, () => (rand() < 0.2 ? 0 : rand()));
      for (const share of [0, 0.01, 0.2]) {
        expect(widestLightArc(angles, w, share)).toBeCloseTo(
          referenceWidestArc(angles, w, share),
          12,
        );
      }
    }
  });
});
