// The page side of the RPC (rpc/types.ts): typed calls derived from the worker's handler map,
// progress callbacks, cancellation through an AbortSignal, explicit transfers, unprompted events,
// and recovery. After the worker crashes, the client starts a new one, replays the calls marked
// `sticky` (the configuration and the model: what the worker must hold), re-runs each call that
// was in flight once, and tells its `onRestart` listeners; a call that crashes the worker twice
// fails with a clear error. The only owner of worker lifetimes on the page.
import { abortError } from '../../core/abort';
import type { ArgsOf, CallName, HandlerMap, ResultOf, RpcRequest, RpcResponse } from './types';

/** What the client needs of a worker (a browser Worker, or a Node adapter in tests). */
export interface WorkerLike {
  postMessage(message: unknown, transfer: Transferable[]): void;
  terminate(): void;
  onmessage: ((e: MessageEvent) => void) | null;
  onerror: ((e: ErrorEvent) => void) | null;
}

export interface CallOptions {
  signal?: AbortSignal;
  onProgress?: (phase: string, fraction: number) => void;
  /** Buffers in the arguments to move instead of copy (the caller must not reuse them). */
  transfer?: Transferable[];
  /**
   * State the worker must hold (configuration, the model): replayed, in order, into a worker
   * started after a crash. A later sticky call of the same name replaces the earlier one. Sticky
   * arguments are never transferred (they are posted again).
   */
  sticky?: boolean;
  /** Re-run once after a crash (default true). */
  retry?: boolean;
}

export interface RpcClientOptions {
  /** Starts a worker. */
  create: () => WorkerLike;
  /** The worker in words, for messages ("the compute engine"). */
  name: string;
  /**
   * How a cancelled call stops: 'message' tells the worker (its handler sees the signal);
   * 'terminate' ends the worker (for work no message can interrupt), the next call starts anew.
   */
  cancel: 'message' | 'terminate';
  /** At most one call at a time: a new call cancels the one running. */
  exclusive?: boolean;
}

interface Pending {
  id: number;
  call: string;
  args: unknown;
  transfer: Transferable[];
  attempts: number;
  retry: boolean;
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
  onProgress: ((phase: string, fraction: number) => void) | undefined;
  detach: () => void;
}

export class RpcClient<H extends HandlerMap, Event = never> {
  private worker: WorkerLike | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly sticky = new Map<string, unknown>();
  /** A crash happened since the last worker start: replay sticky calls into the next one. */
  private crashed: string | null = null;
  private readonly eventListeners = new Set<(event: Event) => void>();
  private readonly restartListeners = new Set<(reason: string) => void>();

  constructor(private readonly opts: RpcClientOptions) {}

