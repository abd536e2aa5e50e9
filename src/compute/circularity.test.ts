// The circularity of every composite from the analysis's stored eigenvectors (core/shape/
// circularityAll, the shape worker's call) equals the engine's own route (compute/shapes, which
// finds each composite's two leading eigenvectors afresh) on fixture models of several kinds and
// every spectral route the analysis can take, on the real onnxruntime-web (WASM, in Node).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-web/wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Analysis } from '../core/analysis';
import { openModelFiles } from '../core/modelFiles';
import { circularityFromVectors } from '../core/shape/circularityAll';
import { engineWeights, type EngineWeights } from '../core/weights';
import { REPO_ROOT, readFixture, readFixtureText } from '../test/fixtures';
import { analyse } from './analysis';
import { OrtBackend } from './runtime';
import { circularityAll } from './shapes';

let backend: OrtBackend;
beforeAll(async () => {
  backend = await OrtBackend.create(ort, 'wasm');
});

function fixture(name: string) {
  const dir = `e2e/fixtures/${name}`;
  if (!existsSync(join(REPO_ROOT, dir, 'probes.safetensors')))
    throw new Error(`${name}: no probes`);
  const { model, probes } = openModelFiles({
    name,
    config: { fileName: 'config.json', text: readFixtureText(`${dir}/config.json`) },
    weights: { fileName: 'model.safetensors', bytes: readFixture(`${dir}/model.safetensors`) },
    probes: { fileName: 'probes.safetensors', bytes: readFixture(`${dir}/probes.safetensors`) },
  });
  if (!probes) throw new Error(`${name}: no probes`);
  return { weights: engineWeights(model), probes };
}

/** Each composite's top m rows and their values, as the session gathers them. */
function topRows(analysis: Analysis, m: number) {
  const p = analysis.probes;
  if (!p) throw new Error('no probe results');
  const C = analysis.nComposites;
  const k = Math.min(m, p.topK);
  const rows = new Int32Array(C * k);
  const values = new Float32Array(C * k);
  for (let c = 0; c < C; c++) {
    for (let r = 0; r < k; r++) {
      const row = p.topRows[c * p.topK + r] ?? 0;
      rows[c * k + r] = row;
      values[c * k + r] = p.hByComposite[c * p.n + row] ?? 0;
    }
  }
  return { rows, values, m: k };
}

async function compare(name: string, route: 'auto' | 'explicit' | 'lowrank' | 'lanczos') {
  const { weights, probes } = fixture(name);
  const input = { activations: probes.activations, n: probes.n };
  const analysis = await analyse(
    backend,
    {
      key: 'test',
      modelName: name,
      weights: weights as EngineWeights,
      probes: input,
      prefixBasis: 'importance',
    },
    { route },
  );
  const vectors = analysis.eigenvectors;
  if (!vectors) throw new Error('the analysis kept no eigenvectors');
  const top = topRows(analysis, 100);
  const fromVectors = circularityFromVectors({
    activations: probes.activations,
    d: probes.d,
    dForm: analysis.dForm,
    n: probes.n,
    ...top,
    vectors: vectors.vectors,
    count: vectors.count,
  });
  const engine = await circularityAll(
    backend,
    { weights, probes: input, ...top },
    new AbortController().signal,
    () => {},
  );
  expect(fromVectors.length).toBe(analysis.nComposites);
  let spread = 0;
  for (let k = 0; k < analysis.nComposites; k++) {
    const a = fromVectors[k] ?? NaN;
    const b = engine[k] ?? NaN;
    expect(Number.isFinite(a), `composite ${k}`).toBe(true);
    expect(Math.abs(a - b), `composite ${k}: ${a} vs the engine's ${b}`).toBeLessThan(1e-4);
    spread = Math.max(spread, a);
  }
  // The scores are not all zero (a comparison of zeros would prove nothing).
  expect(spread).toBeGreaterThan(0.05);
}

describe('circularity from the stored eigenvectors', () => {
  it('equals the engine route on tiny-mixed (explicit forms)', () => compare('tiny-mixed', 'auto'));
  it('equals it when the analysis took the Lanczos route', () => compare('tiny-mixed', 'lanczos'));
  it('equals it on a biased model (x̃ = [1, x̂])', () => compare('tiny-biased', 'auto'));
  it('equals it on an ordered BF16 model', () => compare('tiny-ordered-bf16', 'auto'));
  it('refuses fewer than two eigenvectors', () => {
    expect(() =>
      circularityFromVectors({
        activations: new Float32Array(4),
        d: 2,
        dForm: 2,
        n: 2,
        rows: new Int32Array(2),
        values: new Float32Array(2),
        m: 2,
        vectors: new Float32Array(2),
        count: 1,
      }),
    ).toThrow('2 eigenvectors');
  });
});
