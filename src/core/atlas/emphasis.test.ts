// The model panel's prefix applied to the atlas: only the first k composites of the prefix
// order keep their emphasis; the rest are dimmed; no prefix leaves the emphasis as it was.
import { describe, expect, it } from 'vitest';
import { EMPHASIS, withPrefix } from './emphasis';

describe('withPrefix', () => {
  const order = Int32Array.from([3, 0, 4, 1, 2]);

  it('dims the composites beyond the first k of the order', () => {
    const e = withPrefix(null, 5, order, 2)!;
    expect(Array.from(e)).toEqual([
      EMPHASIS.normal,
      EMPHASIS.dimmed,
      EMPHASIS.dimmed,
      EMPHASIS.normal,
      EMPHASIS.dimmed,
    ]);
  });

  it('keeps search emphasis inside the prefix and dims the rest', () => {
    const search = Uint8Array.from([EMPHASIS.emphasised, EMPHASIS.dimmed, 2, 2, 0]);
    const e = withPrefix(search, 5, order, 3)!;
    expect(Array.from(e)).toEqual([2, 0, 0, 2, 0]);
    expect(Array.from(search)).toEqual([2, 0, 2, 2, 0]); // not modified
  });

  it('changes nothing without a prefix, or with k ≥ C', () => {
    const search = Uint8Array.from([2, 0, 2, 2, 0]);
    expect(withPrefix(search, 5, order, null)).toBe(search);
    expect(withPrefix(null, 5, order, 5)).toBeNull();
    expect(withPrefix(null, 5, null, 2)).toBeNull();
  });
});
