// The search worker's entry: builds token indexes (handlers.ts) off the UI thread.
/// <reference lib="webworker" />
import { serve } from '../rpc/server';
import { searchHandlers } from './handlers';

declare const self: DedicatedWorkerGlobalScope;

serve(searchHandlers, self, { serial: true });
