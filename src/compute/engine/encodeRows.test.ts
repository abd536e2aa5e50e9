// The engine's encodeRows call (the user's own rows) through its real handlers on onnxruntime's
// WASM build in Node: rows copied from the probe set encode to the h and reconstruction error
// the analysis gives for those rows (1e-5 relative); bad sizes are refused with a message.
import * as ort from 'onnxruntime-web/wasm';
import { describe, expect, it } from 'vitest';
import { openModelFiles } from '../../core/modelFiles';
import { readFixture, readFixtureText } from '../../test/fixtures';
import type { RpcContext } from '../rpc/types';
import type { OrtModule } from '../runtime';
import { createEngineHandlers, type EngineEvent } from './handlers';

function context(): RpcContext<EngineEvent> {
  return {
    signal: new AbortController().signal,
    progress: () => {},
    transfer: () => {},
    emit: () => {},
  };
}

describe('encodeRows', () => {
  it('gives the analysis’s h and error for rows of the probe set', async () => {
    const dir = 'e2e/fixtures/tiny-planted';
    const { model, probes } = openModelFiles({
      name: 'tiny-planted',
      config: { fileName: 'config.json', text: readFixtureText(`${dir}/config.json`) },
      weights: { fileName: 'model.safetensors', bytes: readFixture(`${dir}/model.safetensors`) },
      probes: { fileName: 'probes.safetensors', bytes: readFixture(`${dir}/probes.safetensors`) },
    });
    const p = probes!;
    const engine = createEngineHandlers({ ort: ort as unknown as OrtModule });
    const ctx = context();
    await engine.configure({ preference: 'wasm' }, ctx);
    await engine.load({
      model: { ...model },
      probes: { n: p.n, d: p.d, activations: p.activations },
    });
    const { analysis } = await engine.analyse({ useCache: false }, ctx);
    const rows = [3, 0, 117];
    const d = model.dModel;
    const C = model.nComposites;
    const x = new Float32Array(rows.length * d);
    rows.forEach((r, i) => x.set(p.activations.subarray(r * d, (r + 1) * d), i * d));
    const { h, error } = await engine.encodeRows({ activations: x, n: rows.length }, ctx);
    const N = p.n;
    rows.forEach((r, i) => {
      let scale = 0;
      for (let k = 0; k < C; k++)
        scale = Math.max(scale, Math.abs(analysis.probes!.hByComposite[k * N + r]!));
      for (let k = 0; k < C; k++) {
        const want = analysis.probes!.hByComposite[k * N + r]!;
        expect(Math.abs(h[i * C + k]! - want), `h[${r}, ${k}]`).toBeLessThanOrEqual(1e-5 * scale);
      }
      const e = analysis.probes!.rowError![r]!;
      expect(Math.abs(error![i]! - e)).toBeLessThanOrEqual(1e-5 * Math.max(1, e));
    });
    await expect(engine.encodeRows({ activations: x, n: 2 }, ctx)).rejects.toThrow(
      /values for 2 rows of width/,
    );
    await expect(
      engine.encodeRows({ activations: new Float32Array(0), n: 0 }, ctx),
    ).rejects.toThrow(/1 to 4096/);
  });
});
