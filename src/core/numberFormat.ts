// The only owner of how numbers read on screen: statistics (one value, or a column whose values
// must read differently), counts, shares, activations and similarities between composites. Pure; the atlas (list, hover card,
// legend), the latent view (header, lists, charts) and the model panel all format with these, so a
// value reads the same everywhere. Files write full precision (core/csv), not these.

/** Fewest and most significant digits a statistic shows. */
export const SIG_DIGITS = { min: 3, max: 6 } as const;

/** Magnitudes shown in fixed notation; smaller or larger ones use an exponent. */
const FIXED_RANGE = { min: 1e-3, max: 1e6 } as const;

/** "1.20e+4" → "1.2e+4", "1.00e-5" → "1e-5". */
function trimExponent(text: string): string {
  return text.replace(/\.?0+e/, 'e');
}

/**
 * `v` with `digits` significant digits, trailing zeros dropped: fixed notation for magnitudes in
 * [0.001, 10⁶), an exponent outside; integers below 10⁶ exactly; "—" when not finite.
 */
export function formatSig(v: number, digits: number = SIG_DIGITS.min): string {
  if (!Number.isFinite(v)) return '—';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (Number.isInteger(v) && a < FIXED_RANGE.max) return String(v);
  if (a < FIXED_RANGE.min || a >= FIXED_RANGE.max) return trimExponent(v.toExponential(digits - 1));
  return String(Number(v.toPrecision(digits)));
}

/**
 * The formatter for a column of values (a statistic over all composites, a list of errors): exact
 * integers when every finite value is one (counts); otherwise the fewest significant digits, from
 * 3 up to 6, at which any two different values of the column read differently (so 0.9943 and
 * 0.9971 do not both read "1"). Values closer than 6 digits can tell apart read alike.
 */
export function formatterFor(values: ArrayLike<number>): (v: number) => string {
  const finite: number[] = [];
  let integers = true;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] ?? NaN;
    if (!Number.isFinite(v)) continue;
    finite.push(v);
    if (!Number.isInteger(v)) integers = false;
  }
  if (integers) return (v) => formatSig(v, SIG_DIGITS.max);
  finite.sort((a, b) => a - b);
  for (let digits: number = SIG_DIGITS.min; digits < SIG_DIGITS.max; digits++) {
    let apart = true;
    for (let i = 1; i < finite.length && apart; i++) {
      const a = finite[i - 1] ?? 0;
      const b = finite[i] ?? 0;
      if (a !== b && formatSig(a, digits) === formatSig(b, digits)) apart = false;
    }
    if (apart) return (v) => formatSig(v, digits);
  }
  return (v) => formatSig(v, SIG_DIGITS.max);
}

/** A count as an exact integer with thousands separators ("65,536"). */
export function formatCount(n: number): string {
  return Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '—';
}

/** A share in 0..1 as a percentage with `decimals` decimals; "—" when not finite. */
export function formatShare(v: number | undefined, decimals = 1): string {
  return v === undefined || !Number.isFinite(v) ? '—' : `${(v * 100).toFixed(decimals)}%`;
}

/** An activation or eigenvalue: 4 significant digits with an explicit sign; "—" when not finite. */
export function formatValue(v: number): string {
  if (!Number.isFinite(v)) return '—';
  const a = Math.abs(v);
  const s = a >= 1e4 || (a < 1e-3 && v !== 0) ? v.toExponential(2) : v.toPrecision(4);
  return v > 0 ? `+${s}` : s;
}

/**
 * A similarity between composites (any neighbour measure; all lie in [−1, 1]): three decimals
 * with an explicit sign, the same for every measure, so "+0.001" reads as the noise it is next
 * to "+0.612"; "—" when not finite.
 */
export function formatSimilarity(v: number): string {
  if (!Number.isFinite(v)) return '—';
  const s = v.toFixed(3);
  if (s === '-0.000') return '+0.000';
  return v >= 0 ? `+${s}` : s;
}
