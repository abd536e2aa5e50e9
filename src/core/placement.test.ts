// placeTip on worked cases: under the anchor when it fits, above when it does not, shifted left
// at the right edge, kept off the left edge, and inside a viewport smaller than the tip allows.
import { describe, expect, it } from 'vitest';
import { placeTip } from './placement';

const viewport = { width: 800, height: 600 };
const tip = { width: 250, height: 100 };

describe('placeTip', () => {
  it('goes under the anchor, aligned with its left edge', () => {
    expect(placeTip({ left: 100, top: 50, bottom: 80 }, tip, viewport)).toEqual({
      left: 100,
      top: 84,
    });
  });
  it('goes above when there is no room below', () => {
    expect(placeTip({ left: 100, top: 500, bottom: 530 }, tip, viewport)).toEqual({
      left: 100,
      top: 396,
    });
  });
  it('moves left at the right edge and right at the left edge', () => {
    expect(placeTip({ left: 700, top: 50, bottom: 80 }, tip, viewport).left).toBe(542);
    expect(placeTip({ left: -30, top: 50, bottom: 80 }, tip, viewport).left).toBe(8);
  });
  it('stays inside when neither side has room', () => {
    const p = placeTip({ left: 10, top: 40, bottom: 90 }, { width: 200, height: 580 }, viewport);
    expect(p.top).toBe(12); // 600 − 580 − 8: clear of the bottom edge by the margin
    expect(p.top + 580).toBeLessThanOrEqual(600);
  });
});