  /** Listens for the worker's unprompted events; returns an unsubscribe. */
  onEvent(listener: (event: Event) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  /** Listens for restarts after a crash (with the crash's reason); returns an unsubscribe. */
  onRestart(listener: (reason: string) => void): () => void {
    this.restartListeners.add(listener);
    return () => this.restartListeners.delete(listener);
  }

  /** Calls `name`; resolves with its typed result, rejects with its error or an AbortError. */
  call<K extends CallName<H>>(
    name: K,
    args: ArgsOf<H, K>,
    options: CallOptions = {},
  ): Promise<ResultOf<H, K>> {
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(abortError());
    if (this.opts.exclusive) {
      for (const p of [...this.pending.values()]) this.abandon(p);
    }
    if (options.sticky) {
      // Re-inserted so replays keep the order of the latest calls.
      this.sticky.delete(name);
      this.sticky.set(name, args);
    }
    return new Promise<ResultOf<H, K>>((resolve, reject) => {
      const id = this.nextId++;
      const onAbort = () => {
        const p = this.pending.get(id);
        if (p) this.abandon(p);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const p: Pending = {
        id,
        call: name,
        args,
        transfer: options.sticky ? [] : (options.transfer ?? []),
        attempts: 0,
        retry: options.retry ?? true,
        resolve: resolve as (value: unknown) => void,
        reject,
        onProgress: options.onProgress,
        detach: () => signal?.removeEventListener('abort', onAbort),
      };
      this.pending.set(id, p);
      this.send(p);
    });
  }

  /** Stops the worker; calls in flight reject. */
  terminate(): void {
    this.stopWorker();
    this.crashed = null;
    for (const p of [...this.pending.values()]) {
      this.settle(p);
      p.reject(new Error(`${this.opts.name} was stopped`));
    }
  }

  private send(p: Pending): void {
    p.attempts++;
    const worker = this.ensureWorker();
    const request: RpcRequest = { kind: 'call', id: p.id, call: p.call, args: p.args };
    worker.postMessage(request, p.transfer);
  }

  private ensureWorker(): WorkerLike {
    if (this.worker) return this.worker;
    const worker = this.opts.create();
    worker.onmessage = (e) => {
      if (this.worker === worker) this.receive(e.data as RpcResponse<Event>);
    };
    worker.onerror = (e) => {
      e.preventDefault();
      if (this.worker === worker) this.crash(e.message || 'worker error');
    };
    this.worker = worker;
    if (this.crashed !== null) {
      const reason = this.crashed;
      this.crashed = null;
      // Replayed first: the worker answers calls in order, so its state is back before any
      // other call. A sticky call that was itself in flight is re-sent here under its own id.
      for (const [call, args] of this.sticky) {
        const own = [...this.pending.values()].find((p) => p.call === call && p.args === args);
        if (own) own.attempts++;
        const id = own ? own.id : this.nextId++;
        worker.postMessage({ kind: 'call', id, call, args } satisfies RpcRequest, []);
      }
      for (const l of this.restartListeners) l(reason);
    }
    return worker;
  }

  private stopWorker(): void {
    const w = this.worker;
    this.worker = null;
    if (w) {
      w.onmessage = null;
      w.onerror = null;
      w.terminate();
    }
  }

  private crash(reason: string): void {
    this.stopWorker();
    this.crashed = reason;
    const inFlight = [...this.pending.values()].sort((a, b) => a.id - b.id);
    const again: Pending[] = [];
    for (const p of inFlight) {
      const isSticky = this.sticky.get(p.call) === p.args && this.sticky.has(p.call);
      const superseded = !isSticky && this.sticky.has(p.call);
      if (superseded) {
        // A newer call of the same sticky kind replaced this one: it must not run after it.
        this.settle(p);
        p.reject(abortError(`"${p.call}" was superseded`));
      } else if (p.retry && p.attempts < 2) {
        if (!isSticky) again.push(p);
        else this.ensureWorker(); // the replay re-sends it
      } else {
        this.settle(p);
        // State that crashes the worker twice is not replayed into the next one.
        if (isSticky) this.sticky.delete(p.call);
        p.reject(
          new Error(
            p.attempts >= 2
              ? `${this.opts.name} crashed twice while running "${p.call}" (${reason}); it was not run again`
              : `${this.opts.name} crashed while running "${p.call}" (${reason})`,
          ),
        );
      }
    }
    for (const p of again) this.send(p);
  }

  private receive(msg: RpcResponse<Event>): void {
    if (msg.kind === 'event') {
      for (const l of this.eventListeners) l(msg.event);
      return;
    }
    const p = this.pending.get(msg.id);
    if (!p) return; // a replayed sticky call, or an abandoned one
    if (msg.kind === 'progress') {
      p.onProgress?.(msg.phase, msg.fraction);
      return;
    }
    this.settle(p);
    if (msg.kind === 'ok') p.resolve(msg.value);
    else {
      const err = new Error(msg.message);
      err.name = msg.name;
      p.reject(err);
    }
  }

  private settle(p: Pending): void {
    this.pending.delete(p.id);
    p.detach();
  }

  /** Cancels a call: rejects it now, and stops its work in the worker. */
  private abandon(p: Pending): void {
    this.settle(p);
    if (this.opts.cancel === 'terminate') {
      // Nothing else may be running in it (exclusive use); the next call starts a fresh worker.
      this.stopWorker();
    } else {
      this.worker?.postMessage({ kind: 'cancel', id: p.id } satisfies RpcRequest, []);
    }
    p.reject(abortError(`"${p.call}" was cancelled`));
  }
}
