// angularOrder on a planted ring of month clusters (order read off the fitted circle must be
// exactly the planted one, from the end after the gap), and compareCyclicOrder against an
// independent brute-force reference (orientation of every token triple by a sign product).
import { describe, expect, it } from 'vitest';
import { angularOrder, compareCyclicOrder } from './angularOrder';
import { fitCircle } from './circle';
import { seededRandom } from '../random';
import { gaussian } from '../maths/testReference';

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** Reference: discordant token triples between two orders (positions by token), folded. */
function referenceTripleDistance(found: string[], reference: string[]): number {
  const common = found.filter((t, i) => reference.includes(t) && found.indexOf(t) === i);
  const refCommon = reference.filter((t) => common.includes(t));
  const orient = (p: number, q: number, r: number) => Math.sign((q - p) * (r - q) * (r - p));
  let disagree = 0;
  let total = 0;
  for (let a = 0; a < common.length; a++) {
    for (let b = a + 1; b < common.length; b++) {
      for (let c = b + 1; c < common.length; c++) {
        const t = [common[a], common[b], common[c]] as string[];
        const f = orient(...(t.map((x) => common.indexOf(x)) as [number, number, number]));
        const g = orient(...(t.map((x) => refCommon.indexOf(x)) as [number, number, number]));
        total++;
        if (f !== g) disagree++;
      }
    }
  }
  return total === 0 ? 0 : (2 * Math.min(disagree, total - disagree)) / total;
}

/** Reference: consecutive found pairs (cyclic) one step apart in the restricted reference. */
function referenceNeighbourPairs(found: string[], reference: string[]): number {
  const common = found.filter((t, i) => reference.includes(t) && found.indexOf(t) === i);
  const refCommon = reference.filter((t) => common.includes(t));
  const m = common.length;
  let fwd = 0;
  let back = 0;
  for (let t = 0; t < m; t++) {
    const d =
      refCommon.indexOf(common[(t + 1) % m] as string) - refCommon.indexOf(common[t] as string);
    if (d === 1 || d === 1 - m) fwd++;
    if (d === -1 || d === m - 1) back++;
  }
  return Math.max(fwd, back);
}

