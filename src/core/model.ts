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
  unflattenIndex,
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
  const model: BaeModel = {
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
  const problem = rangeProblem(model, { left: leftName, right: rightName });
  if (problem) {
    throw new BaeFileError(
      file,
      problem,
      'Weights this large come from a diverged run or a damaged file: use an earlier checkpoint, or retrain (real BAE weights are of order 1)',
    );
  }
  return model;
}

/** The largest finite float32. */
const FLOAT32_MAX = 3.4028234663852886e38;

/**
 * The largest weight scale A (see rangeProblem) the float32 analysis of a model with C composites
 * can take without overflow, for an input of squared norm s (1, or 2 for biased models whose input
 * is x̃ = [1, x̂]). Why: with n_j = ‖l̃_j‖‖r̃_j‖ and a_k = Σ_j |D_kj| n_j, Cauchy–Schwarz bounds
 * every feature |f_j| = |l̃_j·x̃||r̃_j·x̃| ≤ s·n_j, every composite |h_k| ≤ s·a_k, every entry of
 * K = (LLᵀ)⊙(RRᵀ) (and Ksym) by n_i·n_j and of M = D K Dᵀ by a_i·a_j, every entry of a form B_k
 * and of a Lanczos product B_k v (‖v‖ = 1) by a_k; and the largest term the analysis forms, the
 * decoder's hᵀMh in each row's error, by s²·C²·A⁴. These bounds hold for every partial sum too
 * (they sum absolute values), so A ≤ (FLOAT32_MAX/4)^¼ / √(s·C) keeps hᵀMh, ‖h‖² and ‖x̃‖⁴ — and
 * their sum — below FLOAT32_MAX, and every smaller intermediate with them. For C = 2048 the limit
 * is about 6.7e7; trained BAEs have A of order 1–10³.
 */
export function weightScaleLimit(nComposites: number, inputNorm2: number): number {
  return (FLOAT32_MAX / 4) ** 0.25 / Math.sqrt(inputNorm2 * Math.max(1, nComposites));
}

function sci(v: number): string {
  return Number.isFinite(v) ? v.toExponential(2) : String(v);
}

/**
 * Why `model`'s weights are too large for the float32 analysis, or null when they are not. The
 * weight scale A is the largest of: a_k = Σ_j |D_kj|·‖l̃_j‖·‖r̃_j‖ (n_j without `down`); ‖l̃_j‖²
 * and ‖r̃_j‖² (partial sums of LLᵀ, RRᵀ, LRᵀ); |D_kj|·‖l̃_j‖ and |D_kj|·‖r̃_j‖ (the scaled rows
 * a form is built from). All computed in float64, where these cannot overflow for float32 input.
 */
export function rangeProblem(
  m: BaeModel,
  names: { left: string; right: string } = { left: 'left', right: 'right' },
): string | null {
  const F = m.nFeatures;
  const d = m.dModel;
  const rowNorm = (w: Float32Array, bias: Float32Array | null): Float64Array => {
    const out = new Float64Array(F);
    for (let j = 0; j < F; j++) {
      let sum = (bias?.[j] ?? 0) ** 2;
      for (let t = 0; t < d; t++) sum += (w[j * d + t] ?? 0) ** 2;
      out[j] = Math.sqrt(sum);
    }
    return out;
  };
  const nl = rowNorm(m.left, m.leftBias);
  const nr = rowNorm(m.right, m.rightBias);
  const limit = weightScaleLimit(m.nComposites, m.biased ? 2 : 1);
  // A single intermediate that is not multiplied further only needs to stay below FLOAT32_MAX.
  const single = FLOAT32_MAX / 4;
  const tell = (what: string, value: number, bound: number): string => {
    const big = largestWeight(m, names);
    return `the weights are too large to analyse in float32: ${what} is ${sci(value)}, but the analysis of ${m.nComposites.toLocaleString('en-US')} composites needs it at most ${sci(bound)} (the largest weight is ${sci(big.value)}, in tensor "${big.tensor}" at [${big.index.join(', ')}])`;
  };
  for (let j = 0; j < F; j++) {
    const l2 = (nl[j] ?? 0) ** 2;
    const r2 = (nr[j] ?? 0) ** 2;
    if (l2 > single) return tell(`‖${names.left}[${j}]‖²`, l2, single);
    if (r2 > single) return tell(`‖${names.right}[${j}]‖²`, r2, single);
    const n = (nl[j] ?? 0) * (nr[j] ?? 0);
    if (n > limit) return tell(`‖${names.left}[${j}]‖·‖${names.right}[${j}]‖`, n, limit);
  }
  const D = m.down;
  if (!D) return null;
  for (let k = 0; k < m.nComposites; k++) {
    let a = 0;
    for (let j = 0; j < F; j++) {
      const w = Math.abs(D[k * F + j] ?? 0);
      if (w === 0) continue;
      const scaled = w * Math.max(nl[j] ?? 0, nr[j] ?? 0);
      if (scaled > single)
        return tell(
          `|down[${k}, ${j}]|·‖row ${j} of ${names.left}/${names.right}‖`,
          scaled,
          single,
        );
      a += w * (nl[j] ?? 0) * (nr[j] ?? 0);
    }
    if (a > limit)
      return tell(
        `Σ_j |down[${k}, j]|·‖${names.left}[j]‖·‖${names.right}[j]‖ (composite ${k})`,
        a,
        limit,
      );
  }
  return null;
}

/** The weight of largest magnitude, with its tensor and index (for messages). */
function largestWeight(
  m: BaeModel,
  names: { left: string; right: string },
): { tensor: string; index: number[]; value: number } {
  const F = m.nFeatures;
  const tensors: [string, Float32Array | null, number[]][] = [
    [names.left, m.left, [F, m.dModel]],
    [names.right, m.right, [F, m.dModel]],
    ['left.bias', m.leftBias, [F]],
    ['right.bias', m.rightBias, [F]],
    ['down', m.down, [m.nComposites, F]],
  ];
  let best = { tensor: names.left, index: [0, 0], value: 0 };
  for (const [tensor, values, shape] of tensors) {
    if (!values) continue;
    for (let i = 0; i < values.length; i++) {
      const v = values[i] ?? 0;
      if (Math.abs(v) > Math.abs(best.value)) {
        best = { tensor, index: unflattenIndex(i, shape), value: v };
      }
    }
  }
  return best;
}
