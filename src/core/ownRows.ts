// The only owner of what the user may give as their own inputs to encode: a `.npy` array or a
// safetensors file of raw activations [n, d] (or one vector [d]), or one vector pasted as text;
// each validated against the model's width (finite, non-zero rows, at most MAX_OWN_ROWS).
// Pure; the token view reads files through it and the engine's encodeRows encodes the result.
import { BaeFileError, quoteValue } from './errors';
import { parseNpy } from './npy';
import { assertFinite, parseSafetensors, tensorAsF32, tensorList } from './safetensors';

/** Rows one file (or paste) may hold: the engine encodes them in one call. */
export const MAX_OWN_ROWS = 4096;

/** Raw activations the user gave, ready for the engine. */
export interface OwnRows {
  /** Where they came from: a file name, or "pasted vector". */
  source: string;
  n: number;
  d: number;
  /** [n, d] raw (un-normalised) activations. */
  activations: Float32Array;
}

const FIX_SHAPE =
  'Give raw activations at the model’s hook point: an array [n, d] (or one vector [d]) with d = the model’s d_model';

/** Validates shape, width, size, finiteness and non-zero rows; returns the rows. */
function checked(
  source: string,
  shape: readonly number[],
  data: Float32Array,
  d: number,
  what: string,
): OwnRows {
  const fail = (problem: string, fix = FIX_SHAPE) => new BaeFileError(source, problem, fix);
  if (shape.length !== 1 && shape.length !== 2) {
    throw fail(`${what} has shape [${shape.join(', ')}], but it must be [n, ${d}] or [${d}]`);
  }
  const width = shape[shape.length - 1] as number;
  const n = shape.length === 2 ? (shape[0] as number) : 1;
  if (width !== d) {
    throw fail(`${what} has rows of width ${width}, but the model's d_model is ${d}`);
  }
  if (n < 1) throw fail(`${what} holds no rows`);
  if (n > MAX_OWN_ROWS) {
    throw fail(
      `${what} has ${n} rows; at most ${MAX_OWN_ROWS} are encoded at once`,
      'Split the file',
    );
  }
  assertFinite(source, what, data, [n, d], 'Drop the rows with NaN or Inf');
  for (let r = 0; r < n; r++) {
    let s = 0;
    for (let q = 0; q < d; q++) s += (data[r * d + q] as number) ** 2;
    if (!(s > 0)) throw fail(`row ${r} is all zeros, so it cannot be normalised`, 'Drop that row');
    if (!Number.isFinite(s)) {
      throw fail(
        `row ${r} is too large to normalise in float32`,
        'Rescale the rows (any positive factor)',
      );
    }
  }
  return { source, n, d, activations: data };
}

/**
 * Rows from a file's bytes: `.npy` (by its magic) or safetensors — the tensor "activations" when
 * there is one, else the file's only tensor. Throws BaeFileError naming the file and the fix.
 */
export function parseOwnRowsFile(bytes: Uint8Array, fileName: string, d: number): OwnRows {
  const npyMagic = bytes.length >= 6 && bytes[0] === 0x93 && bytes[1] === 0x4e && bytes[2] === 0x55;
  if (npyMagic || /\.npy$/i.test(fileName)) {
    const a = parseNpy(bytes, fileName);
    return checked(fileName, a.shape, a.data, d, 'the array');
  }
  const st = parseSafetensors(bytes, fileName);
  const names = [...st.tensors.keys()];
  const name = st.tensors.has('activations') ? 'activations' : names.length === 1 ? names[0] : null;
  if (!name) {
    throw new BaeFileError(
      fileName,
      `the file holds ${names.length === 0 ? 'no tensors' : `the tensors ${tensorList(names)}`}, and none is called "activations"`,
      'Name the tensor of raw activations "activations", or save it alone',
    );
  }
  const info = st.tensors.get(name);
  return checked(fileName, info?.shape ?? [], tensorAsF32(st, name), d, `tensor "${name}"`);
}

/** The characters a pasted vector may contain: numbers, separators and brackets. */
const PASTE_CHARS = /^[\s\d.eE+\-,;[\]()]*$/;

/**
 * One vector pasted as text: d numbers separated by commas, semicolons or white space, with
 * optional brackets (a NumPy, PyTorch or JSON print). Throws BaeFileError ("pasted vector").
 */
export function parsePastedVector(text: string, d: number): OwnRows {
  const source = 'pasted vector';
  const fix = `Paste ${d} numbers separated by commas or spaces (e.g. the output of x.tolist())`;
  if (text.length > 64 * d + 1024) {
    throw new BaeFileError(
      source,
      `the text is ${text.length} characters, too long for ${d} numbers`,
      fix,
    );
  }
  if (!PASTE_CHARS.test(text)) {
    const bad = /[^\s\d.eE+\-,;[\]()]/.exec(text)?.[0] ?? '';
    throw new BaeFileError(
      source,
      `the text holds ${quoteValue(bad)}, which is not part of a number`,
      fix,
    );
  }
  const parts = text
    .replace(/[[\]()]/g, ' ')
    .split(/[\s,;]+/)
    .filter((p) => p !== '');
  const values = new Float32Array(parts.length);
  parts.forEach((p, i) => {
    if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(p)) {
      throw new BaeFileError(source, `${quoteValue(p)} (number ${i + 1}) is not a number`, fix);
    }
    values[i] = Number(p);
  });
  if (parts.length !== d) {
    throw new BaeFileError(
      source,
      `it holds ${parts.length} numbers, but the model's d_model is ${d}`,
      fix,
    );
  }
  return checked(source, [d], values, d, 'the vector');
}
