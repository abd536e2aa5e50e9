// The files worker's handlers (the page's worker runs exactly these): a model folder and a probe
// set parse as core parses them; with `share` the large arrays land in shared memory, without it
// each array owns its buffer and is marked for transfer; a bad file comes back as a value naming
// the file, the problem and the fix.
import { describe, expect, it } from 'vitest';
import { openModelFiles } from '../../core/modelFiles';
import { buildFixtureModel, readFixture } from '../../test/fixtures';
import type { RpcContext } from '../rpc/types';
import { filesHandlers } from './handlers';

function context(): RpcContext & { transferred: ArrayBuffer[] } {
  const transferred: ArrayBuffer[] = [];
  return {
    transferred,
    signal: new AbortController().signal,
    progress: () => {},
    transfer: (...b) => transferred.push(...b),
    emit: () => {},
  };
}

const dir = 'e2e/fixtures/tiny-mixed';
const files = () => ({
  name: 'tiny-mixed',
  config: {
    fileName: 'config.json',
    text: new TextDecoder().decode(readFixture(`${dir}/config.json`)),
  },
  weights: { fileName: 'model.safetensors', bytes: readFixture(`${dir}/model.safetensors`) },
  probes: { fileName: 'probes.safetensors', bytes: readFixture(`${dir}/probes.safetensors`) },
});

describe('files worker handlers', () => {
  it('opens a model folder as core does, in shared memory when asked', async () => {
    const expected = openModelFiles(files());
    for (const share of [true, false]) {
      const ctx = context();
      const out = await filesHandlers.openModel({ files: files(), share }, ctx);
      if (!out.ok) throw new Error(out.problem);
      const { model, probes } = out.value;
      expect(Array.from(model.left)).toEqual(Array.from(expected.model.left));
      expect(Array.from(model.down ?? [])).toEqual(Array.from(expected.model.down ?? []));
      expect(Array.from(probes?.activations ?? [])).toEqual(
        Array.from(expected.probes?.activations ?? []),
      );
      expect(Array.from(probes?.tokens ?? [])).toEqual(Array.from(expected.probes?.tokens ?? []));
      expect(model.left.buffer instanceof SharedArrayBuffer).toBe(share);
      expect(probes?.activations.buffer instanceof SharedArrayBuffer).toBe(share);
      // Every transferred buffer is the array's own (no view into the file's bytes), once.
      expect(new Set(ctx.transferred).size).toBe(ctx.transferred.length);
      expect(ctx.transferred).toContain(probes?.tokens.buffer);
      expect(probes?.tokens.byteLength).toBe(probes?.tokens.buffer.byteLength);
      if (!share) {
        expect(ctx.transferred).toContain(model.left.buffer);
        expect(model.left.byteLength).toBe(model.left.buffer.byteLength);
      }
    }
  });

  it('parses a probe set alone for the open model', async () => {
    const { probes } = buildFixtureModel('tiny-mixed');
    const out = await filesHandlers.parseProbes(
      {
        bytes: readFixture(`${dir}/probes.safetensors`),
        fileName: 'mine.safetensors',
        dModel: 16,
        nComposites: 32,
        share: true,
      },
      context(),
    );
    if (!out.ok) throw new Error(out.problem);
    expect(out.value.fileName).toBe('mine.safetensors');
    expect(out.value.activations[5]).toBe(
      Math.fround(probes?.tensors.activations?.stored[5] as number),
    );
  });

  it('returns a bad file as its report, not as a thrown error', async () => {
    const out = await filesHandlers.parseProbes(
      {
        bytes: readFixture(`${dir}/probes.safetensors`),
        fileName: 'other.safetensors',
        dModel: 100,
        nComposites: 200,
        share: false,
      },
      context(),
    );
    expect(out).toMatchObject({
      ok: false,
      file: 'other.safetensors',
      problem: expect.stringMatching(/width 16, but the model's d_model is 100/),
    });
    const bad = await filesHandlers.openModel(
      {
        files: { ...files(), weights: { fileName: 'model.safetensors', bytes: new Uint8Array(3) } },
        share: false,
      },
      context(),
    );
    expect(bad).toMatchObject({ ok: false, file: 'model.safetensors' });
  });
});
