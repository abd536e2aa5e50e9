// The page's workers as typed clients: the compute engine (onnxruntime; cancelled by message,
// its model replayed after a crash), the atlas layout (umap-js; cancelled by ending the
// worker) and the search index (token → probe rows). Call types come from each worker's handler module (type-only imports, so the page
// bundle never includes onnxruntime). The only place the page creates workers.
import type { EngineEvent, EngineHandlers } from './engine/handlers';
import { RpcClient } from './rpc/client';
import type { SearchHandlers } from './search/handlers';
import type { UmapHandlers } from './umap/handlers';

export type EngineClient = RpcClient<EngineHandlers, EngineEvent>;
export type UmapClient = RpcClient<UmapHandlers>;
export type SearchClient = RpcClient<SearchHandlers>;
export type { EngineEvent, ModelPayload, ProbePayload } from './engine/handlers';

/** A client of a new engine worker (started on the first call). */
export function createEngineClient(): EngineClient {
  return new RpcClient<EngineHandlers, EngineEvent>({
    create: () =>
      new Worker(new URL('./engine/engine.worker.ts', import.meta.url), {
        type: 'module',
        name: 'bae-engine',
      }),
    name: 'The compute engine',
    cancel: 'message',
  });
}

/** A client of a new UMAP worker: one layout at a time; a new one cancels the running one. */
export function createUmapClient(): UmapClient {
  return new RpcClient<UmapHandlers>({
    create: () =>
      new Worker(new URL('./umap/umap.worker.ts', import.meta.url), {
        type: 'module',
        name: 'bae-umap',
      }),
    name: 'The layout worker',
    cancel: 'terminate',
    exclusive: true,
  });
}

/**
 * A client of a new search worker (token index and token search; calls are short and run in
 * order; the index is replayed into a worker restarted after a crash).
 */
export function createSearchClient(): SearchClient {
  return new RpcClient<SearchHandlers>({
    create: () =>
      new Worker(new URL('./search/search.worker.ts', import.meta.url), {
        type: 'module',
        name: 'bae-search',
      }),
    name: 'The search worker',
    cancel: 'message',
  });
}
