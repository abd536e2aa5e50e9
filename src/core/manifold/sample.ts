// The only owner of which rows a manifold draws: the `count` largest |value| (the firing tip), or
// the reference explorer's seeded sample weighted by |value|^p (weighted sampling without
// replacement, Efraimidis–Spirakis: keep the largest u^(1/w)), which shows the manifold's
// low-activation body without drowning its tip. Pure; the latent view draws what it returns.
import { topByMagnitude } from '../manifoldPoints';
import { seededRandom } from '../random';

export type Sampling = { kind: 'top' } | { kind: 'weighted'; power: number };

/** A short digest of a list of rows (FNV-1a over the ids, with the count): tells two lists apart. */
export function rowsDigest(rows: ArrayLike<number>): string {
  let h = 2166136261;
  for (let i = 0; i < rows.length; i++) h = Math.imul(h ^ (rows[i] ?? 0), 16777619);
  return `${rows.length}:${(h >>> 0).toString(16)}`;
}

/** The seed of every weighted sample: the same composite shows the same points every visit. */
export const SAMPLE_SEED = 0x5eed;

/**
 * Indices of `count` rows of `values`: the largest |value| first ('top'), or a weighted sample
 * (weights |value|^power, rows of weight 0 never taken; then returned by descending |value|).
 */
export function sampleRows(
  values: ArrayLike<number>,
  count: number,
  sampling: Sampling,
  seed = SAMPLE_SEED,
): Int32Array {
  const n = values.length;
  const take = Math.max(0, Math.min(n, Math.trunc(count)));
  const mag = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const a = Math.abs(values[i] ?? NaN);
    mag[i] = Number.isFinite(a) ? a : -1;
  }
  if (sampling.kind === 'top' || take === n) return topByMagnitude(values, take);
  const byMagnitude = (a: number, b: number) => (mag[b] ?? 0) - (mag[a] ?? 0) || a - b;
  const all = Int32Array.from({ length: n }, (_, i) => i);
  // Keys log(u)/w (monotone in u^(1/w)); the largest `take` keys are the sample.
  const random = seededRandom(seed);
  const key = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const w = mag[i]! > 0 ? mag[i]! ** sampling.power : 0;
    const u = random();
    key[i] = w > 0 ? Math.log(Math.max(u, 1e-300)) / w : -Infinity;
  }
  const chosen = all.sort((a, b) => (key[b] ?? 0) - (key[a] ?? 0) || a - b).slice(0, take);
  return chosen.sort(byMagnitude);
}
