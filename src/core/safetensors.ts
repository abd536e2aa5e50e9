// The only owner of the safetensors container: the size limit for one file, the validation of
// the header (every field, against hostile values) and the typed views of tensor data, plus the
// non-finite check shared by weights and probe activations. Consumed by model.ts, probes.ts
// and the app's file sources. Spec: 8-byte little-endian u64 header length N, N bytes of UTF-8
// JSON `{name: {dtype, shape, data_offsets: [begin, end]}, __metadata__?: {string: string}}`,
// then the data section; offsets are relative to the start of the data section.
import { BaeFileError, quoteReason, quoteValue } from './errors';
import { KNOWN_DTYPES, decodeBF16, decodeF16, dtypeItemBytes } from './dtype';
import { scanHeader, type RawEntryNumbers } from './headerScan';

/** The largest single file the browser app reads: 1.5 GiB, in bytes. */
export const MAX_FILE_BYTES = 1.5 * 1024 ** 3;

/** The largest header accepted, in bytes (the limit of the reference Rust implementation). */
export const MAX_HEADER_BYTES = 100_000_000;

const PREFIX_BYTES = 8;

const REEXPORT =
  'Re-export the tensors with safetensors (e.g. safetensors.torch.save_model or save_file)';

function gb(bytes: number): string {
  return `${(bytes / 1e9).toFixed(2)} GB`;
}

/**
 * Throws a BaeFileError when a file of `bytes` bytes is larger than MAX_FILE_BYTES, before
 * anything is read into memory.
 */
export function checkFileSize(fileName: string, bytes: number): void {
  if (bytes <= MAX_FILE_BYTES) return;
  throw new BaeFileError(
    fileName,
    `the file is ${gb(bytes)}, more than the ${gb(MAX_FILE_BYTES)} (1.5 GiB) limit for one file in the browser`,
    'Convert the weights to F16 or BF16 (half the size of F32), or open a smaller model (lower expansion)',
  );
}

/** One tensor's header entry; `begin`/`end` are absolute byte offsets in the file. */
export interface TensorInfo {
  name: string;
  dtype: string;
  shape: number[];
  begin: number;
  end: number;
}

/** A parsed safetensors file: the bytes it was parsed from and its validated header. */
export interface SafetensorsFile {
  fileName: string;
  bytes: Uint8Array;
  tensors: Map<string, TensorInfo>;
  metadata: Record<string, string>;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** Reads the little-endian u64 header length; exact below 2^53, and huge values stay huge. */
function readHeaderLength(bytes: Uint8Array): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, PREFIX_BYTES);
  return view.getUint32(4, true) * 2 ** 32 + view.getUint32(0, true);
}

function parseHeaderJson(
  bytes: Uint8Array,
  fileName: string,
  headerBytes: number,
): { text: string; value: unknown } {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(
      bytes.subarray(PREFIX_BYTES, PREFIX_BYTES + headerBytes),
    );
  } catch {
    throw new BaeFileError(
      fileName,
      'the safetensors header is not valid UTF-8 text, so this is not a safetensors file',
      `Check that the file is the right one. ${REEXPORT}`,
    );
  }
  try {
    return { text, value: JSON.parse(text) as unknown };
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new BaeFileError(
      fileName,
      `the safetensors header is not valid JSON (${quoteReason(reason)})`,
      `Check that the file is a .safetensors file and not, e.g., a PyTorch .bin/.pt pickle. ${REEXPORT}`,
    );
  }
}

function parseMetadata(value: unknown, fileName: string): Record<string, string> {
  const metadata: Record<string, string> = {};
  if (!isPlainObject(value)) {
    throw new BaeFileError(
      fileName,
      `the header's __metadata__ is ${quoteValue(value)}, not an object of strings`,
      `${REEXPORT}, passing metadata as a dict of str to str`,
    );
  }
  for (const [key, entry] of Object.entries(value)) {
    if (typeof entry !== 'string') {
      throw new BaeFileError(
        fileName,
        `__metadata__ key ${quoteValue(key)} is ${quoteValue(entry)}, but metadata values must be strings`,
        `${REEXPORT}, passing metadata as a dict of str to str (JSON-encode lists)`,
      );
    }
    metadata[key] = entry;
  }
  return metadata;
}

/** A number from the header as written there, shortened when it is absurdly long. */
function rawNumber(text: string | undefined, parsed: number): string {
  if (text === undefined) return String(parsed);
  return text.length > 40 ? `${text.slice(0, 40)}… (${text.length} characters)` : text;
}

