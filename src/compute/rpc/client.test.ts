import { describe, expect, it } from 'vitest';
import { UmapClient } from './umapClient';
import type { UmapRequest, UmapResponse } from './umapProtocol';

/** A stand-in for the worker: records requests, lets the test answer them. */
class FakeWorker {
  onmessage: ((e: MessageEvent<UmapResponse>) => void) | null = null;
  onerror: ((e: ErrorEvent) => void) | null = null;
  requests: UmapRequest[] = [];
  transferred: Transferable[][] = [];
  terminated = false;
  postMessage(msg: UmapRequest, transfer: Transferable[] = []) {
    this.requests.push(msg);
    this.transferred.push(transfer);
  }
  terminate() {
    this.terminated = true;
  }
  answer(msg: UmapResponse) {
    this.onmessage?.({ data: msg } as MessageEvent<UmapResponse>);
  }
}

function setup() {
  const workers: FakeWorker[] = [];
  const client = new UmapClient(() => {
    const w = new FakeWorker();
    workers.push(w);
    return w as unknown as Worker;
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

describe('UmapClient', () => {
  it('transfers the data, routes progress, and resolves with the result', async () => {
    const { client, workers, args } = setup();
    const progress: [string, number][] = [];
    const call = client.call('layout', args(), (p, f) => progress.push([p, f]));
    const w = workers[0]!;
    const { id } = w.requests[0]!;
    expect(w.transferred[0]?.[0]).toBeInstanceOf(ArrayBuffer);
    w.answer({ id, kind: 'progress', phase: 'Building the neighbour graph', fraction: 0 });
    w.answer({ id, kind: 'ok', value: { xy: new Float32Array(8), fromCache: false, ms: 5 } });
    await expect(call.result).resolves.toMatchObject({ fromCache: false, ms: 5 });
    expect(progress).toEqual([['Building the neighbour graph', 0]]);
  });

  it('cancels by terminating the worker (AbortError); the next call starts a new one', async () => {
    const { client, workers, args } = setup();
    const call = client.call('layout', args());
    call.cancel();
    await expect(call.result).rejects.toMatchObject({ name: 'AbortError' });
    expect(workers[0]!.terminated).toBe(true);
    client.call('layout', args());
    expect(workers.length).toBe(2);
  });

  it('a new call cancels the running one', async () => {
    const { client, workers, args } = setup();
    const first = client.call('layout', args());
    client.call('layout', args());
    await expect(first.result).rejects.toMatchObject({ name: 'AbortError' });
    expect(workers[0]!.terminated).toBe(true);
  });

  it('turns worker errors and crashes into rejections with a clear message', async () => {
    const { client, workers, args } = setup();
    const failing = client.call('layout', args());
    const w = workers[0]!;
    w.answer({ id: w.requests[0]!.id, kind: 'error', name: 'Error', message: 'bad data' });
    await expect(failing.result).rejects.toThrow('bad data');
    const crashing = client.call('layout', args());
    w.onerror?.({ message: 'out of memory', preventDefault: () => {} } as ErrorEvent);
    await expect(crashing.result).rejects.toThrow(/layout worker crashed \(out of memory\)/);
  });
});
