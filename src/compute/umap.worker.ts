// The UMAP worker: lays out the atlas (core/atlas/layout) off the UI thread, with the layout
// cache in IndexedDB (cache.ts), and progress for the neighbour-graph phase and every epoch
// (throttled). It answers the calls of umapProtocol.ts, one at a time.
/// <reference lib="webworker" />
import { umapLayout } from '../core/atlas/layout';
import { layoutGet, layoutPut } from './cache';
import type { UmapCalls, UmapRequest, UmapResponse } from './umapProtocol';

declare const self: DedicatedWorkerGlobalScope;

/** Progress messages at most this often (the bar needs a few a second, not one per epoch). */
const PROGRESS_EVERY_MS = 100;

function post(msg: UmapResponse, transfer: Transferable[] = []): void {
  self.postMessage(msg, transfer);
}

async function layout(
  args: UmapCalls['layout']['args'],
  id: number,
): Promise<UmapCalls['layout']['result']> {
  if (args.cacheKey && args.useCache) {
    const hit = await layoutGet(args.cacheKey);
    if (hit && hit.xy.length === 2 * args.n) return { xy: hit.xy, fromCache: true, ms: hit.ms };
  }
  let last = -Infinity;
  const t0 = performance.now();
  const xy = umapLayout(args.data, args.n, args.dims, {
    seed: args.seed,
    onProgress: (phase, fraction) => {
      const now = performance.now();
      // Only epochs are throttled: the phases around the neighbour graph (one long synchronous
      // call) always go out, so the bar says what the worker is stuck in.
      if (phase.startsWith('Optimising') && now - last < PROGRESS_EVERY_MS && fraction < 1) return;
      last = now;
      post({ id, kind: 'progress', phase, fraction });
    },
  });
  if (!xy) throw new Error('the layout stopped before it finished');
  const ms = performance.now() - t0;
  if (args.cacheKey) await layoutPut(args.cacheKey, xy, ms);
  return { xy, fromCache: false, ms };
}

self.onmessage = (e: MessageEvent<UmapRequest>) => {
  const req = e.data;
  void (async () => {
    try {
      const value = await layout(req.args, req.id);
      // A cached layout and the stored one are both structured clones: moving the buffer is safe.
      post({ id: req.id, kind: 'ok', value }, [value.xy.buffer as ArrayBuffer]);
    } catch (err) {
      const error = err instanceof Error ? err : new Error(String(err));
      post({ id: req.id, kind: 'error', name: error.name, message: error.message });
    }
  })();
};
