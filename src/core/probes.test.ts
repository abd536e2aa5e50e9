// The probe-set format (docs/formats.md): token windows and word rows decode to the written
// activations, ids and positions; contexts render around the firing token; and every malformed
// probe set is refused with the field that is wrong.
import { describe, expect, it } from 'vitest';
import { BaeFileError } from './errors';
import { maxProbeRows, parseProbeSet, PROBE_MEMORY_LIMIT, probeRowContext } from './probes';
import { firingToken } from './labels';
import {
  buildFixtureModel,
  floatTensor,
  intTensor,
  readFixture,
  safetensorsBytes,
} from '../test/fixtures';
import type { FixtureTensor } from '../test/fixtures';

const META = { format: 'bae-probes', version: '1', vocab: JSON.stringify(['a', 'b', 'c']) };

function probeFile(
  tensors: Record<string, FixtureTensor>,
  metadata: Record<string, string> = META,
): Uint8Array {
  return safetensorsBytes(tensors, metadata);
}

function valid(): { activations: FixtureTensor; tokens: FixtureTensor; position: FixtureTensor } {
  return {
    activations: floatTensor([1, 0, 0, 1, 1, 1], [3, 2]),
    tokens: intTensor([-1, 0, 1, 2, 2, 0], [3, 2]),
    position: intTensor([1, 0, 1], [3]),
  };
}

function problem(bytes: Uint8Array, dModel?: number): string {
  try {
    parseProbeSet(bytes, 'probes.safetensors', dModel);
  } catch (e) {
    if (e instanceof BaeFileError) return e.problem;
    throw e;
  }
  throw new Error('expected a BaeFileError');
}

