// The .npy reader against files written here from the format's spec (NEP 1): versions 1–3,
// float16/32/64, both byte orders, Fortran order, 1-D; and hostile files — bad magic, unknown
// version, a header length past the end or too large, a header that is not a plain dict (code,
// structured dtypes, duplicate or missing keys, escapes), bad shapes, truncated or trailing data,
// integer dtypes — each refused with a BaeFileError naming the problem. Then ownRows: widths,
// non-finite and zero rows, row limits, safetensors files and pasted vectors.
import { describe, expect, it } from 'vitest';
import { BaeFileError } from './errors';
import { parseNpy } from './npy';
import { MAX_OWN_ROWS, parseOwnRowsFile, parsePastedVector } from './ownRows';
import { floatTensor, safetensorsBytes } from '../test/fixtures';

/** A .npy file from its parts (the header padded to a multiple of 64 as NumPy does). */
function npy(
  header: string,
  data: Uint8Array,
  opts: { major?: number; headerLen?: number; magic?: number[] } = {},
): Uint8Array {
  const major = opts.major ?? 1;
  const lenBytes = major === 1 ? 2 : 4;
  const pre = 8 + lenBytes;
  let text = header;
  const total = pre + new TextEncoder().encode(text).length + 1;
  text += ' '.repeat((64 - (total % 64)) % 64) + '\n';
  const h = new TextEncoder().encode(text);
  const out = new Uint8Array(pre + h.length + data.length);
  out.set(opts.magic ?? [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59], 0);
  out[6] = major;
  out[7] = 0;
  const view = new DataView(out.buffer);
  const len = opts.headerLen ?? h.length;
  if (major === 1) view.setUint16(8, len, true);
  else view.setUint32(8, len, true);
  out.set(h, pre);
  out.set(data, pre + h.length);
  return out;
}

function floats(values: number[], size: 2 | 4 | 8, little = true): Uint8Array {
  const out = new Uint8Array(values.length * size);
  const v = new DataView(out.buffer);
  values.forEach((x, i) => {
    if (size === 4) v.setFloat32(4 * i, x, little);
    else if (size === 8) v.setFloat64(8 * i, x, little);
    else v.setUint16(2 * i, halfBits(x), little);
  });
  return out;
}

/** binary16 of a value exactly representable as one (small test values). */
function halfBits(x: number): number {
  if (x === 0) return 0;
  const sign = x < 0 ? 0x8000 : 0;
  const a = Math.abs(x);
  const e = Math.floor(Math.log2(a));
  const m = Math.round((a / 2 ** e - 1) * 1024);
  return sign | ((e + 15) << 10) | m;
}

const dict = (descr: string, shape: string, fortran = 'False') =>
  `{'descr': '${descr}', 'fortran_order': ${fortran}, 'shape': ${shape}, }`;

const values = [1, -2, 0.5, 3, 4, -0.25];

