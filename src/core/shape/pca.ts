// The only owner of weighted principal components of a point cloud: the principal line of a
// manifold and the best 3-D view of a composite's top-k eigen-coordinates. Weighted-mean
// centred, float64 covariance, eigen-decomposed by core/maths/eigen. Consumed by the manifold
// shape panel and the "best view" camera.
import { fixSign, symmetricEigen } from '../maths/eigen';
import { checkedWeights, totalWeight, type Weights } from './points';

export interface PrincipalLine {
  /** Unit direction, length dims, sign fixed by fixSign (largest-|.| component positive). */
  direction: Float64Array;
  /** The weighted mean the line passes through, length dims. */
  mean: Float64Array;
  /** Each point's coordinate (p − mean)·direction along the line, in the input's units. */
  coords: Float64Array;
  /** Share of the weighted variance along the line, in [0, 1] (NaN when all points coincide). */
  share: number;
}

export interface BestView {
  /** `dims` orthonormal k-vectors, row-major [dims, k], by decreasing variance; fixSign'd. */
  directions: Float64Array;
  /** Weighted variance along each direction (eigenvalues of the covariance), descending. */
  variances: Float64Array;
  /** The weighted mean subtracted before projecting, length k. */
  mean: Float64Array;
  /** Centred points projected on the directions, row-major [n, dims]. */
  coords: Float32Array;
  /** Σ variances / total weighted variance in the k-dim span, in [0, 1] (NaN when it is 0). */
  captured: number;
}

/**
 * Weighted first principal direction of points ([n, dims] row-major, n = number of weights;
 * null weights = 1): the top eigenvector of the weighted-mean-centred covariance
 * Σ w (p − μ)(p − μ)ᵀ / Σ w. Throws on zero total weight. O(n·dims² + dims³).
 */
export function principalLine(
  points: ArrayLike<number>,
  dims: number,
  w: Weights,
  n: number = w === null ? Math.floor(points.length / dims) : w.length,
): PrincipalLine {
  const pca = weightedPca(points, n, dims, w, 1, 'principalLine');
  const coords = new Float64Array(n);
  const dir = pca.directions;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let a = 0; a < dims; a++) {
      s += ((points[i * dims + a] as number) - (pca.mean[a] as number)) * (dir[a] as number);
    }
    coords[i] = s;
  }
  return { direction: dir, mean: pca.mean, coords, share: pca.captured };
}

/**
 * The most informative `dims`-D view (default 3) of points given by their coordinates in a
 * k-dim orthonormal basis (coords [n, k] row-major, k ≤ 64; e.g. projections on a composite's
 * top-k eigenvectors): weighted PCA, centred on the weighted mean (so the view shows the shape's
 * spread, not its offset from the origin). `captured` is the share of the centred weighted
 * variance in the k-dim span that the view holds. dims is clamped to k. Throws on zero total
 * weight. O(n·k² + k³): about 35 M multiply-adds for n = 65,536 and k = 32.
 */
export function bestView(
  coords: ArrayLike<number>,
  k: number,
  w: Weights,
  dims = 3,
  n: number = w === null ? Math.floor(coords.length / k) : w.length,
): BestView {
  if (k > 64) throw new Error(`bestView: k = ${k}; at most 64 basis coordinates`);
  const keep = Math.max(1, Math.min(dims, k));
  const pca = weightedPca(coords, n, k, w, keep, 'bestView');
  const out = new Float32Array(n * keep);
  const centred = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < k; a++)
      centred[a] = (coords[i * k + a] as number) - (pca.mean[a] as number);
    for (let c = 0; c < keep; c++) {
      let s = 0;
      for (let a = 0; a < k; a++)
        s += (centred[a] as number) * (pca.directions[c * k + a] as number);
      out[i * keep + c] = s;
    }
  }
  return { ...pca, coords: out };
}

/** Weighted-mean-centred PCA: top `keep` directions (rows), variances, mean, captured share. */
function weightedPca(
  points: ArrayLike<number>,
  n: number,
  dims: number,
  w: Weights,
  keep: number,
  who: string,
): { directions: Float64Array; variances: Float64Array; mean: Float64Array; captured: number } {
  if (!Number.isInteger(dims) || dims < 1) throw new Error(`${who}: bad dimension ${dims}`);
  if (points.length < n * dims) {
    throw new Error(`${who}: ${points.length} coordinates for ${n} points of ${dims} dims`);
  }
  const wt = checkedWeights(w, n, who);
  const W = totalWeight(wt);
  if (!(W > 0)) throw new Error(`${who}: the weights sum to 0`);
  // The finiteness check rides along the mean's pass: one pass fewer over n·dims values.
  const mean = new Float64Array(dims);
  for (let i = 0; i < n; i++) {
    const wi = wt[i] as number;
    for (let a = 0; a < dims; a++) {
      const p = points[i * dims + a] as number;
      if (!Number.isFinite(p)) {
        throw new Error(`${who}: coordinate ${a} of point ${i} is ${p}`);
      }
      mean[a] = (mean[a] as number) + wi * p;
    }
  }
  for (let a = 0; a < dims; a++) mean[a] = (mean[a] as number) / W;
  // Lower triangle of Σ w (p − μ)(p − μ)ᵀ, centred per point (two passes: no cancellation
  // when the cloud sits far from the origin). Four points per sweep of the triangle: one load
  // and store of each covariance entry per four multiply-adds, which is what bounds this loop.
  const cov = new Float64Array(dims * dims);
  const rows = new Float64Array(4 * dims);
  const weighted = new Float64Array(4 * dims);
  for (let i0 = 0; i0 < n; i0 += 4) {
    for (let t = 0; t < 4; t++) {
      const i = i0 + t;
      const wi = i < n ? (wt[i] as number) : 0;
      for (let a = 0; a < dims; a++) {
        const r = wi === 0 ? 0 : (points[i * dims + a] as number) - (mean[a] as number);
        rows[t * dims + a] = r;
        weighted[t * dims + a] = wi * r;
      }
    }
    for (let a = 0; a < dims; a++) {
      const w0 = weighted[a] as number;
      const w1 = weighted[dims + a] as number;
      const w2 = weighted[2 * dims + a] as number;
      const w3 = weighted[3 * dims + a] as number;
      const ra = a * dims;
      for (let b = 0; b <= a; b++) {
        cov[ra + b] =
          (cov[ra + b] as number) +
          w0 * (rows[b] as number) +
          w1 * (rows[dims + b] as number) +
          w2 * (rows[2 * dims + b] as number) +
          w3 * (rows[3 * dims + b] as number);
      }
    }
  }
  let trace = 0;
  for (let a = 0; a < dims; a++) {
    for (let b = 0; b <= a; b++) {
      const v = (cov[a * dims + b] as number) / W;
      cov[a * dims + b] = v;
      cov[b * dims + a] = v;
    }
    trace += cov[a * dims + a] as number;
  }
  const eig = symmetricEigen(cov, dims, true);
  const vectors = eig.vectors as Float64Array;
  const directions = new Float64Array(keep * dims);
  const variances = new Float64Array(keep);
  let kept = 0;
  for (let c = 0; c < keep; c++) {
    // Eigenvalues are ascending: the c-th largest is column dims − 1 − c.
    const col = dims - 1 - c;
    const v = new Float64Array(dims);
    for (let a = 0; a < dims; a++) v[a] = vectors[a * dims + col] as number;
    directions.set(fixSign(v), c * dims);
    variances[c] = Math.max(0, eig.values[col] as number);
    kept += variances[c] as number;
  }
  return { directions, variances, mean, captured: trace > 0 ? Math.min(1, kept / trace) : NaN };
}
