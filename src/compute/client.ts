// The page's side of the engine worker: one worker, typed calls that return a promise plus a
// cancel function, progress callbacks, and backend-change events. A crashed worker rejects every
// pending call with a clear error and is restarted on the next call.
import type { BackendInfo } from './runtime';
import type { CallName, EngineCalls, EngineRequest, EngineResponse } from './protocol';

export type ProgressHandler = (phase: string, fraction: number) => void;
export type BackendListener = (info: BackendInfo, fallbackReason: string | null) => void;

/** A running call: its result, and a way to cancel it (the promise then rejects with AbortError). */
export interface Call<T> {
  result: Promise<T>;
  cancel: () => void;
}

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
  onProgress?: ProgressHandler;
}

export class EngineClient {
  private worker: Worker | null = null;
  private nextId = 1;
  private pending = new Map<number, Pending>();
  private listeners = new Set<BackendListener>();

  constructor(private readonly createWorker: () => Worker) {}

  /** Listens for backend changes (first choice and fallbacks); returns an unsubscribe. */
  onBackend(listener: BackendListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = this.createWorker();
    worker.onmessage = (e: MessageEvent<EngineResponse>) => this.receive(e.data);
    worker.onerror = (e) => {
      e.preventDefault();
      this.failAll(
        `the compute engine crashed (${e.message || 'worker error'}); it restarts on the next request`,
      );
      worker.terminate();
      if (this.worker === worker) this.worker = null;
    };
    this.worker = worker;
    return worker;
  }

  private failAll(message: string): void {
    for (const p of this.pending.values()) p.reject(new Error(message));
    this.pending.clear();
  }

  private receive(msg: EngineResponse): void {
    if (msg.kind === 'backend') {
      for (const l of this.listeners) l(msg.info, msg.fallbackReason);
      return;
    }
    const p = this.pending.get(msg.id);
    if (!p) return;
    if (msg.kind === 'progress') {
      p.onProgress?.(msg.phase, msg.fraction);
      return;
    }
    this.pending.delete(msg.id);
    if (msg.kind === 'ok') p.resolve(msg.value);
    else {
      const err = new Error(msg.message);
      err.name = msg.name;
      p.reject(err);
    }
  }

  /** Calls the worker; large typed arrays in `args` are copied (the page keeps its model). */
  call<K extends CallName>(
    name: K,
    args: EngineCalls[K]['args'],
    onProgress?: ProgressHandler,
  ): Call<EngineCalls[K]['result']> {
    const worker = this.ensureWorker();
    const id = this.nextId++;
    const result = new Promise<EngineCalls[K]['result']>((resolve, reject) => {
      this.pending.set(id, {
        resolve: resolve as (v: unknown) => void,
        reject,
        ...(onProgress ? { onProgress } : {}),
      });
    });
    worker.postMessage({ id, call: name, args } as EngineRequest);
    return {
      result,
      cancel: () => {
        if (this.pending.has(id))
          worker.postMessage({ id: 0, call: 'cancel', target: id } satisfies EngineRequest);
      },
    };
  }

  /** Stops the worker; pending calls reject. */
  terminate(): void {
    this.failAll('the compute engine was stopped');
    this.worker?.terminate();
    this.worker = null;
  }
}

let shared: EngineClient | null = null;

/** The app's engine (one worker per page). */
export function engine(): EngineClient {
  shared ??= new EngineClient(
    () =>
      new Worker(new URL('./engine.worker.ts', import.meta.url), {
        type: 'module',
        name: 'bae-engine',
      }),
  );
  return shared;
}
