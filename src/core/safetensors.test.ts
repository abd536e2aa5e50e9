// The safetensors reader against files written by the fixtures' independent writer (by the
// spec, raw bytes): every dtype decodes to the exact stored values, and each kind of broken or
// hostile file is refused with a BaeFileError naming the file and the problem.
import { describe, expect, it } from 'vitest';
import { BaeFileError } from './errors';
import { bf16BitsToF32, f16BitsToF32 } from './dtype';
import {
  MAX_FILE_BYTES,
  assertFinite,
  checkFileSize,
  parseSafetensors,
  tensorAsF32,
  tensorAsI32,
} from './safetensors';
import {
  buildFixtureModel,
  floatTensor,
  intTensor,
  readFixture,
  safetensorsBytes,
} from '../test/fixtures';

function fileError(run: () => unknown): BaeFileError {
  try {
    run();
  } catch (e) {
    if (e instanceof BaeFileError) return e;
    throw e;
  }
  throw new Error('expected a BaeFileError, but nothing was thrown');
}

/** A valid file with one F32 tensor, as bytes, for corrupting. */
function oneTensorFile(): Uint8Array {
  return safetensorsBytes({ w: floatTensor([1, 2, 3, 4, 5, 6], [2, 3]) }, { format: 'pt' });
}

