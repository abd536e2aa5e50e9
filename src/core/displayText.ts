// The only owner of how activations read on screen: a fixed number of digits. Pure; the hover
// cards (scene) and the latent view's lists (ui) use the same function, so a value reads the same
// everywhere. Token text is core/tokenText's.

/** An activation or eigenvalue: 4 significant digits with an explicit sign; "—" when not finite. */
export function formatValue(v: number): string {
  if (!Number.isFinite(v)) return '—';
  const a = Math.abs(v);
  const s = a >= 1e4 || (a < 1e-3 && v !== 0) ? v.toExponential(2) : v.toPrecision(4);
  return v > 0 ? `+${s}` : s;
}
