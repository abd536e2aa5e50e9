// The portable exp/log/pow (core/maths/portableMath): within an ulp or so of the engine's own
// (Math) over their ranges, the IEEE special cases right, fixed bits for a few inputs (so a change
// of algorithm — which would move every atlas — cannot pass unnoticed), and the swap into Math
// undone after the call, also when it throws.
import { describe, expect, it } from 'vitest';
import { seededRandom as mulberry32 } from '../random';
import { portableExp, portableLog, portablePow, withPortableMath } from './portableMath';

const EPS = 2 ** -52;

function ulps(a: number, b: number): number {
  if (a === b) return 0;
  return Math.abs(a - b) / (Math.abs(b) * EPS);
}

describe('portable exp, log, pow', () => {
  it('agree with the engine’s own within an ulp (exp, log) or a few (pow)', () => {
    const u = mulberry32(11);
    let worstExp = 0;
    let worstLog = 0;
    let worstPow = 0;
    for (let i = 0; i < 20000; i++) {
      const x = u() * 1400 - 700;
      worstExp = Math.max(worstExp, ulps(portableExp(x), Math.exp(x)));
      const y = Math.exp(u() * 1400 - 700);
      worstLog = Math.max(worstLog, ulps(portableLog(y), Math.log(y)));
      const a = u() * 20;
      const b = u() * 6 - 3;
      worstPow = Math.max(worstPow, ulps(portablePow(a, b), Math.pow(a, b)));
    }
    expect(worstExp).toBeLessThanOrEqual(1);
    expect(worstLog).toBeLessThanOrEqual(1);
    expect(worstPow).toBeLessThanOrEqual(16);
  });

  it('handle the special cases as Math does', () => {
    expect(portableExp(0)).toBe(1);
    expect(portableExp(-Infinity)).toBe(0);
    expect(portableExp(Infinity)).toBe(Infinity);
    expect(portableExp(710)).toBe(Infinity);
    expect(portableExp(-746)).toBe(0);
    expect(portableExp(-745)).toBe(Math.exp(-745)); // a subnormal
    expect(Number.isNaN(portableExp(NaN))).toBe(true);
    expect(portableLog(1)).toBe(0);
    expect(portableLog(0)).toBe(-Infinity);
    expect(portableLog(Infinity)).toBe(Infinity);
    expect(Number.isNaN(portableLog(-1))).toBe(true);
    expect(portableLog(5e-324)).toBeCloseTo(Math.log(5e-324), 12);
    expect(portablePow(3, 0)).toBe(1);
    expect(portablePow(-2, 3)).toBe(-8);
    expect(portablePow(-2, -2)).toBe(0.25);
    expect(Number.isNaN(portablePow(-2, 0.5))).toBe(true);
    expect(portablePow(0, 0.5)).toBe(0);
    expect(portablePow(0, -0.5)).toBe(Infinity);
    expect(portablePow(1.1, 2)).toBe(1.1 * 1.1);
  });

  it('give fixed bits (every engine, every run)', () => {
    expect(portableExp(-0.123456789)).toBe(0.8838598328861618);
    expect(portableLog(0.987654321)).toBe(-0.012422519986057208);
    expect(portablePow(0.31, 0.8956)).toBe(0.35031887136009443);
  });

  it('are swapped into Math for one call, and the engine’s are back after it', () => {
    const exp = Math.exp;
    const seen = withPortableMath(() => [Math.exp === portableExp, Math.pow === portablePow]);
    expect(seen).toEqual([true, true]);
    expect(Math.exp).toBe(exp);
    expect(() =>
      withPortableMath(() => {
        throw new Error('inside');
      }),
    ).toThrow('inside');
    expect(Math.exp).toBe(exp);
    expect((globalThis as { __baeMath?: unknown }).__baeMath).toBeUndefined();
  });
});
