// The only owner of atlas search: what a query matches — a composite's id, its label, or one of
// the tokens (words) that fire it most (the firing tokens of its top probe rows). Pure; the
// app's atlas job precomputes the token lists once per analysis, and the atlas list and map
// show the matches.
import type { ProbeResults } from '../analysis';
import { firingToken } from '../labels';
import type { ProbeSet } from '../probes';

/** How many top rows per composite contribute their firing tokens (as for automatic labels). */
export const SEARCH_TOP_ROWS = 20;

/**
 * The distinct firing tokens of each composite's first `rows` top rows, in rank order:
 * string[C][]. Empty lists without a probe set.
 */
export function topFiringTokens(
  results: ProbeResults,
  probes: ProbeSet,
  nComposites: number,
  rows = SEARCH_TOP_ROWS,
): string[][] {
  const out: string[][] = [];
  const take = Math.min(rows, results.topK);
  for (let k = 0; k < nComposites; k++) {
    const seen = new Set<string>();
    for (let r = 0; r < take; r++) {
      const row = results.topRows[k * results.topK + r] ?? -1;
      if (row < 0 || row >= probes.n) continue;
      const t = firingToken(probes, row);
      if (t !== '') seen.add(t);
    }
    out.push([...seen]);
  }
  return out;
}

/** One lowercased string per composite holding its tokens, for fast substring search. */
export function tokenHaystacks(tokens: readonly (readonly string[])[]): string[] {
  // "\n" separates tokens (firing tokens are trimmed, and a query never spans two of them).
  return tokens.map((list) => list.join('\n').toLowerCase());
}

/** The terms of a query: lowercased, split on white space; empty when there is nothing to find. */
export function queryTerms(query: string): string[] {
  const q = query.trim().toLowerCase();
  return q === '' ? [] : q.split(/\s+/);
}

/**
 * Composites matching every term of `query` (ascending ids), or null for an empty query (no
 * filter). A term matches composite k when it is k's id (`12` or `#12`), or a substring
 * (case-insensitive) of its label or of one of its top firing tokens.
 */
export function matchComposites(
  query: string,
  nComposites: number,
  labelOf: (k: number) => string,
  haystacks: readonly string[],
): number[] | null {
  const terms = queryTerms(query);
  if (terms.length === 0) return null;
  const ids = terms.map((t) => (/^#?\d+$/.test(t) ? Number(t.replace('#', '')) : -1));
  const out: number[] = [];
  for (let k = 0; k < nComposites; k++) {
    let label: string | null = null;
    const hay = haystacks[k] ?? '';
    let all = true;
    for (let j = 0; j < terms.length && all; j++) {
      const t = terms[j] ?? '';
      if (ids[j] === k || hay.includes(t)) continue;
      label ??= labelOf(k).toLowerCase();
      if (!label.includes(t)) all = false;
    }
    if (all) out.push(k);
  }
  return out;
}
