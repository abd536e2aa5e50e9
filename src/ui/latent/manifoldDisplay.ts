// The only owner of how the manifold views turn their settings into what the canvas draws: the
// points' colours (by value, another composite's value, position in context, token, or regex
// matches), the emphasis and threshold, the labelled points, and the legend that describes it.
// Plain functions over the point set (core/manifold/style does the maths); the latent and
// manifold-CSV views memoise them.
import type { ProbeRow } from '../../core/ids';
import { compilePatterns, type ManifoldSettings } from '../../core/manifold/settings';
import { cssRgb } from '../../core/colorRamp';
import { divergingCss, maxAbsOf } from '../../core/colorScale';
import {
  CATEGORY_RGB,
  categoryColors,
  categoryCss,
  colorScale,
  emphasis,
  quantileThreshold,
  scaleColors,
  writeScaleRgb,
  type ColorScale,
} from '../../core/manifold/style';
import type { ManifoldData } from '../../core/manifoldPoints';
import { clip } from '../../core/tokenText';
import type { PointLabel, PointStyle } from '../../scene/manifold/types';

/** The longest label text shown on the manifold (the full text is its title). */
const LABEL_CHARS = 28;
/** A point outside the search's matches or the selection. */
const OUT_OF_FOCUS = { size: 0.7, alpha: 0.14 } as const;

export interface DisplayInput {
  data: ManifoldData;
  settings: ManifoldSettings;
  /** A point's token as shown (labels; categories too unless `categoryOf` is given). */
  tokenOf: (index: number) => string;
  /** The token a point's category is (a CSV row's predicted token). */
  categoryOf?: (index: number) => string;
  /** A point's raw token text (regex matching). */
  rawTokenOf: (index: number) => string;
  /** A point's firing position in its context window, or null when rows have no context. */
  positionOf: ((index: number) => number) | null;
  /** Another composite's value at each point (colour by composite), or null. */
  otherValues: Float32Array | null;
  pinned: readonly ProbeRow[];
  /**
   * Per point: 1 when it passes the search and the selection (the others are dimmed and get no
   * label), or null when neither is active.
   */
  focus: Uint8Array | null;
  /** Per point: a cluster id from the shape panel (colour by cluster), or null. */
  clusters?: Int32Array | null;
}

export type Legend =
  | { kind: 'scale'; scale: ColorScale; what: string }
  | { kind: 'categories'; what: string; items: { text: string; css: string; count: number }[] };

export interface Display {
  style: PointStyle;
  legend: Legend;
  labels: PointLabel[];
  /** |value| under which points fade or hide (0: none), and how many are at or above it. */
  threshold: number;
  kept: number;
  /** Problems to show (an invalid regex). */
  problems: string[];
}

const label = (text: string) => clip(text, LABEL_CHARS);

/** Categories of the points' tokens: the most frequent get a colour each, the rest "other". */
function tokenCategories(input: DisplayInput): {
  categories: Int32Array;
  items: { text: string; css: string; count: number }[];
} {
  const { data } = input;
  const tokenOf = input.categoryOf ?? input.tokenOf;
  const counts = new Map<string, number>();
  const token: string[] = [];
  for (let i = 0; i < data.count; i++) {
    const t = tokenOf(i);
    token.push(t);
    counts.set(t, (counts.get(t) ?? 0) + 1);
  }
  const top = [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, CATEGORY_RGB.length);
  const id = new Map(top.map(([t], k) => [t, k]));
  const categories = Int32Array.from(token, (t) => id.get(t) ?? -1);
  const other = data.count - top.reduce((s, [, n]) => s + n, 0);
  const items = top.map(([text, count], k) => ({ text: label(text), css: categoryCss(k), count }));
  if (other > 0) items.push({ text: 'other', css: categoryCss(-1), count: other });
  return { categories, items };
}

/** Categories by the first of the patterns each point's token matches. */
function regexCategories(
  input: DisplayInput,
  patterns: string[],
): { categories: Int32Array; items: Legend & { kind: 'categories' }; problems: string[] } {
  const { regexes, errors } = compilePatterns(patterns);
  const counts = new Array<number>(regexes.length).fill(0);
  let other = 0;
  const categories = new Int32Array(input.data.count).fill(-1);
  for (let i = 0; i < input.data.count; i++) {
    const t = input.rawTokenOf(i);
    const k = regexes.findIndex((r) => r !== null && r.test(t));
    categories[i] = k;
    if (k >= 0) counts[k] = (counts[k] ?? 0) + 1;
    else other++;
  }
  const items = regexes.flatMap((r, k) =>
    r
      ? [{ text: `/${label(patterns[k] ?? '')}/`, css: categoryCss(k), count: counts[k] ?? 0 }]
      : [],
  );
  items.push({ text: 'no match', css: categoryCss(-1), count: other });
  return {
    categories,
    items: { kind: 'categories', what: 'token matches', items },
    problems: errors,
  };
}

