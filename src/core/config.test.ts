// config.json parsing: the tdooms/bae fields and their Python defaults, tolerance of unknown
// keys from older uploads, the sizes a config implies, the folder name, and clear refusals.
import { describe, expect, it } from 'vitest';
import { BaeFileError } from './errors';
import { configComposites, configFeatures, configName, parseConfig } from './config';

function problem(text: string): string {
  try {
    parseConfig(text, 'config.json');
  } catch (e) {
    if (e instanceof BaeFileError) {
      expect(e.file).toBe('config.json');
      return e.problem;
    }
    throw e;
  }
  throw new Error('expected a BaeFileError');
}

describe('parseConfig', () => {
  it('reads what Autoencoder.save writes and derives F, C and the folder name', () => {
    const c = parseConfig(
      JSON.stringify({
        layer: 18,
        d_model: 2304,
        expansion: 16,
        bottleneck: 2,
        alpha: 1.0,
        beta: 0.0,
        kind: 'mixed',
        tags: [],
        kwargs: { lr: 0.001 },
        n_buffers: 100, // an extra key of an older upload: ignored
      }),
      'config.json',
    );
    expect(c).toMatchObject({
      layer: 18,
      dModel: 2304,
      expansion: 16,
      bottleneck: 2,
      kind: 'mixed',
    });
    expect(c.kwargs).toEqual({ lr: 0.001 });
    expect(configFeatures(c)).toBe(36864);
    expect(configComposites(c)).toBe(4608);
    expect(configName(c)).toBe('mixed-l18-x16-a100-b0');
  });

  it('applies the Python defaults and truncates like int()', () => {
    const c = parseConfig(
      '{"d_model": 10, "kind": "combined", "alpha": 0.29, "tags": ["v2", "z"]}',
      'c.json',
    );
    expect(c.expansion).toBe(16);
    expect(c.bottleneck).toBeNull();
    expect(c.layer).toBeNull();
    expect(configComposites(c)).toBe(20); // bottleneck None → 2
    // int(0.29 * 100) == 28 in Python (0.29 * 100 = 28.999999999999996).
    expect(configName(c)).toBe('combined-x16-a28-b0-v2-z');
    const v = parseConfig('{"d_model": 8, "kind": "vanilla", "expansion": 2.5}', 'c.json');
    expect(configFeatures(v)).toBe(20);
    expect(configComposites(v)).toBe(20); // no down: one composite per feature
  });

  it('refuses bad JSON, missing or wrong fields and unknown kinds, naming the field', () => {
    expect(problem('{"d_model": 8,')).toMatch(/not valid JSON/);
    expect(problem('[1]')).toMatch(/not a JSON object/);
    expect(problem('{"kind": "mixed"}')).toMatch(/field "d_model" is missing/);
    expect(problem('{"d_model": -3, "kind": "mixed"}')).toMatch(/field "d_model" is -3/);
    expect(problem('{"d_model": 8.5, "kind": "mixed"}')).toMatch(/field "d_model" is 8.5/);
    expect(problem('{"d_model": 8, "kind": "mixed", "expansion": 0}')).toMatch(/"expansion"/);
    expect(problem('{"d_model": 8, "kind": "mixed", "layer": "x"}')).toMatch(/"layer"/);
    expect(problem('{"d_model": 8, "kind": "mixed", "bottleneck": -1}')).toMatch(/"bottleneck"/);
    expect(problem('{"d_model": 8, "kind": "mixed", "tags": [1]}')).toMatch(/"tags"/);
    expect(problem('{"d_model": 8, "kind": "sparse"}')).toMatch(
      /kind "sparse" is not one the app knows/,
    );
    expect(problem('{"d_model": 8}')).toMatch(
      /field "kind" is missing; it must be one of vanilla, ordered, mixed, combined/,
    );
  });

  it('quotes at most 80 characters of a huge value, and describes a huge array in bounded time', () => {
    const kind = 'k'.repeat(10_000_000);
    const p = problem(JSON.stringify({ d_model: 8, kind }));
    expect(p).toBe(
      `kind "${'k'.repeat(80)}"… (10,000,000 characters) is not one the app knows (known kinds: vanilla, ordered, mixed, combined)`,
    );
    const array = `[${'0,'.repeat(5_000_000)}0]`;
    const started = performance.now();
    const q = problem(array);
    expect(q).toBe(
      'the file holds [0, 0, 0, 0, 0, 0, 0, 0, …] (5,000,001 items), not a JSON object',
    );
    // JSON.parse dominates; the message itself does no work proportional to the array.
    expect(performance.now() - started).toBeLessThan(2000);
    expect(problem(JSON.stringify({ d_model: 8, kind: '\u202Edexim' }))).toMatch(
      /^kind "\\u202edexim" is not one/,
    );
  });
});
