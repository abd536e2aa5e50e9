// The manifold views' search and selection, resolved against the points on screen: which shown
// points match the query (over each row's token and context), which are selected, and the
// per-point focus mask the display dims the others with. The only owner of the search's
// haystack (built once per point set, lowercased) — the query runs per keystroke over it.
import { useMemo } from 'react';
import { matchRows, parseRowQuery, type RowQuery } from '../../core/manifold/select';
import type { ManifoldData } from '../../core/manifoldPoints';

export interface ManifoldFocus {
  query: RowQuery;
  /** Indices (into the point set) of the points matching the query; null without a query. */
  matches: Int32Array | null;
  /** Indices of the selected points that are shown. */
  selected: Int32Array;
  /** Per point: passes the query and the selection; null when neither is active. */
  focus: Uint8Array | null;
}

/**
 * The search and selection of `data`: `text(i)` is point i's searchable text (token and
 * context, as shown), `query` the search box, `selection` the selected source rows.
 */
export function useManifoldFocus(
  data: ManifoldData | null,
  text: ((i: number) => string) | null,
  query: string,
  selection: readonly number[],
): ManifoldFocus {
  const texts = useMemo(() => {
    if (!data || !text) return null;
    const raw = Array.from({ length: data.count }, (_, i) => text(i));
    return { raw, lower: raw.map((s) => s.toLowerCase()) };
  }, [data, text]);
  const parsed = useMemo(() => parseRowQuery(query), [query]);
  const matches = useMemo(() => {
    if (!data || !texts || parsed.kind === 'none' || parsed.kind === 'invalid') return null;
    return matchRows(
      parsed,
      data.count,
      (i) => texts.raw[i] ?? '',
      (i) => texts.lower[i] ?? '',
    );
  }, [data, texts, parsed]);
  const selected = useMemo(() => {
    if (!data || selection.length === 0) return new Int32Array(0);
    const set = new Set(selection);
    const out: number[] = [];
    for (let i = 0; i < data.count; i++) if (set.has(data.rows[i] ?? -1)) out.push(i);
    return Int32Array.from(out);
  }, [data, selection]);
  const focus = useMemo(() => {
    if (!data || (!matches && selection.length === 0)) return null;
    const f = new Uint8Array(data.count).fill(1);
    if (matches) {
      f.fill(0);
      for (const i of matches) f[i] = 1;
    }
    if (selection.length > 0) {
      const sel = new Uint8Array(data.count);
      for (const i of selected) sel[i] = 1;
      for (let i = 0; i < data.count; i++) f[i] = (f[i] ?? 0) & (sel[i] ?? 0);
    }
    return f;
  }, [data, matches, selected, selection.length]);
  return { query: parsed, matches, selected, focus };
}
