// Encoder-feature detail and the feature-sharing counts against the float64 reference: a
// feature's top rows are where f_j = (l̃_j·x̃)(r̃_j·x̃) is largest, its readers are the composites
// with the largest |D_kj|, and the reader counts follow their stated 10% rule.
import { describe, expect, it } from 'vitest';
import { openModelFiles } from './modelFiles';
import { encodeRow } from '../test/baeReference';
import { readFixture, readFixtureText } from '../test/fixtures';
import { READER_SHARE, featureDetails, featureReaders } from './features';
import { engineWeights } from './weights';

function open(name: string) {
  const dir = `e2e/fixtures/${name}`;
  return openModelFiles({
    name,
    config: { fileName: 'config.json', text: readFixtureText(`${dir}/config.json`) },
    weights: { fileName: 'model.safetensors', bytes: readFixture(`${dir}/model.safetensors`) },
    probes: { fileName: 'probes.safetensors', bytes: readFixture(`${dir}/probes.safetensors`) },
  });
}

describe('feature detail', () => {
  for (const name of ['tiny-mixed', 'tiny-biased']) {
    it(`top rows and readers of ${name}`, () => {
      const { model, probes } = open(name);
      const p = probes!;
      const w = engineWeights(model);
      const [a, b] = featureDetails(w, { activations: p.activations, n: p.n }, [0, 5], 5, 4);
      for (const detail of [a!, b!]) {
        const j = detail.feature;
        const f = Array.from(
          { length: p.n },
          (_, i) => encodeRow(model, p.activations.subarray(i * p.d, (i + 1) * p.d)).f[j] ?? 0,
        );
        const sorted = f.map((v, i) => [v, i] as const).sort((x, y) => y[0] - x[0]);
        expect(Array.from(detail.topRows)).toEqual(sorted.slice(0, 5).map(([, i]) => i));
        detail.topValues.forEach((v, r) => expect(v).toBeCloseTo(sorted[r]![0], 5));
        expect(detail.bottomRows[0]).toBe(sorted.at(-1)![1]);
        if (model.down) {
          const weights = Array.from(
            { length: model.nComposites },
            (_, k) => model.down![k * model.nFeatures + j] ?? 0,
          );
          const byAbs = weights
            .map((v, k) => [Math.abs(v), k] as const)
            .sort((x, y) => y[0] - x[0]);
          expect(Array.from(detail.readers)).toEqual(byAbs.slice(0, 4).map(([, k]) => k));
          expect(detail.readerWeights[0]).toBe(weights[detail.readers[0]!]);
        } else {
          expect(Array.from(detail.readers)).toEqual([j]);
        }
      }
      expect(() => featureDetails(w, null, [model.nFeatures], 5, 4)).toThrow(/does not exist/);
    });
  }

  it('the rule is 10% of the largest |D_k·|, as the model panel states', () => {
    expect(READER_SHARE).toBe(0.1);
  });

  it('counts the composites reading each feature by the 10% rule', () => {
    const { model } = open('tiny-mixed');
    const { nComposites: C, nFeatures: F } = model;
    const down = model.down!;
    const counts = featureReaders(down, C, F)!;
    for (let j = 0; j < F; j++) {
      let n = 0;
      for (let k = 0; k < C; k++) {
        const row = Array.from(down.subarray(k * F, (k + 1) * F), Math.abs);
        if (Math.abs(down[k * F + j] ?? 0) >= 0.1 * Math.max(...row)) n++;
      }
      expect(counts[j], `feature ${j}`).toBe(n);
    }
    expect(featureReaders(null, C, F)).toBeNull();
  });
});