describe('parseProbeSet', () => {
  it('reads the token-window fixture exactly', () => {
    const p = parseProbeSet(
      readFixture('e2e/fixtures/tiny-mixed/probes.safetensors'),
      'probes.safetensors',
      16,
    );
    const { probes } = buildFixtureModel('tiny-mixed');
    expect(p).toMatchObject({ n: 256, d: 16, window: 6, rowKind: 'tokens' });
    expect(p.activations[17]).toBe(Math.fround(probes?.tensors.activations?.stored[17] as number));
    expect(Array.from(p.tokens.slice(0, 12))).toEqual(probes?.tensors.tokens?.stored.slice(0, 12));
    expect(p.vocab.at(-1)).toBe('<img src=x onerror=alert(1)>');
  });

  it('reads word rows with I64 ids, flat [N] tokens and no position tensor', () => {
    const p = parseProbeSet(
      readFixture('e2e/fixtures/tiny-ordered-bf16/probes.safetensors'),
      'probes.safetensors',
      8,
    );
    expect(p).toMatchObject({ n: 40, window: 1, rowKind: 'words' });
    expect(Array.from(p.position.slice(0, 3))).toEqual([0, 0, 0]);
    const ctx = probeRowContext(p, 2);
    expect(ctx.token).toBe(p.vocab[p.tokens[2] as number]);
    expect(ctx.before).toBe('');
  });

  it('reads F16 activations', () => {
    const p = parseProbeSet(
      readFixture('e2e/fixtures/tiny-biased/probes.safetensors'),
      'probes.safetensors',
      10,
    );
    const { probes } = buildFixtureModel('tiny-biased');
    expect(p.activations[3]).toBe(probes?.tensors.activations?.stored[3]);
  });

  it('renders a row as context around its firing token, skipping padding', () => {
    const p = parseProbeSet(probeFile(valid()), 'p.safetensors');
    expect(probeRowContext(p, 0)).toEqual({ before: '', token: 'a', after: '' });
    expect(probeRowContext(p, 1)).toEqual({ before: '', token: 'b', after: 'c' });
    expect(probeRowContext(p, 2)).toEqual({ before: 'c', token: 'a', after: '' });
    expect(() => probeRowContext(p, 3)).toThrow(RangeError);
    expect(p.byteLevel).toBe(false);
    expect(p.tokenText).toBe(p.vocab);
  });

  it('decodes a byte-level vocabulary once, and rejoins characters split between tokens', () => {
    // GPT-2-style tokens: "Ġthe" = " the", "Ċ" = "\n", "âĢĻt" = "’t", "ä¸" + "Ń" = "中".
    const vocab = ['Ġthe', 'Ċ', 'âĢĻt', 'ä¸', 'Ń', 'Ġcat', 'ĠĠ', 'Ġof'];
    const p = parseProbeSet(
      probeFile(
        {
          activations: floatTensor([1, 0, 0, 1, 1, 1], [3, 2]),
          tokens: intTensor([0, 3, 4, 5, 2, 1, 5, 6, 7], [3, 3]),
          position: intTensor([1, 2, 1], [3]),
        },
        { ...META, vocab: JSON.stringify(vocab) },
      ),
      'p.safetensors',
    );
    expect(p.byteLevel).toBe(true);
    expect(p.vocab).toEqual(vocab);
    expect(p.tokenText.slice(0, 3)).toEqual([' the', '\n', '’t']);
    // Row 0: " the" + half of 中 (firing) + the other half: the halves stay bytes apart.
    expect(probeRowContext(p, 0)).toEqual({
      before: ' the',
      token: '\udce4\udcb8',
      after: '\udcad',
    });
    // Row 1: the window " cat’t\n" fires on the newline.
    expect(probeRowContext(p, 1)).toEqual({ before: ' cat’t', token: '\n', after: '' });
    expect(probeRowContext(p, 2)).toEqual({ before: ' cat', token: '  ', after: ' of' });
    expect(firingToken(p, 0)).toBe('\udce4\udcb8');
    expect(firingToken(p, 1)).toBe('\n');
    expect(firingToken(p, 2)).toBe('  ');
  });

  it('rejoins a character whose halves are both before the firing token', () => {
    const vocab = ['Ġa', 'ä¸', 'Ń', 'Ġb'];
    const p = parseProbeSet(
      probeFile(
        {
          activations: floatTensor([1, 0], [1, 2]),
          tokens: intTensor([0, 1, 2, 3], [1, 4]),
        },
        { ...META, vocab: JSON.stringify(vocab) },
      ),
      'p.safetensors',
    );
    expect(probeRowContext(p, 0)).toEqual({ before: ' a中', token: ' b', after: '' });
  });

  it('refuses malformed probe sets, naming the field', () => {
    const v = valid();
    expect(problem(probeFile(v, { ...META, format: 'other' }))).toMatch(/format is "other"/);
    expect(problem(probeFile(v, { version: '1', vocab: META.vocab }))).toMatch(/format is missing/);
    expect(problem(probeFile(v, { ...META, version: '2' }))).toMatch(
      /version "2" is not one this app reads/,
    );
    expect(problem(probeFile(v, { format: 'bae-probes', version: '1' }))).toMatch(
      /vocab is missing/,
    );
    expect(problem(probeFile(v, { ...META, vocab: '{"a":1}' }))).toMatch(
      /vocab is not a JSON array of strings/,
    );
    expect(problem(probeFile(v), 5)).toMatch(/width 2, but the model's d_model is 5/);
    expect(
      problem(probeFile({ ...v, activations: floatTensor([0, 0, 1, 1, 1, 1], [3, 2]) })),
    ).toMatch(/row 0 of "activations" is all zeros/);
    expect(
      problem(probeFile({ ...v, activations: floatTensor([1, NaN, 1, 1, 1, 1], [3, 2]) })),
    ).toMatch(/non-finite value .* at \[0, 1\]/);
    expect(
      problem(probeFile({ ...v, activations: floatTensor([1, 1, 3e38, 3e38, 1, 1], [3, 2]) })),
    ).toBe(
      'row 1 of "activations" has squared norm ‖x‖² = 1.80e+77, outside the float32 range 1.18e-38…3.40e+38 the analysis normalises in',
    );
    expect(
      problem(probeFile({ ...v, activations: floatTensor([1, 1, 1e-20, 0, 1, 1], [3, 2]) })),
    ).toMatch(/row 1 of "activations" has squared norm ‖x‖² = 1\.00e-40, outside/);
    expect(problem(probeFile({ ...v, activations: floatTensor([1, 2, 3], [3]) }))).toMatch(
      /must be \[N, d\]/,
    );
    expect(problem(probeFile({ ...v, tokens: intTensor([0, 1], [2, 1]) }))).toMatch(
      /"tokens" has shape \[2, 1\]/,
    );
    expect(problem(probeFile({ ...v, tokens: intTensor([0, 7, 1, 2, 2, 0], [3, 2]) }))).toMatch(
      /tokens\[0, 1\] is 7, outside the vocab/,
    );
    expect(problem(probeFile({ ...v, position: intTensor([1, 2, 0], [3]) }))).toMatch(
      /position\[1\] is 2, outside the window/,
    );
    expect(problem(probeFile({ ...v, position: intTensor([0, 0, 0], [3]) }))).toMatch(
      /row 0's firing token .* is padding/,
    );
    expect(problem(probeFile(v, { ...META, rows: 'sentences' }))).toMatch(/rows is "sentences"/);
    expect(problem(probeFile(v, { ...META, format: '\u202E'.repeat(1e6) }))).toBe(
      `this is not a BAE probe set: __metadata__.format is "${'\\u202e'.repeat(80)}"… (1,000,000 characters), expected "bae-probes"`,
    );
    expect(problem(probeFile(v, { ...META, rows: 'r'.repeat(1e6) }))).toMatch(
      /rows is "r{80}"… \(1,000,000 characters\), but/,
    );
    const { activations, position } = v;
    expect(problem(probeFile({ activations, position }))).toMatch(/tensor "tokens" is missing/);
  });

  it('refuses, from the header, a probe set too large to open, saying what fits', () => {
    // 65,536 rows of the paper's model (d = 1,024, C = 2,048) fit; 262,144 do not.
    expect(maxProbeRows(1024, 2048)).toBe(174_762);
    expect(maxProbeRows(1024, 32)).toBe(508_400);
    expect(4 * maxProbeRows(1024, 2048) * (1024 + 2048)).toBeLessThanOrEqual(PROBE_MEMORY_LIMIT);
    expect(4 * (maxProbeRows(1024, 2048) + 1) * (1024 + 2048)).toBeGreaterThan(PROBE_MEMORY_LIMIT);
    // A 3-row file against a model with so many composites that only 2 rows would fit.
    const C = PROBE_MEMORY_LIMIT / 4 / 2 - 2;
    expect(maxProbeRows(2, C)).toBe(2);
    let err: unknown = null;
    try {
      parseProbeSet(probeFile(valid()), 'probes.safetensors', 2, C);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(BaeFileError);
    expect((err as BaeFileError).problem).toBe(
      `it holds 3 rows × 2: with this model's ${C.toLocaleString('en-US')} composites, opening it takes 3.00 GiB (activations and h in float32), more than the 2 GiB this app lets a probe set take in a browser tab; at most 2 rows fit`,
    );
    expect((err as BaeFileError).fix).toMatch(/--rows 2 /);
    // With half as many composites, the same file opens.
    expect(parseProbeSet(probeFile(valid()), 'probes.safetensors', 2, C / 2).n).toBe(3);
  });
});
