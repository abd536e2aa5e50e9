// Search, lasso and selection combination on hand-made cases: plain text is a case-insensitive
// substring, /regex/ a case-insensitive regex (a bad one is reported, not thrown); the lasso
// picks exactly the points inside a polygon (concave too), checked against a brute-force grid.
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../random';
import { combineSelection, insidePolygon, lassoPoints, matchRows, parseRowQuery } from './select';

const TEXTS = ['January', ' june', 'July 4th', 'jun', 'December', 'a.b', 'ab'];
const match = (q: string) =>
  Array.from(matchRows(parseRowQuery(q), TEXTS.length, (i) => TEXTS[i] ?? ''));

describe('manifold search', () => {
  it('plain text: case-insensitive substring', () => {
    expect(match('JU')).toEqual([1, 2, 3]);
    expect(match('a.b')).toEqual([5]); // a dot is a dot in plain text
    expect(match('   ')).toEqual([]); // blank: no query
    expect(parseRowQuery('  ').kind).toBe('none');
  });
  it('/regex/: case-insensitive, anchored as written', () => {
    expect(match('/^ju/')).toEqual([2, 3]);
    expect(match('/^\\s?ju/')).toEqual([1, 2, 3]);
    expect(match('/a.b/')).toEqual([5]);
    expect(match('/^(jan|dec)/')).toEqual([0, 4]);
    // g would make test() stateful: it is dropped, so every row is tested afresh.
    expect(match('/u/g')).toEqual([0, 1, 2, 3]);
  });
  it('reports an invalid regex instead of throwing', () => {
    const q = parseRowQuery('/(unclosed/');
    expect(q.kind).toBe('invalid');
    expect(match('/(unclosed/')).toEqual([]);
  });
});

describe('lasso', () => {
  // An L-shaped (concave) polygon: the square 0..10 minus its top-right quarter.
  const L = [0, 0, 10, 0, 10, 5, 5, 5, 5, 10, 0, 10];
  it('even–odd inside test on a concave polygon', () => {
    expect(insidePolygon(2, 2, L)).toBe(true);
    expect(insidePolygon(7, 2, L)).toBe(true);
    expect(insidePolygon(2, 7, L)).toBe(true);
    expect(insidePolygon(7, 7, L)).toBe(false); // the cut-out corner
    expect(insidePolygon(11, 2, L)).toBe(false);
  });
  it('picks exactly the points inside, skipping hidden (NaN) ones', () => {
    const u = seededRandom(4);
    const n = 5000;
    const xs = Float32Array.from({ length: n }, () => u() * 12 - 1);
    const ys = Float32Array.from({ length: n }, () => u() * 12 - 1);
    xs[7] = NaN;
    const got = Array.from(lassoPoints(xs, ys, n, L));
    // Reference: the L as the union of two rectangles.
    const want: number[] = [];
    for (let i = 0; i < n; i++) {
      const x = xs[i]!;
      const y = ys[i]!;
      const inLower = x > 0 && x < 10 && y > 0 && y < 5;
      const inLeft = x > 0 && x < 5 && y > 0 && y < 10;
      if (inLower || inLeft) want.push(i);
    }
    expect(got).toEqual(want);
    expect(got).not.toContain(7);
    expect(lassoPoints(xs, ys, n, [0, 0, 1, 1])).toHaveLength(0); // not a polygon
  });
});

describe('combining a pick with the selection', () => {
  it('replaces, adds or subtracts; the result stays sorted and unique', () => {
    expect(combineSelection([5, 1], [3, 3, 2], 'replace')).toEqual([2, 3]);
    expect(combineSelection([1, 5], [3, 1], 'add')).toEqual([1, 3, 5]);
    expect(combineSelection([1, 3, 5], [3, 9], 'subtract')).toEqual([1, 5]);
  });
});
