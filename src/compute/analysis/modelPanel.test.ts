// The model panel's figures on the ordered fixture (which has two dead features), from the real
// engine, against the float64 reference: the whole prefix curve (trained order), the mean error,
// variance explained and worst rows, and the dead-feature count at several thresholds.
import * as ort from 'onnxruntime-web/wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Analysis } from '../../core/analysis';
import { openModelFiles } from '../../core/modelFiles';
import type { BaeModel } from '../../core/model';
import type { ProbeSet } from '../../core/probes';
import { deadFeatures, prefixCurve, reconstructionSummary } from '../../core/modelStats';
import { encodeRow, quadraticVariance, reconErrorBrute } from '../../test/baeReference';
import { readFixture, readFixtureText } from '../../test/fixtures';
import { analyse } from '.';
import { OrtBackend } from '../runtime';
import { engineWeights } from '../../core/weights';

let model: BaeModel;
let probes: ProbeSet;
let analysis: Analysis;
let rows: Float32Array[];

beforeAll(async () => {
  const dir = 'e2e/fixtures/tiny-ordered-bf16';
  const opened = openModelFiles({
    name: 'ordered',
    config: { fileName: 'config.json', text: readFixtureText(`${dir}/config.json`) },
    weights: { fileName: 'model.safetensors', bytes: readFixture(`${dir}/model.safetensors`) },
    probes: { fileName: 'probes.safetensors', bytes: readFixture(`${dir}/probes.safetensors`) },
  });
  model = opened.model;
  probes = opened.probes!;
  const backend = await OrtBackend.create(ort, 'wasm');
  analysis = await analyse(backend, {
    key: 'panel',
    modelName: model.name,
    weights: engineWeights(model),
    probes: { activations: probes.activations, n: probes.n },
    prefixBasis: 'trained',
  });
  rows = Array.from({ length: probes.n }, (_, i) =>
    probes.activations.subarray(i * probes.d, (i + 1) * probes.d),
  );
});

describe('model panel figures (ordered kind)', () => {
  it('the prefix curve is the mean error using only the first k features, for every k', () => {
    const curve = prefixCurve(analysis);
    expect(curve).toHaveLength(model.nComposites);
    expect(analysis.probes?.prefixBasis).toBe('trained');
    for (const point of curve) {
      expect(point.composite).toBe(point.k - 1); // the trained order is the index order
      const ref = rows.reduce((s, x) => s + reconErrorBrute(model, x, point.k), 0) / rows.length;
      expect(Math.abs(point.error - ref), `prefix k=${point.k}`).toBeLessThan(
        1e-4 * Math.max(ref, 1e-3),
      );
    }
    // The full prefix is the plain reconstruction error.
    const full = rows.reduce((s, x) => s + reconErrorBrute(model, x), 0) / rows.length;
    expect(curve.at(-1)!.error).toBeCloseTo(full, 4);
  });

  it('mean error, variance explained and the worst rows match the reference', () => {
    const s = reconstructionSummary(analysis.probes!)!;
    const errors = rows.map((x) => reconErrorBrute(model, x));
    const mean = errors.reduce((a, b) => a + b, 0) / errors.length;
    expect(Math.abs(s.meanError - mean)).toBeLessThan(1e-5 * Math.max(1, mean));
    const variance = quadraticVariance(model, rows);
    expect(s.varianceExplained).toBeCloseTo(1 - mean / variance, 4);
    const worst = errors.map((e, i) => [e, i] as const).sort((a, b) => b[0] - a[0]);
    expect(Array.from(s.worstRows.slice(0, 5))).toEqual(worst.slice(0, 5).map(([, i]) => i));
  });

  it('counts the dead features (zero rows of left) at every threshold', () => {
    const F = model.nFeatures;
    const maxAbs = new Float64Array(F);
    for (const x of rows) {
      const { f } = encodeRow(model, x);
      f.forEach((v, j) => (maxAbs[j] = Math.max(maxAbs[j] ?? 0, Math.abs(v))));
    }
    const top = Math.max(...maxAbs);
    for (const share of [1e-6, 1e-3, 0.05, 0.3]) {
      const ref = Array.from(maxAbs, (v, j) => [v, j] as const)
        .filter(([v]) => v <= share * top)
        .map(([, j]) => j);
      const got = deadFeatures(analysis.probes!.featureMaxAbs, share);
      expect(got.ids, `dead at share ${share}`).toEqual(ref);
    }
    expect(deadFeatures(analysis.probes!.featureMaxAbs, 1e-3).ids).toEqual([3, 10]);
  });
});
