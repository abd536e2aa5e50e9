// The only owner of token search over the probe rows: the inverted index firing text → probe
// rows (built once per probe set, off the UI thread, by the search worker), which texts a query
// matches (exactly, as a prefix, or as a substring — the best tier only), and the composites
// ranked by their activation on the matching rows. Pure; the atlas's search and the token view's
// "open this input" read it.

/** Firing texts → probe rows, as compressed rows (CSR). */
export interface TokenIndex {
  /** N, the probe rows indexed. */
  n: number;
  /** Per distinct firing text: the text as shown (core/labels' firingToken). */
  texts: string[];
  /** Per distinct firing text: the text lowercased, the search key. */
  keys: string[];
  /** [texts + 1]: rows of text t are rows[offsets[t] .. offsets[t + 1]), ascending. */
  offsets: Int32Array;
  /** [N] probe rows grouped by text. */
  rows: Int32Array;
}

/**
 * The index of N rows whose firing texts are `texts[ids[row]]` (ids[row] < 0: no token, left
 * out). Texts are as core/labels' firingToken gives them (trimmed, white space kept when that is
 * all there is); equal texts share one entry. O(N + texts used).
 */
export function buildTokenIndex(ids: Int32Array, texts: readonly string[]): TokenIndex {
  const n = ids.length;
  const entryOfId = new Map<number, number>();
  const entryOfText = new Map<string, number>();
  const shown: string[] = [];
  const entry = new Int32Array(n).fill(-1);
  for (let r = 0; r < n; r++) {
    const id = ids[r] as number;
    if (id < 0) continue;
    let e = entryOfId.get(id);
    if (e === undefined) {
      const raw = texts[id] ?? '';
      const text = raw.trim() || raw;
      e = entryOfText.get(text);
      if (e === undefined) {
        e = shown.length;
        shown.push(text);
        entryOfText.set(text, e);
      }
      entryOfId.set(id, e);
    }
    entry[r] = e;
  }
  const offsets = new Int32Array(shown.length + 1);
  for (let r = 0; r < n; r++) {
    const e = entry[r] as number;
    if (e >= 0) offsets[e + 1] = (offsets[e + 1] as number) + 1;
  }
  for (let e = 0; e < shown.length; e++)
    offsets[e + 1] = (offsets[e + 1] as number) + (offsets[e] as number);
  const fill = offsets.slice(0, shown.length);
  const rows = new Int32Array(offsets[shown.length] as number);
  for (let r = 0; r < n; r++) {
    const e = entry[r] as number;
    if (e >= 0) {
      rows[fill[e] as number] = r;
      fill[e] = (fill[e] as number) + 1;
    }
  }
  return { n, texts: shown, keys: shown.map((t) => t.toLowerCase()), offsets, rows };
}

/** How a query matches a text: 0 exactly, 1 as a prefix, 2 as a substring. */
export type MatchTier = 0 | 1 | 2;

/** Substring matches need a query at least this long (one letter is in nearly every word). */
export const SUBSTRING_MIN_CHARS = 3;

/**
 * The texts `query` matches (lowercased, trimmed), in the best tier that has any: exact matches
 * if there are some, else prefixes, else substrings (queries of SUBSTRING_MIN_CHARS or more).
 * Within the tier, by text length, then by how many rows fire on it (descending).
 */
export function matchTexts(
  index: TokenIndex,
  query: string,
): { tier: MatchTier; texts: number[] } | null {
  const q = query.trim().toLowerCase();
  if (q === '') return null;
  const tiers: number[][] = [[], [], []];
  for (let t = 0; t < index.keys.length; t++) {
    const key = index.keys[t] as string;
    if (key === q) tiers[0]?.push(t);
    else if (key.startsWith(q)) tiers[1]?.push(t);
    else if (q.length >= SUBSTRING_MIN_CHARS && key.includes(q)) tiers[2]?.push(t);
  }
  const count = (t: number) => (index.offsets[t + 1] as number) - (index.offsets[t] as number);
  for (const tier of [0, 1, 2] as const) {
    const list = tiers[tier] as number[];
    if (list.length === 0) continue;
    list.sort(
      (a, b) =>
        (index.keys[a] as string).length - (index.keys[b] as string).length ||
        count(b) - count(a) ||
        a - b,
    );
    return { tier, texts: list };
  }
  return null;
}

