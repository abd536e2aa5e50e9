// The page's workers as typed clients: the compute engine (onnxruntime; cancelled by message,
// its model replayed after a crash), the atlas layout (umap-js), the manifold's shape
// diagnostics and the opened files' parsing (these three cancelled by ending the worker), and the
// search index (token → probe rows). Call types come from each worker's handler module (type-only imports, so the page
// bundle never includes onnxruntime). The only place the page creates workers.
import type { EngineEvent, EngineHandlers } from './engine/handlers';
import type { FilesHandlers } from './files/handlers';
import { RpcClient } from './rpc/client';
import type { ShapeHandlers } from './shape/handlers';
import type { SearchHandlers } from './search/handlers';
import type { UmapHandlers } from './umap/handlers';

export type EngineClient = RpcClient<EngineHandlers, EngineEvent>;
export type UmapClient = RpcClient<UmapHandlers>;
export type ShapeClient = RpcClient<ShapeHandlers>;
export type FilesClient = RpcClient<FilesHandlers>;
export type { Parsed } from './files/handlers';
export type SearchClient = RpcClient<SearchHandlers>;
export type { EngineEvent, ModelPayload, ProbePayload } from './engine/handlers';

/**
 * A client of a new engine worker (started on the first call). `name` tells a second engine
 * (the one that runs long measurements beside the views' engine) apart in messages and tools.
 */
export function createEngineClient(
  name: { worker: string; words: string } = { worker: 'bae-engine', words: 'The compute engine' },
): EngineClient {
  return new RpcClient<EngineHandlers, EngineEvent>({
    create: () =>
      new Worker(new URL('./engine/engine.worker.ts', import.meta.url), {
        type: 'module',
        name: name.worker,
      }),
    name: name.words,
    cancel: 'message',
  });
}

/** A client of a new shape worker (the manifold's diagnostics); a new call cancels the running one. */
export function createShapeClient(): ShapeClient {
  return new RpcClient<ShapeHandlers>({
    create: () =>
      new Worker(new URL('./shape/shape.worker.ts', import.meta.url), {
        type: 'module',
        name: 'bae-shape',
      }),
    name: 'The shape worker',
    cancel: 'terminate',
    exclusive: true,
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

/** A client of a new files worker: one file set parsed at a time; a new one cancels the last. */
export function createFilesClient(): FilesClient {
  return new RpcClient<FilesHandlers>({
    create: () =>
      new Worker(new URL('./files/files.worker.ts', import.meta.url), {
        type: 'module',
        name: 'bae-files',
      }),
    name: 'The file reader',
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
