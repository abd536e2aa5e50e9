// The only owner of the CSV files the latent view exports: the manifold's points (in the
// reference manifold-CSV layout, so an export reopens in the manifold-CSV view, plus the probe
// row and its context) and a composite's full spectrum. Pure text builders over core/csv's writer
// (formula-like tokens get its neutralising quote, which the manifold-CSV reader drops, so an
// export reads back as the same tokens); the UI downloads them.
import { writeCsv } from './csv';

/** The shortest decimal that reads back as the same float32 (0.3 rather than 0.30000001…). */
export function float32Text(v: number): number {
  if (!Number.isFinite(v)) return v;
  const target = Math.fround(v);
  for (let p = 1; p < 9; p++) {
    const t = Number(target.toPrecision(p));
    if (Math.fround(t) === target) return t;
  }
  return Number(target.toPrecision(9));
}

/** Points to export: world coordinates, activation, and what each point is. */
export interface ExportPoints {
  count: number;
  /** [count, 3]. */
  xyz: ArrayLike<number>;
  value: ArrayLike<number>;
  /** The firing token, or the CSV's token cell. */
  token: (i: number) => string;
  /** Probe row (or CSV row) of point i. */
  row: (i: number) => number;
  /** The full context text of point i. */
  context: (i: number) => string;
}

/** Points `indices` of `p` (a selection), in that order. */
export function pointsSubset(p: ExportPoints, indices: ArrayLike<number>): ExportPoints {
  const at = (i: number) => indices[i] ?? 0;
  const xyz = new Float64Array(indices.length * 3);
  const value = new Float64Array(indices.length);
  for (let i = 0; i < indices.length; i++) {
    const j = at(i);
    xyz[i * 3] = p.xyz[j * 3] ?? NaN;
    xyz[i * 3 + 1] = p.xyz[j * 3 + 1] ?? NaN;
    xyz[i * 3 + 2] = p.xyz[j * 3 + 2] ?? NaN;
    value[i] = p.value[j] ?? NaN;
  }
  return {
    count: indices.length,
    xyz,
    value,
    token: (i) => p.token(at(i)),
    row: (i) => p.row(at(i)),
    context: (i) => p.context(at(i)),
  };
}

/**
 * The points as a manifold CSV (`,x,y,z,value,token` with a pandas-style index first), plus
 * `row` and `context` columns, which the manifold-CSV reader ignores.
 */
export function pointsCsv(p: ExportPoints): string {
  const header = ['', 'x', 'y', 'z', 'value', 'token', 'row', 'context'];
  return writeCsv(header, p.count, (i, c) => {
    switch (c) {
      case 0:
        return i;
      case 1:
      case 2:
      case 3:
        return float32Text(p.xyz[i * 3 + c - 1] ?? NaN);
      case 4:
        return float32Text(p.value[i] ?? NaN);
      case 5:
        return p.token(i);
      case 6:
        return p.row(i);
      default:
        return p.context(i);
    }
  });
}

/**
 * A composite's spectrum: one line per eigenvalue in |λ|-descending order (`index` is the
 * position the latent view's axes refer to), and which plotted axis uses it.
 */
export function spectrumCsv(values: ArrayLike<number>, axes: readonly number[]): string {
  const names = ['x', 'y', 'z'];
  return writeCsv(['index', 'eigenvalue', 'axis'], values.length, (i, c) => {
    if (c === 0) return i;
    if (c === 1) return values[i] ?? NaN;
    return axes
      .map((a, k) => (a === i ? (names[k] ?? '') : ''))
      .filter(Boolean)
      .join(' ');
  });
}
