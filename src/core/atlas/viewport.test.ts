import { describe, expect, it } from 'vitest';
import { fitViewport, panBy, screenToUmap, umapToScreen, zoomAbout } from './viewport';

const size = { widthPx: 800, heightPx: 600 };

describe('viewport maths', () => {
  it('round-trips UMAP ↔ screen, with y up on screen', () => {
    const v = { centerX: 1, centerY: 2, zoom: 50 };
    expect(umapToScreen(v, size, 1, 2)).toEqual([400, 300]);
    expect(umapToScreen(v, size, 1, 3)).toEqual([400, 250]);
    const [x, y] = screenToUmap(v, size, 123, 456);
    const [sx, sy] = umapToScreen(v, size, x, y);
    expect(sx).toBeCloseTo(123, 9);
    expect(sy).toBeCloseTo(456, 9);
  });

  it('fits every point inside the padding', () => {
    const xy = new Float32Array([-2, -1, 6, 3, NaN, 100]);
    const v = fitViewport(xy, size, 20);
    for (const [x, y] of [
      [-2, -1],
      [6, 3],
    ] as const) {
      const [sx, sy] = umapToScreen(v, size, x, y);
      expect(sx).toBeGreaterThanOrEqual(20 - 1e-9);
      expect(sx).toBeLessThanOrEqual(780 + 1e-9);
      expect(sy).toBeGreaterThanOrEqual(20 - 1e-9);
      expect(sy).toBeLessThanOrEqual(580 + 1e-9);
    }
    expect(fitViewport(new Float32Array([3, 3]), size, 20)).toMatchObject({
      centerX: 3,
      centerY: 3,
    });
  });

  it('zooms about a screen point, keeping what is under it, within limits', () => {
    const v = { centerX: 0, centerY: 0, zoom: 10 };
    const before = screenToUmap(v, size, 100, 100);
    const z = zoomAbout(v, size, 100, 100, 2, 1, 1000);
    expect(z.zoom).toBe(20);
    const after = screenToUmap(z, size, 100, 100);
    expect(after[0]).toBeCloseTo(before[0], 9);
    expect(after[1]).toBeCloseTo(before[1], 9);
    expect(zoomAbout(v, size, 0, 0, 1e9, 1, 1000).zoom).toBe(1000);
  });

  it('pans so the content follows the pointer', () => {
    const v = { centerX: 0, centerY: 0, zoom: 10 };
    const p = panBy(v, 30, -20);
    expect(umapToScreen(p, size, 0, 0)).toEqual([430, 280]);
  });
});
