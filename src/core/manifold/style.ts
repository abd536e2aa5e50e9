// The only owner of how the manifold's points look: the colour scale (sequential when every shown
// value has one sign, diverging centred at 0 when both occur; linear, log or quantile), the
// categorical colours (tokens, regex matches), and the emphasis — size and opacity following
// |value|, and a threshold under which points fade or hide. Pure; the latent and manifold-CSV
// views compute a PointStyle, the canvas draws it, the legend describes it.
import { cssRgb, writeRampRgb, type Rgb } from '../colorRamp';
import { NEUTRAL_RGB, divergingRgb, writeDivergingRgb } from '../colorScale';

export type ScaleTransform = 'linear' | 'log' | 'quantile';
/** 'auto' = linear, or log when the values are very skewed (see chooseTransform). */
export type ScaleChoice = ScaleTransform | 'auto';
export type EmphasisMode = 'off' | 'size' | 'opacity' | 'both';

/** Sequential ramps: from a neutral that shows on both themes to the diverging scale's ends. */
const POSITIVE: readonly Rgb[] = [
  [0.66, 0.66, 0.68],
  [0.93, 0.66, 0.47],
  [0.906, 0.443, 0.361],
  [0.776, 0.153, 0.161],
  [0.5, 0.05, 0.12],
];
const NEGATIVE: readonly Rgb[] = [
  [0.66, 0.66, 0.68],
  [0.55, 0.72, 0.9],
  [0.404, 0.608, 0.851],
  [0.129, 0.341, 0.698],
  [0.06, 0.16, 0.45],
];

/** Categorical palette (colour-blind safe, Okabe–Ito without black), then grey for "other". */
export const CATEGORY_RGB: readonly Rgb[] = [
  [0.9, 0.62, 0.0],
  [0.34, 0.71, 0.91],
  [0.0, 0.62, 0.45],
  [0.8, 0.47, 0.65],
  [0.0, 0.45, 0.7],
  [0.84, 0.37, 0.0],
  [0.94, 0.89, 0.26],
  [0.45, 0.36, 0.68],
];
export const OTHER_RGB: Rgb = NEUTRAL_RGB;

/** A colour scale, resolved for the values it colours. */
export interface ColorScale {
  kind: 'sequential' | 'diverging';
  /** For sequential scales: the sign of the values (+1 or −1). */
  sign: 1 | -1;
  transform: ScaleTransform;
  /** Whether the transform was chosen automatically. */
  auto: boolean;
  /** The values' range: [min, max] (diverging: [−m, m]). */
  lo: number;
  hi: number;
  /** Sorted |values| (quantile transform only). */
  sorted: Float64Array | null;
  /** The log transform's floor: the smallest non-zero |value| (at least LOG_FLOOR × the largest). */
  floor: number;
}

/** The log transform's lowest floor, as a share of the largest |value|. */
const LOG_FLOOR = 1e-4;

/**
 * 'log' when the values are very skewed (the median |value| is under 10 % of the largest, as in
 * a manifold whose firing tip is a small share of its points), else 'linear'.
 */
export function chooseTransform(values: ArrayLike<number>, count: number): ScaleTransform {
  const mags: number[] = [];
  let max = 0;
  for (let i = 0; i < count; i++) {
    const a = Math.abs(values[i] ?? NaN);
    if (!Number.isFinite(a)) continue;
    mags.push(a);
    if (a > max) max = a;
  }
  if (mags.length < 8 || max === 0) return 'linear';
  mags.sort((a, b) => a - b);
  return (mags[mags.length >> 1] ?? 0) < 0.1 * max ? 'log' : 'linear';
}

