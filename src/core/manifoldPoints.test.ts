// Which rows a manifold shows (top |h|) and the geometry that frames them.
import { describe, expect, it } from 'vitest';
import {
  assignAxis,
  axisExtents,
  boundsOf,
  framingPosition,
  gatherValues,
  gatherXyz,
  topByMagnitude,
} from './manifoldPoints';

describe('manifold points', () => {
  it('picks the largest |h| first, ties by index, NaN last', () => {
    expect(Array.from(topByMagnitude([0.1, -3, 2, NaN, 3, -0.5], 4))).toEqual([1, 4, 2, 5]);
    expect(Array.from(topByMagnitude([1, NaN], 5))).toEqual([0, 1]);
    expect(topByMagnitude([1, 2], 0).length).toBe(0);
  });

  it('gathers coordinates and values of chosen rows', () => {
    const xyz = Float32Array.from([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(Array.from(gatherXyz(xyz, [2, 0]))).toEqual([6, 7, 8, 0, 1, 2]);
    expect(Array.from(gatherValues([10, 20, 30], [2, 0]))).toEqual([30, 10]);
  });

  it('bounds the points together with the origin', () => {
    const b = boundsOf([2, 2, 2, 4, 4, 4], 2);
    expect(b.center).toEqual([2, 2, 2]);
    expect(b.radius).toBeCloseTo(Math.sqrt(12));
    // A round cloud: the farthest point, not the box's half-diagonal.
    const ring = [1, 0, 0, -1, 0, 0, 0, 1, 0, 0, -1, 0, 0.7, 0.7, 0];
    expect(boundsOf(ring, 5).radius).toBeCloseTo(1);
    expect(boundsOf([], 0).radius).toBeGreaterThan(0);
    expect(axisExtents([1, -5, 2, -3, 4, 0], 2)).toEqual([3, 5, 2]);
  });

  it('places the camera so that the sphere fits the field of view', () => {
    const p = framingPosition({ center: [1, 0, 0], radius: 1 }, 60, [0, 0, 2], 1);
    expect(p[0]).toBeCloseTo(1);
    expect(p[2]).toBeCloseTo(2); // r / sin(30°)
    const q = framingPosition({ center: [0, 0, 0], radius: 1 }, 60, [0, 0, 0]);
    expect(Math.hypot(...q)).toBeCloseTo(2.3);
  });

  it('assigns an eigenvector to an axis, swapping when it is already plotted', () => {
    expect(assignAxis([0, 1, 2], 0, 5)).toEqual([5, 1, 2]);
    expect(assignAxis([0, 1, 2], 0, 2)).toEqual([2, 1, 0]);
    expect(assignAxis([0, 1, 2], 1, 1)).toEqual([0, 1, 2]);
  });
});