/** The integers in a header list: a problem with them, or null when all are exact counts. */
function countsProblem(
  values: readonly unknown[],
  raw: readonly string[] | undefined,
  what: string,
): string | null {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== 'number' || v < 0 || !(Number.isInteger(v) || v === Infinity)) continue;
    if (!Number.isSafeInteger(v)) {
      return `${what} ${rawNumber(raw?.[i], v)} is too large: the reader takes integers up to 2^53 − 1 = ${Number.MAX_SAFE_INTEGER}`;
    }
  }
  return null;
}

function listText(values: readonly unknown[], raw: readonly string[] | undefined): string {
  if (raw && raw.length === values.length && values.length <= 8) {
    return `[${raw.map((t, i) => rawNumber(t, values[i] as number)).join(', ')}]`;
  }
  return quoteValue(values);
}

function parseEntry(
  name: string,
  value: unknown,
  raw: RawEntryNumbers,
  fileName: string,
  dataStart: number,
  dataBytes: number,
): TensorInfo {
  const bad = (problem: string): BaeFileError =>
    new BaeFileError(fileName, `tensor ${quoteValue(name)} ${problem}`, REEXPORT);
  if (!isPlainObject(value)) throw bad(`has header entry ${quoteValue(value)}, not an object`);
  const { dtype, shape, data_offsets: offsets } = value;
  if (typeof dtype !== 'string') throw bad(`has no dtype string (got ${quoteValue(dtype)})`);
  const itemBytes = dtypeItemBytes(dtype);
  if (itemBytes === undefined) {
    throw new BaeFileError(
      fileName,
      `tensor ${quoteValue(name)} has unsupported dtype ${quoteValue(dtype)} (known: ${KNOWN_DTYPES.join(', ')})`,
      'Convert the tensor to F32, F16 or BF16 before saving (e.g. tensor.float())',
    );
  }
  if (Array.isArray(shape)) {
    const tooLarge = countsProblem(shape, raw.shape, 'dimension');
    if (tooLarge) throw bad(`has shape ${listText(shape, raw.shape)}: ${tooLarge}`);
  }
  if (!Array.isArray(shape) || !shape.every(isCount)) {
    throw bad(`has shape ${quoteValue(shape)}; a shape must be a list of non-negative integers`);
  }
  const dims = shape as number[];
  let numel = 1;
  for (const dim of dims) {
    numel *= dim;
    if (!Number.isSafeInteger(numel * itemBytes)) {
      throw bad(`has shape [${dims.join(', ')}], too many elements for any file`);
    }
  }
  if (Array.isArray(offsets) && offsets.length === 2) {
    const tooLarge = countsProblem(offsets, raw.data_offsets, 'offset');
    if (tooLarge) throw bad(`has data_offsets ${listText(offsets, raw.data_offsets)}: ${tooLarge}`);
  }
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isCount)) {
    throw bad(
      `has data_offsets ${quoteValue(offsets)}; they must be two non-negative integers [begin, end]`,
    );
  }
  const [begin, end] = offsets as [number, number];
  if (begin > end) throw bad(`has data_offsets [${begin}, ${end}] with begin after end`);
  if (end > dataBytes) {
    throw new BaeFileError(
      fileName,
      `tensor ${quoteValue(name)} needs bytes ${begin}..${end} of the data section, but the file holds only ${dataBytes} data bytes: the file is truncated`,
      `Download or copy the file again in full. If it is still short, ${REEXPORT.charAt(0).toLowerCase()}${REEXPORT.slice(1)}`,
    );
  }
  if (end - begin !== numel * itemBytes) {
    throw bad(
      `has ${end - begin} data bytes, but shape [${dims.join(', ')}] of ${dtype} needs ${numel * itemBytes}`,
    );
  }
  return { name, dtype, shape: dims, begin: dataStart + begin, end: dataStart + end };
}

/**
 * The layout the reference implementation requires: sorted by offsets, the tensors tile the data
 * section exactly — the first starts at 0, each starts where the previous ended, the last ends at
 * the end of the file — so no two tensors share bytes and no byte is unaccounted for. Empty
 * tensors ([k, k]) take no bytes and may sit anywhere on that path.
 */
