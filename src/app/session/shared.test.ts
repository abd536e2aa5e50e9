// The open model's arrays in shared memory: same values, shared buffers, nothing else changed;
// left alone where memory cannot be shared.
import { describe, expect, it } from 'vitest';
import { openModelFiles } from '../../core/modelFiles';
import { readFixture, readFixtureText } from '../../test/fixtures';
import type { OpenModel } from '../../state/appStore';
import { withSharedArrays } from './shared';

function open(name: string): OpenModel {
  const dir = `e2e/fixtures/${name}`;
  return {
    ...openModelFiles({
      name,
      config: { fileName: 'config.json', text: readFixtureText(`${dir}/config.json`) },
      weights: { fileName: 'model.safetensors', bytes: readFixture(`${dir}/model.safetensors`) },
      probes: { fileName: 'probes.safetensors', bytes: readFixture(`${dir}/probes.safetensors`) },
    }),
    source: { type: 'files', names: [] },
    openedAtMs: 0,
  };
}

describe('shared model arrays', () => {
  it('copies weights and activations into shared memory, values unchanged', () => {
    for (const name of ['tiny-mixed', 'tiny-biased']) {
      const before = open(name);
      const after = withSharedArrays(before, true);
      const pairs = [
        [before.model.left, after.model.left],
        [before.model.right, after.model.right],
        [before.model.down, after.model.down],
        [before.model.leftBias, after.model.leftBias],
        [before.probes!.activations, after.probes!.activations],
      ] as const;
      for (const [a, b] of pairs) {
        if (!a) {
          expect(b).toBeNull();
          continue;
        }
        expect(b!.buffer).toBeInstanceOf(SharedArrayBuffer);
        expect(Array.from(b!)).toEqual(Array.from(a));
      }
      expect(after.model.nComposites).toBe(before.model.nComposites);
      expect(after.probes!.vocab).toBe(before.probes!.vocab);
      // Sharing again keeps the same buffers (no second copy).
      expect(withSharedArrays(after, true).model.left).toBe(after.model.left);
    }
  });

  it('leaves the model as it is where memory cannot be shared', () => {
    const before = open('tiny-mixed');
    expect(withSharedArrays(before, false)).toBe(before);
  });
});
