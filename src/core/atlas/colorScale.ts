// The only owner of the atlas's colour and size scales: which scale suits each statistic
// (linear, or log when its values span orders of magnitude), the sequential colour map, legend
// ticks, and point sizes by importance. Pure; the atlas map (src/scene/atlas) colours its points
// with it and the legend (src/ui/atlas) draws the same map, so the two always agree.
import { cssRgb, writeRampRgb, type Rgb } from '../colorRamp';
import type { StatName } from '../stats';

/**
 * Viridis (matplotlib's default): perceptually uniform, sequential, readable in grey and by the
 * common colour-vision deficiencies. 11 stops (viridis at 0, 0.1, …, 1), linear RGB
 * interpolation between them (a core/colorRamp).
 */
export const VIRIDIS: readonly Rgb[] = [
  [0.267, 0.004, 0.329],
  [0.282, 0.145, 0.463],
  [0.255, 0.267, 0.529],
  [0.208, 0.376, 0.553],
  [0.165, 0.471, 0.557],
  [0.129, 0.565, 0.549],
  [0.133, 0.659, 0.518],
  [0.263, 0.749, 0.443],
  [0.478, 0.82, 0.318],
  [0.733, 0.875, 0.153],
  [0.992, 0.906, 0.145],
];

/** Colour of values the scale cannot place (NaN, or ≤ 0 on a log scale): a neutral grey. */
export const MISSING_RGB: Rgb = [0.6, 0.6, 0.6];

/** A log scale is used when all values are positive and max/min reaches this ratio (2 decades). */
export const LOG_RATIO = 100;

export interface StatScale {
  stat: StatName;
  kind: 'linear' | 'log';
  /** Domain (finite values only); min = max when they are all equal. */
  min: number;
  max: number;
  /** How many values were finite (and positive, for log). */
  finite: number;
}

/**
 * The scale for a statistic's values. Log when every finite value is > 0 and they span at least
 * LOG_RATIO (importance typically does; density and captured, in [0, 1], rarely do).
 */
export function statScale(stat: StatName, values: ArrayLike<number>): StatScale {
  let min = Infinity;
  let max = -Infinity;
  let finite = 0;
  let nonPositive = false;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] ?? NaN;
    if (!Number.isFinite(v)) continue;
    finite++;
    if (v <= 0) nonPositive = true;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (finite === 0) return { stat, kind: 'linear', min: 0, max: 0, finite };
  const kind = !nonPositive && max / min >= LOG_RATIO ? 'log' : 'linear';
  return { stat, kind, min, max, finite };
}

/** Position of `v` on the scale in [0, 1] (0.5 when the domain is one value); NaN if unplaceable. */
export function toUnit(scale: StatScale, v: number): number {
  if (!Number.isFinite(v)) return NaN;
  if (scale.kind === 'log') {
    if (v <= 0) return NaN;
    const lo = Math.log(scale.min);
    const span = Math.log(scale.max) - lo;
    return span > 0 ? clamp01((Math.log(v) - lo) / span) : 0.5;
  }
  const span = scale.max - scale.min;
  return span > 0 ? clamp01((v - scale.min) / span) : 0.5;
}

/** The value at position `t` in [0, 1] of the scale (inverse of toUnit). */
export function fromUnit(scale: StatScale, t: number): number {
  if (scale.kind === 'log') {
    return Math.exp(Math.log(scale.min) + t * (Math.log(scale.max) - Math.log(scale.min)));
  }
  return scale.min + t * (scale.max - scale.min);
}

function clamp01(t: number): number {
  return t < 0 ? 0 : t > 1 ? 1 : t;
}

/** The colour map at `t` in [0, 1] as linear-interpolated RGB in [0, 1]; MISSING_RGB for NaN. */
export function colourAt(t: number): [number, number, number] {
  if (!Number.isFinite(t)) return [...MISSING_RGB];
  const out: [number, number, number] = [0, 0, 0];
  writeRampRgb(VIRIDIS, t, out, 0);
  return out;
}

/** RGB per value, [n, 3] float32 in [0, 1], on `scale`. */
export function colours(scale: StatScale, values: ArrayLike<number>): Float32Array {
  const out = new Float32Array(values.length * 3);
  for (let i = 0; i < values.length; i++) out.set(colourAt(toUnit(scale, values[i] ?? NaN)), 3 * i);
  return out;
}

/** A CSS `linear-gradient` (left to right) of the colour map, for legends. */
export function cssGradient(): string {
  const stops = VIRIDIS.map(
    (c, i) => `${cssRgb(c)} ${((100 * i) / (VIRIDIS.length - 1)).toFixed(1)}%`,
  );
  return `linear-gradient(to right, ${stops.join(', ')})`;
}

/**
 * Legend ticks: for a log scale the powers of ten inside the domain (with the ends when fewer than
 * two fall inside), for a linear one the ends and the middle. Each tick: its value and position.
 */
export function ticks(scale: StatScale): { value: number; t: number }[] {
  if (scale.finite === 0) return [];
  if (scale.min === scale.max) return [{ value: scale.min, t: 0.5 }];
  if (scale.kind === 'log') {
    const out: { value: number; t: number }[] = [];
    for (let e = Math.ceil(Math.log10(scale.min)); e <= Math.floor(Math.log10(scale.max)); e++) {
      const value = 10 ** e;
      out.push({ value, t: toUnit(scale, value) });
    }
    if (out.length >= 2) return out;
  }
  return [0, 0.5, 1].map((t) => ({ value: fromUnit(scale, t), t }));
}

/**
 * Point sizes (pixels) by importance: area ∝ position on a log scale of importance, between
 * `minPx` and `maxPx` diameters. Importance ≤ 0 or NaN gets `minPx`.
 */
export function sizesByImportance(
  importance: ArrayLike<number>,
  minPx: number,
  maxPx: number,
): Float32Array {
  const positive: number[] = [];
  for (let i = 0; i < importance.length; i++) {
    const v = importance[i] ?? NaN;
    positive.push(Number.isFinite(v) && v > 0 ? v : NaN);
  }
  const scale = statScale('importance', positive);
  const logScale: StatScale = { ...scale, kind: scale.min > 0 ? 'log' : 'linear' };
  const out = new Float32Array(importance.length);
  for (let i = 0; i < out.length; i++) {
    const t = toUnit(logScale, positive[i] ?? NaN);
    // Area, not diameter, grows linearly with t: the eye reads area.
    out[i] = Number.isFinite(t) ? Math.sqrt(minPx ** 2 + t * (maxPx ** 2 - minPx ** 2)) : minPx;
  }
  return out;
}
