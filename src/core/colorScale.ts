// The only owner of the diverging colour scale the latent view uses for activations: centred at
// zero, blue below, red above, a mid grey that stays visible on light and dark backgrounds.
// Pure; the manifold's point colours, the firing histogram, the spectrum bars and the axis
// gizmo all read it, so a colour means the same thing everywhere. Sampled as a core/colorRamp.
import { cssRgb, writeRampRgb, type Rgb } from './colorRamp';

/** Control points (sRGB, 0..1) from t = -1 (most negative) through 0 to +1 (most positive). */
const STOPS: readonly Rgb[] = [
  [0.129, 0.341, 0.698], // -1: deep blue
  [0.404, 0.608, 0.851], // -0.5
  [0.62, 0.62, 0.64], //     0: neutral grey
  [0.906, 0.443, 0.361], // +0.5
  [0.776, 0.153, 0.161], // +1: deep red
];

/** The neutral colour of NaN and of zero. */
export const NEUTRAL_RGB: Rgb = [0.62, 0.62, 0.64];

/**
 * The colour of `value` on a diverging scale over [-maxAbs, +maxAbs] (clamped), as sRGB
 * components in 0..1. NaN, or maxAbs ≤ 0, gives the neutral grey.
 */
export function divergingRgb(value: number, maxAbs: number): [number, number, number] {
  const out: [number, number, number] = [0, 0, 0];
  writeDivergingRgb(value, maxAbs, out, 0);
  return out;
}

/** Like divergingRgb, written into `out` at `offset` (for filling vertex-colour buffers). */
export function writeDivergingRgb(
  value: number,
  maxAbs: number,
  out: { [i: number]: number },
  offset: number,
): void {
  let t = maxAbs > 0 && Number.isFinite(value) ? value / maxAbs : 0;
  if (Number.isNaN(t)) t = 0;
  t = Math.max(-1, Math.min(1, t));
  writeRampRgb(STOPS, (t + 1) / 2, out, offset);
}

/** Colours of `values` on the scale over ±maxAbs: [n, 3] sRGB components in 0..1. */
export function divergingColors(values: ArrayLike<number>, maxAbs: number): Float32Array {
  const out = new Float32Array(values.length * 3);
  for (let i = 0; i < values.length; i++) writeDivergingRgb(values[i] ?? NaN, maxAbs, out, i * 3);
  return out;
}

/** A CSS colour (`rgb(r g b)`) for `value` on the scale over ±maxAbs. */
export function divergingCss(value: number, maxAbs: number): string {
  return cssRgb(divergingRgb(value, maxAbs));
}

/** The largest |v| over finite entries of `values` (0 when there are none). */
export function maxAbsOf(values: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) {
    const v = Math.abs(values[i] ?? 0);
    if (v > m && Number.isFinite(v)) m = v;
  }
  return m;
}
