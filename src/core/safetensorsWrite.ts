// The only owner of writing safetensors files: the app's analysis bundles (and anything else the
// app saves as tensors). The layout follows the spec that core/safetensors.ts reads: an 8-byte
// little-endian header length, the JSON header, then the tensors back to back. The header is
// padded with spaces so the data starts on an 8-byte boundary, and tensors are laid out by
// descending element size, so every tensor starts aligned to its element size (a reader can
// view it without a copy).
import { dtypeItemBytes } from './dtype';

export interface TensorToWrite {
  name: string;
  dtype: string;
  shape: number[];
  /** Little-endian element bytes (a typed array's bytes on every supported platform). */
  data: Uint8Array;
}

/** The bytes of a typed array (a view, no copy). */
export function bytesOf(a: ArrayBufferView): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

/** A safetensors file holding `tensors` and string `metadata`. Throws on inconsistent input. */
export function writeSafetensors(
  tensors: readonly TensorToWrite[],
  metadata: Record<string, string>,
): Uint8Array {
  const names = new Set<string>();
  const sized = tensors.map((t) => {
    const item = dtypeItemBytes(t.dtype);
    if (item === undefined) throw new Error(`tensor "${t.name}": unknown dtype ${t.dtype}`);
    if (names.has(t.name) || t.name === '__metadata__') {
      throw new Error(`tensor "${t.name}" is named twice (or reserved)`);
    }
    names.add(t.name);
    const numel = t.shape.reduce((a, b) => a * b, 1);
    if (numel * item !== t.data.byteLength) {
      throw new Error(
        `tensor "${t.name}": ${t.data.byteLength} bytes do not hold shape [${t.shape.join(', ')}] of ${t.dtype}`,
      );
    }
    return { ...t, item };
  });
  // Largest elements first: every offset is then a multiple of its tensor's element size.
  sized.sort((a, b) => b.item - a.item || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const header: Record<string, unknown> = { __metadata__: metadata };
  let offset = 0;
  for (const t of sized) {
    header[t.name] = {
      dtype: t.dtype,
      shape: t.shape,
      data_offsets: [offset, offset + t.data.byteLength],
    };
    offset += t.data.byteLength;
  }
  let json = new TextEncoder().encode(JSON.stringify(header));
  const padded = Math.ceil((8 + json.length) / 8) * 8 - 8;
  if (padded > json.length) {
    const withSpaces = new Uint8Array(padded).fill(0x20);
    withSpaces.set(json);
    json = withSpaces;
  }
  const out = new Uint8Array(8 + json.length + offset);
  const view = new DataView(out.buffer);
  view.setUint32(0, json.length, true);
  view.setUint32(4, 0, true);
  out.set(json, 8);
  let at = 8 + json.length;
  for (const t of sized) {
    out.set(t.data, at);
    at += t.data.byteLength;
  }
  return out;
}
