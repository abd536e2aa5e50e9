// The only owner of the bottleneck's wiring (issue 8): which composites read an encoder feature
// (the READER_SHARE rule), and a feature's own top-activating probe rows,
// f_j(x) = (l̃_j·x̃)(r̃_j·x̃) computed on the CPU for just the features asked for. Pure; the engine
// worker runs featureDetails, the analysis counts readers, the model panel quotes the rule.
import type { FeatureDetail } from './analysis';
import { topRowsOfColumn } from './stats';
import type { EngineWeights } from './weights';

/** A composite reads feature j when |D_kj| is at least this share of its largest |D_k·|. */
export const READER_SHARE = 0.1;

/** Per feature: how many composites read it (see READER_SHARE); null without `down`. */
export function featureReaders(
  down: Float32Array | null,
  C: number,
  F: number,
): Uint32Array | null {
  if (!down) return null;
  const count = new Uint32Array(F);
  for (let k = 0; k < C; k++) {
    let max = 0;
    for (let j = 0; j < F; j++) max = Math.max(max, Math.abs(down[k * F + j] ?? 0));
    if (max === 0) continue;
    for (let j = 0; j < F; j++)
      if (Math.abs(down[k * F + j] ?? 0) >= READER_SHARE * max) count[j] = (count[j] ?? 0) + 1;
  }
  return count;
}

/** Detail of the listed features: `topK` rows each way, and up to `readers` reading composites. */
export function featureDetails(
  w: EngineWeights,
  probes: { activations: Float32Array; n: number } | null,
  features: readonly number[],
  topK: number,
  readers: number,
): FeatureDetail[] {
  const { d, dForm: n, F, C } = w;
  const offset = n - d; // 1 for biased models: x̃ = [1, x̂]
  return features.map((j) => {
    if (!Number.isInteger(j) || j < 0 || j >= F) {
      throw new Error(`feature ${j} does not exist (this model has 0..${F - 1})`);
    }
    let top: Int32Array = new Int32Array(0);
    let bottom: Int32Array = new Int32Array(0);
    let values: Float32Array = new Float32Array(0);
    if (probes) {
      values = new Float32Array(probes.n);
      const l = w.left.subarray(j * n, (j + 1) * n);
      const r = w.right.subarray(j * n, (j + 1) * n);
      for (let row = 0; row < probes.n; row++) {
        const x = probes.activations.subarray(row * d, (row + 1) * d);
        let s = 0;
        for (let i = 0; i < d; i++) s += (x[i] ?? 0) ** 2;
        const inv = 1 / Math.sqrt(s);
        let lu = offset ? (l[0] ?? 0) : 0;
        let ru = offset ? (r[0] ?? 0) : 0;
        for (let i = 0; i < d; i++) {
          lu += (l[i + offset] ?? 0) * (x[i] ?? 0) * inv;
          ru += (r[i + offset] ?? 0) * (x[i] ?? 0) * inv;
        }
        values[row] = lu * ru;
      }
      top = topRowsOfColumn(values, probes.n, 1, 0, topK, 'desc');
      bottom = topRowsOfColumn(values, probes.n, 1, 0, topK, 'asc');
    }
    const weights = new Float32Array(C);
    if (w.down) for (let k = 0; k < C; k++) weights[k] = Math.abs(w.down[k * F + j] ?? 0);
    else weights[j] = 1;
    const byWeight = topRowsOfColumn(weights, C, 1, 0, Math.min(readers, C), 'desc').filter(
      (k) => (weights[k] ?? 0) > 0,
    );
    return {
      feature: j,
      topRows: top,
      topValues: Float32Array.from(top, (row) => values[row] ?? 0),
      bottomRows: bottom,
      bottomValues: Float32Array.from(bottom, (row) => values[row] ?? 0),
      readers: Int32Array.from(byWeight),
      readerWeights: Float32Array.from(byWeight, (k) => (w.down ? (w.down[k * F + j] ?? 0) : 1)),
    };
  });
}