function checkLayout(
  tensors: ReadonlyMap<string, TensorInfo>,
  fileName: string,
  dataStart: number,
  dataBytes: number,
): void {
  const sorted = [...tensors.values()].sort((a, b) => a.begin - b.begin || a.end - b.end);
  const span = (t: TensorInfo) => `${t.begin - dataStart}..${t.end - dataStart}`;
  const fail = (problem: string) =>
    new BaeFileError(
      fileName,
      problem,
      `The header's offsets are inconsistent, so the file is damaged or was not written by a safetensors library. ${REEXPORT}`,
    );
  let at = dataStart;
  let previous: TensorInfo | null = null;
  for (const t of sorted) {
    if (t.begin < at && previous) {
      throw fail(
        t.begin === previous.begin && t.end === previous.end
          ? `tensors ${quoteValue(previous.name, 40)} and ${quoteValue(t.name, 40)} both use bytes ${span(t)} of the data section`
          : `tensors ${quoteValue(previous.name, 40)} (bytes ${span(previous)}) and ${quoteValue(t.name, 40)} (bytes ${span(t)}) overlap`,
      );
    }
    if (t.begin > at) {
      throw fail(
        `bytes ${at - dataStart}..${t.begin - dataStart} of the data section belong to no tensor (${previous ? `between ${quoteValue(previous.name, 40)} and ${quoteValue(t.name, 40)}` : `before ${quoteValue(t.name, 40)}, the first tensor`})`,
      );
    }
    at = t.end;
    previous = t;
  }
  if (at < dataStart + dataBytes) {
    throw fail(
      `the data section holds ${dataBytes} bytes, but ${previous ? `the last tensor, ${quoteValue(previous.name, 40)}, ends at byte ${at - dataStart}` : 'the file has no tensors'}: ${dataStart + dataBytes - at} bytes at the end belong to no tensor`,
    );
  }
}

/**
 * Parses and validates a safetensors file held in memory. Throws BaeFileError for anything
 * that does not follow the format. The returned file keeps a reference to `bytes`.
 */
export function parseSafetensors(bytes: Uint8Array, fileName: string): SafetensorsFile {
  if (bytes.byteLength < PREFIX_BYTES) {
    throw new BaeFileError(
      fileName,
      `the file is only ${bytes.byteLength} bytes, shorter than the 8-byte header length every safetensors file starts with`,
      'Check that the file was downloaded or copied in full',
    );
  }
  const headerBytes = readHeaderLength(bytes);
  const afterPrefix = bytes.byteLength - PREFIX_BYTES;
  if (headerBytes > afterPrefix) {
    throw new BaeFileError(
      fileName,
      `the header length ${headerBytes} bytes runs past the end of the file (only ${afterPrefix} bytes follow the 8-byte length)`,
      `The file is truncated or not a safetensors file. Download it again in full, or ${REEXPORT.charAt(0).toLowerCase()}${REEXPORT.slice(1)}`,
    );
  }
  if (headerBytes > MAX_HEADER_BYTES) {
    throw new BaeFileError(
      fileName,
      `the header length ${headerBytes} bytes is over the ${MAX_HEADER_BYTES}-byte limit for safetensors headers`,
      REEXPORT,
    );
  }
  const { text, value: header } = parseHeaderJson(bytes, fileName, headerBytes);
  if (!isPlainObject(header)) {
    throw new BaeFileError(
      fileName,
      `the safetensors header is ${quoteValue(header)}, not a JSON object of tensors`,
      REEXPORT,
    );
  }
  const scan = scanHeader(text);
  if (scan.duplicateKey !== null) {
    throw new BaeFileError(
      fileName,
      `the header names ${scan.duplicateKey === '__metadata__' ? '__metadata__' : `tensor ${quoteValue(scan.duplicateKey)}`} twice, so it is ambiguous which entry holds`,
      REEXPORT,
    );
  }
  if (scan.duplicateField !== null) {
    throw new BaeFileError(
      fileName,
      `tensor ${quoteValue(scan.duplicateField.tensor)} names its field ${quoteValue(scan.duplicateField.field)} twice, so it is ambiguous which value holds`,
      REEXPORT,
    );
  }
  const dataStart = PREFIX_BYTES + headerBytes;
  const dataBytes = bytes.byteLength - dataStart;
  const tensors = new Map<string, TensorInfo>();
  let metadata: Record<string, string> = {};
  for (const [name, value] of Object.entries(header)) {
    if (name === '__metadata__') metadata = parseMetadata(value, fileName);
    else {
      const raw = scan.numbers.get(name) ?? {};
      tensors.set(name, parseEntry(name, value, raw, fileName, dataStart, dataBytes));
    }
  }
  checkLayout(tensors, fileName, dataStart, dataBytes);
  return { fileName, bytes, tensors, metadata };
}

/** Tensors a message lists by name before "and N more". */
const LISTED_TENSORS = 12;

/**
 * Tensor names from a file as a message lists them: each quoted (quoteValue), at most
 * LISTED_TENSORS of them, then how many more; "no tensors" when there are none.
 */
export function tensorList(names: Iterable<string>): string {
  const shown: string[] = [];
  let total = 0;
  for (const name of names) {
    if (total++ < LISTED_TENSORS) shown.push(quoteValue(name, 40));
  }
  if (total === 0) return 'no tensors';
  return total > shown.length
    ? `${shown.join(', ')} and ${total - shown.length} more`
    : shown.join(', ');
}

