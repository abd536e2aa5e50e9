// The shape worker's entry: serves the manifold shape panel's diagnostics (handlers.ts) off the
// UI thread, one call at a time.
/// <reference lib="webworker" />
import { serve } from '../rpc/server';
import { shapeHandlers } from './handlers';

declare const self: DedicatedWorkerGlobalScope;

serve(shapeHandlers, self, { serial: true });
