// The only owner of automatic composite labels: the most frequent firing tokens (or words) among
// a composite's top-activating probe rows. Pure; the atlas, the list and the latent view show them
// marked as automatic, and user-edited labels (state/labelStore) take precedence.
import type { ProbeResults } from './analysis';
import type { ProbeSet } from './probes';

/**
 * Firing token of a probe row as text (decoded when the vocabulary is byte-level), trimmed
 * (tokens keep their leading space) — except a token that is only white space (a newline, a
 * run of spaces), which is kept whole so a label can show it.
 */
export function firingToken(p: ProbeSet, row: number): string {
  const pos = p.position[row] ?? p.window - 1;
  const id = p.tokens[row * p.window + pos] ?? -1;
  if (id < 0) return '';
  const text = p.tokenText[id] ?? '';
  return text.trim() || text;
}

/** What joins the tokens of an automatic label. */
export const LABEL_SEPARATOR = ' · ';

/**
 * A label as the pieces it is drawn from: an automatic label's tokens (each drawn on its own, so
 * a token that is only a space or a newline stays visible), or a user's label whole.
 */
export function labelParts(text: string, automatic: boolean): string[] {
  return automatic ? text.split(LABEL_SEPARATOR) : [text];
}

/**
 * An automatic label per composite: the `count` most frequent firing tokens among its top rows
 * (the first `rows` of ProbeResults.topRows), most frequent first, ties by rank; joined by " · ".
 * For word probe sets (every token unique) this is simply its top words.
 */
export function autoLabels(
  results: ProbeResults,
  probes: ProbeSet,
  count = 3,
  rows = 20,
): string[] {
  const C = results.topRows.length / Math.max(1, results.topK);
  const labels: string[] = [];
  for (let k = 0; k < C; k++) {
    const freq = new Map<string, { n: number; first: number }>();
    const take = Math.min(rows, results.topK);
    for (let r = 0; r < take; r++) {
      const row = results.topRows[k * results.topK + r] ?? -1;
      if (row < 0) continue;
      const t = firingToken(probes, row);
      if (t === '') continue;
      const e = freq.get(t);
      if (e) e.n++;
      else freq.set(t, { n: 1, first: r });
    }
    const best = [...freq.entries()]
      .sort((a, b) => b[1].n - a[1].n || a[1].first - b[1].first)
      .slice(0, count)
      .map(([t]) => t);
    labels.push(best.join(LABEL_SEPARATOR));
  }
  return labels;
}