/** Everything the canvas and the legend need for these settings. */
export function manifoldDisplay(input: DisplayInput): Display {
  const { data, settings } = input;
  const n = data.count;
  const threshold =
    settings.threshold.mode === 'quantile'
      ? quantileThreshold(data.values, n, settings.threshold.value)
      : settings.threshold.value;
  const emph = emphasis(data.values, n, {
    mode: settings.emphasis,
    threshold,
    below: settings.below,
  });
  let colors: Float32Array;
  let legend: Legend;
  let problems: string[] = [];
  const by = settings.colorBy;
  const clusters = input.clusters;
  if (clusters && clusters.length === n) {
    colors = categoryColors(clusters, n);
    const counts = new Map<number, number>();
    for (const c of clusters) counts.set(c, (counts.get(c) ?? 0) + 1);
    legend = {
      kind: 'categories',
      what: 'cluster',
      items: [...counts.entries()]
        .sort((a, b) => a[0] - b[0])
        .map(([c, count]) => ({ text: `cluster ${c + 1}`, css: categoryCss(c), count })),
    };
  } else if (by.kind === 'token') {
    const { categories, items } = tokenCategories(input);
    colors = categoryColors(categories, n);
    legend = { kind: 'categories', what: 'token', items };
  } else if (by.kind === 'regex') {
    const r = regexCategories(input, by.patterns);
    colors = categoryColors(r.categories, n);
    legend = r.items;
    problems = r.problems;
  } else {
    let values: ArrayLike<number> = data.values;
    let what = 'value';
    if (by.kind === 'composite' && input.otherValues) {
      values = input.otherValues;
      what = `h of composite ${by.composite}`;
    } else if (by.kind === 'position' && input.positionOf) {
      const pos = input.positionOf;
      values = Float32Array.from({ length: n }, (_, i) => pos(i));
      what = 'position in context';
    }
    const scale = colorScale(values, n, by.kind === 'position' ? 'linear' : settings.scale);
    colors = scaleColors(scale, values, n);
    legend = { kind: 'scale', scale, what };
  }
  const focus = input.focus;
  if (focus) {
    // Out of focus (not matching the search, or outside the selection): faint and small.
    for (let i = 0; i < n; i++) {
      if (focus[i]) continue;
      emph.sizes[i] = Math.min(emph.sizes[i] ?? 1, OUT_OF_FOCUS.size);
      emph.alphas[i] = Math.min(emph.alphas[i] ?? 1, OUT_OF_FOCUS.alpha);
    }
  }
  const filtered = focus !== null || threshold > 0;
  const style: PointStyle = {
    colors,
    sizes: settings.emphasis === 'off' && !filtered ? null : emph.sizes,
    alphas:
      settings.emphasis === 'opacity' || settings.emphasis === 'both' || filtered
        ? emph.alphas
        : null,
    strongOnTop: settings.emphasis !== 'off' || filtered,
  };
  return {
    style,
    legend,
    labels: pointLabels(input, emph.sizes),
    threshold,
    kept: emph.kept,
    problems,
  };
}

/** The labelled points: every pinned one, then the top `labels` by |value| that are drawn. */
function pointLabels(input: DisplayInput, sizes: Float32Array): PointLabel[] {
  const { data, settings, pinned } = input;
  const index = new Map<number, number>();
  for (let i = 0; i < data.count; i++) index.set(data.rows[i] ?? -1, i);
  const out: PointLabel[] = [];
  const taken = new Set<number>();
  const add = (i: number, isPinned: boolean) => {
    const row = data.rows[i] ?? -1;
    if (taken.has(row)) return;
    taken.add(row);
    const full = input.tokenOf(i) || `row ${row}`;
    out.push({ row: row as ProbeRow, index: i, text: label(full), title: full, pinned: isPinned });
  };
  for (const row of pinned) {
    const i = index.get(row);
    if (i !== undefined) add(i, true);
  }
  if (settings.labels > 0) {
    const order = Int32Array.from({ length: data.count }, (_, i) => i).sort(
      (a, b) => Math.abs(data.values[b] ?? 0) - Math.abs(data.values[a] ?? 0) || a - b,
    );
    let added = 0;
    for (const i of order) {
      if (added >= settings.labels) break;
      if ((sizes[i] ?? 1) === 0 || !Number.isFinite(data.values[i] ?? NaN)) continue;
      if (input.focus && !input.focus[i]) continue;
      const before = out.length;
      add(i, false);
      if (out.length > before) added++;
    }
  }
  return out;
}

/**
 * The colour of a value of the composite itself (the firing histogram's bars): the manifold's
 * scale when it colours by value, else the diverging scale over all `values`.
 */
export function valueColor(
  display: Display | null,
  values: ArrayLike<number> | null,
): (value: number) => string {
  const l = display?.legend;
  if (l?.kind === 'scale' && l.what === 'value') {
    const rgb = [0, 0, 0];
    return (v) => {
      writeScaleRgb(l.scale, v, rgb, 0);
      return cssRgb(rgb as unknown as [number, number, number]);
    };
  }
  const max = values ? maxAbsOf(values) : 0;
  return (v) => divergingCss(v, max);
}
