import { describe, expect, it } from 'vitest';
import { seededRandom } from '../random';
import {
  buildGrid,
  pickNearest,
  pickNearestBrute,
  pointsInBox,
  pointsInPolygon,
} from './spatialGrid';

function cloud(n: number, seed: number): Float32Array {
  const r = seededRandom(seed);
  const xy = new Float32Array(2 * n);
  // Clumpy, like a UMAP map: half in tight clusters, half spread out.
  for (let i = 0; i < n; i++) {
    const clumped = i % 2 === 0;
    const cx = clumped ? Math.floor(r() * 5) * 4 : 0;
    const spread = clumped ? 0.3 : 20;
    xy[2 * i] = cx + (r() - 0.5) * spread;
    xy[2 * i + 1] = cx / 2 + (r() - 0.5) * spread;
  }
  return xy;
}

describe('pickNearest', () => {
  it('matches a brute-force scan on random queries and radii', () => {
    const xy = cloud(5000, 1);
    const grid = buildGrid(xy);
    const r = seededRandom(2);
    for (let q = 0; q < 3000; q++) {
      const x = (r() - 0.3) * 25;
      const y = (r() - 0.3) * 25;
      const radius = [0.01, 0.1, 0.5, 3, 50][q % 5]!;
      expect(pickNearest(grid, x, y, radius)).toBe(pickNearestBrute(xy, x, y, radius));
    }
  });

  it('breaks ties by the lower index, skips non-finite points, and handles empty input', () => {
    const xy = new Float32Array([1, 0, -1, 0, NaN, 0, 0, 1]);
    const grid = buildGrid(xy);
    expect(pickNearest(grid, 0, 0, 2)).toBe(0);
    expect(pickNearestBrute(xy, 0, 0, 2)).toBe(0);
    expect(pickNearest(grid, 0, 0, 0.5)).toBe(-1);
    expect(pickNearest(buildGrid(new Float32Array(0)), 0, 0, 1)).toBe(-1);
    expect(pickNearest(buildGrid(new Float32Array([NaN, NaN])), 0, 0, 1)).toBe(-1);
  });

  it('handles all points on one spot', () => {
    const xy = new Float32Array([2, 2, 2, 2, 2, 2]);
    expect(pickNearest(buildGrid(xy), 2.1, 2, 1)).toBe(0);
  });
});

describe('brushing', () => {
  const xy = new Float32Array([0, 0, 1, 1, 2, 0, 5, 5, 0.5, 0.2]);

  it('selects the points inside a box, whichever corners are given', () => {
    expect(pointsInBox(xy, -0.1, -0.1, 1.1, 1.1)).toEqual([0, 1, 4]);
    expect(pointsInBox(xy, 1.1, 1.1, -0.1, -0.1)).toEqual([0, 1, 4]);
  });

  it('selects the points inside a lasso (even-odd), including concave ones', () => {
    // A "U": excludes (0.5, 0.6) in its notch but includes (0.2, 0.2) and (0.8, 0.2).
    const u = [0, 0, 1, 0, 1, 1, 0.7, 1, 0.7, 0.4, 0.3, 0.4, 0.3, 1, 0, 1];
    const pts = new Float32Array([0.2, 0.2, 0.8, 0.2, 0.5, 0.6, 2, 2]);
    expect(pointsInPolygon(pts, u)).toEqual([0, 1]);
    expect(pointsInPolygon(pts, [0, 0, 1, 1])).toEqual([]);
  });
});
