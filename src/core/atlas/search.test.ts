import { describe, expect, it } from 'vitest';
import type { ProbeResults } from '../analysis';
import type { ProbeSet } from '../probes';
import { visibleAndEmphasis, EMPHASIS } from './emphasis';
import {
  matchComposites,
  queryTerms,
  searchComposites,
  tokenHaystacks,
  topFiringTokens,
} from './search';

const labels = ['Years · 1999', 'months', '', 'colour words'];
const tokens = [
  ['1999', '2003'],
  ['January', 'March'],
  ['<img src=x onerror=alert(1)>'],
  ['red', 'blue'],
];
const hay = tokenHaystacks(tokens);
const match = (q: string) => matchComposites(q, 4, (k) => labels[k] ?? '', hay);

describe('matchComposites', () => {
  it('is null for an empty query (no filter)', () => {
    expect(match('')).toBeNull();
    expect(match('   ')).toBeNull();
    expect(queryTerms('  A  b ')).toEqual(['a', 'b']);
  });

  it('matches ids exactly, with or without #, as well as tokens containing the digits', () => {
    // 2 by id, 0 by its token "2003".
    expect(match('2')).toEqual([0, 2]);
    expect(match('#3')).toEqual([3]);
  });

  it('matches labels and firing tokens as case-insensitive substrings', () => {
    expect(match('MONTH')).toEqual([1]);
    expect(match('janu')).toEqual([1]);
    expect(match('blue')).toEqual([3]);
    expect(match('onerror')).toEqual([2]);
    // "1999" is a token of 0 and in its label; not an id.
    expect(match('1999')).toEqual([0]);
  });

  it('requires every term to match', () => {
    expect(match('years 2003')).toEqual([0]);
    expect(match('years march')).toEqual([]);
  });

  it('does not match across two tokens', () => {
    expect(match('1999\n2003')).toEqual([0]);
    expect(match('19992003')).toEqual([]);
  });
});

describe('topFiringTokens', () => {
  it('lists the distinct firing tokens of the top rows, in rank order', () => {
    const probes = {
      n: 4,
      window: 2,
      tokens: new Int32Array([0, 1, -1, 2, 1, 1, 0, 3]),
      position: new Int32Array([1, 1, 1, 0]),
      vocab: ['the', ' cat', ' sat', ' on'],
      tokenText: ['the', ' cat', ' sat', ' on'],
    } as unknown as ProbeSet;
    const results = {
      topK: 3,
      topRows: new Int32Array([1, 0, 2, 3, 2, -1]),
    } as unknown as ProbeResults;
    expect(topFiringTokens(results, probes, 2)).toEqual([
      ['sat', 'cat'],
      ['the', 'cat'],
    ]);
  });
});

describe('visibleAndEmphasis', () => {
  it('shows everything, unemphasised, without search or selection', () => {
    expect(visibleAndEmphasis(3, null, [])).toEqual({ visible: [0, 1, 2], emphasis: null });
  });

  it('shows search ∩ selection and dims the rest', () => {
    const { visible, emphasis } = visibleAndEmphasis(4, [0, 1, 2], [1, 2, 3, 99]);
    expect(visible).toEqual([1, 2]);
    expect(Array.from(emphasis!)).toEqual([
      EMPHASIS.dimmed,
      EMPHASIS.emphasised,
      EMPHASIS.emphasised,
      EMPHASIS.dimmed,
    ]);
    expect(visibleAndEmphasis(2, [], []).visible).toEqual([]);
  });
});

describe('searchComposites', () => {
  it('puts composites found through probe rows first, by value, and says why each matched', () => {
    const inputs = {
      tier: 0 as const,
      texts: [0],
      rowsUsed: 1,
      rowsMatched: 1,
      positive: 2,
      hits: [
        { composite: 1, row: 7, value: 0.9, text: 'blue' },
        { composite: 3, row: 7, value: 0.4, text: 'blue' },
      ],
    };
    const got = searchComposites('blue', 4, (k) => labels[k] ?? '', tokens, hay, inputs)!;
    expect(got.ordered).toEqual([1, 3]);
    expect(got.reasons.get(1)).toEqual({ kind: 'input', text: 'blue', row: 7, value: 0.9 });
    const plain = searchComposites('mon', 4, (k) => labels[k] ?? '', tokens, hay, null)!;
    expect(plain.reasons.get(1)).toEqual({ kind: 'label' });
    const byToken = searchComposites('janu', 4, (k) => labels[k] ?? '', tokens, hay, null)!;
    expect(byToken.reasons.get(1)).toEqual({ kind: 'top-token', text: 'January' });
    expect(
      searchComposites('#2', 4, (k) => labels[k] ?? '', tokens, hay, null)!.reasons.get(2),
    ).toEqual({
      kind: 'id',
    });
    expect(searchComposites(' ', 4, (k) => labels[k] ?? '', tokens, hay, null)).toBeNull();
  });
});
