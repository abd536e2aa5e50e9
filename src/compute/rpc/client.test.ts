// The RPC client against a scripted stand-in worker: typed results and progress, explicit
// transfers, cancellation by message or by ending the worker, one call at a time for the layout
// worker, errors, and recovery after a crash (sticky state replayed first, the call re-run once,
// a second crash reported). The same client against real workers: rpc.worker.test.ts.
import { describe, expect, it } from 'vitest';
import type { UmapHandlers } from '../umap/handlers';
import { RpcClient, type WorkerLike } from './client';
import type { RpcContext, RpcRequest, RpcResponse } from './types';

/** A stand-in for a worker: records requests, lets the test answer them. */
class FakeWorker implements WorkerLike {
  onmessage: ((e: MessageEvent) => void) | null = null;
  onerror: ((e: ErrorEvent) => void) | null = null;
  requests: RpcRequest[] = [];
  transferred: Transferable[][] = [];
  terminated = false;
  postMessage(msg: unknown, transfer: Transferable[] = []) {
    this.requests.push(msg as RpcRequest);
    this.transferred.push(transfer);
  }
  terminate() {
    this.terminated = true;
  }
  answer(msg: RpcResponse) {
    this.onmessage?.({ data: msg } as MessageEvent);
  }
  crash(message: string) {
    this.onerror?.({ message, preventDefault: () => {} } as ErrorEvent);
  }
  calls(): { id: number; call: string; args: unknown }[] {
    return this.requests.flatMap((r) => (r.kind === 'call' ? [r] : []));
  }
}

function umapSetup() {
  const workers: FakeWorker[] = [];
  const client = new RpcClient<UmapHandlers>({
    create: () => {
      const w = new FakeWorker();
      workers.push(w);
      return w;
    },
    name: 'The layout worker',
    cancel: 'terminate',
    exclusive: true,
  });
  const args = () => ({
    cacheKey: 'k',
    useCache: true,
    data: new Float32Array(8),
    n: 4,
    dims: 2,
    seed: 1,
  });
  return { client, workers, args };
}

/** A stateful worker's calls: configuration and a model it must hold, and work on them. */
type Stateful = {
  configure: (args: { preference: string }, ctx: RpcContext) => Promise<string>;
  load: (args: { name: string }, ctx: RpcContext) => Promise<{ key: string }>;
  work: (args: { x: number }, ctx: RpcContext) => Promise<number>;
};

function statefulSetup() {
  const workers: FakeWorker[] = [];
  const client = new RpcClient<Stateful>({
    create: () => {
      const w = new FakeWorker();
      workers.push(w);
      return w;
    },
    name: 'The compute engine',
    cancel: 'message',
  });
  const restarts: string[] = [];
  client.onRestart((reason) => restarts.push(reason));
  return { client, workers, restarts };
}

describe('RPC client (layout worker: exclusive, cancelled by ending the worker)', () => {
  it('transfers the data, routes progress, and resolves with the result', async () => {
    const { client, workers, args } = umapSetup();
    const progress: [string, number][] = [];
    const a = args();
    const call = client.call('layout', a, {
      onProgress: (p, f) => progress.push([p, f]),
      transfer: [a.data.buffer],
    });
    const w = workers[0]!;
    const { id } = w.calls()[0]!;
    expect(w.transferred[0]?.[0]).toBe(a.data.buffer);
    w.answer({ id, kind: 'progress', phase: 'Building the neighbour graph', fraction: 0 });
    w.answer({ id, kind: 'ok', value: { xy: new Float32Array(8), fromCache: false, ms: 5 } });
    await expect(call).resolves.toMatchObject({ fromCache: false, ms: 5 });
    expect(progress).toEqual([['Building the neighbour graph', 0]]);
  });

  it('cancels by terminating the worker (AbortError); the next call starts a new one', async () => {
    const { client, workers, args } = umapSetup();
    const controller = new AbortController();
    const call = client.call('layout', args(), { signal: controller.signal });
    controller.abort();
    await expect(call).rejects.toMatchObject({ name: 'AbortError' });
    expect(workers[0]!.terminated).toBe(true);
    void client.call('layout', args()).catch(() => {});
    expect(workers.length).toBe(2);
  });

  it('a new call cancels the running one', async () => {
    const { client, workers, args } = umapSetup();
    const first = client.call('layout', args());
    void client.call('layout', args()).catch(() => {});
    await expect(first).rejects.toMatchObject({ name: 'AbortError' });
    expect(workers[0]!.terminated).toBe(true);
  });

  it('rejects with the worker’s error; a call that crashes it twice gets a clear message', async () => {
    const { client, workers, args } = umapSetup();
    const failing = client.call('layout', args());
    const w = workers[0]!;
    w.answer({ id: w.calls()[0]!.id, kind: 'error', name: 'Error', message: 'bad data' });
    await expect(failing).rejects.toThrow('bad data');
    const crashing = client.call('layout', args());
    w.crash('out of memory');
    // Re-run once in a new worker …
    expect(workers.length).toBe(2);
    expect(workers[1]!.calls().map((c) => c.call)).toEqual(['layout']);
    workers[1]!.crash('out of memory');
    // … and a second crash is reported.
    await expect(crashing).rejects.toThrow(
      /The layout worker crashed twice while running "layout" \(out of memory\)/,
    );
  });

  it('an aborted signal rejects at once, without starting a worker', async () => {
    const { client, workers, args } = umapSetup();
    await expect(
      client.call('layout', args(), { signal: AbortSignal.abort() }),
    ).rejects.toMatchObject({ name: 'AbortError' });
    expect(workers.length).toBe(0);
  });
});

