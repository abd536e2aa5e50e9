// The only owner of the NumPy `.npy` format (NEP 1, versions 1.0–3.0): the magic, the header's
// length and its Python-literal dict ({'descr', 'fortran_order', 'shape'}), read by a small
// strict parser (nothing is evaluated), and the data as float32 in row-major order. Every
// hostile or unusable file gives a BaeFileError naming the problem. Consumed by ownRows.ts
// (the token view's "encode your own rows").
import { decodeF16 } from './dtype';
import { BaeFileError, quoteValue } from './errors';

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
/** The largest header accepted, in bytes (NumPy writes a few hundred). */
export const MAX_NPY_HEADER_BYTES = 1 << 16;

const FIX = 'Save the array with numpy.save (float16, float32 or float64, shape [n, d] or [d])';

export interface NpyArray {
  /** Shape as stored (row-major order after any Fortran transpose). */
  shape: number[];
  /** The values as float32, row-major. */
  data: Float32Array;
  /** The stored dtype, e.g. '<f4'. */
  descr: string;
}

type Token =
  | { kind: 'punct'; value: string }
  | { kind: 'string'; value: string }
  | { kind: 'int'; value: number }
  | { kind: 'bool'; value: boolean };

/** Splits the header's dict literal into tokens; anything outside the small grammar is refused. */
function tokenize(text: string, fail: (problem: string) => BaeFileError): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (/\s/.test(c)) {
      i++;
    } else if ('{}():,'.includes(c)) {
      out.push({ kind: 'punct', value: c });
      i++;
    } else if (c === "'" || c === '"') {
      const end = text.indexOf(c, i + 1);
      if (end < 0) throw fail('the header has an unterminated string');
      const value = text.slice(i + 1, end);
      if (value.includes('\\')) throw fail(`the header string ${quoteValue(value)} has an escape`);
      out.push({ kind: 'string', value });
      i = end + 1;
    } else if (/[0-9]/.test(c)) {
      let j = i;
      while (j < text.length && /[0-9]/.test(text[j] as string)) j++;
      // NumPy on Windows once wrote shapes like (3L, 4L).
      const digits = text.slice(i, j);
      if (text[j] === 'L') j++;
      if (digits.length > 15) throw fail(`the header number ${quoteValue(digits)} is too large`);
      out.push({ kind: 'int', value: Number(digits) });
      i = j;
    } else if (text.startsWith('True', i) || text.startsWith('False', i)) {
      const value = text.startsWith('True', i);
      out.push({ kind: 'bool', value });
      i += value ? 4 : 5;
    } else {
      throw fail(
        `the header has ${quoteValue(text.slice(i, i + 20))} where a dict literal was expected`,
      );
    }
  }
  return out;
}

/** Parses `{'descr': str, 'fortran_order': bool, 'shape': (int, ...)}` (any key order). */
function parseHeader(
  text: string,
  fail: (problem: string) => BaeFileError,
): { descr: string; fortran: boolean; shape: number[] } {
  const t = tokenize(text, fail);
  let at = 0;
  const next = () => t[at++];
  const punct = (v: string) => {
    const tok = next();
    if (!tok || tok.kind !== 'punct' || tok.value !== v)
      throw fail(`the header is not a dict literal (expected "${v}")`);
  };
  punct('{');
  const fields: Record<string, Token | number[]> = {};
  for (;;) {
    const key = next();
    if (key?.kind === 'punct' && key.value === '}') break;
    if (!key || key.kind !== 'string') throw fail('the header dict has a key that is not a string');
    if (key.value in fields) throw fail(`the header names ${quoteValue(key.value)} twice`);
    punct(':');
    const value = next();
    if (value?.kind === 'punct' && value.value === '(') {
      const dims: number[] = [];
      for (;;) {
        const d = next();
        if (d?.kind === 'punct' && d.value === ')') break;
        if (!d || d.kind !== 'int')
          throw fail('the header shape holds something other than integers');
        dims.push(d.value);
        const sep = next();
        if (sep?.kind === 'punct' && sep.value === ')') break;
        if (!sep || sep.kind !== 'punct' || sep.value !== ',')
          throw fail('the header shape is not a tuple');
      }
      fields[key.value] = dims;
    } else if (value && value.kind !== 'punct') {
      fields[key.value] = value;
    } else throw fail(`the header value of ${quoteValue(key.value)} is missing`);
    const sep = next();
    if (sep?.kind === 'punct' && sep.value === '}') break;
    if (!sep || sep.kind !== 'punct' || sep.value !== ',')
      throw fail('the header dict is malformed');
  }
  if (at !== t.length) throw fail('the header has text after its dict');
  const descr = fields.descr;
  const fortran = fields.fortran_order;
  const shape = fields.shape;
  if (!descr || Array.isArray(descr) || descr.kind !== 'string') {
    throw fail("the header has no 'descr' string (a structured dtype is not an array of numbers)");
  }
  if (!fortran || Array.isArray(fortran) || fortran.kind !== 'bool') {
    throw fail("the header has no 'fortran_order' True/False");
  }
  if (!Array.isArray(shape)) throw fail("the header has no 'shape' tuple");
  return { descr: descr.value, fortran: fortran.value, shape };
}

