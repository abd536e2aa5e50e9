import { describe, expect, it } from 'vitest';
import { labelFile, labelFileSizeProblem, parseLabelFile } from './labelFile';

const parse = (v: unknown, C = 10, model = 'm') =>
  parseLabelFile(typeof v === 'string' ? v : JSON.stringify(v), C, model);

describe('label files', () => {
  it('states the size limit of a file too large to read', () => {
    expect(labelFileSizeProblem(32_000_000)).toBeNull();
    expect(labelFileSizeProblem(40_000_000)).toBe(
      'is too large for a label file: 40.0 MB, and label files are read up to 32 MB (8,000,000 characters)',
    );
  });

  it('round-trips an export', () => {
    const file = labelFile('m', { 0: 'years', 7: '<b>x</b>' });
    expect(file).toEqual({
      format: 'bae-labels',
      version: 1,
      model: 'm',
      labels: { 0: 'years', 7: '<b>x</b>' },
    });
    expect(parse(file)).toEqual({
      ok: true,
      labels: { 0: 'years', 7: '<b>x</b>' },
      dropped: 0,
      otherModel: null,
    });
  });

  it('names the problem of a bad file', () => {
    const problem = (v: unknown) => {
      const r = parse(v);
      return r.ok ? 'ok' : r.problem;
    };
    expect(problem('{oops')).toMatch(/^is not valid JSON \(/);
    expect(problem([1, 2])).toMatch(/expected a JSON object/);
    expect(problem({ labels: {} })).toMatch(/"format" is null, expected "bae-labels"/);
    expect(problem({ format: 'csv', labels: {} })).toMatch(/"format" is "csv"/);
    expect(problem({ format: 'bae-labels', version: 2, labels: {} })).toMatch(/version 2/);
    expect(problem({ format: 'bae-labels', version: 1, labels: { x: 'a' } })).toMatch(
      /"labels" field/,
    );
    expect(problem({ format: 'bae-labels', version: 1, labels: { 1: 5 } })).toMatch(
      /"labels" field/,
    );
    expect(problem({ format: 'bae-labels', version: 1, labels: { '-1': 'a' } })).toMatch(
      /"labels" field/,
    );
    expect(problem({ format: 'bae-labels', version: 1, labels: null })).toMatch(/"labels" field/);
    expect(problem('x'.repeat(8_000_001))).toBe(
      'is too large for a label file: 8,000,001 characters, and label files are read up to 8,000,000',
    );
    for (const id of ['0x10', '1e1', '010', ' 7', '7.0', '+3', '']) {
      expect(problem({ format: 'bae-labels', version: 1, labels: { [id]: 'a' } }), id).toMatch(
        /"labels" field/,
      );
    }
    expect(problem({ format: 'f'.repeat(7_000_000), labels: {} })).toBe(
      `is not a label file: "format" is "${'f'.repeat(80)}"… (7,000,000 characters), expected "bae-labels"`,
    );
    expect(problem({ format: 'bae-labels', version: ['\u202E1'], labels: {} })).toBe(
      'has label-file version ["\\u202e1"]; this app reads version 1',
    );
  });

  it('drops ids the model does not have, notes another model, and trims/clips text', () => {
    const r = parse(
      {
        format: 'bae-labels',
        version: 1,
        model: 'other',
        labels: { 1: '  a  ', 12: 'b', 3: 'x'.repeat(500), 4: '   ' },
      },
      10,
      'm',
    );
    expect(r).toMatchObject({ ok: true, dropped: 1, otherModel: 'other' });
    if (!r.ok) return;
    expect(r.labels[1]).toBe('a');
    expect(r.labels[3]?.length).toBe(200);
    expect(4 in r.labels).toBe(false);
  });
});