describe('RPC client (engine: cancelled by message, state replayed after a crash)', () => {
  it('cancels by telling the worker, which keeps running', async () => {
    const { client, workers } = statefulSetup();
    const controller = new AbortController();
    const call = client.call('work', { x: 1 }, { signal: controller.signal });
    controller.abort();
    await expect(call).rejects.toMatchObject({ name: 'AbortError' });
    const w = workers[0]!;
    expect(w.terminated).toBe(false);
    expect(w.requests.at(-1)).toEqual({ kind: 'cancel', id: w.calls()[0]!.id });
    // The worker's late answer is ignored.
    w.answer({ kind: 'ok', id: w.calls()[0]!.id, value: 2 });
  });

  it('replays the sticky calls into a new worker, then re-runs the call in flight', async () => {
    const { client, workers, restarts } = statefulSetup();
    void client.call('configure', { preference: 'auto' }, { sticky: true });
    void client.call('configure', { preference: 'wasm' }, { sticky: true });
    void client.call('load', { name: 'm' }, { sticky: true });
    const w0 = workers[0]!;
    for (const c of w0.calls()) w0.answer({ kind: 'ok', id: c.id, value: null });
    const work = client.call('work', { x: 21 });
    w0.crash('RuntimeError: unreachable');
    expect(w0.terminated).toBe(true);
    const w1 = workers[1]!;
    // The latest configuration, the model, then the call — in that order.
    expect(w1.calls().map((c) => [c.call, c.args])).toEqual([
      ['configure', { preference: 'wasm' }],
      ['load', { name: 'm' }],
      ['work', { x: 21 }],
    ]);
    expect(restarts).toEqual(['RuntimeError: unreachable']);
    w1.answer({ kind: 'ok', id: w1.calls()[2]!.id, value: 42 });
    await expect(work).resolves.toBe(42);
  });

  it('a crash between calls replays the state into the worker the next call starts', async () => {
    const { client, workers, restarts } = statefulSetup();
    void client.call('load', { name: 'm' }, { sticky: true });
    workers[0]!.answer({ kind: 'ok', id: workers[0]!.calls()[0]!.id, value: null });
    workers[0]!.crash('killed');
    expect(workers.length).toBe(1);
    const work = client.call('work', { x: 1 });
    const w1 = workers[1]!;
    expect(w1.calls().map((c) => c.call)).toEqual(['load', 'work']);
    expect(restarts).toEqual(['killed']);
    w1.answer({ kind: 'ok', id: w1.calls()[1]!.id, value: 2 });
    await expect(work).resolves.toBe(2);
  });

  it('a sticky call in flight is replayed once under its own id; one that was superseded is dropped', async () => {
    const { client, workers } = statefulSetup();
    const old = client.call('load', { name: 'a' }, { sticky: true });
    const latest = client.call('load', { name: 'b' }, { sticky: true });
    workers[0]!.crash('oom');
    await expect(old).rejects.toMatchObject({ name: 'AbortError' });
    const w1 = workers[1]!;
    expect(w1.calls().map((c) => c.args)).toEqual([{ name: 'b' }]);
    w1.answer({ kind: 'ok', id: w1.calls()[0]!.id, value: { key: 'b' } });
    await expect(latest).resolves.toEqual({ key: 'b' });
  });

  it('state that crashes the worker twice is not replayed again', async () => {
    const { client, workers } = statefulSetup();
    const load = client.call('load', { name: 'huge' }, { sticky: true });
    workers[0]!.crash('oom');
    workers[1]!.crash('oom');
    await expect(load).rejects.toThrow(/crashed twice while running "load"/);
    void client.call('work', { x: 1 }).catch(() => {});
    expect(workers[2]!.calls().map((c) => c.call)).toEqual(['work']);
  });

  it('a call marked retry: false fails at the first crash', async () => {
    const { client, workers } = statefulSetup();
    const once = client.call('work', { x: 1 }, { retry: false });
    workers[0]!.crash('boom');
    await expect(once).rejects.toThrow(/The compute engine crashed while running "work" \(boom\)/);
  });

  it('routes unprompted events to listeners', () => {
    const workers: FakeWorker[] = [];
    const client = new RpcClient<Stateful, { kind: 'note'; text: string }>({
      create: () => {
        const w = new FakeWorker();
        workers.push(w);
        return w;
      },
      name: 'w',
      cancel: 'message',
    });
    const seen: string[] = [];
    client.onEvent((e) => seen.push(e.text));
    void client.call('work', { x: 1 });
    workers[0]!.answer({ kind: 'event', event: { kind: 'note', text: 'hello' } });
    expect(seen).toEqual(['hello']);
  });
});