/** Reads a `.npy` file: a float array of any shape (callers check the shape they need). */
export function parseNpy(bytes: Uint8Array, fileName: string): NpyArray {
  const fail = (problem: string) => new BaeFileError(fileName, problem, FIX);
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) {
    throw fail('this is not a .npy file (it does not start with \\x93NUMPY)');
  }
  const major = bytes[6] as number;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let headerLen: number;
  let start: number;
  if (major === 1) {
    headerLen = view.getUint16(8, true);
    start = 10;
  } else if (major === 2 || major === 3) {
    if (bytes.length < 12) throw fail('the file ends inside its header length');
    headerLen = view.getUint32(8, true);
    start = 12;
  } else {
    throw fail(`.npy format version ${major}.${bytes[7]} is not one this app reads (1.0–3.0)`);
  }
  if (headerLen > MAX_NPY_HEADER_BYTES) {
    throw fail(`the header is ${headerLen} bytes, more than the ${MAX_NPY_HEADER_BYTES} accepted`);
  }
  if (start + headerLen > bytes.length) {
    throw fail(
      `the header (${headerLen} bytes) runs past the end of the file (${bytes.length} bytes)`,
    );
  }
  let text: string;
  try {
    text = new TextDecoder(major === 3 ? 'utf-8' : 'latin1', { fatal: true }).decode(
      bytes.subarray(start, start + headerLen),
    );
  } catch {
    throw fail('the header is not valid text');
  }
  const { descr, fortran, shape } = parseHeader(text, fail);
  const m = /^([<>|=])f([248])$/.exec(descr);
  if (!m) {
    throw fail(`dtype ${quoteValue(descr)} is not a float (float16, float32 or float64)`);
  }
  const size = Number(m[2]);
  const big = m[1] === '>';
  let numel = 1;
  for (const d of shape) {
    if (!Number.isSafeInteger(d) || d < 0) throw fail(`shape (${shape.join(', ')}) is not valid`);
    numel *= d;
    if (numel > 2 ** 31) throw fail(`shape (${shape.join(', ')}) is too large`);
  }
  const dataStart = start + headerLen;
  const need = numel * size;
  const have = bytes.length - dataStart;
  if (have < need) {
    throw fail(
      `the data is truncated: shape (${shape.join(', ')}) needs ${need} bytes, the file has ${have}`,
    );
  }
  if (have > need) throw fail(`the file has ${have - need} bytes after its data`);
  const raw = bytes.subarray(dataStart, dataStart + need);
  let data: Float32Array;
  if (size === 2) {
    if (big) {
      const swapped = new Uint8Array(need);
      for (let i = 0; i < need; i += 2) {
        swapped[i] = raw[i + 1] as number;
        swapped[i + 1] = raw[i] as number;
      }
      data = decodeF16(swapped, numel);
    } else data = decodeF16(raw, numel);
  } else {
    data = new Float32Array(numel);
    const dv = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    for (let i = 0; i < numel; i++) {
      data[i] = size === 4 ? dv.getFloat32(4 * i, !big) : dv.getFloat64(8 * i, !big);
    }
  }
  if (fortran && shape.length > 1) data = fromFortran(data, shape);
  return { shape, data, descr };
}

/** Column-major (Fortran) values of `shape` in row-major order. */
function fromFortran(data: Float32Array, shape: number[]): Float32Array {
  const out = new Float32Array(data.length);
  const rank = shape.length;
  const idx = new Array<number>(rank).fill(0);
  for (let f = 0; f < data.length; f++) {
    // idx is the Fortran-order index of f (first axis fastest); its row-major position:
    let r = 0;
    for (let a = 0; a < rank; a++) r = r * (shape[a] as number) + (idx[a] as number);
    out[r] = data[f] as number;
    for (let a = 0; a < rank; a++) {
      idx[a] = (idx[a] as number) + 1;
      if ((idx[a] as number) < (shape[a] as number)) break;
      idx[a] = 0;
    }
  }
  return out;
}
