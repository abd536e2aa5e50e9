// buildModel/openModelFiles: every kind and layout opens into the one model type with the
// written values, and tensors that disagree with the config or with each other are refused
// with a message naming the file at fault.
import { describe, expect, it } from 'vitest';
import { BaeFileError } from './errors';
import { openModelFiles, type ModelFiles } from './modelFiles';
import { rangeProblem, weightScaleLimit } from './model';
import {
  buildFixtureModel,
  floatTensor,
  readFixture,
  readFixtureText,
  safetensorsBytes,
} from '../test/fixtures';
import type { FixtureTensor } from '../test/fixtures';

function fixtureFiles(name: string, withProbes = true): ModelFiles {
  const dir = `e2e/fixtures/${name}`;
  let probes: ModelFiles['probes'] = null;
  if (withProbes) {
    try {
      probes = { fileName: 'probes.safetensors', bytes: readFixture(`${dir}/probes.safetensors`) };
    } catch {
      probes = null;
    }
  }
  return {
    name,
    config: { fileName: 'config.json', text: readFixtureText(`${dir}/config.json`) },
    weights: { fileName: 'model.safetensors', bytes: readFixture(`${dir}/model.safetensors`) },
    probes,
  };
}

function openError(files: ModelFiles): BaeFileError {
  try {
    openModelFiles(files);
  } catch (e) {
    if (e instanceof BaeFileError) return e;
    throw e;
  }
  throw new Error('expected a BaeFileError');
}

/** The tiny-mixed fixture with its tensors replaced/removed, as model files. */
function mixedWith(
  edit: (t: Record<string, FixtureTensor>) => void,
  config?: Record<string, unknown>,
): ModelFiles {
  const { tensors } = buildFixtureModel('tiny-mixed');
  const copy = { ...tensors } as Record<string, FixtureTensor>;
  edit(copy);
  const base = JSON.parse(readFixtureText('e2e/fixtures/tiny-mixed/config.json')) as Record<
    string,
    unknown
  >;
  return {
    name: 'edited',
    config: { fileName: 'config.json', text: JSON.stringify({ ...base, ...config }) },
    weights: { fileName: 'model.safetensors', bytes: safetensorsBytes(copy) },
    probes: null,
  };
}

describe('openModelFiles: every kind', () => {
  it('mixed (F32, with down and a token-window probe set)', () => {
    const { model, probes } = openModelFiles(fixtureFiles('tiny-mixed'));
    expect(model).toMatchObject({
      kind: 'mixed',
      dModel: 16,
      nFeatures: 64,
      nComposites: 32,
      dtype: 'F32',
    });
    expect(model.biased).toBe(false);
    expect(model.down?.length).toBe(32 * 64);
    const { tensors } = buildFixtureModel('tiny-mixed');
    expect(model.down?.[5 * 64 + 7]).toBe(Math.fround(tensors.down?.stored[5 * 64 + 7] as number));
    expect(probes?.n).toBe(256);
    expect(probes?.window).toBe(6);
  });

  it('vanilla v0 (F16): no down, one composite per feature', () => {
    const { model, probes } = openModelFiles(fixtureFiles('tiny-vanilla-f16'));
    expect(model).toMatchObject({
      kind: 'vanilla',
      dModel: 12,
      nFeatures: 24,
      nComposites: 24,
      dtype: 'F16',
    });
    expect(model.down).toBeNull();
    expect(probes).toBeNull();
  });

  it('ordered (BF16)', () => {
    const { model } = openModelFiles(fixtureFiles('tiny-ordered-bf16'));
    expect(model).toMatchObject({
      kind: 'ordered',
      dModel: 8,
      nFeatures: 24,
      nComposites: 24,
      dtype: 'BF16',
    });
    const { tensors } = buildFixtureModel('tiny-ordered-bf16');
    expect(Array.from(model.left.slice(0, 5))).toEqual(tensors.left?.stored.slice(0, 5));
  });

  it('combined (down with bottleneck 1)', () => {
    const { model } = openModelFiles(fixtureFiles('tiny-combined'));
    expect(model).toMatchObject({ kind: 'combined', dModel: 8, nFeatures: 32, nComposites: 8 });
  });

  it('vanilla v1 biased (left.weight/left.bias/right.weight/right.bias)', () => {
    const { model } = openModelFiles(fixtureFiles('tiny-biased'));
    expect(model.biased).toBe(true);
    expect(model.leftBias?.length).toBe(20);
    expect(model.rightBias?.length).toBe(20);
    const { tensors } = buildFixtureModel('tiny-biased');
    expect(model.rightBias?.[3]).toBe(Math.fround(tensors['right.bias']?.stored[3] as number));
  });

  it('names the model after the config when no folder name is known', () => {
    const files = { ...fixtureFiles('tiny-mixed'), name: null };
    expect(openModelFiles(files).model.name).toBe('mixed-l03-x4-a100-b0-tiny');
  });
});

