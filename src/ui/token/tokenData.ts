// Turns the analysis and one input (a probe row, or one of the user's own encoded rows) into what
// the token view draws: the input's text, its encoding h over every composite sorted by |h|, its
// reconstruction error, and for a composite a small 2-D projection of its manifold (its top rows
// by |h| on its two largest-|λ| eigenvectors) with this input's point. Plain functions; the view
// memoises them.
import type { Analysis } from '../../core/analysis';
import { colorScale, scaleColors } from '../../core/manifold/style';
import { probeRowContext, type ProbeSet } from '../../core/probes';
import type { OwnRow } from '../../state/ownRowsStore';

/** One input as the token view shows it. */
export interface InputView {
  source: 'probe' | 'own';
  /** "probe row 812", "row 2 of acts.npy". */
  title: string;
  /** The text around the firing token (probe rows), or null (own rows have none). */
  context: { before: string; token: string; after: string } | null;
  /** [C] its composite values. */
  h: Float32Array;
  /** ‖x̃x̃ᵀ − reconstruction‖²_F; NaN when not computed. */
  error: number;
  /** The error of reconstructing nothing (‖x̃‖⁴: 1, or 4 for biased models). */
  errorScale: number;
  /** The normalised input x̃ ([d'], [1, x̂] for biased models): projections use it. */
  xt: Float64Array;
  /** Its probe row (null for own rows). */
  row: number | null;
}

/** x̃ of a raw activation vector: x / ‖x‖, with a leading 1 when the forms are (d + 1)-wide. */
export function normalisedInput(x: ArrayLike<number>, d: number, dForm: number): Float64Array {
  let s = 0;
  for (let q = 0; q < d; q++) s += (x[q] as number) ** 2;
  const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
  const offset = dForm - d;
  const out = new Float64Array(dForm);
  if (offset) out[0] = 1;
  for (let q = 0; q < d; q++) out[q + offset] = (x[q] as number) * inv;
  return out;
}

/** A probe row as the token view shows it. */
export function probeInput(a: Analysis, p: ProbeSet, row: number): InputView | null {
  const results = a.probes;
  if (!results || row < 0 || row >= p.n || results.n !== p.n) return null;
  const C = a.nComposites;
  const N = results.n;
  const h = new Float32Array(C);
  for (let k = 0; k < C; k++) h[k] = results.hByComposite[k * N + row] as number;
  return {
    source: 'probe',
    title: `probe row ${row}`,
    context: probeRowContext(p, row),
    h,
    error: results.rowError?.[row] ?? NaN,
    errorScale: results.inputNorm4,
    xt: normalisedInput(p.activations.subarray(row * p.d, (row + 1) * p.d), p.d, a.dForm),
    row,
  };
}

/** One of the user's own rows as the token view shows it. */
export function ownInput(a: Analysis, own: OwnRow, d: number): InputView {
  return {
    source: 'own',
    title: own.source === 'pasted vector' ? 'pasted vector' : `row ${own.fileRow} of ${own.source}`,
    context: null,
    h: own.h,
    error: own.error,
    errorScale: a.probes?.inputNorm4 ?? (a.dForm > d ? 4 : 1),
    xt: normalisedInput(own.x, d, a.dForm),
    row: null,
  };
}

/** Composite ids ordered by |h| descending (ties to the lower id). */
export function byMagnitude(h: Float32Array): number[] {
  return Array.from(h, (_, k) => k).sort(
    (i, j) => Math.abs(h[j] as number) - Math.abs(h[i] as number) || i - j,
  );
}

/** A composite's manifold in 2-D, with one input marked. */
export interface MiniProjection {
  /** [m, 2] the shown probe rows projected on u₁, u₂. */
  xy: Float32Array;
  /** [m, 3] their colours (the manifold's value scale). */
  rgb: Float32Array;
  /** The marked input's position. */
  marked: [number, number];
  /** Bounds of every point and the marked one: [xmin, xmax, ymin, ymax]. */
  bounds: [number, number, number, number];
}

/** Probe rows a mini projection shows (the top ones by |h|). */
export const MINI_POINTS = 200;

/**
 * Composite k's manifold as the latent view draws it by default, in 2-D: its top rows by |h|
 * (from the analysis's top and bottom rows, up to MINI_POINTS) projected on the eigenvectors
 * of its two largest |λ| (Analysis.eigenvectors), coloured by h; `xt` marked. Null without
 * eigenvectors or probe results.
 */
export function miniProjection(
  a: Analysis,
  p: ProbeSet,
  k: number,
  xt: Float64Array,
): MiniProjection | null {
  const ev = a.eigenvectors;
  const r = a.probes;
  if (!ev || ev.count < 2 || !r || r.n !== p.n) return null;
  const n = a.dForm;
  const N = r.n;
  const u1 = ev.vectors.subarray(k * ev.count * n, (k * ev.count + 1) * n);
  const u2 = ev.vectors.subarray((k * ev.count + 1) * n, (k * ev.count + 2) * n);
  const project = (x: ArrayLike<number>): [number, number] => {
    let s1 = 0;
    let s2 = 0;
    for (let q = 0; q < n; q++) {
      s1 += (u1[q] as number) * (x[q] as number);
      s2 += (u2[q] as number) * (x[q] as number);
    }
    return [s1, s2];
  };
  // The top rows by |h|: merge the top (descending) and bottom (ascending) lists.
  const h = r.hByComposite.subarray(k * N, (k + 1) * N);
  const candidates = new Set<number>();
  for (let i = 0; i < r.topK; i++) {
    const t = r.topRows[k * r.topK + i] ?? -1;
    const b = r.bottomRows[k * r.topK + i] ?? -1;
    if (t >= 0) candidates.add(t);
    if (b >= 0) candidates.add(b);
  }
  const rows = [...candidates]
    .sort((x, y) => Math.abs(h[y] as number) - Math.abs(h[x] as number) || x - y)
    .slice(0, MINI_POINTS);
  const xy = new Float32Array(rows.length * 2);
  const values = new Float32Array(rows.length);
  const d = p.d;
  rows.forEach((row, i) => {
    const [x, y] = project(normalisedInput(p.activations.subarray(row * d, (row + 1) * d), d, n));
    xy[2 * i] = x;
    xy[2 * i + 1] = y;
    values[i] = h[row] as number;
  });
  const marked = project(xt);
  let xmin = marked[0];
  let xmax = marked[0];
  let ymin = marked[1];
  let ymax = marked[1];
  for (let i = 0; i < rows.length; i++) {
    xmin = Math.min(xmin, xy[2 * i] as number);
    xmax = Math.max(xmax, xy[2 * i] as number);
    ymin = Math.min(ymin, xy[2 * i + 1] as number);
    ymax = Math.max(ymax, xy[2 * i + 1] as number);
  }
  const scale = colorScale(values, values.length, 'linear');
  return {
    xy,
    rgb: scaleColors(scale, values, values.length),
    marked,
    bounds: [xmin, xmax, ymin, ymax],
  };
}
