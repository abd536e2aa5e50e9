// The page's two workers as typed clients: the compute engine (onnxruntime; cancelled by message,
// its model replayed after a crash) and the atlas layout (umap-js; cancelled by ending the
// worker). Call types come from each worker's handler module (type-only imports, so the page
// bundle never includes onnxruntime). The only place the page creates workers.
import type { EngineEvent, EngineHandlers } from './engine/handlers';
import { RpcClient } from './rpc/client';
import type { UmapHandlers } from './umap/handlers';

export type EngineClient = RpcClient<EngineHandlers, EngineEvent>;
export type UmapClient = RpcClient<UmapHandlers>;
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
