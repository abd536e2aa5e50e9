// The UMAP worker's calls: the atlas layout (layout.ts, of fingerprints or of a relation's
// neighbour graph) with its IndexedDB cache (cache.ts) and
// progress for the neighbour-graph phase and every epoch. The page derives its call types from
// `UmapHandlers`; the worker runs one layout at a time and is terminated to cancel one
// (umap-js's neighbour graph is one synchronous call that no message can interrupt).
import { layoutGet, layoutPut } from '../cache';
import type { RpcContext } from '../rpc/types';
import { knnLayout, umapLayout } from './layout';

export const umapHandlers = {
  /**
   * UMAP of `n` rows of `dims` values (`data`, row-major; transfer it), or of a precomputed
   * neighbour graph (`knn`, core/relations/knnGraph) when given. With a `cacheKey`, a layout
   * cached under it is returned instead (when `useCache`), and a new one is stored.
   */
  async layout(
    args: {
      cacheKey: string | null;
      useCache: boolean;
      data: Float32Array | null;
      knn?: { k: number; indices: Int32Array; distances: Float32Array } | null;
      n: number;
      dims: number;
      seed: number;
    },
    ctx: RpcContext,
  ): Promise<{ xy: Float32Array; fromCache: boolean; ms: number }> {
    if (args.cacheKey && args.useCache) {
      const hit = await layoutGet(args.cacheKey);
      if (hit && hit.xy.length === 2 * args.n) {
        ctx.transfer(hit.xy.buffer as ArrayBuffer);
        return { xy: hit.xy, fromCache: true, ms: hit.ms };
      }
    }
    const t0 = performance.now();
    const options = {
      seed: args.seed,
      onProgress: ctx.progress,
      shouldStop: () => ctx.signal.aborted,
    };
    const xy = args.knn
      ? knnLayout(args.knn, args.n, options)
      : args.data
        ? umapLayout(args.data, args.n, args.dims, options)
        : null;
    if (!xy) throw new Error('the layout stopped before it finished');
    const ms = performance.now() - t0;
    if (args.cacheKey) await layoutPut(args.cacheKey, xy, ms);
    // The stored copy is a structured clone: moving this buffer is safe.
    ctx.transfer(xy.buffer as ArrayBuffer);
    return { xy, fromCache: false, ms };
  },
};

export type UmapHandlers = typeof umapHandlers;
