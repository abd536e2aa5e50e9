// The worker side of the RPC (rpc/types.ts): answers calls with their handler, one at a time in
// arrival order when `serial` (a call may replace state another would use), throttles progress,
// turns a cancel message into the call's AbortSignal, and sends each reply with exactly the
// buffers the handler asked to transfer. The only place a worker posts messages.
import { abortError } from '../../core/abort';
import type { HandlerMap, RpcContext, RpcRequest, RpcResponse } from './types';

/** Progress messages at most this often per call (a bar needs a few a second). */
const PROGRESS_EVERY_MS = 100;

/** The worker's end of the channel: `self` in a browser worker, an adapter in Node tests. */
export interface ServerPort {
  postMessage(message: unknown, transfer: Transferable[]): void;
  onmessage: ((e: MessageEvent) => void) | null;
}

/**
 * Serves `handlers` on `port`. Returns `emit`, for unprompted events outside any call.
 * Handlers' thrown errors reach the page with their name and message.
 */
export function serve<Event = never>(
  handlers: HandlerMap,
  port: ServerPort,
  opts: { serial: boolean },
): { emit: (event: Event) => void } {
  const post = (msg: RpcResponse<Event>, transfer: Transferable[] = []) =>
    port.postMessage(msg, transfer);
  const emit = (event: Event) => post({ kind: 'event', event });
  const controllers = new Map<number, AbortController>();
  let queue: Promise<void> = Promise.resolve();

  const run = async (id: number, call: string, args: unknown): Promise<void> => {
    const controller = controllers.get(id) ?? new AbortController();
    const transfer: ArrayBuffer[] = [];
    let last = -Infinity;
    let lastPhase = '';
    const ctx: RpcContext<Event> = {
      signal: controller.signal,
      progress: (phase, fraction) => {
        const now = performance.now();
        if (phase === lastPhase && now - last < PROGRESS_EVERY_MS && fraction < 1) return;
        last = now;
        lastPhase = phase;
        post({ kind: 'progress', id, phase, fraction });
      },
      transfer: (...buffers) => {
        for (const b of buffers) if (!transfer.includes(b)) transfer.push(b);
      },
      emit,
    };
    try {
      const handler = handlers[call];
      if (!handler) throw new Error(`the worker has no call "${call}"`);
      if (controller.signal.aborted) throw abortError();
      const value = await handler(args, ctx);
      post({ kind: 'ok', id, value }, transfer);
    } catch (err) {
      const error = err instanceof Error ? err : new Error(String(err));
      post({ kind: 'error', id, name: error.name, message: error.message });
    } finally {
      controllers.delete(id);
    }
  };

  port.onmessage = (e) => {
    const req = e.data as RpcRequest;
    if (req.kind === 'cancel') {
      controllers.get(req.id)?.abort();
      return;
    }
    controllers.set(req.id, new AbortController());
    if (opts.serial) queue = queue.then(() => run(req.id, req.call, req.args));
    else void run(req.id, req.call, req.args);
  };
  return { emit };
}
