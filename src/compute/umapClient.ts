// The page's side of the UMAP worker: one worker, one layout at a time, typed calls that return
// a promise plus a cancel function. Cancelling terminates the worker (umap-js's neighbour graph
// is one synchronous call that no message can interrupt) and the next call starts a fresh one;
// a crashed worker rejects the pending call with a clear error.
import type { Call } from './client';
import type { UmapCallName, UmapCalls, UmapRequest, UmapResponse } from './umapProtocol';

export type UmapProgress = (phase: string, fraction: number) => void;

interface Pending {
  id: number;
  resolve: (v: UmapCalls[UmapCallName]['result']) => void;
  reject: (e: Error) => void;
  onProgress?: UmapProgress;
}

function abortError(): Error {
  const err = new Error('the layout was cancelled');
  err.name = 'AbortError';
  return err;
}

export class UmapClient {
  private worker: Worker | null = null;
  private pending: Pending | null = null;
  private nextId = 1;

  constructor(private readonly createWorker: () => Worker) {}

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = this.createWorker();
    worker.onmessage = (e: MessageEvent<UmapResponse>) => this.receive(e.data);
    worker.onerror = (e) => {
      e.preventDefault();
      this.stop(new Error(`the layout worker crashed (${e.message || 'worker error'})`));
    };
    this.worker = worker;
    return worker;
  }

  private receive(msg: UmapResponse): void {
    const p = this.pending;
    if (!p || p.id !== msg.id) return;
    if (msg.kind === 'progress') {
      p.onProgress?.(msg.phase, msg.fraction);
      return;
    }
    this.pending = null;
    if (msg.kind === 'ok') p.resolve(msg.value);
    else {
      const err = new Error(msg.message);
      err.name = msg.name;
      p.reject(err);
    }
  }

  /** Terminates the worker and rejects the pending call (if any) with `reason`. */
  private stop(reason: Error): void {
    this.worker?.terminate();
    this.worker = null;
    const p = this.pending;
    this.pending = null;
    p?.reject(reason);
  }

  /**
   * Runs a call; `args.data` is transferred (the caller must not reuse it). A call still running
   * is cancelled first: the worker does one layout at a time.
   */
  call<K extends UmapCallName>(
    name: K,
    args: UmapCalls[K]['args'],
    onProgress?: UmapProgress,
  ): Call<UmapCalls[K]['result']> {
    if (this.pending) this.stop(abortError());
    const worker = this.ensureWorker();
    const id = this.nextId++;
    const result = new Promise<UmapCalls[K]['result']>((resolve, reject) => {
      this.pending = {
        id,
        resolve: resolve as (v: UmapCalls[UmapCallName]['result']) => void,
        reject,
        ...(onProgress ? { onProgress } : {}),
      };
    });
    worker.postMessage({ id, call: name, args } as UmapRequest, [args.data.buffer as ArrayBuffer]);
    return {
      result,
      cancel: () => {
        if (this.pending?.id === id) this.stop(abortError());
      },
    };
  }
}

let shared: UmapClient | null = null;

/** The app's UMAP worker client (one per page). */
export function umapWorker(): UmapClient {
  shared ??= new UmapClient(
    () =>
      new Worker(new URL('./umap.worker.ts', import.meta.url), {
        type: 'module',
        name: 'bae-umap',
      }),
  );
  return shared;
}
