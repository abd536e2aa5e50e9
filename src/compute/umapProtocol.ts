// The only owner of the UMAP worker's message protocol: the calls the page can make, their
// arguments and results, shared by umap.worker.ts and umapClient.ts. Requests carry an id; the
// worker answers with progress messages, then exactly one result or error. Cancelling is done by
// the client (it terminates the worker: umap-js's neighbour graph is one synchronous call).

/** name → arguments and result of every call. */
export interface UmapCalls {
  /**
   * UMAP of `n` rows of `dims` values (`data`, row-major, transferred). With a `cacheKey`, a
   * layout cached under it is returned instead (when `useCache`), and a new one is stored.
   */
  layout: {
    args: {
      cacheKey: string | null;
      useCache: boolean;
      data: Float32Array;
      n: number;
      dims: number;
      seed: number;
    };
    result: { xy: Float32Array; fromCache: boolean; ms: number };
  };
}

export type UmapCallName = keyof UmapCalls;

export type UmapRequest = {
  [K in UmapCallName]: { id: number; call: K; args: UmapCalls[K]['args'] };
}[UmapCallName];

export type UmapResponse =
  | { id: number; kind: 'progress'; phase: string; fraction: number }
  | { id: number; kind: 'ok'; value: UmapCalls[UmapCallName]['result'] }
  | { id: number; kind: 'error'; name: string; message: string };
