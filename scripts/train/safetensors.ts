// The training scripts' only owner of writing safetensors files (the app's reader lives in
// src/core/safetensors.ts): 8-byte little-endian header length, JSON header
// {name: {dtype, shape, data_offsets}, __metadata__}, then the raw little-endian data.
// Also owns the float → IEEE half conversion (round to nearest even) used for F16 tensors.

export type TensorData =
  | { dtype: 'F32'; shape: number[]; data: Float32Array }
  | { dtype: 'F16'; shape: number[]; data: Uint16Array }
  | { dtype: 'I32'; shape: number[]; data: Int32Array };

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** IEEE 754 binary16 bits of `x` (round to nearest, ties to even; overflow → ±Inf). */
export function toHalfBits(x: number): number {
  f32[0] = x;
  const bits = u32[0]!;
  const sign = (bits >>> 16) & 0x8000;
  const exp = (bits >>> 23) & 0xff;
  let mant = bits & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0);
  const e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - e;
    const half = 1 << (shift - 1);
    let m = mant >>> shift;
    const rest = mant & ((1 << shift) - 1);
    if (rest > half || (rest === half && m & 1)) m++;
    return sign | m;
  }
  const m = mant >>> 13;
  const rest = mant & 0x1fff;
  // A carry out of the mantissa correctly bumps the exponent (and rounds up to Inf).
  return (sign | (e << 10) | m) + (rest > 0x1000 || (rest === 0x1000 && m & 1) ? 1 : 0);
}

/** The value a binary16 bit pattern stands for. */
export function fromHalfBits(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >>> 10) & 0x1f;
  const mant = h & 0x3ff;
  if (exp === 0) return sign * mant * 2 ** -24;
  if (exp === 0x1f) return mant ? NaN : sign * Infinity;
  return sign * (1 + mant / 1024) * 2 ** (exp - 15);
}

/** F16 tensor data for `values` (any numeric array). */
export function toHalf(values: ArrayLike<number>): Uint16Array {
  const out = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = toHalfBits(values[i]!);
  return out;
}

/** Serialises tensors (in the given order) and string metadata to safetensors bytes. */
export function writeSafetensors(
  tensors: Record<string, TensorData>,
  metadata: Record<string, string>,
): Uint8Array {
  const header: Record<string, unknown> = { __metadata__: metadata };
  let offset = 0;
  const parts: Uint8Array[] = [];
  for (const [name, t] of Object.entries(tensors)) {
    const count = t.shape.reduce((a, b) => a * b, 1);
    if (count !== t.data.length)
      throw new Error(`${name}: shape ${t.shape} vs ${t.data.length} values`);
    const bytes = new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength);
    header[name] = {
      dtype: t.dtype,
      shape: t.shape,
      data_offsets: [offset, offset + bytes.length],
    };
    parts.push(bytes);
    offset += bytes.length;
  }
  let json = JSON.stringify(header);
  // Pad the header with spaces so the data section starts 8-byte aligned.
  while ((8 + json.length) % 8 !== 0) json += ' ';
  const headerBytes = new TextEncoder().encode(json);
  if (headerBytes.length !== json.length) {
    // Non-ASCII metadata: re-pad on the byte length instead.
    let padded = json.trimEnd();
    let enc = new TextEncoder().encode(padded);
    while ((8 + enc.length) % 8 !== 0) {
      padded += ' ';
      enc = new TextEncoder().encode(padded);
    }
    return assemble(enc, parts, offset);
  }
  return assemble(headerBytes, parts, offset);
}

function assemble(headerBytes: Uint8Array, parts: Uint8Array[], dataBytes: number): Uint8Array {
  const out = new Uint8Array(8 + headerBytes.length + dataBytes);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(headerBytes.length), true);
  out.set(headerBytes, 8);
  let o = 8 + headerBytes.length;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/**
 * Reads the float tensors (F16 or F32) of a safetensors file written by this trainer or by
 * PyTorch, as float64 values with their shapes (for evaluating a shipped model).
 */
export function readSafetensors(
  bytes: Uint8Array,
): Map<string, { shape: number[]; data: Float64Array }> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = Number(view.getBigUint64(0, true));
  const header = JSON.parse(
    new TextDecoder().decode(bytes.subarray(8, 8 + headerLength)),
  ) as Record<string, { dtype: string; shape: number[]; data_offsets: [number, number] }>;
  const out = new Map<string, { shape: number[]; data: Float64Array }>();
  for (const [name, t] of Object.entries(header)) {
    if (name === '__metadata__' || (t.dtype !== 'F16' && t.dtype !== 'F32')) continue;
    const begin = 8 + headerLength + t.data_offsets[0];
    const count = t.shape.reduce((a, b) => a * b, 1);
    const data = new Float64Array(count);
    for (let i = 0; i < count; i++) {
      data[i] =
        t.dtype === 'F16'
          ? fromHalfBits(view.getUint16(begin + 2 * i, true))
          : view.getFloat32(begin + 4 * i, true);
    }
    out.set(name, { shape: t.shape, data });
  }
  return out;
}
