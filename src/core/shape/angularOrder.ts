// The only owner of reading an order off a ring: points (and labels) sorted by angle, starting
// after the largest empty arc, and the distance between a found cyclic order and a known one
// (months, weekdays, hours). Consumed by the manifold shape panel.
import { checkedWeights, type Weights } from './points';

/** One label's place on the ring: its points' weighted circular mean angle. */
export interface LabelAngle {
  label: string;
  /** atan2(Σ w sin θ, Σ w cos θ) over the label's points, radians in (−π, π]. */
  angle: number;
  /** |Σ w e^{iθ}| / Σ w over the label's points, in [0, 1]: 1 = all at one angle. */
  concentration: number;
  /** Σ w over the label's points (> 0). */
  weight: number;
  /** Number of the label's points with w > 0. */
  count: number;
}

export interface AngularOrder {
  /**
   * Indices of the points with w > 0 by increasing angle (counter-clockwise), starting at the
   * point just after the largest gap; equal angles go by index.
   */
  order: Int32Array;
  /** The largest angular gap between consecutive points of `order` (cyclically), in [0, 2π]. */
  largestGap: number;
  /** When labels were given: the distinct labels with weight > 0, ordered the same way. */
  labels: LabelAngle[] | null;
}

/**
 * Orders points by their angle (radians, any range: taken mod 2π) and starts the cycle just
 * after the largest gap, so a ring that is not closed reads from one end to the other. Points
 * with weight 0 are left out. With `labels` (one per point), labels are also placed by the
 * weighted circular mean angle of their points and ordered the same way (largest gap between
 * label angles). A single point or label has largestGap 2π. O(n log n).
 */
export function angularOrder(
  angles: ArrayLike<number>,
  w: Weights,
  labels?: readonly string[],
): AngularOrder {
  const n = angles.length;
  const wt = checkedWeights(w, n, 'angularOrder');
  if (labels && labels.length !== n) {
    throw new Error(`angularOrder: ${labels.length} labels for ${n} angles`);
  }
  const kept: number[] = [];
  const theta = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const a = angles[i] as number;
    if (!Number.isFinite(a)) throw new Error(`angularOrder: angle ${i} is ${a}`);
    theta[i] = wrap(a);
    if ((wt[i] as number) > 0) kept.push(i);
  }
  const { order, largestGap } = orderFromGap(kept, theta);
  return { order, largestGap, labels: labels ? labelOrder(labels, theta, wt) : null };
}

/** `items` sorted by `theta` (in [0, 2π)), rotated to start after the largest gap. */
function orderFromGap(
  items: number[],
  theta: Float64Array,
): { order: Int32Array; largestGap: number } {
  const sorted = [...items].sort((i, j) => (theta[i] as number) - (theta[j] as number) || i - j);
  const m = sorted.length;
  if (m === 0) return { order: new Int32Array(0), largestGap: 2 * Math.PI };
  let startAt = 0;
  let largestGap = -1;
  for (let t = 0; t < m; t++) {
    const prev = theta[sorted[(t + m - 1) % m] as number] as number;
    const cur = theta[sorted[t] as number] as number;
    const gap = t === 0 ? cur + 2 * Math.PI - prev : cur - prev;
    // With one point the wrap gap is 2π; ties keep the earliest start.
    if (gap > largestGap) {
      largestGap = gap;
      startAt = t;
    }
  }
  const order = new Int32Array(m);
  for (let t = 0; t < m; t++) order[t] = sorted[(startAt + t) % m] as number;
  return { order, largestGap };
}

function labelOrder(labels: readonly string[], theta: Float64Array, w: Float64Array): LabelAngle[] {
  const sums = new Map<string, { c: number; s: number; w: number; count: number }>();
  for (let i = 0; i < labels.length; i++) {
    const wi = w[i] as number;
    if (!(wi > 0)) continue;
    const key = labels[i] as string;
    const acc = sums.get(key) ?? { c: 0, s: 0, w: 0, count: 0 };
    acc.c += wi * Math.cos(theta[i] as number);
    acc.s += wi * Math.sin(theta[i] as number);
    acc.w += wi;
    acc.count += 1;
    sums.set(key, acc);
  }
  const entries: LabelAngle[] = [];
  for (const [label, acc] of sums) {
    entries.push({
      label,
      angle: Math.atan2(acc.s, acc.c),
      concentration: Math.min(1, Math.hypot(acc.c, acc.s) / acc.w),
      weight: acc.w,
      count: acc.count,
    });
  }
  const at = Float64Array.from(entries, (e) => wrap(e.angle));
  const { order } = orderFromGap(
    entries.map((_, i) => i),
    at,
  );
  return Array.from(order, (i) => entries[i] as LabelAngle);
}

