// Camera easing: ends at the poses it joins, keeps the distance geometric and the target on a
// line, and pose comparison and rounding behave.
import { describe, expect, it } from 'vitest';
import type { CameraPose } from '../../state/viewStore';
import { easeInOut, interpolatePose, posesClose, roundPose } from './poses';

const a: CameraPose = { position: [0, 0, 4], target: [0, 0, 0], up: [0, 1, 0] };
const b: CameraPose = { position: [10, 1, 0], target: [1, 1, 0], up: [0, 1, 0] };

describe('camera poses', () => {
  it('eases from 0 to 1 smoothly and clamps', () => {
    expect(easeInOut(0)).toBe(0);
    expect(easeInOut(1)).toBe(1);
    expect(easeInOut(0.5)).toBeCloseTo(0.5);
    expect(easeInOut(-1)).toBe(0);
    expect(easeInOut(2)).toBe(1);
  });

  it('starts and ends at the poses it joins', () => {
    expect(posesClose(interpolatePose(a, b, 0), a)).toBe(true);
    expect(posesClose(interpolatePose(a, b, 1), b)).toBe(true);
  });

  it('moves the target in a line and scales the distance geometrically', () => {
    const mid = interpolatePose(a, b, 0.5);
    expect(mid.target).toEqual([0.5, 0.5, 0]);
    const dist = Math.hypot(
      mid.position[0] - mid.target[0],
      mid.position[1] - mid.target[1],
      mid.position[2] - mid.target[2],
    );
    expect(dist).toBeCloseTo(Math.sqrt(4 * 9));
  });

  it('compares poses relative to the camera distance, and rounds them', () => {
    const near: CameraPose = { ...a, position: [0, 0, 4.0001] };
    expect(posesClose(a, near)).toBe(true);
    expect(posesClose(a, { ...a, position: [0, 0, 4.1] })).toBe(false);
    expect(roundPose({ ...a, position: [1.23456789, 0, 4] }, 4).position).toEqual([1.235, 0, 4]);
  });
});
