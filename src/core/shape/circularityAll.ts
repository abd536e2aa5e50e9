// The only owner of the circularity of every composite (an atlas statistic) from eigenvectors
// the analysis already holds: each composite's top firing rows projected on its two eigenvectors
// of largest |λ| (the first two of Analysis.eigenvectors, stored in the spectra's order), scored
// by core/shape/circularity. Pure; the shape worker runs it. (compute/shapes computes the same
// score with the engine's own eigen routes when an analysis holds no eigenvectors.)
import { abortError } from '../abort';
import { projectRows } from '../projection';
import { circularity } from './circularity';

export interface CircularityFromVectorsInput {
  /** Probe activations [n, d] (raw; projectRows normalises each row). */
  activations: Float32Array;
  d: number;
  /** Width of the forms d' (d + 1 for biased models). */
  dForm: number;
  /** Probe rows. */
  n: number;
  /** [C, m] each composite's top firing rows, and their values h. */
  rows: Int32Array;
  values: Float32Array;
  m: number;
  /** [C, count, d'] unit eigenvectors by descending |λ| (Analysis.eigenvectors). */
  vectors: Float32Array;
  count: number;
}

/** Composites scored between progress reports (and abort checks). */
const REPORT_EVERY = 64;

/**
 * Circularity of every composite ([C], in [0, 1]; 0 where no circle fits, as core/shape's
 * circularity scores it). `progress` receives the share done.
 */
export function circularityFromVectors(
  input: CircularityFromVectorsInput,
  signal?: AbortSignal,
  progress?: (fraction: number) => void,
): Float32Array {
  const { d, dForm, m, count } = input;
  if (count < 2) throw new Error(`circularity needs 2 eigenvectors per composite, not ${count}`);
  const C = Math.floor(input.vectors.length / (count * dForm));
  if (input.vectors.length !== C * count * dForm || input.rows.length !== C * m) {
    throw new Error('circularity: eigenvectors and top rows disagree on the number of composites');
  }
  const out = new Float32Array(C).fill(NaN);
  for (let k = 0; k < C; k++) {
    if (k % REPORT_EVERY === 0) {
      if (signal?.aborted) throw abortError();
      progress?.(k / C);
    }
    const vectors = input.vectors.subarray(k * count * dForm, (k * count + 2) * dForm);
    const rows = input.rows.subarray(k * m, (k + 1) * m);
    const xy = projectRows(input.activations, d, dForm, input.n, rows, vectors, 2);
    const weights = Float64Array.from(input.values.subarray(k * m, (k + 1) * m), Math.abs);
    out[k] = circularity(xy, weights).score;
  }
  progress?.(1);
  return out;
}
