// Automatic labels (core/labels): the most frequent firing tokens, a token that is only white
// space kept (so the label can show it), and the parts a label is drawn from.
import { describe, expect, it } from 'vitest';
import type { ProbeResults } from './analysis';
import { autoLabels, labelParts } from './labels';
import type { ProbeSet } from './probes';

describe('autoLabels', () => {
  it('joins the most frequent firing tokens, keeping a space-only or newline token', () => {
    const tokenText = [' the', '\n', ' ', 'cat'];
    const probes = {
      n: 5,
      window: 1,
      tokens: new Int32Array([0, 1, 1, 2, 3]),
      position: new Int32Array(5),
      vocab: tokenText,
      tokenText,
    } as unknown as ProbeSet;
    const results = {
      topK: 5,
      topRows: new Int32Array([1, 2, 0, 3, 4]),
    } as unknown as ProbeResults;
    const [label] = autoLabels(results, probes);
    expect(label).toBe('\n · the ·  ');
    expect(labelParts(label ?? '', true)).toEqual(['\n', 'the', ' ']);
    expect(labelParts('a · b', false)).toEqual(['a · b']);
  });
});
