// The only owner of a training run of the bundled default model: seeded split, orthogonal
// init, Adam with learning-rate warm-up + cosine decay and global-norm clipping, alpha warm-up,
// evaluation, the PCA floor, and every artifact of the model folder (config.json,
// model.safetensors, probes.safetensors, training-log.json, reference-encodings.json).
// cli.ts parses the command line and calls train(); the smoke test calls it directly.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { encode, errorTerms, lossAndGrad, reconErrors, zerosLike, type BaeParams } from './bae.ts';
import { gaussian, mat, orthogonal, permutation, rng, type Mat } from './linalg.ts';
import { pcaFloor } from './pcaFloor.ts';
import { varimaxRotate } from './rotate.ts';
import { fromHalfBits, toHalf, writeSafetensors } from './safetensors.ts';
import type { WordVectors } from './words.ts';

export interface TrainOptions {
  data: WordVectors;
  outDir: string;
  seed: number;
  steps: number;
  batch: number;
  expansion: number;
  bottleneck: number;
  /** Final weight of the Hoyer density term (reached after alphaWarmupFrac of the steps). */
  alpha: number;
  alphaWarmupFrac: number;
  lr: number;
  lrWarmupSteps: number;
  /** Final learning rate as a fraction of lr (cosine decay after the warm-up). */
  lrFinalFrac: number;
  /** Gradients longer than clipNorm × their running mean norm are scaled down to it. */
  clipNorm: number;
  heldOutFrac: number;
  /** Varimax-rotate the composites after training (rotate.ts; the error is unchanged). */
  rotate: boolean;
  /** Training words the PCA floor is computed on; 0 = all of them (the floor of the train error). */
  pcaSamples: number;
  logEvery: number;
  evalEvery: number;
  /** Words whose composite values go into reference-encodings.json (missing ones skipped). */
  referenceWords: string[];
  probeDescription: string;
  tags: string[];
  /** Where the data came from, for training-log.json. */
  source: string;
  log: (line: string) => void;
}

export interface TrainSummary {
  finalTrainError: number;
  finalHeldOutError: number;
  pcaFloor: number;
  secondsPerStep: number;
}

/** Float64 unit-norm copy of rows of raw vectors. */
function unitRows(v: Float32Array, dim: number, rows: ArrayLike<number>): Mat {
  const out = mat(rows.length, dim);
  for (let r = 0; r < rows.length; r++) {
    const o = rows[r]! * dim;
    let s = 0;
    for (let i = 0; i < dim; i++) s += v[o + i]! * v[o + i]!;
    const inv = 1 / Math.sqrt(s);
    for (let i = 0; i < dim; i++) out.data[r * dim + i] = v[o + i]! * inv;
  }
  return out;
}

function mean(a: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]!;
  return s / a.length;
}

function round6(x: number): number {
  return Number(x.toPrecision(6));
}

/** Rounds every weight to the nearest float16 (what model.safetensors stores). */
function roundToHalf(p: BaeParams): void {
  for (const m of [p.left, p.right, p.down]) {
    for (let i = 0; i < m.data.length; i++) m.data[i] = fromHalfBits(toHalf([m.data[i]!])[0]!);
  }
}