describe('openModelFiles: inconsistent files', () => {
  it('a missing tensor, listing the ones present', () => {
    const e = openError(mixedWith((t) => delete t.down));
    expect(e.file).toBe('model.safetensors');
    expect(e.problem).toMatch(
      /tensor "down" is missing: a mixed model needs left, right and down \(tensors present: "left", "right"\)/,
    );
  });

  it('a tensor of the wrong shape for the kind', () => {
    const e = openError(
      mixedWith((t) => (t.right = floatTensor(new Array(64 * 15).fill(0), [64, 15]))),
    );
    expect(e.problem).toMatch(
      /tensor "right" has shape \[64, 15\], but "left" has \[64, 16\] so it must be \[64, 16\]/,
    );
    const e2 = openError(
      mixedWith((t) => (t.down = floatTensor(new Array(32 * 63).fill(0), [32, 63]))),
    );
    expect(e2.problem).toMatch(
      /tensor "down" has shape \[32, 63\], but it must be \[C, F\] with F = 64/,
    );
    const e3 = openError(mixedWith((t) => (t.left = floatTensor(new Array(64).fill(0), [64]))));
    expect(e3.problem).toMatch(/must be 2-D/);
  });

  it('d_model, expansion or bottleneck disagreeing between config and tensors blames config.json', () => {
    const d = openError(mixedWith(() => {}, { d_model: 32 }));
    expect(d.file).toBe('config.json');
    expect(d.problem).toMatch(/d_model is 32, but the weights have d_model 16/);
    const f = openError(mixedWith(() => {}, { expansion: 8 }));
    expect(f.problem).toMatch(/F = 64 features .* implies F = 128/);
    const c = openError(mixedWith(() => {}, { bottleneck: 1 }));
    expect(c.problem).toMatch(/C = 32 composites .* implies C = 16/);
  });

  it('a kind that does not match the tensors', () => {
    const v = openError(mixedWith(() => {}, { kind: 'vanilla' }));
    expect(v.file).toBe('config.json');
    expect(v.problem).toMatch(/have a "down" tensor, but kind "vanilla" has none/);
  });

  it('NaN or Inf weights, naming the tensor and the first bad index', () => {
    const e = openError({
      name: 'nan',
      config: {
        fileName: 'config.json',
        text: readFixtureText('e2e/fixtures/nan-weights/config.json'),
      },
      weights: {
        fileName: 'model.safetensors',
        bytes: readFixture('e2e/fixtures/nan-weights/model.safetensors'),
      },
      probes: null,
    });
    expect(e.file).toBe('model.safetensors');
    expect(e.problem).toBe(
      'tensor "left" has 2 non-finite values (NaN or Inf), the first at [0, 9]',
    );
  });

  it('huge finite weights, naming the tensor, the quantity and the float32 limit', () => {
    const e = openError(
      mixedWith((t) => {
        const values = [...(t.left?.stored ?? [])];
        values[3 * 16 + 5] = -3e38;
        t.left = floatTensor(values, [64, 16]);
      }),
    );
    expect(e.file).toBe('model.safetensors');
    expect(e.problem).toMatch(
      /^the weights are too large to analyse in float32: ‖left\[3\]‖² is 9\.\d\de\+76, but the analysis of 32 composites needs it at most 8\.51e\+37 \(the largest weight is -3\.00e\+38, in tensor "left" at \[3, 5\]\)$/,
    );
    // Weights fine on their own, but whose composites overflow: a large `down`.
    const d = openError(
      mixedWith((t) => {
        t.down = floatTensor(new Array(32 * 64).fill(1e12), [32, 64]);
      }),
    );
    expect(d.problem).toMatch(
      /Σ_j \|down\[0, j\]\|·‖left\[j\]‖·‖right\[j\]‖ \(composite 0\) is .* at most 5\.37e\+8 .* in tensor "down" at \[0, 0\]/,
    );
  });

  it('the float32 limit is generous for trained models and tight for hostile ones', () => {
    // (FLOAT32_MAX/4)^¼ / √(sC): about 6.7e7 at the paper's C = 2048.
    expect(weightScaleLimit(2048, 1)).toBeCloseTo(6.71e7, -5);
    expect(weightScaleLimit(32, 1)).toBeCloseTo(5.37e8, -6);
    // At the limit, the largest term the analysis forms, s²C²A⁴, stays a finite float32.
    for (const [C, s] of [
      [32, 1],
      [2048, 1],
      [16384, 2],
    ] as const) {
      const A = weightScaleLimit(C, s);
      expect(Number.isFinite(Math.fround(s * s * C * C * A ** 4 * 4))).toBe(true);
      expect(Number.isFinite(Math.fround(s * s * C * C * (A * 1.01) ** 4 * 4))).toBe(false);
    }
    // The fixtures are far inside it.
    expect(rangeProblem(openModelFiles(fixtureFiles('tiny-mixed')).model)).toBeNull();
    expect(rangeProblem(openModelFiles(fixtureFiles('tiny-biased')).model)).toBeNull();
  });

  it('non-float weights', () => {
    const e = openError(
      mixedWith((t) => {
        const ints = new Uint8Array(64 * 16 * 4);
        t.left = {
          dtype: 'I32',
          shape: [64, 16],
          bytes: ints,
          stored: [],
        } as unknown as FixtureTensor;
      }),
    );
    expect(e.problem).toMatch(/tensor "left" has dtype I32, but weights must be F32, F16 or BF16/);
  });

  it('a probe set whose width is not d_model', () => {
    const files = fixtureFiles('tiny-mixed');
    files.probes = {
      fileName: 'wrong-width-probes.safetensors',
      bytes: readFixture('e2e/fixtures/wrong-width-probes.safetensors'),
    };
    const e = openError(files);
    expect(e.file).toBe('wrong-width-probes.safetensors');
    expect(e.problem).toMatch(/activations have width 7, but the model's d_model is 16/);
  });
});
