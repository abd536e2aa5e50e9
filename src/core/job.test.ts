// Job progress (core/job): the time left comes from the rate measured since the first fraction a
// job reports — the set-up before it does not count — and a fraction that goes back starts a
// new count.
import { describe, expect, it } from 'vitest';
import { EtaMeter, etaText } from './job';

describe('EtaMeter', () => {
  it('ignores the set-up before the first fraction (the "8 min left" for a 25 s job)', () => {
    const m = new EtaMeter();
    // 10 s of start-up (worker, onnxruntime, weights) report no fraction at all.
    expect(m.observe(0, null)).toBeNull();
    expect(m.observe(10_000, 0)).toBeNull();
    // Then the work runs at 4 % a second: at 20 %, 80 % is left, 20 s.
    expect(m.observe(11_000, 0.04)).toBeCloseTo(24_000, 6);
    expect(m.observe(15_000, 0.2)).toBeCloseTo(20_000, 6);
  });

  it('waits for 2 % of progress and a second before estimating, and stops at 100 %', () => {
    const m = new EtaMeter();
    m.observe(0, 0.1);
    expect(m.observe(500, 0.3)).toBeNull();
    expect(m.observe(2000, 0.11)).toBeNull(); // a new count starts (0.11 < 0.3)
    expect(m.observe(2500, 0.12)).toBeNull(); // < 1 s since
    expect(m.observe(3000, 0.15)).toBeCloseTo(((3000 - 2000) / 0.04) * 0.85, 6);
    expect(m.observe(4000, 1)).toBeNull();
  });

  it('says the time in words', () => {
    expect(etaText(null)).toBeNull();
    expect(etaText(400)).toBe('less than a second left');
    expect(etaText(25_000)).toBe('about 25 s left');
    expect(etaText(480_000)).toBe('about 8 min left');
  });
});
