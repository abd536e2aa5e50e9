// The only owner of how a colour map is sampled: sRGB stops evenly spaced over [0, 1], linear
// interpolation between neighbours, and a colour's CSS text. Pure; the latent view's diverging
// scale (core/colorScale) and the atlas's viridis map (core/atlas/colorScale) are both ramps.

/** An sRGB colour, components in 0..1. */
export type Rgb = readonly [number, number, number];

/**
 * Writes the colour at `t` in [0, 1] (clamped; finite) into out[offset..offset+2]: the ramp's
 * `stops` (at least two) sit at 0, 1/(n−1), …, 1 and are interpolated linearly in between.
 */
export function writeRampRgb(
  stops: readonly Rgb[],
  t: number,
  out: { [i: number]: number },
  offset: number,
): void {
  const x = (t < 0 ? 0 : t > 1 ? 1 : t) * (stops.length - 1);
  const k = Math.min(stops.length - 2, Math.floor(x));
  const f = x - k;
  const a = stops[k] as Rgb;
  const b = stops[k + 1] as Rgb;
  out[offset] = a[0] + (b[0] - a[0]) * f;
  out[offset + 1] = a[1] + (b[1] - a[1]) * f;
  out[offset + 2] = a[2] + (b[2] - a[2]) * f;
}

/** A CSS colour (`rgb(r g b)`, 0..255 each) of sRGB components in 0..1. */
export function cssRgb([r, g, b]: Rgb): string {
  return `rgb(${Math.round(r * 255)} ${Math.round(g * 255)} ${Math.round(b * 255)})`;
}