export function train(o: TrainOptions): TrainSummary {
  const { words, vectors, dim: d } = o.data;
  const N = words.length;
  const F = d * o.expansion;
  const C = d * o.bottleneck;
  const t0 = performance.now();

  // Seeded split: the first heldOutFrac of a permutation is held out.
  const perm = permutation(N, rng(o.seed));
  const nHeld = Math.round(N * o.heldOutFrac);
  const heldIdx = Array.from(perm.subarray(0, nHeld)).sort((a, b) => a - b);
  const trainIdx = Array.from(perm.subarray(nHeld)).sort((a, b) => a - b);
  const Xtrain = unitRows(vectors, d, trainIdx);
  const Xheld = unitRows(vectors, d, heldIdx);

  const normal = gaussian(rng(o.seed + 1));
  const p: BaeParams = {
    left: orthogonal(F, d, normal),
    right: orthogonal(F, d, normal),
    down: orthogonal(C, F, normal),
  };
  // Orthogonal init leaves h ~1e-2 and the error ~1, where Adam crawls. The error is
  // 1 − 2t·a + t²·b in t = s⁶ when all three matrices are scaled by s, so start at the
  // optimal scale t = a/b (directions unchanged), measured on the first training words.
  {
    const probe = mat(
      Math.min(2048, Xtrain.rows),
      d,
      Xtrain.data.subarray(0, Math.min(2048, Xtrain.rows) * d),
    );
    const { hh, hmh } = errorTerms(p, probe);
    const s = (mean(hh) / mean(hmh)) ** (1 / 6);
    for (const m of [p.left, p.right, p.down])
      for (let i = 0; i < m.data.length; i++) m.data[i] = m.data[i]! * s;
    o.log(`init scale ${s.toPrecision(4)}`);
  }
  const grad = zerosLike(p);
  const m1 = zerosLike(p);
  const m2 = zerosLike(p);
  const keys = ['left', 'right', 'down'] as const;
  const beta1 = 0.9;
  const beta2 = 0.999;
  const adamEps = 1e-8;

  const initialTrainError = mean(reconErrors(p, Xtrain));
  o.log(`N=${N} train=${trainIdx.length} held-out=${nHeld} d=${d} F=${F} C=${C}`);
  o.log(`initial train error ${initialTrainError.toFixed(5)}`);

  const curve: Array<Record<string, number>> = [];
  const batchRng = rng(o.seed + 2);
  let order = permutation(trainIdx.length, batchRng);
  let cursor = 0;
  const Xb = mat(o.batch, d);
  let acc = { loss: 0, recon: 0, hoyer: 0, n: 0 };
  let normEma = 0;
  let clipped = 0;
  const trainStart = performance.now();
  for (let step = 1; step <= o.steps; step++) {
    for (let b = 0; b < o.batch; b++) {
      if (cursor === order.length) {
        order = permutation(trainIdx.length, batchRng);
        cursor = 0;
      }
      const r = order[cursor++]!;
      Xb.data.set(Xtrain.data.subarray(r * d, (r + 1) * d), b * d);
    }
    const alpha = o.alpha * Math.min(1, step / Math.max(1, o.alphaWarmupFrac * o.steps));
    const parts = lossAndGrad(p, Xb, alpha, grad);
    let sq = 0;
    for (const k of keys) for (const g of grad[k].data) sq += g * g;
    const gradNorm = Math.sqrt(sq);
    // Clip relative to the recent norm (the absolute scale drifts by orders of magnitude
    // during training): a step whose gradient is > clipNorm × its running mean is shrunk.
    const limit = step <= 5 ? Infinity : o.clipNorm * normEma;
    const clip = gradNorm > limit ? limit / gradNorm : 1;
    normEma = step === 1 ? gradNorm : 0.95 * normEma + 0.05 * Math.min(gradNorm, limit);
    if (clip < 1) clipped++;
    const warm = Math.min(1, step / Math.max(1, o.lrWarmupSteps));
    const decayT = Math.max(0, (step - o.lrWarmupSteps) / Math.max(1, o.steps - o.lrWarmupSteps));
    const lr =
      o.lr * warm * (o.lrFinalFrac + (1 - o.lrFinalFrac) * 0.5 * (1 + Math.cos(Math.PI * decayT)));
    const bc1 = 1 - beta1 ** step;
    const bc2 = 1 - beta2 ** step;
    for (const k of keys) {
      const w = p[k].data;
      const g = grad[k].data;
      const a = m1[k].data;
      const v = m2[k].data;
      for (let i = 0; i < w.length; i++) {
        const gi = g[i]! * clip;
        a[i] = beta1 * a[i]! + (1 - beta1) * gi;
        v[i] = beta2 * v[i]! + (1 - beta2) * gi * gi;
        w[i] = w[i]! - (lr * (a[i]! / bc1)) / (Math.sqrt(v[i]! / bc2) + adamEps);
      }
    }
    acc = {
      loss: acc.loss + parts.loss,
      recon: acc.recon + parts.recon,
      hoyer: acc.hoyer + parts.hoyer,
      n: acc.n + 1,
    };
    if (step % o.logEvery === 0 || step === o.steps) {
      const row: Record<string, number> = {
        step,
        loss: round6(acc.loss / acc.n),
        recon: round6(acc.recon / acc.n),
        hoyer: round6(acc.hoyer / acc.n),
        lr: round6(lr),
        alpha: round6(alpha),
        gradNorm: round6(gradNorm),
        clipped,
        seconds: Math.round((performance.now() - trainStart) / 100) / 10,
      };
      if (step % o.evalEvery === 0 || step === o.steps) {
        row.heldOutError = round6(mean(reconErrors(p, Xheld)));
      }
      curve.push(row);
      o.log(JSON.stringify(row));
      acc = { loss: 0, recon: 0, hoyer: 0, n: 0 };
    }
  }
  const trainSeconds = (performance.now() - trainStart) / 1000;
  const secondsPerStep = trainSeconds / Math.max(1, o.steps);

  // The composites' basis (rotate.ts): an orthogonal change of basis that leaves the error as
  // it is, chosen so each composite's values are concentrated on few words.
  const rotStart = performance.now();
  const errorBeforeRotation = mean(reconErrors(p, Xtrain));
  const rotation = o.rotate ? varimaxRotate(p, Xtrain, 500, 1e-4, o.log) : null;
  const rotationSeconds = (performance.now() - rotStart) / 1000;

  // Everything below uses the float16-rounded weights that model.safetensors ships.
  const preRoundTrain = mean(reconErrors(p, Xtrain));
  if (rotation) {
    o.log(
      `rotation: ${rotation.sweeps} sweeps, varimax criterion ${rotation.criterionBefore.toPrecision(4)} → ` +
        `${rotation.criterionAfter.toPrecision(4)}, train error ${errorBeforeRotation.toFixed(6)} → ${preRoundTrain.toFixed(6)} ` +
        `[${rotationSeconds.toFixed(1)} s]`,
    );
  }
  const preRoundHeld = mean(reconErrors(p, Xheld));
  roundToHalf(p);
  const finalTrainError = mean(reconErrors(p, Xtrain));
  const finalHeldOutError = mean(reconErrors(p, Xheld));
  o.log(
    `final error (f16 weights): train ${finalTrainError.toFixed(5)}, held-out ${finalHeldOutError.toFixed(5)}`,
  );

  // PCA floor on the training words (all of them unless pcaSamples limits it to a seeded
  // subsample); the model's error on the same rows.
  const nPca = o.pcaSamples > 0 ? Math.min(o.pcaSamples, trainIdx.length) : trainIdx.length;
  let Xpca = Xtrain;
  if (nPca < trainIdx.length) {
    const pcaRows = Array.from(permutation(trainIdx.length, rng(o.seed + 3)).subarray(0, nPca));
    Xpca = mat(nPca, d);
    pcaRows.forEach((r, i) => Xpca.data.set(Xtrain.data.subarray(r * d, (r + 1) * d), i * d));
  }
  const pcaStart = performance.now();
  const ranks = [...new Set([d, C / 2, C, 2 * C, 3 * C].map(Math.round))].sort((a, b) => a - b);
  const floor = pcaFloor(Xpca, ranks);
  const modelOnPcaRows = Xpca === Xtrain ? finalTrainError : mean(reconErrors(p, Xpca));
  const floorC = floor.floors[C]!;
  const pcaSeconds = (performance.now() - pcaStart) / 1000;
  o.log(
    `PCA floor (rank ${C}, ${floor.samples} words): ${floorC.toFixed(5)}; model on those words ${modelOnPcaRows.toFixed(5)} ` +
      `(${(((modelOnPcaRows - floorC) / floorC) * 100).toFixed(2)}% above) [${floor.route}, ${pcaSeconds.toFixed(1)} s]`,
  );

  // Composite values for every vocabulary word, from the float16 probe vectors the app reads.
  const allIdx = Array.from({ length: N }, (_, i) => i);
  const halfVectors = toHalf(vectors);
  const probeVectors = new Float32Array(halfVectors.length);
  for (let i = 0; i < halfVectors.length; i++) probeVectors[i] = fromHalfBits(halfVectors[i]!);
  const Xall = unitRows(probeVectors, d, allIdx);
  // The error over the whole probe set, as the explorer's model panel computes it.
  const probeSetError = mean(reconErrors(p, Xall));
  o.log(
    `probe-set error (all ${N} words, float16 vectors and weights): ${probeSetError.toFixed(6)}`,
  );
  const H = mat(N, C);
  const chunk = 2048;
  for (let s = 0; s < N; s += chunk) {
    const rows = Math.min(chunk, N - s);
    const { h } = encode(p, mat(rows, d, Xall.data.subarray(s * d, (s + rows) * d)));
    H.data.set(h.data, s * C);
  }
  const composites = [];
  for (let k = 0; k < C; k++) {
    const col = new Float64Array(N);
    let l1 = 0;
    let l2 = 0;
    for (let i = 0; i < N; i++) {
      const v = H.data[i * C + k]!;
      col[i] = v;
      l1 += Math.abs(v);
      l2 += v * v;
    }
    const order = allIdx.slice().sort((a, b) => col[b]! - col[a]!);
    const pick = (ids: number[]) => ids.map((i) => [words[i]!, round6(col[i]!)] as const);
    composites.push({
      index: k,
      density: round6((l1 / Math.sqrt(l2) - 1) / (Math.sqrt(N) - 1)),
      top: pick(order.slice(0, 12)),
      bottom: pick(order.slice(-6).reverse()),
    });
  }

  const referenceWords = o.referenceWords.filter((w) => words.includes(w));
  const reference = {
    description:
      'Composite values h = D f for a few probe words, computed in float64 by scripts/train from ' +
      'the float16 weights in model.safetensors and the float16 probe vectors (normalised to unit length).',
    composites: Math.min(10, C),
    words: referenceWords.map((w) => {
      const i = words.indexOf(w);
      return {
        word: w,
        row: i,
        h: Array.from(H.data.subarray(i * C, i * C + Math.min(10, C)), (v) =>
          Number(v.toPrecision(9)),
        ),
      };
    }),
  };

  // Artifacts.
  mkdirSync(o.outDir, { recursive: true });
  const config = {
    layer: 0,
    d_model: d,
    expansion: o.expansion,
    bottleneck: o.bottleneck,
    alpha: o.alpha,
    beta: 0.0,
    kind: 'mixed',
    tags: o.tags,
    kwargs: {},
  };
  writeFileSync(join(o.outDir, 'config.json'), JSON.stringify(config, null, 2) + '\n');
  writeFileSync(
    join(o.outDir, 'model.safetensors'),
    writeSafetensors(
      {
        left: { dtype: 'F16', shape: [F, d], data: toHalf(p.left.data) },
        right: { dtype: 'F16', shape: [F, d], data: toHalf(p.right.data) },
        down: { dtype: 'F16', shape: [C, F], data: toHalf(p.down.data) },
      },
      { format: 'pt' },
    ),
  );
  const tokens = new Int32Array(N);
  for (let i = 0; i < N; i++) tokens[i] = i;
  writeFileSync(
    join(o.outDir, 'probes.safetensors'),
    writeSafetensors(
      {
        activations: { dtype: 'F16', shape: [N, d], data: halfVectors },
        tokens: { dtype: 'I32', shape: [N, 1], data: tokens },
      },
      {
        format: 'bae-probes',
        version: '1',
        vocab: JSON.stringify(words),
        rows: 'words',
        description: o.probeDescription,
      },
    ),
  );
  const summary = {
    finalTrainError: round6(finalTrainError),
    finalHeldOutError: round6(finalHeldOutError),
    pcaFloor: round6(floorC),
    secondsPerStep: round6(secondsPerStep),
  };
  const logJson = {
    source: o.source,
    hyperparameters: {
      seed: o.seed,
      steps: o.steps,
      batch: o.batch,
      d_model: d,
      features: F,
      composites: C,
      alpha: o.alpha,
      alphaWarmupFrac: o.alphaWarmupFrac,
      lr: o.lr,
      lrWarmupSteps: o.lrWarmupSteps,
      lrFinalFrac: o.lrFinalFrac,
      clipNorm: o.clipNorm,
      adam: { beta1, beta2, eps: adamEps },
      heldOutFrac: o.heldOutFrac,
    },
    data: { words: N, train: trainIdx.length, heldOut: nHeld },
    timing: {
      trainSeconds: round6(trainSeconds),
      rotationSeconds: round6(rotationSeconds),
      secondsPerStep: round6(secondsPerStep),
      totalSeconds: round6((performance.now() - t0) / 1000),
      cpu: cpus()[0]?.model ?? 'unknown',
      node: process.version,
      note: 'One thread, float64, plain TypeScript loops; totalSeconds includes the evaluation, PCA floor and file writing.',
    },
    initialTrainError: round6(initialTrainError),
    curve,
    rotation: rotation && {
      ...rotation,
      criterionBefore: round6(rotation.criterionBefore),
      criterionAfter: round6(rotation.criterionAfter),
      trainErrorBefore: round6(errorBeforeRotation),
      trainErrorAfter: round6(preRoundTrain),
      seconds: round6(rotationSeconds),
    },
    final: {
      trainError: summary.finalTrainError,
      heldOutError: summary.finalHeldOutError,
      trainErrorBeforeF16: round6(preRoundTrain),
      heldOutErrorBeforeF16: round6(preRoundHeld),
      probeSetError: round6(probeSetError),
      note: 'Mean over words of ‖x̂x̂ᵀ − Σ_j g_j l_j r_jᵀ‖²_F (x̂ unit norm), float16 weights.',
    },
    pcaFloor: {
      samples: floor.samples,
      floors: Object.fromEntries(Object.entries(floor.floors).map(([k, v]) => [k, round6(v)])),
      route: floor.route,
      seconds: round6(pcaSeconds),
      modelErrorOnSameWords: round6(modelOnPcaRows),
      relativeGapAtC: round6((modelOnPcaRows - floorC) / floorC),
      note:
        'Uncentred PCA of vec(x̂x̂ᵀ) over the training words (samples): floor(c) = 1 − Σ top-c eigenvalues ' +
        'of their second-moment matrix; relativeGapAtC = (model error on the same words − floor(C)) / floor(C).',
    },
    composites,
  };
  writeFileSync(join(o.outDir, 'training-log.json'), JSON.stringify(logJson, null, 1) + '\n');
  writeFileSync(
    join(o.outDir, 'reference-encodings.json'),
    JSON.stringify(reference, null, 2) + '\n',
  );
  o.log(`wrote ${o.outDir} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return summary;
}
