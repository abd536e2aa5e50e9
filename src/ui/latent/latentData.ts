// Turns the engine's results into what the latent view draws: the manifold's point set (the
// probe rows that fire the composite most, projected on its plotted eigenvectors), its top and
// bottom rows with contexts, and its neighbours. Plain functions over the analysis and the
// detail; LatentView memoises them.
import type { Analysis, LatentDetail } from '../../core/analysis';
import { MEASURE_INFO, type RelationMeasure } from '../../core/relations/measures';
import { probeRow } from '../../core/ids';
import { sampleRows, type Sampling } from '../../core/manifold/sample';
import { gatherValues, gatherXyz } from '../../core/manifoldPoints';
import { probeRowContext, type ProbeSet } from '../../core/probes';
import { pointsCsv, pointsSubset, type ExportPoints } from '../../core/csvExport';
import { plainText } from '../../core/tokenText';
import type { ManifoldData, PointText } from '../../core/manifoldPoints';
import type { ActivationRow } from './TopActivations';

/** Composite k's value on every probe row (a view into the analysis), or null without probes. */
export function compositeValues(a: Analysis, k: number): Float32Array | null {
  const p = a.probes;
  if (!p) return null;
  return p.hByComposite.subarray(k * p.n, (k + 1) * p.n);
}

/**
 * The manifold of `detail`'s composite: `pointCount` of its rows (the top ones by |h|, or a
 * weighted sample), on its axes.
 */
export function latentManifold(
  a: Analysis,
  detail: LatentDetail,
  pointCount: number,
  sampling: Sampling,
): ManifoldData | null {
  const h = compositeValues(a, detail.composite);
  if (!h || !detail.xyz) return null;
  const rows = sampleRows(h, pointCount, sampling);
  const lambda = (i: number) => detail.values[detail.axes[i] ?? -1] ?? 0;
  const how = sampling.kind === 'top' ? 'top' : `w${sampling.power}`;
  return {
    version: `${a.key}|${detail.composite}|${detail.axes.join(',')}|${rows.length}|${how}`,
    count: rows.length,
    positions: gatherXyz(detail.xyz, rows),
    values: gatherValues(h, rows),
    rows,
    axisSigns: [Math.sign(lambda(0)), Math.sign(lambda(1)), Math.sign(lambda(2))],
    axisLambdas: [lambda(0), lambda(1), lambda(2)],
  };
}

/** A probe row as card text. */
export function probeText(p: ProbeSet, row: number, value: number): PointText {
  const c = probeRowContext(p, row);
  return {
    before: c.before,
    token: c.token,
    after: c.after,
    value,
    valueLabel: 'h',
    meta: `probe row ${row} · I: open this input`,
  };
}

/** Rows `rows` of a composite with their values and contexts. */
export function activationRows(
  p: ProbeSet,
  h: Float32Array,
  rows: Int32Array,
  k: number,
  topK: number,
): ActivationRow[] {
  const out: ActivationRow[] = [];
  for (let r = 0; r < topK; r++) {
    const row = probeRow(rows[k * topK + r] ?? -1);
    if (row < 0 || row >= p.n) continue;
    const t = probeText(p, row, h[row] ?? NaN);
    out.push({ row, value: t.value, before: t.before, token: t.token, after: t.after });
  }
  return out;
}

/** One listed neighbour: its id, similarity, and whether it reaches the measure's floor. */
export interface NeighbourEntry {
  index: number;
  similarity: number;
  close: boolean;
}

/** Composite k's neighbours under `measure` from the analysis's table, or null without one. */
export function neighboursOf(
  a: Analysis,
  k: number,
  measure: RelationMeasure,
): { list: NeighbourEntry[]; isolated: boolean; approximation: string | null } | null {
  const t = a.relations.tables[measure];
  if (!t) return null;
  const info = MEASURE_INFO[measure];
  const list: NeighbourEntry[] = [];
  for (let i = 0; i < t.k; i++) {
    const index = t.index[k * t.k + i] ?? -1;
    if (index < 0) continue;
    const similarity = t.similarity[k * t.k + i] ?? NaN;
    const key = info.rank === 'absolute' ? Math.abs(similarity) : similarity;
    list.push({ index, similarity, close: key >= info.floor });
  }
  return { list, isolated: t.isolated[k] === 1, approximation: t.approximation };
}

/** Share Σ|λ| of the plotted axes, or null when they are the default top three. */
export function plottedShare(detail: LatentDetail | null): number | null {
  if (!detail || detail.axes.join() === '0,1,2') return null;
  let total = 0;
  for (const v of detail.values) total += Math.abs(v);
  const mine = detail.axes.reduce((s, a) => s + Math.abs(detail.values[a] ?? 0), 0);
  return total > 0 ? mine / total : null;
}

/**
 * The drawn points as CSV (manifold-CSV layout + probe row and context): the tokens' raw text,
 * with half characters as U+FFFD.
 */
export function latentPointsCsv(
  data: ManifoldData,
  p: ProbeSet,
  indices: ArrayLike<number> | null = null,
): string {
  const all: ExportPoints = {
    count: data.count,
    xyz: data.positions,
    value: data.values,
    token: (i) => plainText(probeRowContext(p, data.rows[i] ?? 0).token),
    row: (i) => data.rows[i] ?? 0,
    context: (i) => {
      const c = probeRowContext(p, data.rows[i] ?? 0);
      return plainText(c.before + c.token + c.after);
    },
  };
  return pointsCsv(indices ? pointsSubset(all, indices) : all);
}
