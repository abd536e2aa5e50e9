// The only owner of the atlas's automatic choices: the statistic to colour by when the link does
// not say (the one whose values spread most, by their coefficient of variation), and whether
// point size shows importance at all (not when importance is nearly constant, as on models
// whose forms all have about the same norm). Pure; the atlas model and its legend read it.
import { STAT_NAMES, type StatName } from '../stats';
import type { StatValues } from './atlasTable';

/** Below this coefficient of variation a statistic is "near constant" (point size is off). */
export const SIZE_MIN_CV = 0.05;

/**
 * Coefficient of variation sd/|mean| of the finite values (population sd); NaN with fewer than
 * two finite values or a zero mean.
 */
export function coefficientOfVariation(values: ArrayLike<number>): number {
  let n = 0;
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (!Number.isFinite(v)) continue;
    n++;
    sum += v;
  }
  if (n < 2) return NaN;
  const mean = sum / n;
  if (mean === 0) return NaN;
  let ss = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (Number.isFinite(v)) ss += (v - mean) ** 2;
  }
  return Math.sqrt(ss / n) / Math.abs(mean);
}

/**
 * The statistics the automatic colour chooses among: those the analysis itself gives. Circularity
 * comes from a later job; choosing it would change the colours under the user's eyes.
 */
const AUTO_COLOUR_STATS = STAT_NAMES.filter((s) => s !== 'circularity');

/**
 * The statistic with the largest coefficient of variation (ties and NaNs: the earlier one in
 * STAT_NAMES; 'density' when none has a finite spread). Never circularity (AUTO_COLOUR_STATS).
 */
export function mostSpreadStat(
  stats: Omit<StatValues, 'circularity'> & Partial<Pick<StatValues, 'circularity'>>,
): StatName {
  let best: StatName = STAT_NAMES[0] as StatName;
  let bestCv = -Infinity;
  for (const s of AUTO_COLOUR_STATS) {
    const cv = coefficientOfVariation(stats[s]);
    if (cv > bestCv) {
      bestCv = cv;
      best = s;
    }
  }
  return best;
}

/** Whether point size should show importance: its coefficient of variation reaches SIZE_MIN_CV. */
export function sizeShowsImportance(importance: ArrayLike<number>): boolean {
  return coefficientOfVariation(importance) >= SIZE_MIN_CV;
}
