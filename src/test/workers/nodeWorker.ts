// Test-only: a Node worker thread behind the page's WorkerLike interface, so the RPC client is
// tested against real workers (real message passing, transfers, crashes and exits). The thread
// runs an .mjs entry that registers the TypeScript hooks and imports the app's worker code.
import { Worker } from 'node:worker_threads';
import type { WorkerLike } from '../../compute/rpc/client';

/** Starts `entry` (an .mjs file URL) in a worker thread; `messages` sees every raw reply. */
export function nodeWorker(entry: URL, messages?: (data: unknown) => void): WorkerLike {
  const thread = new Worker(entry);
  let ended = false;
  const like: WorkerLike = {
    onmessage: null,
    onerror: null,
    postMessage: (message, transfer) =>
      thread.postMessage(message, transfer as unknown as readonly ArrayBuffer[]),
    terminate: () => {
      ended = true;
      void thread.terminate();
    },
  };
  thread.on('message', (data: unknown) => {
    messages?.(data);
    like.onmessage?.({ data } as MessageEvent);
  });
  // An uncaught error ends a Node thread; a browser worker reports it through `onerror`.
  thread.on('error', (err: Error) => {
    if (ended) return;
    ended = true;
    like.onerror?.({ message: err.message, preventDefault: () => {} } as ErrorEvent);
  });
  thread.on('exit', (code) => {
    if (ended) return;
    ended = true;
    like.onerror?.({ message: `exited with code ${code}`, preventDefault: () => {} } as ErrorEvent);
  });
  return like;
}