function shuffle<T>(items: T[], rand: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

describe('angularOrder', () => {
  it('reads the planted month order off a noisy ring, starting after the gap', () => {
    // 12 months × 15 points over 300° counter-clockwise from 100°, leaving a 60° gap before
    // January; radial noise 3 %, angular noise 2°; input rows shuffled.
    const rand = seededRandom(7);
    const rows: { x: number; y: number; w: number; label: string; month: number }[] = [];
    MONTHS.forEach((label, m) => {
      for (let r = 0; r < 15; r++) {
        const t = ((100 + (m * 300) / 11 + 2 * gaussian(rand)) * Math.PI) / 180;
        const rr = 4 * (1 + 0.03 * gaussian(rand));
        rows.push({
          x: 1 + rr * Math.cos(t),
          y: -2 + rr * Math.sin(t),
          w: 0.1 + rand(),
          label,
          month: m,
        });
      }
    });
    const data = shuffle(rows, rand);
    const fit = fitCircle(
      data.map((d) => d.x),
      data.map((d) => d.y),
      data.map((d) => d.w),
    );
    if (!fit) throw new Error('the ring must fit');
    const res = angularOrder(
      fit.angles,
      data.map((d) => d.w),
      data.map((d) => d.label),
    );
    expect(res.labels?.map((l) => l.label)).toEqual(MONTHS);
    expect(res.order).toHaveLength(data.length);
    // The first point is a January, the last a December, the largest gap ≈ 60° − noise.
    expect(data[res.order[0] as number]?.label).toBe('January');
    expect(data[res.order[res.order.length - 1] as number]?.label).toBe('December');
    expect(res.largestGap).toBeGreaterThan((40 * Math.PI) / 180);
    expect(res.largestGap).toBeLessThan((70 * Math.PI) / 180);
    for (const l of res.labels ?? []) {
      expect(l.count).toBe(15);
      expect(l.concentration).toBeGreaterThan(0.99);
    }
    const cmp = compareCyclicOrder(res.labels?.map((l) => l.label) ?? [], MONTHS);
    expect(cmp).toEqual({
      common: 12,
      neighbourPairs: 12,
      direction: 1,
      tripleDistance: 0,
      exact: true,
    });
  });

  it('orders points by angle mod 2π, leaves out weight 0, starts after the largest gap', () => {
    const angles = [3, -2, 0.1, 7, 0.5, 2.9];
    // Wrapped: 3, 4.283, 0.1, 0.717, 0.5, 2.9, and point 5 has weight 0. Sorted: 2 (0.1),
    // 4 (0.5), 3 (0.717), 0 (3), 1 (4.283); gaps before each: 2.1 (wrap), 0.4, 0.217, 2.283,
    // 1.283: the largest is before point 0, so the order starts there.
    const res = angularOrder(angles, [1, 1, 1, 1, 1, 0]);
    expect([...res.order]).toEqual([0, 1, 2, 4, 3]);
    expect(res.largestGap).toBeCloseTo(3 - (7 - 2 * Math.PI), 12);
    expect(res.labels).toBeNull();
    expect(angularOrder([1.5], null).largestGap).toBe(2 * Math.PI);
    expect(angularOrder([], null).order).toHaveLength(0);
    expect(() => angularOrder([0, NaN], null)).toThrow(/angle 1/);
    expect(() => angularOrder([0, 1], null, ['a'])).toThrow(/labels/);
  });
});

describe('compareCyclicOrder', () => {
  it('is exact for rotations and reflections of the reference', () => {
    const rotated = [...MONTHS.slice(5), ...MONTHS.slice(0, 5)];
    expect(compareCyclicOrder(rotated, MONTHS)).toEqual({
      common: 12,
      neighbourPairs: 12,
      direction: 1,
      tripleDistance: 0,
      exact: true,
    });
    const reflected = [...rotated].reverse();
    const back = compareCyclicOrder(reflected, MONTHS);
    expect(back.exact).toBe(true);
    expect(back.direction).toBe(-1);
    expect(back.neighbourPairs).toBe(12);
  });

  it('counts one neighbour swap as 2(m − 2)/C(m, 3) and matches the brute-force reference', () => {
    const swapped = [...MONTHS];
    [swapped[3], swapped[4]] = [swapped[4] as string, swapped[3] as string];
    const one = compareCyclicOrder(swapped, MONTHS);
    expect(one.tripleDistance).toBeCloseTo((2 * 10) / 220, 15);
    expect(one.neighbourPairs).toBe(9);
    expect(one.exact).toBe(false);
    const rand = seededRandom(3);
    for (let trial = 0; trial < 40; trial++) {
      const found = shuffle(MONTHS, rand).slice(0, 3 + (trial % 10));
      const ref = compareCyclicOrder(found, MONTHS);
      expect(ref.tripleDistance).toBeCloseTo(referenceTripleDistance(found, MONTHS), 14);
      expect(ref.neighbourPairs).toBe(referenceNeighbourPairs(found, MONTHS));
      expect(ref.common).toBe(found.length);
    }
  });

  it('ignores tokens outside the reference and repeats, restricts the reference', () => {
    const found = ['March', 'x', 'May', 'March', 'July', 'y', 'September'];
    expect(compareCyclicOrder(found, MONTHS)).toEqual({
      common: 4,
      neighbourPairs: 4,
      direction: 1,
      tripleDistance: 0,
      exact: true,
    });
    expect(compareCyclicOrder(['May', 'March'], MONTHS).tripleDistance).toBe(0);
    expect(() => compareCyclicOrder(['a'], ['a', 'a'])).toThrow(/repeats "a"/);
  });
});
