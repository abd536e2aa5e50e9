// The only owner of what identifies an analysis's inputs: the SHA-256 of a model's weights, of a
// probe set's activations, and the analysis key made from both and the engine version. The
// engine keys its results cache with it, an analysis bundle records it, and the page checks a
// bundle against the open model with it — one definition, so the three always agree. Pure
// (WebCrypto's digest, present in browsers, workers and Node ≥ 20).
import { ENGINE_VERSION } from './analysis';
import type { WeightSource } from './weights';

function hex(buf: ArrayBuffer): string {
  return Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** SHA-256 of an array's bytes (a copy is hashed when it lives in shared memory). */
async function digest(a: ArrayBufferView): Promise<Uint8Array> {
  let view = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  // WebCrypto refuses views of shared memory (weights shared with the page): hash a copy.
  if (!(view.buffer instanceof ArrayBuffer)) view = view.slice();
  return new Uint8Array(await crypto.subtle.digest('SHA-256', view as Uint8Array<ArrayBuffer>));
}

/** SHA-256 (hex) of length-prefixed parts: a text, an array (its own digest) or a gap. */
async function hashParts(parts: (string | ArrayBufferView | null)[]): Promise<string> {
  const enc = new TextEncoder();
  const bytes: Uint8Array[] = [];
  for (const p of parts) {
    if (p === null) bytes.push(new Uint8Array([0]));
    else if (typeof p === 'string') bytes.push(enc.encode(p));
    else bytes.push(await digest(p));
  }
  let total = 0;
  for (const p of bytes) total += p.length + 4;
  const all = new Uint8Array(total);
  let at = 0;
  for (const p of bytes) {
    new DataView(all.buffer).setUint32(at, p.length);
    all.set(p, at + 4);
    at += p.length + 4;
  }
  return hex(await crypto.subtle.digest('SHA-256', all));
}

/**
 * SHA-256 (hex) of a model: its sizes and the decoded float32 bytes of each weight tensor (each
 * digested on its own, so no concatenated copy of large weights is made). The same weights
 * stored as F32, F16 or BF16 hash alike only when they decode to the same float32 values.
 */
export function modelSha256(model: WeightSource): Promise<string> {
  const sizes = {
    d: model.dModel,
    F: model.nFeatures,
    C: model.nComposites,
    biased: model.biased,
  };
  return hashParts([
    'bae-model',
    JSON.stringify(sizes),
    model.left,
    model.right,
    model.leftBias,
    model.rightBias,
    model.down,
  ]);
}

/** SHA-256 (hex) of a probe set: its size and the float32 bytes of its activations [n, d]. */
export function probesSha256(probes: {
  n: number;
  d: number;
  activations: Float32Array;
}): Promise<string> {
  return hashParts([
    'bae-probes',
    JSON.stringify({ n: probes.n, d: probes.d }),
    probes.activations,
  ]);
}

/**
 * The analysis key: SHA-256 (hex) of the engine version, the model's hash and the probe set's
 * (null without one). Cached analyses, layouts and user labels are keyed by it.
 */
export function analysisKey(
  model: string,
  probes: string | null,
  engineVersion = ENGINE_VERSION,
): Promise<string> {
  return hashParts(['bae-analysis', engineVersion, model, probes]);
}
