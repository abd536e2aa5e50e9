// The only owner of the circularity score of a planar point cloud (is it a ring with a hole?)
// and of its three parts: thinness, coverage and hole. Consumed by the manifold shape panel,
// which shows the score with its definition and parts.
import { fitCircle, type CircleFit } from './circle';
import { checkPoints, checkedWeights, totalWeight, type Weights } from './points';

/** Tuning of the score; each number is part of the written definition below. */
export const CIRCULARITY = {
  /** Residual share rms/r of a uniformly filled disc fitted by its best circle: 1/(2√2). */
  discResidualShare: 1 / (2 * Math.SQRT2),
  /** An arc holding at most this share of the weight counts as empty (robust to strays). */
  emptyArcWeightShare: 0.01,
  /** The hole test looks within this fraction of the fitted radius. */
  holeRadiusShare: 0.5,
  /** Weight share within holeRadiusShare·r of a uniformly filled disc of radius r: 0.5². */
  discHoleShare: 0.25,
} as const;

export interface Circularity {
  /** thinness × coverage × hole, in [0, 1]; 0 when no circle fits. */
  score: number;
  /** clamp(1 − (rms/r) / (1/(2√2)), 0, 1): 1 on the circle, 0 as spread as a filled disc. */
  thinness: number;
  /** 1 − (widest arc about the centre holding ≤ 1 % of the weight)/2π, in [0, 1]. */
  coverage: number;
  /** clamp(1 − q/0.25, 0, 1), q = weight share within r/2 of the centre: 1 = empty middle. */
  hole: number;
  /** The circle the parts are measured against; null when none fits. */
  fit: CircleFit | null;
}

/**
 * How much the weighted planar points xy ([n, 2] row-major) look like a ring around a hole, in
 * [0, 1]. With the best circle (centre c, radius r, weighted rms residual; fitCircle):
 *   score = thinness × coverage × hole, each in [0, 1]:
 *   - thinness = clamp(1 − s/s_disc, 0, 1) with s = rms/r and s_disc = 1/(2√2) ≈ 0.354, the s of
 *     a uniformly filled disc: 1 for points on the circle, 0 for a filled disc or a blob;
 *   - coverage = 1 − g/2π, g the widest arc about c (between two points) whose interior holds
 *     at most 1 % of the weight: ≈ 0.97–0.98 for a uniformly sampled ring (the 1 % itself plus
 *     sampling gaps), ≈ 0.25 for a quarter arc, ≈ 0 for a line (fitted by a huge circle), 0 for
 *     a single point;
 *   - hole = clamp(1 − q/0.25, 0, 1), q the weight share closer than r/2 to c (0.25 for a filled
 *     disc of radius r): 1 for an empty middle.
 * The three must all hold for a ring, hence the product. Calibration (400–2,000 points): a ring
 * with 2 % radial noise scores 0.92, with 10 % 0.71; a half ring 0.47, a quarter 0.23; a
 * filled disc, a Gaussian blob and a noisy segment ≈ 0. Twelve evenly spaced points on a
 * circle score 1 − 1/12 ≈ 0.92 (coverage). Score 0 when no circle fits (fewer than three
 * weighted points, collinear points, zero weight). O(n log n).
 */
export function circularity(xy: ArrayLike<number>, w: Weights): Circularity {
  const n = Math.floor(xy.length / 2);
  if (xy.length !== 2 * n) throw new Error(`circularity: xy has odd length ${xy.length}`);
  checkPoints(xy, n, 2, 'circularity');
  const wt = checkedWeights(w, n, 'circularity');
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = xy[2 * i] as number;
    y[i] = xy[2 * i + 1] as number;
  }
  const fit = fitCircle(x, y, wt);
  if (!fit) return { score: 0, thinness: 0, coverage: 0, hole: 0, fit: null };
  const thinness = clamp01(1 - fit.residualShare / CIRCULARITY.discResidualShare);
  const coverage =
    1 - widestLightArc(fit.angles, wt, CIRCULARITY.emptyArcWeightShare) / (2 * Math.PI);
  const W = totalWeight(wt);
  const inner = CIRCULARITY.holeRadiusShare * fit.radius;
  let q = 0;
  for (let i = 0; i < n; i++) {
    const dx = (x[i] as number) - fit.centre[0];
    const dy = (y[i] as number) - fit.centre[1];
    if (dx * dx + dy * dy < inner * inner) q += wt[i] as number;
  }
  const hole = clamp01(1 - q / W / CIRCULARITY.discHoleShare);
  return { score: thinness * coverage * hole, thinness, coverage, hole, fit };
}

/**
 * The widest arc (radians, in [0, 2π]) between two weighted points whose interior holds at most
 * `share` of the total weight; 2π for a single weighted point. Two pointers over the angles
 * sorted and unrolled twice round the circle; O(n log n).
 */
export function widestLightArc(
  angles: ArrayLike<number>,
  w: ArrayLike<number>,
  share: number,
): number {
  const idx: number[] = [];
  for (let i = 0; i < angles.length; i++) if ((w[i] as number) > 0) idx.push(i);
  const m = idx.length;
  if (m <= 1) return 2 * Math.PI;
  idx.sort((i, j) => (angles[i] as number) - (angles[j] as number));
  const theta = new Float64Array(2 * m);
  // prefix[t] = weight of unrolled points 0..t−1.
  const prefix = new Float64Array(2 * m + 1);
  for (let t = 0; t < 2 * m; t++) {
    const i = idx[t % m] as number;
    theta[t] = (angles[i] as number) + (t >= m ? 2 * Math.PI : 0);
    prefix[t + 1] = (prefix[t] as number) + (w[i] as number);
  }
  const budget = share * (prefix[m] as number);
  let best = 0;
  let j = 1;
  for (let i = 0; i < m; i++) {
    if (j <= i) j = i + 1;
    // Extend while the interior (i, j + 1) stays within budget and the arc is under a full turn.
    while (j + 1 <= i + m && (prefix[j + 1] as number) - (prefix[i + 1] as number) <= budget) j++;
    best = Math.max(best, (theta[j] as number) - (theta[i] as number));
  }
  return Math.min(best, 2 * Math.PI);
}

function clamp01(v: number): number {
  return v < 0 ? 0 : v > 1 ? 1 : v;
}
