// The only owner of turning a loaded BaeModel into the weights the engine computes with: the
// augmented l̃ = [b, w] rows of biased (v1) models. Pure; consumed by the engine (compute/) and
// by the CPU maths that works on the same weights (features, low-rank forms).
import type { BaeModel } from './model';

/**
 * The weights as the engine computes with them. For a biased (v1) model `left`/`right` are the
 * augmented l̃ = [b, w] ([F, d+1], index 0 the constant) used by forms, Gram and Lanczos, while
 * encode uses `leftW`/`rightW` + biases on the normalised input.
 */
export interface EngineWeights {
  /** d: raw input width. */
  d: number;
  /** d' = d, or d + 1 for biased models (the width of forms). */
  dForm: number;
  F: number;
  C: number;
  /** [F, dForm] */
  left: Float32Array;
  /** [F, dForm] */
  right: Float32Array;
  /** [C, F] or null (composites are the features). */
  down: Float32Array | null;
  /** Biased models: [F, d] weights and [F] biases for encode; null otherwise. */
  biases: {
    leftW: Float32Array;
    rightW: Float32Array;
    leftB: Float32Array;
    rightB: Float32Array;
  } | null;
}

/** The fields of a model the engine needs (a BaeModel, or the worker's ModelPayload). */
export type WeightSource = Pick<
  BaeModel,
  | 'dModel'
  | 'nFeatures'
  | 'nComposites'
  | 'biased'
  | 'left'
  | 'right'
  | 'leftBias'
  | 'rightBias'
  | 'down'
>;

/** The engine's view of a model's weights (copies only for biased models). */
export function engineWeights(model: WeightSource): EngineWeights {
  const { dModel: d, nFeatures: F, nComposites: C } = model;
  if (!model.biased || !model.leftBias || !model.rightBias) {
    return {
      d,
      dForm: d,
      F,
      C,
      left: model.left,
      right: model.right,
      down: model.down,
      biases: null,
    };
  }
  const augment = (w: Float32Array, b: Float32Array): Float32Array => {
    const out = new Float32Array(F * (d + 1));
    for (let j = 0; j < F; j++) {
      out[j * (d + 1)] = b[j] ?? 0;
      out.set(w.subarray(j * d, (j + 1) * d), j * (d + 1) + 1);
    }
    return out;
  };
  return {
    d,
    dForm: d + 1,
    F,
    C,
    left: augment(model.left, model.leftBias),
    right: augment(model.right, model.rightBias),
    down: model.down,
    biases: {
      leftW: model.left,
      rightW: model.right,
      leftB: model.leftBias,
      rightB: model.rightBias,
    },
  };
}
