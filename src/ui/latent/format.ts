// Number formatting shared by the latent view's panels (statistics, lists, charts).
export { formatValue } from '../../core/displayText';

/** A statistic for display: 3 significant digits, NaN as an em dash. */
export function formatStat(v: number | undefined): string {
  if (v === undefined || !Number.isFinite(v)) return '—';
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return v.toExponential(2);
  return Number(v.toPrecision(3)).toString();
}

/** A share in 0..1 as a percentage. */
export function formatShare(v: number | undefined): string {
  return v === undefined || !Number.isFinite(v) ? '—' : `${(v * 100).toFixed(1)}%`;
}
