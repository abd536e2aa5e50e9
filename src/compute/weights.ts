// The only owner of turning a loaded BaeModel into the weights the engine computes with: the
// augmented l̃ = [b, w] rows of biased (v1) models, and the estimate of the memory and work an
// analysis of it needs. Consumed by analysis.ts and the worker.
import type { BaeModel } from '../core/model';
import type { EngineWeights } from './graphs';

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
