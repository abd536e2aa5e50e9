// Test-only: the engine's real handlers served in a Node worker thread, on onnxruntime-web's
// WASM build (as the engine's Node tests use it), through the same rpc/server as the browser.
import { parentPort } from 'node:worker_threads';
import * as ort from 'onnxruntime-web/wasm';
import { createEngineHandlers, type EngineEvent } from '../../compute/engine/handlers';
import { serve, type ServerPort } from '../../compute/rpc/server';
import type { OrtModule } from '../../compute/runtime';

if (!parentPort) throw new Error('engineNode.ts runs in a worker thread');
const port = parentPort;
const serverPort: ServerPort = {
  onmessage: null,
  postMessage: (message, transfer) =>
    port.postMessage(message, transfer as unknown as readonly ArrayBuffer[]),
};
port.on('message', (data: unknown) => serverPort.onmessage?.({ data } as MessageEvent));
serve<EngineEvent>(createEngineHandlers({ ort: ort as unknown as OrtModule }), serverPort, {
  serial: true,
});
