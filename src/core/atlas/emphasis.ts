// The only owner of what the atlas shows and emphasises: the composites passing the search and
// the brushed selection, and the per-point emphasis the map draws (dimmed outside, emphasised
// inside). Pure; the atlas model (src/ui/atlas) computes it and the map's shader reads the levels.

/** Emphasis per point, as the map's shader reads it. */
export const EMPHASIS = { dimmed: 0, normal: 1, emphasised: 2 } as const;

/**
 * The composites the list shows — search matches ∩ selection, ascending; every composite when
 * neither applies — and the map's emphasis (null when neither applies: all normal). `matches`
 * null = no search; an empty `selection` = none. Ids outside 0..C-1 are ignored.
 */
export function visibleAndEmphasis(
  nComposites: number,
  matches: readonly number[] | null,
  selection: readonly number[],
): { visible: number[]; emphasis: Uint8Array | null } {
  const C = nComposites;
  const selected = selection.filter((k) => k >= 0 && k < C);
  if (!matches && selected.length === 0) {
    return { visible: Array.from({ length: C }, (_, k) => k), emphasis: null };
  }
  const inSearch = matches ? mask(matches, C) : null;
  const inSelection = selected.length > 0 ? mask(selected, C) : null;
  const emphasis = new Uint8Array(C);
  const visible: number[] = [];
  for (let k = 0; k < C; k++) {
    const ok = (!inSearch || inSearch[k] === 1) && (!inSelection || inSelection[k] === 1);
    emphasis[k] = ok ? EMPHASIS.emphasised : EMPHASIS.dimmed;
    if (ok) visible.push(k);
  }
  return { visible, emphasis };
}

function mask(ids: readonly number[], n: number): Uint8Array {
  const m = new Uint8Array(n);
  for (const k of ids) if (k >= 0 && k < n) m[k] = 1;
  return m;
}

/**
 * The map's emphasis with a prefix applied (the model panel's k): composites beyond the first
 * `k` of `order` are dimmed; the others keep their level (normal when `emphasis` is null).
 * Returns `emphasis` unchanged when there is no prefix.
 */
export function withPrefix(
  emphasis: Uint8Array | null,
  nComposites: number,
  order: Int32Array | null,
  k: number | null,
): Uint8Array | null {
  if (k === null || !order || k >= nComposites) return emphasis;
  const out = emphasis ? emphasis.slice() : new Uint8Array(nComposites).fill(EMPHASIS.normal);
  const inside = new Uint8Array(nComposites);
  for (let i = 0; i < Math.min(k, order.length); i++) {
    const c = order[i] ?? -1;
    if (c >= 0 && c < nComposites) inside[c] = 1;
  }
  for (let c = 0; c < nComposites; c++) if (!inside[c]) out[c] = EMPHASIS.dimmed;
  return out;
}
