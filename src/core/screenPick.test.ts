// Hover picking: the grid index gives exactly the brute-force answer, for projections through a
// real perspective matrix and for crowded and empty neighbourhoods; and it is fast at 65,536.
import { describe, expect, it } from 'vitest';
import { Matrix4, PerspectiveCamera } from 'three';
import {
  buildScreenIndex,
  pickNearest,
  pickNearestBrute,
  projectToScreen,
  type ScreenPoints,
} from './screenPick';
import { seededRandom } from './random';

function cloud(n: number, seed: number): Float32Array {
  const u = seededRandom(seed);
  const out = new Float32Array(n * 3);
  for (let i = 0; i < n; i++) {
    // A noisy ring plus a spread-out haze: dense and sparse regions.
    const a = u() * 2 * Math.PI;
    const ring = i % 3 !== 0;
    out[i * 3] = ring ? Math.cos(a) + 0.05 * (u() - 0.5) : 3 * (u() - 0.5);
    out[i * 3 + 1] = ring ? Math.sin(a) + 0.05 * (u() - 0.5) : 3 * (u() - 0.5);
    out[i * 3 + 2] = ring ? 0.1 * (u() - 0.5) : 3 * (u() - 0.5);
  }
  return out;
}

function viewProjection(w: number, h: number): Matrix4 {
  const cam = new PerspectiveCamera(45, w / h, 0.01, 100);
  cam.position.set(2.2, 1.5, 3.1);
  cam.lookAt(0, 0, 0);
  cam.updateMatrixWorld();
  return new Matrix4().multiplyMatrices(cam.projectionMatrix, cam.matrixWorldInverse);
}

describe('screen picking', () => {
  const W = 640;
  const H = 480;

  it('projects like three.js Vector3.project', async () => {
    const { Vector3 } = await import('three');
    const m = viewProjection(W, H);
    const pts = cloud(50, 1);
    const s = projectToScreen(pts, 50, m.elements, W, H);
    for (let i = 0; i < 50; i++) {
      const v = new Vector3(pts[i * 3], pts[i * 3 + 1], pts[i * 3 + 2]).applyMatrix4(m);
      const x = (v.x + 1) * (W / 2);
      const y = (1 - v.y) * (H / 2);
      if (x < 0 || x >= W || y < 0 || y >= H) expect(s.x[i]).toBeNaN();
      else {
        expect(s.x[i]).toBeCloseTo(x, 2);
        expect(s.y[i]).toBeCloseTo(y, 2);
        expect(s.depth[i]).toBeCloseTo(v.z, 5);
      }
    }
  });

  it('hides points behind the camera', () => {
    const m = viewProjection(W, H);
    const s = projectToScreen([22, 15, 31, 0, 0, 0], 2, m.elements, W, H);
    expect(s.x[0]).toBeNaN();
    expect(s.x[1]).toBeCloseTo(W / 2, 3);
  });

  it('agrees with brute force at every probe position and radius', () => {
    const n = 5000;
    const pts = projectToScreen(cloud(n, 2), n, viewProjection(W, H).elements, W, H);
    for (const cell of [8, 16, 40]) {
      const index = buildScreenIndex(pts, W, H, cell);
      const u = seededRandom(cell);
      for (let q = 0; q < 2000; q++) {
        const x = u() * (W + 20) - 10;
        const y = u() * (H + 20) - 10;
        const r = 1 + u() * 12;
        expect(pickNearest(index, x, y, r)).toBe(pickNearestBrute(pts, x, y, r));
      }
    }
  });

  it('breaks ties by depth, then index, like brute force', () => {
    const pts: ScreenPoints = {
      count: 4,
      x: Float32Array.from([10, 10, 10, NaN]),
      y: Float32Array.from([10, 10, 10, NaN]),
      depth: Float32Array.from([0.5, 0.2, 0.2, 0]),
    };
    const index = buildScreenIndex(pts, 100, 100, 16);
    expect(pickNearest(index, 10, 10, 3)).toBe(1);
    expect(pickNearestBrute(pts, 10, 10, 3)).toBe(1);
    expect(pickNearest(index, 50, 50, 3)).toBe(-1);
  });

  it('at 65,536 points the index answers exactly as a brute-force scan', () => {
    // Speed is measured by `npm run bench:latent`, not asserted here (a loaded machine would
    // fail a timed test for no fault of the code).
    const n = 65536;
    const world = cloud(n, 3);
    const m = viewProjection(1280, 800).elements;
    const pts = projectToScreen(world, n, m, 1280, 800);
    const index = buildScreenIndex(pts, 1280, 800, 16);
    const u = seededRandom(9);
    let hits = 0;
    for (let q = 0; q < 300; q++) {
      const x = u() * 1280;
      const y = u() * 800;
      const got = pickNearest(index, x, y, 8);
      expect(got, `query ${q} at (${x.toFixed(1)}, ${y.toFixed(1)})`).toBe(
        pickNearestBrute(pts, x, y, 8),
      );
      if (got >= 0) hits++;
    }
    expect(hits).toBeGreaterThan(30);
  });
});