function withHeader(header: string, data = new Uint8Array(0)): Uint8Array {
  const json = new TextEncoder().encode(header);
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

describe('dtype decoding', () => {
  it('decodes binary16 special values exactly', () => {
    expect(f16BitsToF32(0x3c00)).toBe(1);
    expect(f16BitsToF32(0xc000)).toBe(-2);
    expect(f16BitsToF32(0x7bff)).toBe(65504);
    expect(f16BitsToF32(0x0001)).toBe(2 ** -24);
    expect(f16BitsToF32(0x0400)).toBe(2 ** -14);
    expect(f16BitsToF32(0x7c00)).toBe(Infinity);
    expect(f16BitsToF32(0xfc00)).toBe(-Infinity);
    expect(f16BitsToF32(0x7e00)).toBeNaN();
    expect(Object.is(f16BitsToF32(0x8000), -0)).toBe(true);
  });

  it('decodes bfloat16 as the top half of a float32', () => {
    expect(bf16BitsToF32(0x3f80)).toBe(1);
    expect(bf16BitsToF32(0xc040)).toBe(-3);
    expect(bf16BitsToF32(0x3f81)).toBe(1 + 2 ** -7);
    expect(bf16BitsToF32(0x7f80)).toBe(Infinity);
  });
});

describe('parseSafetensors on fixture files', () => {
  for (const [name, dtype] of [
    ['tiny-mixed', 'F32'],
    ['tiny-vanilla-f16', 'F16'],
    ['tiny-ordered-bf16', 'BF16'],
  ] as const) {
    it(`reads every ${dtype} tensor of ${name} exactly as the writer stored it`, () => {
      const file = `e2e/fixtures/${name}/model.safetensors`;
      const st = parseSafetensors(readFixture(file), file);
      const { tensors } = buildFixtureModel(name);
      expect([...st.tensors.keys()].sort()).toEqual(Object.keys(tensors).sort());
      for (const [tensorName, t] of Object.entries(tensors)) {
        const info = st.tensors.get(tensorName);
        expect(info?.dtype).toBe(dtype);
        expect(info?.shape).toEqual(t.shape);
        const values = tensorAsF32(st, tensorName);
        expect(values.length).toBe(t.stored.length);
        for (let i = 0; i < values.length; i++) {
          // Exact: a float32 view/decoding of what was written, compared as float32.
          if (values[i] !== Math.fround(t.stored[i] as number)) {
            throw new Error(`${tensorName}[${i}] = ${values[i]}, written ${t.stored[i]}`);
          }
        }
      }
      expect(st.metadata).toEqual({ format: 'pt' });
    });
  }

  it('gives F32 data as a zero-copy view when aligned, and a copy when not', () => {
    const bytes = oneTensorFile();
    const st = parseSafetensors(bytes, 'a.safetensors');
    const view = tensorAsF32(st, 'w');
    expect(view.buffer).toBe(bytes.buffer);
    expect(Array.from(view)).toEqual([1, 2, 3, 4, 5, 6]);
    // Shift the whole file by one byte inside a bigger buffer: the data is now unaligned.
    const shifted = new Uint8Array(bytes.length + 1);
    shifted.set(bytes, 1);
    const st2 = parseSafetensors(shifted.subarray(1), 'b.safetensors');
    const copy = tensorAsF32(st2, 'w');
    expect(copy.buffer).not.toBe(shifted.buffer);
    expect(Array.from(copy)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('reads I32 and I64 integer tensors, and refuses I64 values beyond int32', () => {
    const st = parseSafetensors(
      safetensorsBytes({
        a: intTensor([1, -1, 2147483647], [3], 'I32'),
        b: intTensor([5, -7, -2147483648], [3], 'I64'),
        c: intTensor([2 ** 31], [1], 'I64'),
      }),
      'ints.safetensors',
    );
    expect(Array.from(tensorAsI32(st, 'a'))).toEqual([1, -1, 2147483647]);
    expect(Array.from(tensorAsI32(st, 'b'))).toEqual([5, -7, -2147483648]);
    expect(fileError(() => tensorAsI32(st, 'c')).problem).toMatch(/outside the int32 range/);
    expect(fileError(() => tensorAsF32(st, 'a')).problem).toMatch(/must be a float tensor/);
  });
});

describe('parseSafetensors refuses broken and hostile files', () => {
  const cases: Array<[string, () => Uint8Array, RegExp]> = [
    ['a file shorter than the length prefix', () => new Uint8Array(5), /only 5 bytes/],
    [
      'a header length past the end of the file',
      () => {
        const b = oneTensorFile();
        new DataView(b.buffer).setBigUint64(0, 10_000n, true);
        return b;
      },
      /header length 10000 bytes runs past the end of the file/,
    ],
    [
      'a header length near 2^64',
      () => {
        const b = oneTensorFile();
        new DataView(b.buffer).setBigUint64(0, 0xfffffffffffffff0n, true);
        return b;
      },
      /runs past the end of the file/,
    ],
    ['a non-JSON header', () => withHeader('{"w": {"dtype": "F32",'), /not valid JSON/],
    [
      'a header that is not UTF-8',
      () => withHeader('\u00ff').map((v, i) => (i === 8 ? 0xff : v)),
      /not valid UTF-8/,
    ],
    ['a header that is a JSON array', () => withHeader('[1, 2]'), /not a JSON object of tensors/],
    [
      'an unknown dtype',
      () =>
        withHeader(
          '{"w": {"dtype": "F8_E4M3X", "shape": [1], "data_offsets": [0, 1]}}',
          new Uint8Array(1),
        ),
      /unsupported dtype "F8_E4M3X"/,
    ],
    [
      'a negative dimension',
      () =>
        withHeader(
          '{"w": {"dtype": "F32", "shape": [-1], "data_offsets": [0, 4]}}',
          new Uint8Array(4),
        ),
      /list of non-negative integers/,
    ],
    [
      'offsets that disagree with the shape',
      () =>
        withHeader(
          '{"w": {"dtype": "F32", "shape": [3], "data_offsets": [0, 8]}}',
          new Uint8Array(8),
        ),
      /has 8 data bytes, but shape \[3\] of F32 needs 12/,
    ],
    [
      'offsets past the end of the data (a truncated file)',
      () =>
        withHeader(
          '{"w": {"dtype": "F32", "shape": [4], "data_offsets": [0, 16]}}',
          new Uint8Array(8),
        ),
      /the file is truncated/,
    ],
    [
      'begin after end',
      () =>
        withHeader(
          '{"w": {"dtype": "F32", "shape": [0], "data_offsets": [8, 4]}}',
          new Uint8Array(8),
        ),
      /begin after end/,
    ],
    [
      'a shape whose byte size overflows',
      () =>
        withHeader(
          '{"w": {"dtype": "F32", "shape": [4294967296, 4294967296], "data_offsets": [0, 4]}}',
          new Uint8Array(4),
        ),
      /too many elements/,
    ],
    [
      'metadata values that are not strings',
      () => withHeader('{"__metadata__": {"n": 3}}'),
      /metadata values must be strings/,
    ],
  ];
  for (const [what, make, pattern] of cases) {
    it(`refuses ${what}`, () => {
      const err = fileError(() => parseSafetensors(make(), 'bad.safetensors'));
      expect(err.file).toBe('bad.safetensors');
      expect(err.problem).toMatch(pattern);
      expect(err.message.startsWith('bad.safetensors: ')).toBe(true);
      expect(err.fix.length).toBeGreaterThan(10);
    });
  }

  it('quotes at most 80 characters of a huge name, dtype or metadata value', () => {
    const long = 'n'.repeat(1_000_000);
    const cut = `"${'n'.repeat(80)}"… (1,000,000 characters)`;
    let err = fileError(() =>
      parseSafetensors(
        withHeader(JSON.stringify({ [long]: { dtype: long, shape: [1], data_offsets: [0, 4] } })),
        'bad.safetensors',
      ),
    );
    expect(err.problem.startsWith(`tensor ${cut} has unsupported dtype ${cut} (known: `)).toBe(
      true,
    );
    err = fileError(() =>
      parseSafetensors(withHeader(JSON.stringify({ __metadata__: { [long]: [long] } })), 'b.st'),
    );
    expect(err.problem).toBe(
      `__metadata__ key ${cut} is ["${'n'.repeat(20)}"… (1,000,000 characters)], but metadata values must be strings`,
    );
  });

  it('says a dimension or offset past 2^53 is too large, quoting it exactly as written', () => {
    const shape = (dim: string) =>
      fileError(() =>
        parseSafetensors(
          withHeader(`{"w": {"dtype": "F32", "shape": [2, ${dim}], "data_offsets": [0, 8]}}`),
          'big.safetensors',
        ),
      ).problem;
    const limit = 'the reader takes integers up to 2^53 − 1 = 9007199254740991';
    expect(shape('9007199254740992')).toBe(
      `tensor "w" has shape [2, 9007199254740992]: dimension 9007199254740992 is too large: ${limit}`,
    );
    expect(shape('1152921504606846976')).toBe(
      `tensor "w" has shape [2, 1152921504606846976]: dimension 1152921504606846976 is too large: ${limit}`,
    );
    // JSON.parse reads 2^63 as 9223372036854775808 → 9223372036854776000; the message does not.
    expect(shape('9223372036854775808')).toMatch(/dimension 9223372036854775808 is too large/);
    expect(shape('1e400')).toMatch(/dimension 1e400 is too large/);
    expect(shape('-1')).toMatch(/list of non-negative integers/);
    const offsets = fileError(() =>
      parseSafetensors(
        withHeader(
          '{"w": {"dtype": "F32", "shape": [2], "data_offsets": [0, 9223372036854775807]}}',
        ),
        'big.safetensors',
      ),
    ).problem;
    expect(offsets).toBe(
      `tensor "w" has data_offsets [0, 9223372036854775807]: offset 9223372036854775807 is too large: ${limit}`,
    );
  });

  describe('refuses layouts the reference implementation refuses', () => {
    const layout = (entries: Record<string, [number, number]>, dataBytes: number) => {
      const header: Record<string, unknown> = {};
      for (const [name, [b, e]] of Object.entries(entries)) {
        header[name] = { dtype: 'U8', shape: [e - b], data_offsets: [b, e] };
      }
      return fileError(() =>
        parseSafetensors(
          withHeader(JSON.stringify(header), new Uint8Array(dataBytes)),
          'l.safetensors',
        ),
      );
    };
    it('overlapping tensors', () => {
      expect(layout({ a: [0, 16], b: [8, 24] }, 24).problem).toBe(
        'tensors "a" (bytes 0..16) and "b" (bytes 8..24) overlap',
      );
    });
    it('two tensors aliasing the same bytes', () => {
      expect(layout({ a: [0, 16], b: [0, 16] }, 16).problem).toBe(
        'tensors "a" and "b" both use bytes 0..16 of the data section',
      );
    });
    it('a gap before the first tensor or between two', () => {
      expect(layout({ a: [4, 16] }, 16).problem).toBe(
        'bytes 0..4 of the data section belong to no tensor (before "a", the first tensor)',
      );
      expect(layout({ a: [0, 8], b: [12, 16] }, 16).problem).toBe(
        'bytes 8..12 of the data section belong to no tensor (between "a" and "b")',
      );
    });
    it('trailing bytes after the last tensor', () => {
      const err = layout({ a: [0, 8], b: [8, 16] }, 20);
      expect(err.problem).toBe(
        'the data section holds 20 bytes, but the last tensor, "b", ends at byte 16: 4 bytes at the end belong to no tensor',
      );
      expect(err.fix).toMatch(/offsets are inconsistent/);
      expect(layout({}, 3).problem).toMatch(/the file has no tensors: 3 bytes at the end/);
    });
    it('but accepts empty tensors anywhere on the path, in any header order', () => {
      const header = {
        z: { dtype: 'U8', shape: [8], data_offsets: [8, 16] },
        e: { dtype: 'F32', shape: [0], data_offsets: [8, 8] },
        a: { dtype: 'U8', shape: [8], data_offsets: [0, 8] },
        f: { dtype: 'F32', shape: [0, 3], data_offsets: [16, 16] },
      };
      const st = parseSafetensors(withHeader(JSON.stringify(header), new Uint8Array(16)), 'ok');
      expect([...st.tensors.keys()]).toEqual(['z', 'e', 'a', 'f']);
    });
  });

  it('refuses a header naming a tensor, or a field, twice', () => {
    const twice = fileError(() =>
      parseSafetensors(
        withHeader(
          '{"w": {"dtype": "U8", "shape": [4], "data_offsets": [0, 4]}, "\\u0077": {"dtype": "U8", "shape": [4], "data_offsets": [0, 4]}}',
          new Uint8Array(4),
        ),
        'dup.safetensors',
      ),
    );
    expect(twice.problem).toBe(
      'the header names tensor "w" twice, so it is ambiguous which entry holds',
    );
    const field = fileError(() =>
      parseSafetensors(
        withHeader(
          '{"w": {"dtype": "U8", "shape": [4], "shape": [2], "data_offsets": [0, 4]}}',
          new Uint8Array(4),
        ),
        'dup.safetensors',
      ),
    );
    expect(field.problem).toBe(
      'tensor "w" names its field "shape" twice, so it is ambiguous which value holds',
    );
    // Brackets, quotes and colons inside strings do not confuse the scan.
    const st = parseSafetensors(
      withHeader(
        '{"__metadata__": {"k": "{\\"w\\": [1, 2]} : \\\\"}, "w": {"dtype": "U8", "shape": [4], "data_offsets": [0, 4]}}',
        new Uint8Array(4),
      ),
      'ok.safetensors',
    );
    expect(st.metadata.k).toBe('{"w": [1, 2]} : \\');
  });

  it('refuses the committed truncated fixture, naming it', () => {
    const err = fileError(() =>
      parseSafetensors(readFixture('e2e/fixtures/truncated.safetensors'), 'truncated.safetensors'),
    );
    expect(err.message).toMatch(/^truncated\.safetensors: .*truncated/);
  });

  it('refuses a file over the size limit before reading it (e.g. 2 GB)', () => {
    expect(() => checkFileSize('ok.safetensors', MAX_FILE_BYTES)).not.toThrow();
    const err = fileError(() => checkFileSize('huge.safetensors', 2e9));
    expect(err.problem).toMatch(/2\.00 GB, more than the 1\.61 GB \(1\.5 GiB\) limit/);
    expect(err.fix).toMatch(/F16 or BF16/);
  });

  it('names the count and first index of non-finite values', () => {
    const values = new Float32Array([0, 1, NaN, 3, Infinity, 5]);
    const err = fileError(() => assertFinite('m.safetensors', 'left', values, [2, 3]));
    expect(err.problem).toBe(
      'tensor "left" has 2 non-finite values (NaN or Inf), the first at [0, 2]',
    );
    expect(() =>
      assertFinite('m.safetensors', 'left', new Float32Array([1, 2]), [2]),
    ).not.toThrow();
  });
});
