// The UMAP worker's entry: serves the layout calls (handlers.ts) off the UI thread.
/// <reference lib="webworker" />
import { serve } from '../rpc/server';
import { umapHandlers } from './handlers';

declare const self: DedicatedWorkerGlobalScope;

serve(umapHandlers, self, { serial: true });
