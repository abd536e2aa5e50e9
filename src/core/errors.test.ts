// quoteValue: any value from a file or a link is quoted in bounded length and time, with the
// characters that would hide or reorder a message escaped.
import { describe, expect, it } from 'vitest';
import { quoteReason, quoteValue } from './errors';

describe('quoteValue', () => {
  it('quotes short values as JSON does', () => {
    expect(quoteValue('sparse')).toBe('"sparse"');
    expect(quoteValue('say "hi"')).toBe('"say \\"hi\\""');
    expect(quoteValue(-3)).toBe('-3');
    expect(quoteValue(null)).toBe('null');
    expect(quoteValue(true)).toBe('true');
    expect(quoteValue([1, 2, 3])).toBe('[1, 2, 3]');
    expect(quoteValue({ a: 1, b: 'x' })).toBe('{"a": 1, "b": "x"}');
    expect(quoteValue('<img src=x onerror=alert(1)>')).toBe('"<img src=x onerror=alert(1)>"');
  });

  it('quotes at most 80 characters of a 10 MB string, then its length', () => {
    const huge = 'x'.repeat(10_000_000);
    const text = quoteValue(huge);
    expect(text).toBe(`"${'x'.repeat(80)}"… (10,000,000 characters)`);
    expect(quoteValue('abcdef', 3)).toBe('"abc"… (6 characters)');
  });

  it('does not cut a surrogate pair in two', () => {
    expect(quoteValue('ab😀cd', 3)).toBe('"ab"… (6 characters)');
  });

  it('escapes controls, bidi and zero-width characters so they cannot reorder a message', () => {
    expect(quoteValue('\u202Eexe.gpj')).toBe('"\\u202eexe.gpj"');
    expect(quoteValue('a\u200Db\u2066c\u0085d\n')).toBe('"a\\u200db\\u2066c\\u0085d\\n"');
    expect(quoteValue('\u2028')).toBe('"\\u2028"');
    expect(quoteValue('\ud800x')).toBe('"\\ud800x"');
  });

  it('describes a huge array or object by its first items and its size, quickly', () => {
    const big = Array.from({ length: 2_000_000 }, (_, i) => i);
    const started = performance.now();
    const text = quoteValue(big);
    expect(performance.now() - started).toBeLessThan(50);
    expect(text).toBe('[0, 1, 2, 3, 4, 5, 6, 7, …] (2,000,000 items)');
    const nested = quoteValue([['x'.repeat(1e6)], { a: 1 }]);
    expect(nested).toBe('[[…] (1 item), {…}]');
    const obj: Record<string, number> = {};
    for (let i = 0; i < 200_000; i++) obj[`k${i}`] = i;
    const o = quoteValue(obj);
    expect(o.startsWith('{"k0": 0, "k1": 1,')).toBe(true);
    expect(o.endsWith(', …} (more than 100,000 keys)')).toBe(true);
    expect(o.length).toBeLessThan(200);
    expect(quoteValue(['y'.repeat(1000)]).length).toBeLessThan(60);
  });
});

describe('quoteReason', () => {
  it('bounds a parser message and escapes hidden characters', () => {
    expect(quoteReason('Unexpected token \u202E')).toBe('Unexpected token \\u202e');
    expect(quoteReason('z'.repeat(1000)).length).toBe(161);
  });
});
