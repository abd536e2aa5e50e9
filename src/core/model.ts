// The only owner of how a BAE's tensors map to the model the app computes with: which tensor
// names each kind and layout has (v0/ordered, mixed/combined with `down`, v1 biased
// `.weight`/`.bias`), their shapes, and the checks that they agree with config.json.
// Consumed by the app's model loading and by compute/.
import { BaeFileError } from './errors';
import { configComposites, configFeatures, type BaeConfig, type BaeKind } from './config';
import type { FloatDType } from './dtype';
import {
  assertFinite,
  getTensorInfo,
  tensorAsF32,
  tensorList,
  type SafetensorsFile,
  type TensorInfo,
} from './safetensors';

/** A validated BAE with float32 weights (PyTorch layout, row-major, out × in). */
export interface BaeModel {
  name: string;
  config: BaeConfig;
  kind: BaeKind;
  layer: number | null;
  /** d: activation width. */
  dModel: number;
  /** F: encoder features (rows of left/right). */
  nFeatures: number;
  /** C: composites (rows of `down`), = F when there is no `down`. */
  nComposites: number;
  /** Storage dtype of the weights in the file (values here are always float32). */
  dtype: FloatDType;
  /** True for the v1 vanilla layout with `left.weight`/`left.bias`/... */
  biased: boolean;
  /** [F, d] */
  left: Float32Array;
  /** [F, d] */
  right: Float32Array;
  /** [F] or null */
  leftBias: Float32Array | null;
  /** [F] or null */
  rightBias: Float32Array | null;
  /** [C, F] or null */
  down: Float32Array | null;
  /** Size of the weights file, in bytes. */
  weightBytes: number;
}

const HAS_DOWN: ReadonlySet<BaeKind> = new Set(['mixed', 'combined']);