describe('parseNpy', () => {
  it('reads float32/64/16 in both byte orders and versions 1–3', () => {
    const a = parseNpy(npy(dict('<f4', '(2, 3)'), floats(values, 4)), 'a.npy');
    expect(a.shape).toEqual([2, 3]);
    expect([...a.data]).toEqual(values);
    expect([
      ...parseNpy(npy(dict('<f8', '(6,)'), floats(values, 8), { major: 2 }), 'b').data,
    ]).toEqual(values);
    expect([...parseNpy(npy(dict('>f4', '(2, 3)'), floats(values, 4, false)), 'c').data]).toEqual(
      values,
    );
    expect([...parseNpy(npy(dict('<f2', '(2, 3)'), floats(values, 2)), 'd').data]).toEqual(values);
    expect([...parseNpy(npy(dict('>f2', '(2, 3)'), floats(values, 2, false)), 'e').data]).toEqual(
      values,
    );
    const v3 = parseNpy(
      npy(`{"descr": "<f4", "fortran_order": False, "shape": (3L, 2L)}`, floats(values, 4), {
        major: 3,
      }),
      'f',
    );
    expect(v3.shape).toEqual([3, 2]);
  });

  it('turns Fortran order into row-major', () => {
    // Column-major [2, 3]: stored column by column.
    const cols = [1, 3, -2, 4, 0.5, -0.25];
    const a = parseNpy(npy(dict('<f4', '(2, 3)', 'True'), floats(cols, 4)), 'f.npy');
    expect([...a.data]).toEqual([1, -2, 0.5, 3, 4, -0.25]);
  });

  const refuse = (bytes: Uint8Array, pattern: RegExp) => {
    let err: unknown;
    try {
      parseNpy(bytes, 'bad.npy');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(BaeFileError);
    expect((err as BaeFileError).message).toMatch(/^bad\.npy: /);
    expect((err as BaeFileError).problem).toMatch(pattern);
  };

  it('refuses hostile and unusable files with a message', () => {
    const ok = floats(values, 4);
    refuse(new Uint8Array([1, 2, 3]), /not a \.npy file/);
    refuse(
      npy(dict('<f4', '(6,)'), ok, { magic: [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x58] }),
      /not a \.npy/,
    );
    refuse(npy(dict('<f4', '(6,)'), ok, { major: 9 }), /version 9/);
    refuse(npy(dict('<f4', '(6,)'), ok, { headerLen: 65535 }), /past the end/);
    refuse(npy(dict('<f4', '(6,)'), ok, { major: 2, headerLen: 1 << 30 }), /more than the/);
    refuse(npy("{'descr': __import__('os').system('x'), }", ok), /dict literal/);
    refuse(
      npy("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (6,)}", ok),
      /dict literal|descr/,
    );
    refuse(
      npy("{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (6,)}", ok),
      /twice/,
    );
    refuse(npy("{'fortran_order': False, 'shape': (6,)}", ok), /descr/);
    refuse(npy("{'descr': '<f4', 'shape': (6,)}", ok), /fortran_order/);
    refuse(npy("{'descr': '<f\\x34', 'fortran_order': False, 'shape': (6,)}", ok), /escape/);
    refuse(npy("{'descr': '<f4, 'fortran_order': False, 'shape': (6,)}", ok), /malformed|dict/);
    refuse(npy(dict('<i4', '(6,)'), ok), /not a float/);
    refuse(npy(dict('<f4', "(6, 'x')"), ok), /integers/);
    refuse(npy(dict('<f4', '(99999999999999999,)'), ok), /too large/);
    refuse(npy(dict('<f4', '(100000, 100000)'), ok), /too large/);
    refuse(npy(dict('<f4', '(7,)'), ok), /truncated/);
    refuse(npy(dict('<f4', '(5,)'), ok), /bytes after its data/);
    refuse(npy(dict('<f4', '(6,)') + ' 1', ok), /after its dict/);
  });
});

describe('own rows', () => {
  it('reads [n, d] and [d] arrays and checks the width, values and row count', () => {
    const rows = parseOwnRowsFile(npy(dict('<f4', '(2, 3)'), floats(values, 4)), 'x.npy', 3);
    expect(rows).toMatchObject({ source: 'x.npy', n: 2, d: 3 });
    expect(parseOwnRowsFile(npy(dict('<f4', '(3,)'), floats([1, 2, 3], 4)), 'v.npy', 3).n).toBe(1);
    const problem = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return (e as BaeFileError).problem;
      }
      return 'no error';
    };
    expect(
      problem(() => parseOwnRowsFile(npy(dict('<f4', '(2, 3)'), floats(values, 4)), 'x.npy', 4)),
    ).toMatch(/width 3, but the model's d_model is 4/);
    expect(
      problem(() => parseOwnRowsFile(npy(dict('<f4', '(1, 2, 3)'), floats(values, 4)), 'x.npy', 3)),
    ).toMatch(/shape \[1, 2, 3\]/);
    expect(
      problem(() =>
        parseOwnRowsFile(npy(dict('<f4', '(2, 3)'), floats([1, 2, 3, 0, 0, 0], 4)), 'x.npy', 3),
      ),
    ).toMatch(/row 1 is all zeros/);
    expect(
      problem(() =>
        parseOwnRowsFile(npy(dict('<f4', '(2, 3)'), floats([1, NaN, 3, 1, 1, 1], 4)), 'x.npy', 3),
      ),
    ).toMatch(/non-finite/);
    const many = new Array((MAX_OWN_ROWS + 1) * 2).fill(1);
    expect(
      problem(() =>
        parseOwnRowsFile(npy(dict('<f4', `(${MAX_OWN_ROWS + 1}, 2)`), floats(many, 4)), 'x.npy', 2),
      ),
    ).toMatch(/at most 4096/);
  });

  it('reads safetensors files: "activations", or the only tensor', () => {
    const st = safetensorsBytes({
      activations: floatTensor(values, [2, 3], 'F16'),
      other: floatTensor([1], [1]),
    });
    expect([...parseOwnRowsFile(st, 'a.safetensors', 3).activations]).toEqual(values);
    const single = safetensorsBytes({ x: floatTensor(values, [2, 3]) });
    expect(parseOwnRowsFile(single, 'b.safetensors', 3).n).toBe(2);
    const two = safetensorsBytes({
      x: floatTensor(values, [2, 3]),
      y: floatTensor(values, [2, 3]),
    });
    expect(() => parseOwnRowsFile(two, 'c.safetensors', 3)).toThrow(/none is called "activations"/);
  });

  it('reads a pasted vector with brackets and separators; refuses anything else', () => {
    expect([...parsePastedVector('[1, -2.5e-1;\n 3 ]', 3).activations]).toEqual([1, -0.25, 3]);
    expect(() => parsePastedVector('1 2', 3)).toThrow(/2 numbers, but the model's d_model is 3/);
    expect(() => parsePastedVector('1 2 nan', 3)).toThrow(/not part of a number/);
    expect(() => parsePastedVector('1 2 --3', 3)).toThrow(/is not a number/);
    expect(() => parsePastedVector('0 0 0', 3)).toThrow(/all zeros/);
    expect(() => parsePastedVector('1e999 1 1', 3)).toThrow(/non-finite/);
  });
});
