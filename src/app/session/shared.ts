// The only owner of how the open model's large arrays reach the engine worker: when the page is
// cross-origin isolated (it is, on the dev and preview servers and the built app's hosts that
// send COOP/COEP), the weights and probe activations are copied once, at open, into shared
// memory; the page and the engine then read the same bytes (no copy per load, none when the
// model is replayed into a worker restarted after a crash). Elsewhere they are cloned per load.
import type { BaeModel } from '../../core/model';
import type { OpenModel } from '../../state/appStore';

/** Whether shared memory can be handed to a worker in this context. */
export function canShareMemory(): boolean {
  return (
    typeof SharedArrayBuffer !== 'undefined' &&
    Boolean((globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated)
  );
}

/** `a` copied into shared memory (already-shared arrays are kept). */
export function sharedCopy(a: Float32Array): Float32Array {
  if (a.buffer instanceof SharedArrayBuffer) return a;
  const out = new Float32Array(new SharedArrayBuffer(a.byteLength));
  out.set(a);
  return out;
}

const maybe = (a: Float32Array | null) => (a ? sharedCopy(a) : null);

/** The model and probe set with their large arrays in shared memory, when `share`. */
export function withSharedArrays(open: OpenModel, share = canShareMemory()): OpenModel {
  if (!share) return open;
  const m = open.model;
  const model: BaeModel = {
    ...m,
    left: sharedCopy(m.left),
    right: sharedCopy(m.right),
    leftBias: maybe(m.leftBias),
    rightBias: maybe(m.rightBias),
    down: maybe(m.down),
  };
  const probes = open.probes
    ? { ...open.probes, activations: sharedCopy(open.probes.activations) }
    : null;
  return { ...open, model, probes };
}
