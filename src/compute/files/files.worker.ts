// The files worker's entry: parses and validates opened files (handlers.ts) off the UI thread,
// one file set at a time.
/// <reference lib="webworker" />
import { serve } from '../rpc/server';
import { filesHandlers } from './handlers';

declare const self: DedicatedWorkerGlobalScope;

serve(filesHandlers, self, { serial: true });
