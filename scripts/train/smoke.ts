// The only owner of the `--smoke` configuration that CI runs (`npm run train -- --smoke` and
// train.test.ts): 10 steps on a tiny clustered synthetic data set, same code path as the full run.
import { gaussian, rng } from './linalg.ts';
import type { TrainOptions } from './train.ts';
import type { WordVectors } from './words.ts';

/** Clustered Gaussian vectors named `w0…`: a data set with structure, for smoke runs. */
export function syntheticWords(
  count: number,
  dim: number,
  clusters: number,
  seed: number,
): WordVectors {
  const normal = gaussian(rng(seed));
  const centres = Array.from({ length: clusters }, () => Array.from({ length: dim }, normal));
  const vectors = new Float32Array(count * dim);
  for (let i = 0; i < count; i++) {
    const c = centres[i % clusters]!;
    for (let j = 0; j < dim; j++) vectors[i * dim + j] = c[j]! + 0.4 * normal();
  }
  return { words: Array.from({ length: count }, (_, i) => `w${i}`), vectors, dim };
}

/** Options of a smoke run: seconds, not minutes; the same code path as the full run. */
export function smokeOptions(outDir: string, log: (line: string) => void): TrainOptions {
  return {
    data: syntheticWords(400, 12, 8, 7),
    outDir,
    seed: 1,
    steps: 10,
    batch: 64,
    expansion: 4,
    bottleneck: 2,
    alpha: 0.1,
    alphaWarmupFrac: 0.5,
    lr: 1e-2,
    lrWarmupSteps: 2,
    lrFinalFrac: 0.5,
    clipNorm: 2,
    heldOutFrac: 0.1,
    rotate: true,
    pcaSamples: 0,
    logEvery: 2,
    evalEvery: 5,
    referenceWords: ['w0', 'w1', 'w2', 'w3', 'w4'],
    probeDescription: 'Synthetic smoke-test data (clustered Gaussian vectors).',
    tags: ['smoke'],
    source: 'synthetic (scripts/train/cli.ts syntheticWords)',
    log,
  };
}
