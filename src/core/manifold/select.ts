// The only owner of how a researcher picks points out of a manifold: a text query over the shown
// rows' token and context (plain text, or /regex/, case-insensitive unless the regex says
// otherwise), a lasso drawn in screen space over the projected points, and how a new pick
// combines with the current selection. Pure; the manifold views apply them.

/** A parsed query: what it matches, or why it cannot. */
export type RowQuery =
  | { kind: 'none' }
  | { kind: 'text'; needle: string }
  | { kind: 'regex'; regex: RegExp }
  | { kind: 'invalid'; problem: string };

/** Longest query read (a longer one is cut here). */
export const MAX_QUERY_CHARS = 200;

/**
 * Reads a query: `/pattern/flags` is a regular expression, always case-insensitive (`i` is
 * added; `g` and `y` are dropped, they would make `test` stateful); anything else is plain text
 * that matches as a case-insensitive substring. Blank → none.
 */
export function parseRowQuery(text: string): RowQuery {
  const q = text.slice(0, MAX_QUERY_CHARS);
  if (q.trim() === '') return { kind: 'none' };
  const re = /^\/(.+)\/([a-z]*)$/s.exec(q);
  if (re) {
    const flags = [...new Set(`${re[2] ?? ''}iu`.replace(/[gy]/g, ''))].join('');
    try {
      return { kind: 'regex', regex: new RegExp(re[1] ?? '', flags) };
    } catch (err) {
      return { kind: 'invalid', problem: err instanceof Error ? err.message : String(err) };
    }
  }
  return { kind: 'text', needle: q.toLowerCase() };
}

/**
 * Indices of the rows whose text matches (`text(i)` for i in 0..count−1; for plain queries the
 * text is compared lowercased — pass it lowercased already via `lower` to skip that work).
 */
export function matchRows(
  query: RowQuery,
  count: number,
  text: (i: number) => string,
  lower?: (i: number) => string,
): Int32Array {
  const out: number[] = [];
  if (query.kind === 'text') {
    const low = lower ?? ((i: number) => text(i).toLowerCase());
    for (let i = 0; i < count; i++) if (low(i).includes(query.needle)) out.push(i);
  } else if (query.kind === 'regex') {
    for (let i = 0; i < count; i++) if (query.regex.test(text(i))) out.push(i);
  }
  return Int32Array.from(out);
}

/**
 * Whether (x, y) is inside the polygon given as flat [x0, y0, x1, y1, …] (even–odd rule; a
 * polygon is closed implicitly).
 */
export function insidePolygon(x: number, y: number, poly: ArrayLike<number>): boolean {
  let inside = false;
  const n = poly.length >> 1;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const xi = poly[i * 2] ?? 0;
    const yi = poly[i * 2 + 1] ?? 0;
    const xj = poly[j * 2] ?? 0;
    const yj = poly[j * 2 + 1] ?? 0;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/**
 * Indices of the points whose screen position (xs[i], ys[i]; NaN = not drawn) lies inside the
 * polygon. The polygon's bounding box is checked first, so most points cost two comparisons.
 */
export function lassoPoints(
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
  count: number,
  poly: ArrayLike<number>,
): Int32Array {
  if (poly.length < 6) return new Int32Array(0);
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let k = 0; k < poly.length; k += 2) {
    minX = Math.min(minX, poly[k] ?? 0);
    maxX = Math.max(maxX, poly[k] ?? 0);
    minY = Math.min(minY, poly[k + 1] ?? 0);
    maxY = Math.max(maxY, poly[k + 1] ?? 0);
  }
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const x = xs[i] ?? NaN;
    const y = ys[i] ?? NaN;
    if (!(x >= minX && x <= maxX && y >= minY && y <= maxY)) continue;
    if (insidePolygon(x, y, poly)) out.push(i);
  }
  return Int32Array.from(out);
}

/** How a new pick changes the selection. */
export type SelectMode = 'replace' | 'add' | 'subtract';

/** The selection (sorted ids) after combining it with `picked` by `mode`. */
export function combineSelection(
  current: readonly number[],
  picked: readonly number[],
  mode: SelectMode,
): number[] {
  if (mode === 'replace') return [...new Set(picked)].sort((a, b) => a - b);
  const set = new Set(current);
  if (mode === 'add') for (const r of picked) set.add(r);
  else for (const r of picked) set.delete(r);
  return [...set].sort((a, b) => a - b);
}