/** The scale for `values` (the shown points): its kind from their signs, its transform. */
export function colorScale(
  values: ArrayLike<number>,
  count: number,
  choice: ScaleChoice,
): ColorScale {
  let min = Infinity;
  let max = -Infinity;
  let smallest = Infinity;
  for (let i = 0; i < count; i++) {
    const v = values[i] ?? NaN;
    if (!Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
    const a = Math.abs(v);
    if (a > 0 && a < smallest) smallest = a;
  }
  if (min === Infinity) [min, max] = [0, 0];
  const transform = choice === 'auto' ? chooseTransform(values, count) : choice;
  let sorted: Float64Array | null = null;
  if (transform === 'quantile') {
    const mags: number[] = [];
    for (let i = 0; i < count; i++) {
      const a = Math.abs(values[i] ?? NaN);
      if (Number.isFinite(a)) mags.push(a);
    }
    sorted = Float64Array.from(mags).sort();
  }
  const auto = choice === 'auto';
  const top = Math.max(Math.abs(min), Math.abs(max));
  const floor = Math.min(top, Math.max(smallest, LOG_FLOOR * top));
  if (min >= 0 || max <= 0) {
    const sign: 1 | -1 = max > 0 ? 1 : min < 0 ? -1 : 1;
    return { kind: 'sequential', sign, transform, auto, lo: min, hi: max, sorted, floor };
  }
  return { kind: 'diverging', sign: 1, transform, auto, lo: -top, hi: top, sorted, floor };
}

/** The scale position of |v| in 0..1 under the scale's transform. */
export function magnitudeT(scale: ColorScale, v: number): number {
  const m = Math.max(Math.abs(scale.lo), Math.abs(scale.hi));
  const a = Math.abs(v);
  if (!Number.isFinite(a) || m === 0) return 0;
  switch (scale.transform) {
    case 'linear':
      return Math.min(1, a / m);
    case 'log': {
      const floor = scale.floor;
      if (!(m > floor)) return a >= m ? 1 : 0;
      return Math.min(1, Math.max(0, Math.log(Math.max(a, floor) / floor) / Math.log(m / floor)));
    }
    case 'quantile': {
      const s = scale.sorted;
      if (!s || s.length === 0) return 0;
      // Share of the values at most |v| (binary search).
      let lo = 0;
      let hi = s.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((s[mid] ?? 0) <= a) lo = mid + 1;
        else hi = mid;
      }
      return lo / s.length;
    }
  }
}

/** Writes the colour of `v` on `scale` into out[offset..offset+2]. */
export function writeScaleRgb(
  scale: ColorScale,
  v: number,
  out: { [i: number]: number },
  offset: number,
): void {
  if (!Number.isFinite(v)) {
    out[offset] = OTHER_RGB[0];
    out[offset + 1] = OTHER_RGB[1];
    out[offset + 2] = OTHER_RGB[2];
    return;
  }
  const t = magnitudeT(scale, v);
  if (scale.kind === 'diverging') writeDivergingRgb(v < 0 ? -t : t, 1, out, offset);
  else writeRampRgb(scale.sign > 0 ? POSITIVE : NEGATIVE, t, out, offset);
}

/** [count, 3] colours of `values` on `scale`. */
export function scaleColors(
  scale: ColorScale,
  values: ArrayLike<number>,
  count: number,
): Float32Array {
  const out = new Float32Array(count * 3);
  for (let i = 0; i < count; i++) writeScaleRgb(scale, values[i] ?? NaN, out, i * 3);
  return out;
}

/** CSS gradient stops of the scale, low to high (for the legend). */
export function scaleCss(scale: ColorScale): string[] {
  const ts = [0, 0.25, 0.5, 0.75, 1];
  if (scale.kind === 'diverging') {
    return [-1, -0.5, 0, 0.5, 1].map((t) => cssRgb(divergingRgb(t, 1)));
  }
  const stops = scale.sign > 0 ? POSITIVE : NEGATIVE;
  const at = (t: number) => {
    const o = [0, 0, 0];
    writeRampRgb(stops, t, o, 0);
    return cssRgb(o as unknown as Rgb);
  };
  // A negative scale reads from its most negative (dark) end to 0.
  return scale.sign > 0 ? ts.map(at) : ts.map((t) => at(1 - t));
}

/** The value at scale position `t` in 0..1 of |value| (for legend ticks), signed by the scale. */
export function valueAt(scale: ColorScale, t: number): number {
  const m = Math.max(Math.abs(scale.lo), Math.abs(scale.hi));
  let a: number;
  switch (scale.transform) {
    case 'linear':
      a = t * m;
      break;
    case 'log':
      a = scale.floor * (m / scale.floor) ** t;
      break;
    case 'quantile': {
      const s = scale.sorted;
      a = s && s.length ? (s[Math.min(s.length - 1, Math.floor(t * s.length))] ?? 0) : 0;
      break;
    }
  }
  return scale.kind === 'sequential' ? scale.sign * a : a;
}