/** A composite found by token search: its best matching row and its value there. */
export interface TokenHit {
  composite: number;
  row: number;
  value: number;
  /** The matching text of `row` (as shown). */
  text: string;
}

export interface TokenSearch {
  tier: MatchTier;
  /** Matching texts (index into TokenIndex.texts), best first. */
  texts: number[];
  /** Rows the ranking used (the first `maxRows` rows of the matching texts, in that order). */
  rowsUsed: number;
  /** Rows that match in all. */
  rowsMatched: number;
  /** Composites with a positive value on some used row, by that value (descending), ≤ maxHits. */
  hits: TokenHit[];
  /** Composites with a positive value on some used row, before the maxHits cut. */
  positive: number;
}

/** Defaults of tokenSearch's limits. */
export const TOKEN_SEARCH_LIMITS = { maxRows: 4096, maxHits: 50 } as const;

/**
 * Token search: the rows whose firing text matches `query` (matchTexts), and each composite's
 * largest value h[k, row] over those rows (ties to the earlier row), ranked by that value.
 * `h` is [C, N] row-major (ProbeResults.hByComposite). Costs C × rows used (at most maxRows)
 * reads plus one pass over the distinct texts.
 */
export function tokenSearch(
  index: TokenIndex,
  query: string,
  h: Float32Array,
  C: number,
  limits: { maxRows?: number; maxHits?: number } = {},
): TokenSearch | null {
  const match = matchTexts(index, query);
  if (!match) return null;
  const N = index.n;
  const maxRows = limits.maxRows ?? TOKEN_SEARCH_LIMITS.maxRows;
  const maxHits = limits.maxHits ?? TOKEN_SEARCH_LIMITS.maxHits;
  const used: number[] = [];
  const textOfRow: number[] = [];
  let matched = 0;
  for (const t of match.texts) {
    const a = index.offsets[t] as number;
    const b = index.offsets[t + 1] as number;
    matched += b - a;
    for (let i = a; i < b && used.length < maxRows; i++) {
      used.push(index.rows[i] as number);
      textOfRow.push(t);
    }
  }
  const hits: TokenHit[] = [];
  for (let k = 0; k < C; k++) {
    const base = k * N;
    let best = -1;
    let value = 0;
    for (let i = 0; i < used.length; i++) {
      const v = h[base + (used[i] as number)] as number;
      if (v > value) {
        value = v;
        best = i;
      }
    }
    if (best >= 0) {
      hits.push({
        composite: k,
        row: used[best] as number,
        value,
        text: index.texts[textOfRow[best] as number] as string,
      });
    }
  }
  hits.sort((x, y) => y.value - x.value || x.composite - y.composite);
  return {
    tier: match.tier,
    texts: match.texts,
    rowsUsed: used.length,
    rowsMatched: matched,
    hits: hits.slice(0, maxHits),
    positive: hits.length,
  };
}

/** The rows whose firing text is exactly `query` (case-insensitive), at most `max`, ascending. */
export function exactRows(index: TokenIndex, query: string, max: number): number[] {
  const match = matchTexts(index, query);
  if (!match || match.tier !== 0) return [];
  const out: number[] = [];
  for (const t of match.texts) {
    for (
      let i = index.offsets[t] as number;
      i < (index.offsets[t + 1] as number) && out.length < max;
      i++
    ) {
      out.push(index.rows[i] as number);
    }
  }
  return out.sort((a, b) => a - b);
}
