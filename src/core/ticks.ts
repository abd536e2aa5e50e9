// The only owner of axis ticks: where they fall (1-2-5 steps, integers on count axes, never
// outside the axis) and how they read (the same decimals for every tick of an axis). Pure; every
// chart (ui/charts, the latent view's spectrum and firing histogram) asks for its ticks here.
import { formatSig } from './numberFormat';

/** An axis's ticks: ascending values inside [lo, hi], the step between them, and their labels. */
export interface AxisTicks {
  values: number[];
  step: number;
  labels: string[];
}

/** The 1-2-5 step nearest to `raw` on a log scale (…, 0.1, 0.2, 0.5, 1, 2, 5, 10, …). */
function niceStep(raw: number): number {
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  let best = magnitude;
  for (const m of [1, 2, 5, 10]) {
    if (
      Math.abs(Math.log(m * magnitude) - Math.log(raw)) < Math.abs(Math.log(best) - Math.log(raw))
    )
      best = m * magnitude;
  }
  return best;
}

/** Decimals that write every multiple of `step` exactly (0.02 → 2, 5 → 0). */
function stepDecimals(step: number): number {
  return Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
}

/**
 * Labels for ticks `values` spaced `step` apart: the same number of decimals for all (0.96,
 * 0.98, 1.00), or an exponent when the values are very large or the step very small.
 */
export function tickLabels(values: readonly number[], step: number): string[] {
  const largest = Math.max(0, ...values.map(Math.abs));
  if (largest >= 1e6 || (step < 1e-4 && largest > 0)) {
    // Enough significant digits to write a multiple of the step at the largest magnitude.
    const digits = Math.floor(Math.log10(largest)) - Math.floor(Math.log10(step) + 1e-9) + 1;
    return values.map((v) =>
      v === 0 ? '0' : v.toExponential(Math.min(6, Math.max(1, digits)) - 1),
    );
  }
  const decimals = stepDecimals(step);
  return values.map((v) => {
    const text = v.toFixed(decimals);
    return /^-0(\.0*)?$/.test(text) ? text.slice(1) : text;
  });
}

/**
 * Ticks for an axis over [lo, hi]: about `count` (at most 1.6× + 1) values at multiples of a 1-2-5
 * step, all inside [lo, hi] (never beyond the axis's ends), integers only when `integer` (a count
 * axis: the step is at least 1). One tick at the value for an empty span; none for NaN.
 */
export function niceTicks(
  lo: number,
  hi: number,
  options: { count?: number; integer?: boolean } = {},
): AxisTicks {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return { values: [], step: 0, labels: [] };
  if (hi < lo) [lo, hi] = [hi, lo];
  const count = Math.max(3, options.count ?? 5);
  const span = hi - lo;
  if (span === 0 || span < Math.abs(hi) * 1e-12) {
    if (options.integer && !Number.isInteger(lo)) return { values: [], step: 0, labels: [] };
    return { values: [lo], step: 0, labels: [formatSig(lo)] };
  }
  let step = niceStep(span / count);
  if (options.integer) step = Math.max(1, step);
  const decimals = stepDecimals(step);
  const tolerance = span * 1e-9;
  const values: number[] = [];
  for (let k = Math.ceil((lo - tolerance) / step); k * step <= hi + tolerance; k++) {
    // Rounded to the step's decimals, so 3 × 0.1 reads 0.3, not 0.30000000000000004.
    const v = decimals > 0 && decimals <= 20 ? Number((k * step).toFixed(decimals)) : k * step;
    if (v >= lo - tolerance && v <= hi + tolerance) values.push(v === 0 ? 0 : v);
  }
  return { values, step, labels: tickLabels(values, step) };
}

/**
 * Where to draw a label of `chars` characters centred on `xPx` so it stays inside [0, widthPx]
 * (labels at an axis's ends are moved in rather than cut off). `charPx` is a character's width.
 */
export function labelX(xPx: number, chars: number, widthPx: number, charPx: number): number {
  const half = (chars * charPx) / 2;
  return Math.min(Math.max(xPx, half), widthPx - half);
}
