// The only owner of the atlas table: its columns (id, label, the statistics), how rows sort, and
// its CSV export (with UMAP x/y and the label's source, written by core/csv). Pure;
// the atlas list sorts with it and the app's export writes the same rows the list shows.
import type { Analysis } from '../analysis';
import { STAT_NAMES, type StatName } from '../stats';
import { formatNumber, toCsv, type CsvCell } from '../csv';
import { formatterFor } from '../numberFormat';

/** A sortable column of the list. */
export type AtlasColumn = 'id' | 'label' | StatName;

/** Per-composite statistic values of an analysis ([C] each; density is NaN without probes). */
export type StatValues = Record<StatName, Float32Array>;

/**
 * The statistics of `analysis` by name; `circularity` is computed after the analysis (NaN until
 * then, or without a probe set).
 */
export function statValues(
  analysis: Analysis,
  circularity: Float32Array | null = null,
): StatValues {
  const C = analysis.nComposites;
  return {
    density: analysis.probes?.density ?? analysis.fileDensity ?? new Float32Array(C).fill(NaN),
    rank: analysis.rank,
    importance: analysis.importance,
    support: analysis.support,
    captured: analysis.captured,
    circularity:
      circularity && circularity.length === C ? circularity : new Float32Array(C).fill(NaN),
  };
}

export interface TableSource {
  stats: StatValues;
  /** A composite's label and whether it is automatic. */
  label: (k: number) => { text: string; automatic: boolean };
}

/**
 * `ids` sorted by `column` (a new array). Numbers compare numerically, labels by locale
 * (case-insensitive); NaN and empty labels go last in either direction; ties keep id order.
 */
export function sortIds(
  ids: readonly number[],
  column: AtlasColumn,
  descending: boolean,
  source: TableSource,
): number[] {
  const sign = descending ? -1 : 1;
  const out = ids.slice();
  if (column === 'id') return descending ? out.sort((a, b) => b - a) : out.sort((a, b) => a - b);
  if (column === 'label') {
    const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });
    const text = new Map(out.map((k) => [k, source.label(k).text]));
    return out.sort((a, b) => {
      const ta = text.get(a) ?? '';
      const tb = text.get(b) ?? '';
      if (ta === '' || tb === '') return ta === tb ? a - b : ta === '' ? 1 : -1;
      return sign * collator.compare(ta, tb) || a - b;
    });
  }
  const v = source.stats[column];
  return out.sort((a, b) => {
    const va = v[a] ?? NaN;
    const vb = v[b] ?? NaN;
    const na = Number.isNaN(va);
    const nb = Number.isNaN(vb);
    if (na || nb) return na === nb ? a - b : na ? 1 : -1;
    return sign * (va - vb) || a - b;
  });
}

/**
 * One formatter per statistic for screens (core/numberFormat's formatterFor over all composites):
 * the atlas list, its hover card and the latent view's header write a value the same way, with
 * enough digits that different values read differently.
 */
export function statFormatters(stats: StatValues): Record<StatName, (v: number) => string> {
  const out = {} as Record<StatName, (v: number) => string>;
  for (const s of STAT_NAMES) out[s] = formatterFor(stats[s]);
  return out;
}

/** The CSV header of the atlas export. */
export const CSV_HEADER = ['id', 'label', 'label_source', ...STAT_NAMES, 'umap_x', 'umap_y'];

/**
 * The atlas as CSV: one row per id in `ids` (in that order) with its label, whether the label
 * is automatic or the user's, every statistic, and its UMAP position (empty without a layout).
 */
export function atlasCsv(
  ids: readonly number[],
  source: TableSource,
  xy: Float32Array | null,
): string {
  function* rows(): Generator<CsvCell[]> {
    for (const k of ids) {
      const { text, automatic } = source.label(k);
      yield [
        k,
        text,
        text === '' ? '' : automatic ? 'auto' : 'user',
        ...STAT_NAMES.map((s) => source.stats[s][k] ?? NaN),
        xy ? (xy[2 * k] ?? NaN) : null,
        xy ? (xy[2 * k + 1] ?? NaN) : null,
      ];
    }
  }
  // A table for spreadsheets: 7 significant digits (float32 carries about 7), CRLF lines.
  return toCsv(CSV_HEADER, rows(), { number: formatNumber, eol: '\r\n' });
}