/** The scale in words, for the legend ("sequential · log (auto)"). */
export function describeScale(scale: ColorScale): string {
  return `${scale.kind} · ${scale.transform}${scale.auto ? ' (auto)' : ''}`;
}

/** [count, 3] colours of category ids (−1 = other); `k` categories use the palette in turn. */
export function categoryColors(categories: ArrayLike<number>, count: number): Float32Array {
  const out = new Float32Array(count * 3);
  for (let i = 0; i < count; i++) {
    const c = categories[i] ?? -1;
    const rgb = c >= 0 ? (CATEGORY_RGB[c % CATEGORY_RGB.length] ?? OTHER_RGB) : OTHER_RGB;
    out.set(rgb, i * 3);
  }
  return out;
}

/** The CSS colour of category `c` (−1 = other). */
export function categoryCss(c: number): string {
  return cssRgb(c >= 0 ? (CATEGORY_RGB[c % CATEGORY_RGB.length] ?? OTHER_RGB) : OTHER_RGB);
}

/** What emphasis does, and the threshold below which points fade or hide. */
export interface EmphasisOptions {
  mode: EmphasisMode;
  /** Points with |value| under this fade or hide; 0 = no threshold. */
  threshold: number;
  below: 'fade' | 'hide';
}

/** Per-point size multiplier and opacity (0 = not drawn). */
export interface Emphasis {
  sizes: Float32Array;
  alphas: Float32Array;
  /** Points at or above the threshold (drawn in full). */
  kept: number;
}

/** Sizes span this range (× the base size) under size emphasis. */
const SIZE_RANGE = [0.55, 2.1] as const;
/** Opacities span this range under opacity emphasis. */
const ALPHA_RANGE = [0.18, 1] as const;
/** A point under the threshold, when it fades. */
const FADED = { size: 0.6, alpha: 0.1 } as const;

/**
 * The emphasis of each point from t = |value| / max |value| (linear, whatever the colour scale):
 * size and/or opacity grow with t; under the threshold a point fades or is hidden.
 */
export function emphasis(values: ArrayLike<number>, count: number, o: EmphasisOptions): Emphasis {
  let max = 0;
  for (let i = 0; i < count; i++) {
    const a = Math.abs(values[i] ?? NaN);
    if (Number.isFinite(a) && a > max) max = a;
  }
  const sizes = new Float32Array(count);
  const alphas = new Float32Array(count);
  let kept = 0;
  const bySize = o.mode === 'size' || o.mode === 'both';
  const byAlpha = o.mode === 'opacity' || o.mode === 'both';
  for (let i = 0; i < count; i++) {
    const a = Math.abs(values[i] ?? NaN);
    const t = max > 0 && Number.isFinite(a) ? a / max : 0;
    if (o.threshold > 0 && !(a >= o.threshold)) {
      sizes[i] = o.below === 'hide' ? 0 : FADED.size;
      alphas[i] = o.below === 'hide' ? 0 : FADED.alpha;
      continue;
    }
    kept++;
    sizes[i] = bySize ? SIZE_RANGE[0] + (SIZE_RANGE[1] - SIZE_RANGE[0]) * Math.sqrt(t) : 1;
    alphas[i] = byAlpha ? ALPHA_RANGE[0] + (ALPHA_RANGE[1] - ALPHA_RANGE[0]) * t : 1;
  }
  return { sizes, alphas, kept };
}

/** The |value| at quantile `q` (0..1) of the values: the threshold a quantile slider sets. */
export function quantileThreshold(values: ArrayLike<number>, count: number, q: number): number {
  if (q <= 0) return 0;
  const mags: number[] = [];
  for (let i = 0; i < count; i++) {
    const a = Math.abs(values[i] ?? NaN);
    if (Number.isFinite(a)) mags.push(a);
  }
  if (mags.length === 0) return 0;
  mags.sort((a, b) => a - b);
  return mags[Math.min(mags.length - 1, Math.floor(q * mags.length))] ?? 0;
}