function shapeText(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/**
 * Builds a model from a parsed config and weights file, validating every tensor's presence,
 * dtype, shape (against each other and against the config) and finiteness. Throws BaeFileError
 * naming the file at fault: `st.fileName` for tensors, `opts.configFile` for config conflicts.
 */
export function buildModel(
  config: BaeConfig,
  st: SafetensorsFile,
  opts: { name: string; configFile: string },
): BaeModel {
  const file = st.fileName;
  const biased = st.tensors.has('left.weight') || st.tensors.has('right.weight');
  const leftName = biased ? 'left.weight' : 'left';
  const rightName = biased ? 'right.weight' : 'right';
  const needsDown = HAS_DOWN.has(config.kind);

  const require = (name: string, why: string): TensorInfo => {
    if (st.tensors.has(name)) return getTensorInfo(st, name);
    throw new BaeFileError(
      file,
      `tensor "${name}" is missing: ${why} (tensors present: ${tensorList(st.tensors.keys())})`,
      `Check that config.json's kind ("${config.kind}") matches the weights, and that the file was saved whole with safetensors.torch.save_model`,
    );
  };
  const kindWhy = biased
    ? `the biased vanilla layout needs left.weight, left.bias, right.weight and right.bias`
    : needsDown
      ? `a ${config.kind} model needs left, right and down`
      : `a ${config.kind} model needs left and right`;
  if (biased && needsDown) {
    throw new BaeFileError(
      file,
      `the weights use the biased layout (left.weight, ...), which has no "down", but config.json says kind "${config.kind}"`,
      'Set "kind" to "vanilla" in config.json, or open the weights that belong to this config',
    );
  }
  const left = require(leftName, kindWhy);
  const right = require(rightName, kindWhy);
  const leftBiasInfo = biased ? require('left.bias', kindWhy) : null;
  const rightBiasInfo = biased ? require('right.bias', kindWhy) : null;
  const downInfo = needsDown ? require('down', kindWhy) : null;
  if (!needsDown && st.tensors.has('down')) {
    throw new BaeFileError(
      opts.configFile,
      `the weights have a "down" tensor, but kind "${config.kind}" has none (only mixed and combined do)`,
      'Set "kind" in config.json to "mixed" or "combined", whichever the model was trained as',
    );
  }

  for (const info of [left, right, leftBiasInfo, rightBiasInfo, downInfo]) {
    if (info && info.dtype !== 'F32' && info.dtype !== 'F16' && info.dtype !== 'BF16') {
      throw new BaeFileError(
        file,
        `tensor "${info.name}" has dtype ${info.dtype}, but weights must be F32, F16 or BF16`,
        'Save the model in float32, float16 or bfloat16',
      );
    }
  }
  if (left.shape.length !== 2) {
    throw new BaeFileError(
      file,
      `tensor "${leftName}" has shape ${shapeText(left.shape)}, but it must be 2-D [F, d_model]`,
      'Re-export the model with safetensors.torch.save_model',
    );
  }
  const [nFeatures, d] = left.shape as [number, number];
  if (d !== config.dModel) {
    throw new BaeFileError(
      opts.configFile,
      `d_model is ${config.dModel}, but the weights have d_model ${d} ("${leftName}" has shape ${shapeText(left.shape)})`,
      'Use the config.json that was saved with these weights',
    );
  }
  const expectF = configFeatures(config);
  if (nFeatures !== expectF) {
    throw new BaeFileError(
      opts.configFile,
      `the weights have F = ${nFeatures} features ("${leftName}" has shape ${shapeText(left.shape)}), but d_model ${config.dModel} × expansion ${config.expansion} implies F = ${expectF}`,
      'Use the config.json that was saved with these weights (check "expansion")',
    );
  }
  const expectShape = (info: TensorInfo | null, shape: number[]): void => {
    if (!info) return;
    const same = info.shape.length === shape.length && info.shape.every((n, i) => n === shape[i]);
    if (same) return;
    throw new BaeFileError(
      file,
      `tensor "${info.name}" has shape ${shapeText(info.shape)}, but "${leftName}" has ${shapeText(left.shape)} so it must be ${shapeText(shape)}`,
      'The file is inconsistent: re-export the model with safetensors.torch.save_model',
    );
  };
  expectShape(right, [nFeatures, d]);
  expectShape(leftBiasInfo, [nFeatures]);
  expectShape(rightBiasInfo, [nFeatures]);

  let nComposites = nFeatures;
  if (downInfo) {
    if (downInfo.shape.length !== 2 || downInfo.shape[1] !== nFeatures) {
      throw new BaeFileError(
        file,
        `tensor "down" has shape ${shapeText(downInfo.shape)}, but it must be [C, F] with F = ${nFeatures} (the rows of "${leftName}")`,
        'The file is inconsistent: re-export the model with safetensors.torch.save_model',
      );
    }
    nComposites = downInfo.shape[0] ?? 0;
    const expectC = configComposites(config);
    if (nComposites !== expectC) {
      throw new BaeFileError(
        opts.configFile,
        `the weights have C = ${nComposites} composites ("down" has shape ${shapeText(downInfo.shape)}), but d_model ${config.dModel} × bottleneck ${config.bottleneck ?? 'null (default 2)'} implies C = ${expectC}`,
        'Use the config.json that was saved with these weights (check "bottleneck")',
      );
    }
  }

  const read = (info: TensorInfo | null): Float32Array | null => {
    if (!info) return null;
    const values = tensorAsF32(st, info.name);
    assertFinite(file, info.name, values, info.shape);
    return values;
  };
  return {
    name: opts.name,
    config,
    kind: config.kind,
    layer: config.layer,
    dModel: d,
    nFeatures,
    nComposites,
    dtype: left.dtype as FloatDType,
    biased,
    left: read(left) ?? new Float32Array(0),
    right: read(right) ?? new Float32Array(0),
    leftBias: read(leftBiasInfo),
    rightBias: read(rightBiasInfo),
    down: read(downInfo),
    weightBytes: st.bytes.byteLength,
  };
}
