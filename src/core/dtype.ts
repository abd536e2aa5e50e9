// The only owner of element types: which safetensors dtypes exist, their sizes in bytes, and
// the decoding of half-precision floats (F16, BF16) to float32. Consumed by safetensors.ts
// (validation, tensor views) and by anything that needs to show a dtype to the user.

/** The float dtypes whose weights and activations the app can read. */
export type FloatDType = 'F32' | 'F16' | 'BF16';

/** Bytes per element of every dtype the safetensors parser accepts. */
const ITEM_BYTES: ReadonlyMap<string, number> = new Map([
  ['F64', 8],
  ['F32', 4],
  ['F16', 2],
  ['BF16', 2],
  ['I64', 8],
  ['I32', 4],
  ['I16', 2],
  ['I8', 1],
  ['U16', 2],
  ['U8', 1],
  ['BOOL', 1],
]);

/** Dtype names the parser accepts, for error messages. */
export const KNOWN_DTYPES: readonly string[] = [...ITEM_BYTES.keys()];

/** Bytes per element of `dtype`, or undefined when the dtype is unknown. */
export function dtypeItemBytes(dtype: string): number | undefined {
  return ITEM_BYTES.get(dtype);
}

/** True for the dtypes tensors can be read as float32 from. */
export function isFloatDType(dtype: string): dtype is FloatDType {
  return dtype === 'F32' || dtype === 'F16' || dtype === 'BF16';
}

/** IEEE 754 binary16 bit pattern (0..0xffff) → its exact value (subnormals, ±0, ±Inf, NaN). */
export function f16BitsToF32(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const mantissa = bits & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 0x1f) return mantissa ? NaN : sign * Infinity;
  return sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
}

const scratchU32 = new Uint32Array(1);
const scratchF32 = new Float32Array(scratchU32.buffer);

/** bfloat16 bit pattern (0..0xffff) → its exact value: the top half of a float32. */
export function bf16BitsToF32(bits: number): number {
  scratchU32[0] = (bits & 0xffff) << 16;
  return scratchF32[0] ?? NaN;
}

let f16Table: Float32Array | null = null;

/** All 65536 binary16 values, built once (256 KiB) so bulk decoding is one lookup per element. */
function f16Lookup(): Float32Array {
  if (f16Table === null) {
    f16Table = new Float32Array(65536);
    for (let bits = 0; bits < 65536; bits++) f16Table[bits] = f16BitsToF32(bits);
  }
  return f16Table;
}

/** Decodes `count` little-endian F16 values starting at `bytes[0]` into a new Float32Array. */
export function decodeF16(bytes: Uint8Array, count: number): Float32Array {
  const table = f16Lookup();
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    const bits = (bytes[2 * i] ?? 0) | ((bytes[2 * i + 1] ?? 0) << 8);
    out[i] = table[bits] ?? NaN;
  }
  return out;
}

/** Decodes `count` little-endian BF16 values starting at `bytes[0]` into a new Float32Array. */
export function decodeBF16(bytes: Uint8Array, count: number): Float32Array {
  // Writing the widened bit patterns through a Uint32 view keeps every value bit-exact.
  const bitsOut = new Uint32Array(count);
  for (let i = 0; i < count; i++) {
    bitsOut[i] = ((bytes[2 * i] ?? 0) << 16) | ((bytes[2 * i + 1] ?? 0) << 24);
  }
  return new Float32Array(bitsOut.buffer);
}

/**
 * float → IEEE 754 binary16 bit pattern, rounded to nearest (ties to even), with subnormals;
 * values beyond the largest half (65504) become ±Inf, NaN stays NaN.
 */
export function f32ToF16Bits(value: number): number {
  scratchF32[0] = value;
  const x = scratchU32[0] ?? 0;
  const sign = (x >>> 16) & 0x8000;
  const exponent = (x >>> 23) & 0xff;
  const mantissa = x & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa ? 0x200 : 0);
  // Unbiased exponent, rebiased for binary16 (bias 15).
  const e = exponent - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    // Subnormal (or zero) in binary16: shift the full significand into 10 bits, rounding.
    if (e < -10) return sign;
    const m = mantissa | 0x800000;
    const shift = 14 - e;
    const half = 1 << (shift - 1);
    const rest = m & ((1 << shift) - 1);
    let bits = m >>> shift;
    if (rest > half || (rest === half && (bits & 1) === 1)) bits++;
    return sign | bits;
  }
  let bits = (e << 10) | (mantissa >>> 13);
  const rest = mantissa & 0x1fff;
  // Rounding may carry into the exponent (and up to Inf), which the bit layout handles.
  if (rest > 0x1000 || (rest === 0x1000 && (bits & 1) === 1)) bits++;
  return sign | bits;
}

/** Encodes float values as little-endian F16 bytes (f32ToF16Bits). */
export function encodeF16(values: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(values.length * 2);
  for (let i = 0; i < values.length; i++) {
    const bits = f32ToF16Bits(values[i] ?? NaN);
    out[2 * i] = bits & 0xff;
    out[2 * i + 1] = bits >>> 8;
  }
  return out;
}