/** An angle mod 2π, in [0, 2π). */
function wrap(a: number): number {
  const t = a % (2 * Math.PI);
  return t < 0 ? t + 2 * Math.PI : t;
}

/** How a found cyclic order compares with a reference cycle (see compareCyclicOrder). */
export interface CyclicComparison {
  /** m: tokens present in both lists (duplicates in `found` count once, at first sight). */
  common: number;
  /**
   * Consecutive pairs of the found order (m pairs, the last wrapping to the first) that are
   * neighbours in the reference cycle restricted to the common tokens, stepping in the
   * dominant direction. m when the orders agree up to rotation and reflection.
   */
  neighbourPairs: number;
  /** +1 when the found order runs the same way as the reference, −1 when reversed, 0 on a tie. */
  direction: 1 | -1 | 0;
  /**
   * Triple distance in [0, 1]: 2·min(D, T − D)/T, where T = C(m, 3) and D counts the triples of
   * common tokens whose cyclic orientation differs between the two orders. 0 when the orders
   * agree up to rotation and reflection; about 1 for an unrelated order; one swap of two
   * neighbours gives 2(m − 2)/T.
   */
  tripleDistance: number;
  /** True when the found order is the (restricted) reference's up to rotation and reflection. */
  exact: boolean;
}

/**
 * Compares a found cyclic order of tokens (e.g. labels from angularOrder) with a reference
 * cycle (e.g. the 12 month names), ignoring where either starts and which way it runs. Only
 * tokens in both lists count; the reference is restricted to them before comparing. Two
 * measures: neighbourPairs (local: how many found neighbours are reference neighbours) and
 * tripleDistance (global, Kendall-style: the share of triples whose cyclic orientation
 * disagrees, folded over both directions). With m < 3 the cyclic order carries no
 * information: every pair counts and the distance is 0. Throws on a duplicated reference token.
 * O(m³) for the triple count (m = 12 → 220 triples).
 */
export function compareCyclicOrder(
  found: readonly string[],
  reference: readonly string[],
): CyclicComparison {
  const refIndex = new Map<string, number>();
  reference.forEach((token, i) => {
    if (refIndex.has(token)) throw new Error(`compareCyclicOrder: reference repeats "${token}"`);
    refIndex.set(token, i);
  });
  const seen = new Set<string>();
  const refPos: number[] = [];
  for (const token of found) {
    const p = refIndex.get(token);
    if (p === undefined || seen.has(token)) continue;
    seen.add(token);
    refPos.push(p);
  }
  const m = refPos.length;
  if (m < 3) return { common: m, neighbourPairs: m, direction: 0, tripleDistance: 0, exact: true };
  // Rank of each common token within the restricted reference cycle.
  const byRef = refPos.map((p, i) => [p, i] as const).sort((a, b) => a[0] - b[0]);
  const rank = new Int32Array(m);
  byRef.forEach(([, i], r) => (rank[i] = r));
  let forward = 0;
  let backward = 0;
  for (let t = 0; t < m; t++) {
    const step = ((rank[(t + 1) % m] as number) - (rank[t] as number) + m) % m;
    if (step === 1) forward++;
    else if (step === m - 1) backward++;
  }
  let discordant = 0;
  for (let a = 0; a < m; a++) {
    for (let b = a + 1; b < m; b++) {
      for (let c = b + 1; c < m; c++) {
        // In the found order a < b < c is positively oriented; so is the reference's iff its
        // ranks are a cyclic rotation of an increasing triple.
        const ra = rank[a] as number;
        const rb = rank[b] as number;
        const rc = rank[c] as number;
        const positive = (ra < rb && rb < rc) || (rb < rc && rc < ra) || (rc < ra && ra < rb);
        if (!positive) discordant++;
      }
    }
  }
  const triples = (m * (m - 1) * (m - 2)) / 6;
  const folded = Math.min(discordant, triples - discordant);
  return {
    common: m,
    neighbourPairs: Math.max(forward, backward),
    direction: forward > backward ? 1 : backward > forward ? -1 : 0,
    tripleDistance: (2 * folded) / triples,
    exact: folded === 0,
  };
}