/** The header entry of tensor `name`; throws BaeFileError listing the tensors when absent. */
export function getTensorInfo(file: SafetensorsFile, name: string): TensorInfo {
  const info = file.tensors.get(name);
  if (info) return info;
  throw new BaeFileError(
    file.fileName,
    `tensor "${name}" is missing (the file holds ${tensorList(file.tensors.keys())})`,
    'Check that this is the right file for this model, and re-export it with all its tensors',
  );
}

function numelOf(info: TensorInfo): number {
  return info.shape.reduce((a, b) => a * b, 1);
}

/**
 * Tensor `name` as float32 values in row-major order. F32 data is a zero-copy view of the
 * file's buffer when its absolute offset is 4-byte aligned, else a copy; F16 and BF16 are
 * decoded into a new array. Other dtypes throw BaeFileError.
 */
export function tensorAsF32(file: SafetensorsFile, name: string): Float32Array {
  const info = getTensorInfo(file, name);
  const numel = numelOf(info);
  const data = file.bytes.subarray(info.begin, info.end);
  switch (info.dtype) {
    case 'F32': {
      // Float32Array views use the platform's byte order; every browser and Node target is
      // little-endian, like the safetensors format.
      if ((data.byteOffset & 3) === 0) return new Float32Array(data.buffer, data.byteOffset, numel);
      return new Float32Array(data.slice().buffer, 0, numel);
    }
    case 'F16':
      return decodeF16(data, numel);
    case 'BF16':
      return decodeBF16(data, numel);
    default:
      throw new BaeFileError(
        file.fileName,
        `tensor "${name}" has dtype ${info.dtype}, but it must be a float tensor (F32, F16 or BF16)`,
        'Save it as float32, float16 or bfloat16 (e.g. tensor.float())',
      );
  }
}

/**
 * Tensor `name` as int32 values in row-major order: I32 is a view (copied when unaligned);
 * I64 (PyTorch's default `long`) is converted when every value fits in int32.
 */
export function tensorAsI32(file: SafetensorsFile, name: string): Int32Array {
  const info = getTensorInfo(file, name);
  const numel = numelOf(info);
  const data = file.bytes.subarray(info.begin, info.end);
  if (info.dtype === 'I32') {
    if ((data.byteOffset & 3) === 0) return new Int32Array(data.buffer, data.byteOffset, numel);
    return new Int32Array(data.slice().buffer, 0, numel);
  }
  if (info.dtype === 'I64') {
    const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
    const out = new Int32Array(numel);
    for (let i = 0; i < numel; i++) {
      const lo = view.getUint32(8 * i, true);
      const hi = view.getInt32(8 * i + 4, true);
      // An int64 fits int32 exactly when its high word is the sign extension of its low word.
      if (hi !== (lo | 0) >> 31) {
        throw new BaeFileError(
          file.fileName,
          `tensor "${name}" (I64) holds a value outside the int32 range at flat index ${i}`,
          'Save it as int32 (tensor.int()) with values below 2^31',
        );
      }
      out[i] = lo | 0;
    }
    return out;
  }
  throw new BaeFileError(
    file.fileName,
    `tensor "${name}" has dtype ${info.dtype}, but it must be an integer tensor (I32 or I64)`,
    'Save it as int32 (tensor.int())',
  );
}

/** Flat index → `[i, j, ...]` in a row-major tensor of `shape`. */
export function unflattenIndex(flat: number, shape: readonly number[]): number[] {
  const index: number[] = new Array<number>(shape.length).fill(0);
  let rest = flat;
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    const size = shape[axis] ?? 1;
    index[axis] = size > 0 ? rest % size : 0;
    rest = size > 0 ? Math.floor(rest / size) : 0;
  }
  return index;
}

/**
 * Throws BaeFileError when `values` (tensor `tensorName` of `shape`) holds NaN or ±Inf,
 * naming how many and the index of the first one.
 */
export function assertFinite(
  fileName: string,
  tensorName: string,
  values: Float32Array,
  shape: readonly number[],
  fix = 'The weights diverged during training or the file is corrupted: use an earlier checkpoint, or retrain',
): void {
  let bad = 0;
  let first = -1;
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) {
      if (first < 0) first = i;
      bad++;
    }
  }
  if (bad === 0) return;
  throw new BaeFileError(
    fileName,
    `tensor "${tensorName}" has ${bad} non-finite value${bad === 1 ? '' : 's'} (NaN or Inf), the first at [${unflattenIndex(first, shape).join(', ')}]`,
    fix,
  );
}
