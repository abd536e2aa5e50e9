// The RPC client against the real engine in real worker threads (onnxruntime-web's WASM build in
// Node): queued calls answer in order; a cancel stops an analysis in the middle of a phase and
// the worker goes on serving; after a crash the client starts a new worker, replays the backend
// choice and the model, re-runs the call that was waiting, and gets the same result.
import { describe, expect, it } from 'vitest';
import type { LatentDetail } from '../../core/analysis';
import { openModelFiles } from '../../core/modelFiles';
import { readFixture, readFixtureText } from '../../test/fixtures';
import { nodeWorker } from '../../test/workers/nodeWorker';
import type { EngineEvent, EngineHandlers, ModelPayload, ProbePayload } from '../engine/handlers';
import { RpcClient } from './client';
import type { RpcResponse } from './types';

const ENTRY = new URL('../../test/workers/engine.mjs', import.meta.url);

function openFixture(dir: string, name: string) {
  return openModelFiles({
    name,
    config: { fileName: 'config.json', text: readFixtureText(`${dir}/config.json`) },
    weights: { fileName: 'model.safetensors', bytes: readFixture(`${dir}/model.safetensors`) },
    probes: { fileName: 'probes.safetensors', bytes: readFixture(`${dir}/probes.safetensors`) },
  });
}

function payload(dir: string, name: string): { model: ModelPayload; probes: ProbePayload } {
  const { model, probes } = openFixture(dir, name);
  const p = probes!;
  return {
    model: {
      name: model.name,
      kind: model.kind,
      dModel: model.dModel,
      nFeatures: model.nFeatures,
      nComposites: model.nComposites,
      biased: model.biased,
      left: model.left,
      right: model.right,
      leftBias: model.leftBias,
      rightBias: model.rightBias,
      down: model.down,
    },
    probes: { n: p.n, d: p.d, activations: p.activations },
  };
}

function engineClient(messages?: (data: unknown) => void) {
  let started = 0;
  const client = new RpcClient<EngineHandlers, EngineEvent>({
    create: () => {
      started++;
      return nodeWorker(ENTRY, messages);
    },
    name: 'The compute engine',
    cancel: 'message',
  });
  const restarts: string[] = [];
  client.onRestart((reason) => restarts.push(reason));
  return { client, restarts, started: () => started };
}

function sameDetail(a: LatentDetail, b: LatentDetail) {
  expect(b.composite).toBe(a.composite);
  expect(Array.from(b.values)).toEqual(Array.from(a.values));
  expect(Array.from(b.vectors)).toEqual(Array.from(a.vectors));
  expect(Array.from(b.xyz ?? [])).toEqual(Array.from(a.xyz ?? []));
}

describe('RPC client with the engine in a real worker', () => {
  it('answers queued calls in order, with typed results', async () => {
    const { client } = engineClient();
    try {
      const tiny = payload('e2e/fixtures/tiny-mixed', 'tiny-mixed');
      // Sent back to back: the worker runs them one at a time, in order.
      const [info, loaded, analysed, detail] = await Promise.all([
        client.call('configure', { preference: 'wasm' }, { sticky: true }),
        client.call('load', tiny, { sticky: true }),
        client.call('analyse', { useCache: false }),
        client.call('latent', { composite: 3, axes: [0, 1, 2] }),
      ]);
      expect(info.name).toBe('wasm');
      expect(loaded.key).toMatch(/^[0-9a-f]{64}$/);
      expect(analysed.analysis.key).toBe(loaded.key);
      expect(analysed.analysis.nComposites).toBe(tiny.model.nComposites);
      // Buffers arrive as the analysis's own typed arrays (transferred, not wrapped objects).
      expect(analysed.analysis.spectra).toBeInstanceOf(Float32Array);
      expect(detail.composite).toBe(3);
      expect(detail.xyz?.length).toBe(tiny.probes.n * 3);
    } finally {
      client.terminate();
    }
  });

  it('a cancel stops an analysis in the middle of a phase; the worker goes on serving', async () => {
    const replies: RpcResponse[] = [];
    const { client } = engineClient((data) => replies.push(data as RpcResponse));
    try {
      await client.call('configure', { preference: 'wasm' }, { sticky: true });
      await client.call('load', payload('public/models/words-mixed', 'words-mixed'), {
        sticky: true,
      });
      const controller = new AbortController();
      let seenFraction = 0;
      const running = client.call(
        'analyse',
        { useCache: false },
        {
          signal: controller.signal,
          onProgress: (phase, fraction) => {
            seenFraction = fraction;
            // Cancel once the probe rows are being encoded (a phase of many runs).
            if (phase === 'Encoding probe rows') controller.abort();
          },
        },
      );
      await expect(running).rejects.toMatchObject({ name: 'AbortError' });
      expect(seenFraction).toBeGreaterThan(0);
      expect(seenFraction).toBeLessThan(1);
      // The worker itself stops the job and says so, before doing the next call …
      const detail = await client.call('latent', { composite: 57, axes: [0, 1, 2] });
      expect(detail.composite).toBe(57);
      const analyseId = replies.find((r) => r.kind === 'progress')!.id;
      const end = replies.find((r) => r.kind !== 'progress' && 'id' in r && r.id === analyseId);
      expect(end).toMatchObject({ kind: 'error', name: 'AbortError' });
      // … without having finished the phase.
      const fractions = replies.flatMap((r) =>
        r.kind === 'progress' && r.id === analyseId ? [r.fraction] : [],
      );
      expect(Math.max(...fractions)).toBeLessThan(1);
    } finally {
      client.terminate();
    }
  }, 120_000);

  it('after a crash, a new worker gets the backend choice and the model, and the waiting call runs again', async () => {
    const { client, restarts, started } = engineClient();
    try {
      await client.call('configure', { preference: 'wasm' }, { sticky: true });
      const { key } = await client.call('load', payload('e2e/fixtures/tiny-mixed', 'tiny-mixed'), {
        sticky: true,
      });
      const before = await client.call('latent', { composite: 5, axes: [0, 2, 1] });
      expect(started()).toBe(1);
      // The crash ends the worker while the latent call waits behind it in the queue.
      const crash = client.call('crash', { message: 'deliberate test crash' }, { retry: false });
      const waiting = client.call('latent', { composite: 5, axes: [0, 2, 1] });
      await expect(crash).rejects.toThrow(
        /The compute engine crashed while running "crash" \(deliberate test crash\)/,
      );
      sameDetail(before, await waiting);
      expect(started()).toBe(2);
      expect(restarts).toEqual(['deliberate test crash']);
      // The replayed model is the same one: its analysis has the same key (weights' hash).
      const again = await client.call('analyse', { useCache: false });
      expect(again.analysis.key).toBe(key);
    } finally {
      client.terminate();
    }
  }, 60_000);
});
