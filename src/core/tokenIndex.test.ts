// Token search: the index groups rows by firing text (trimmed; equal texts merged; rows without
// a token left out), queries match the best tier only (exact, else prefix, else substring of
// 3+ characters), composites rank by their largest value on the matching rows (checked against
// a brute-force scan of the [C, N] values; the search reads their row-major copy), limits cut
// rows, reads and hits, and exactRows lists an input's rows.
import { describe, expect, it } from 'vitest';
import { buildTokenIndex, exactRows, matchTexts, rowsOfValues, tokenSearch } from './tokenIndex';
import { seededRandom } from './random';

const vocab = [' blue', 'Blue', ' bluegrass', ' red', ' blues', '\n', ' navy blue', ' cat'];
// Rows: firing token ids (−1 = none).
const ids = Int32Array.from([0, 3, 2, 0, 5, -1, 4, 6, 1, 7, 3, 0]);

describe('buildTokenIndex', () => {
  it('groups rows by firing text, ascending, trimmed, white space kept when alone', () => {
    const index = buildTokenIndex(ids, vocab);
    expect(index.n).toBe(12);
    const rowsOf = (text: string) => {
      const t = index.texts.indexOf(text);
      return Array.from(index.rows.subarray(index.offsets[t], index.offsets[t + 1]));
    };
    expect(rowsOf('blue')).toEqual([0, 3, 11]);
    expect(rowsOf('Blue')).toEqual([8]);
    expect(rowsOf('red')).toEqual([1, 10]);
    expect(rowsOf('\n')).toEqual([4]);
    expect(index.rows).toHaveLength(11);
    expect(index.keys[index.texts.indexOf('Blue')]).toBe('blue');
  });
});

describe('matchTexts', () => {
  const index = buildTokenIndex(ids, vocab);
  const names = (q: string) => {
    const m = matchTexts(index, q);
    return m ? { tier: m.tier, texts: m.texts.map((t) => index.texts[t]) } : null;
  };
  it('uses the best tier only: exact, else prefix, else substring (3+ characters)', () => {
    expect(names('BLUE ')).toEqual({ tier: 0, texts: ['blue', 'Blue'] });
    expect(names('blu')).toEqual({ tier: 1, texts: ['blue', 'Blue', 'blues', 'bluegrass'] });
    expect(names('grass')).toEqual({ tier: 2, texts: ['bluegrass'] });
    expect(names('ue')).toBeNull();
    expect(names('  ')).toBeNull();
  });
});

describe('tokenSearch', () => {
  it('ranks composites by their largest value on the matching rows (brute force)', () => {
    const rand = seededRandom(3);
    const N = ids.length;
    const C = 30;
    const h = Float32Array.from({ length: C * N }, () => rand() - 0.4);
    h[5 * N + 8] = 5; // composite 5 fires most on row 8 ('Blue')
    const index = buildTokenIndex(ids, vocab);
    const rowsOfH = rowsOfValues(h, C, N);
    expect(rowsOfH[8 * C + 5]).toBe(5);
    const got = tokenSearch(index, 'blue', rowsOfH, C)!;
    const rows = [0, 3, 11, 8];
    const brute = Array.from({ length: C }, (_, k) => {
      let best = -1;
      let value = 0;
      for (const r of rows) {
        if ((h[k * N + r] as number) > value) {
          value = h[k * N + r] as number;
          best = r;
        }
      }
      return { k, best, value };
    })
      .filter((x) => x.best >= 0)
      .sort((a, b) => b.value - a.value || a.k - b.k);
    expect(got.tier).toBe(0);
    expect(got.rowsMatched).toBe(4);
    expect(got.positive).toBe(brute.length);
    expect(got.hits.map((x) => [x.composite, x.row, x.value])).toEqual(
      brute.map((x) => [x.k, x.best, x.value]),
    );
    expect(got.hits[0]).toEqual({ composite: 5, row: 8, value: 5, text: 'Blue' });
    const cut = tokenSearch(index, 'blue', rowsOfH, C, { maxRows: 2, maxHits: 3 })!;
    expect(cut.rowsUsed).toBe(2);
    expect(cut.rowsMatched).toBe(4);
    expect(cut.hits).toHaveLength(3);
    expect(tokenSearch(index, 'zebra', rowsOfH, C)).toBeNull();
    expect(tokenSearch(index, 'blue', rowsOfH, C, { maxReads: 3 * C })!.rowsUsed).toBe(3);
  });

  it('exactRows lists the rows of an exact match only', () => {
    const index = buildTokenIndex(ids, vocab);
    expect(exactRows(index, 'Blue', 10)).toEqual([0, 3, 8, 11]);
    expect(exactRows(index, 'Blue', 2)).toEqual([0, 3]);
    expect(exactRows(index, 'blu', 10)).toEqual([]);
  });
});
