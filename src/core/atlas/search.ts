// The only owner of atlas search: what a query matches — a composite's id, its label, one of
// the tokens (words) that fire it most (the firing tokens of its top probe rows), or, through
// the probe set's token index (core/tokenIndex), the composites that fire most on the probe
// rows whose token matches — and why each result matched. Pure; the app's atlas job
// precomputes the token lists once per analysis, and the atlas list and map show the matches.
import type { ProbeResults } from '../analysis';
import { firingToken } from '../labels';
import type { ProbeSet } from '../probes';
import type { TokenSearch } from '../tokenIndex';

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

/** Why a composite is in the search results. */
export type MatchReason =
  | { kind: 'input'; text: string; row: number; value: number }
  | { kind: 'id' }
  | { kind: 'label' }
  | { kind: 'top-token'; text: string };

export interface SearchResults {
  /**
   * The matching composites in result order: those found through the probe rows (by their value
   * on the matching input, descending), then the other matches by id.
   */
  ordered: number[];
  /** Why each matched (the first term decides for id/label/top-token matches). */
  reasons: Map<number, MatchReason>;
  /** The token search behind the 'input' matches (null when the query matched no input). */
  inputs: TokenSearch | null;
}

/**
 * The atlas's search: matchComposites' matches plus the token search's hits (`inputs`, for the
 * whole query; null when there is no index), each with its reason. Null for an empty query.
 */
export function searchComposites(
  query: string,
  nComposites: number,
  labelOf: (k: number) => string,
  tokens: readonly (readonly string[])[],
  haystacks: readonly string[],
  inputs: TokenSearch | null,
): SearchResults | null {
  const terms = queryTerms(query);
  if (terms.length === 0) return null;
  const reasons = new Map<number, MatchReason>();
  const ordered: number[] = [];
  for (const hit of inputs?.hits ?? []) {
    if (hit.composite >= nComposites) continue;
    reasons.set(hit.composite, { kind: 'input', text: hit.text, row: hit.row, value: hit.value });
    ordered.push(hit.composite);
  }
  const first = terms[0] as string;
  const id = /^#?\d+$/.test(first) ? Number(first.replace('#', '')) : -1;
  for (const k of matchComposites(query, nComposites, labelOf, haystacks) ?? []) {
    if (reasons.has(k)) continue;
    let reason: MatchReason;
    if (id === k) reason = { kind: 'id' };
    else if (labelOf(k).toLowerCase().includes(first)) reason = { kind: 'label' };
    else {
      const text = (tokens[k] ?? []).find((t) => t.toLowerCase().includes(first)) ?? first;
      reason = { kind: 'top-token', text };
    }
    reasons.set(k, reason);
    ordered.push(k);
  }
  return { ordered, reasons, inputs };
}
