// Number formatting for the latent view's panels: core/numberFormat's, under the names the panels
// use (statistics, shares, activations), so the latent view reads numbers as the atlas does.
import { formatSig } from '../../core/numberFormat';
export { formatShare, formatValue } from '../../core/numberFormat';

/** A single statistic (a range end, a legend value): 3 significant digits, "—" when missing. */
export function formatStat(v: number | undefined): string {
  return formatSig(v ?? NaN);
}
