// The engine worker's entry: the browser build of onnxruntime-web, its WASM files served from
// the app's /ort/ folder (a threaded build loaded from elsewhere hangs), and the engine's
// handlers served one call at a time in arrival order (a call may release or replace sessions
// that another would still be using).
/// <reference lib="webworker" />
import * as ort from 'onnxruntime-web';
import { serve } from '../rpc/server';
import { createEngineHandlers, type EngineEvent } from './handlers';

declare const self: DedicatedWorkerGlobalScope;

const wasmPaths = new URL(`${import.meta.env.BASE_URL}ort/`, self.location.origin).href;
serve<EngineEvent>(createEngineHandlers({ ort, wasmPaths }), self, { serial: true });
