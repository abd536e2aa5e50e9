// The only owner of token search over the probe rows: the inverted index firing text → probe
// rows (built once per probe set, off the UI thread, by the search worker), which texts a query
// matches (exactly, as a prefix, or as a substring — the best tier only), and the composites
// ranked by their activation on the matching rows, read from a row-major copy of h (one probe
// row's C values contiguous: a keystroke streams a few rows instead of touching every
// composite's row of the analysis's [C, N] array). Pure; the search worker runs the ranking, the
// atlas's search and the token view read the results and the index.

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
  /**
   * Rows the ranking used: the first rows of the matching texts (in matchTexts' order), at most
   * maxRows and maxReads / C of them; fewer than rowsMatched means the ranking is over a part.
   */
  rowsUsed: number;
  /** Rows that match in all. */
  rowsMatched: number;
  /** Composites with a positive value on some used row, by that value (descending), ≤ maxHits. */
  hits: TokenHit[];
  /** Composites with a positive value on some used row, before the maxHits cut. */
  positive: number;
}

/**
 * Defaults of tokenSearch's limits: rows ranked (at most maxRows, and at most maxReads / C so a
 * keystroke reads at most maxReads values whatever the model), composites listed.
 */
export const TOKEN_SEARCH_LIMITS = { maxRows: 65536, maxReads: 1 << 23, maxHits: 50 } as const;

/** h as [N, C] row-major (row r: every composite's value on probe row r) from [C, N]. */
export function rowsOfValues(hByComposite: Float32Array, C: number, N: number): Float32Array {
  const out = new Float32Array(C * N);
  // 32 × 32 tiles: each tile's reads (32 runs of 32 values) and writes stay in the cache.
  const T = 32;
  for (let k0 = 0; k0 < C; k0 += T) {
    const k1 = Math.min(C, k0 + T);
    for (let r0 = 0; r0 < N; r0 += T) {
      const r1 = Math.min(N, r0 + T);
      for (let k = k0; k < k1; k++) {
        const src = k * N;
        for (let r = r0; r < r1; r++) out[r * C + k] = hByComposite[src + r] as number;
      }
    }
  }
  return out;
}

/**
 * Token search: the rows whose firing text matches `query` (matchTexts), and each composite's
 * largest value h[row, k] over those rows (ties to the lower row), ranked by that value.
 * `rows` is h as [N, C] row-major (rowsOfValues). Costs C × rows used (at most maxReads)
 * contiguous reads plus one pass over the distinct texts.
 */
export function tokenSearch(
  index: TokenIndex,
  query: string,
  rows: Float32Array,
  C: number,
  limits: { maxRows?: number; maxReads?: number; maxHits?: number } = {},
): TokenSearch | null {
  const match = matchTexts(index, query);
  if (!match) return null;
  const maxRows = limits.maxRows ?? TOKEN_SEARCH_LIMITS.maxRows;
  const maxHits = limits.maxHits ?? TOKEN_SEARCH_LIMITS.maxHits;
  const maxReads = limits.maxReads ?? TOKEN_SEARCH_LIMITS.maxReads;
  // The first rows of the matching texts in order, at most maxRows and at most maxReads / C.
  const cap = Math.max(1, Math.min(maxRows, Math.floor(maxReads / Math.max(1, C))));
  const picked: number[] = [];
  const textOf = new Map<number, number>();
  let matched = 0;
  for (const t of match.texts) {
    const a = index.offsets[t] as number;
    const b = index.offsets[t + 1] as number;
    matched += b - a;
    for (let i = a; i < b && picked.length < cap; i++) {
      picked.push(index.rows[i] as number);
      textOf.set(index.rows[i] as number, t);
    }
  }
  // Ascending rows, so ties go to the lower row by the strict comparison below.
  const used = Int32Array.from(picked).sort();
  const best = new Float32Array(C);
  const bestRow = new Int32Array(C).fill(-1);
  for (let i = 0; i < used.length; i++) {
    const r = used[i] as number;
    const o = r * C;
    for (let k = 0; k < C; k++) {
      const v = rows[o + k] as number;
      if (v > (best[k] as number)) {
        best[k] = v;
        bestRow[k] = r;
      }
    }
  }
  const hits: TokenHit[] = [];
  for (let k = 0; k < C; k++) {
    const r = bestRow[k] as number;
    if (r < 0) continue;
    hits.push({
      composite: k,
      row: r,
      value: best[k] as number,
      text: index.texts[textOf.get(r) as number] as string,
    });
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
