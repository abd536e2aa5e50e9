// The only owner of clustering a manifold's points: weighted k-means (k-means++ start from
// core/random's seeded generator, then Lloyd to convergence), the weighted mean silhouette and
// the choice of k by it. Consumed by the manifold shape panel ("this manifold is 3 clusters").
import { seededRandom } from '../random';
import { checkPoints, checkedWeights, totalWeight, type Weights } from './points';

export interface KMeans {
  /** Clusters asked for (the result may have empty ones only when fewer distinct points). */
  k: number;
  /** Cluster of each point (all n, weight 0 included: its nearest centre), in 0..k−1. */
  labels: Int32Array;
  /** Weighted centroids, row-major [k, dims]. */
  centres: Float64Array;
  /** Weighted within-cluster sum of squared distances, Σ w ‖p − centre‖². */
  inertia: number;
  /** Lloyd iterations run. */
  iterations: number;
  /** True when Lloyd converged (no label changed, or centres stopped moving) in maxIterations. */
  converged: boolean;
}

export interface KMeansOptions {
  /** Lloyd iterations allowed (default 300). */
  maxIterations?: number;
  /** Independent k-means++ starts; the lowest inertia wins (default 1). */
  restarts?: number;
}

/**
 * Weighted k-means of points ([n, dims] row-major, n = number of weights; weights ≥ 0, null = 1)
 * into k clusters: minimises Σ w ‖p − centre(label)‖². Start: weighted k-means++ (first centre
 * drawn ∝ w, each next ∝ w·D², D the distance to the nearest chosen centre) from
 * seededRandom(seed); then Lloyd iterations to convergence: until no label changes, or the
 * centres' squared moves in one iteration sum to at most 1e-4 × the mean per-coordinate weighted
 * variance (scikit-learn's default tolerance; a ring has a continuum of optimal partitions, on
 * which Lloyd only crawls); labels are then reassigned to the final centres. A cluster left
 * with no weight is re-seeded at the point of largest w·D². Deterministic for a given seed.
 * Throws on zero total weight or k < 1. O(n·k·dims) per iteration.
 */
export function kmeans(
  points: ArrayLike<number>,
  dims: number,
  w: Weights,
  k: number,
  seed: number,
  options: KMeansOptions = {},
): KMeans {
  const n = w === null ? Math.floor(points.length / dims) : w.length;
  checkPoints(points, n, dims, 'kmeans');
  const wt = checkedWeights(w, n, 'kmeans');
  if (!Number.isInteger(k) || k < 1) throw new Error(`kmeans: k = ${k}; need an integer ≥ 1`);
  const W = totalWeight(wt);
  if (!(W > 0)) throw new Error('kmeans: the weights sum to 0');
  // A float64 copy: one array type in the hot loops, whatever the caller passed.
  const p = Float64Array.from({ length: n * dims }, (_, i) => points[i] as number);
  const tolSq = (1e-4 * totalVariance(p, n, dims, wt, W)) / dims;
  const rand = seededRandom(seed);
  let best: KMeans | null = null;
  for (let r = 0; r < Math.max(1, options.restarts ?? 1); r++) {
    const run = lloyd(p, n, dims, wt, k, rand, options.maxIterations ?? 300, tolSq);
    if (!best || run.inertia < best.inertia) best = run;
  }
  return best as KMeans;
}

/** Σ_a weighted variance of coordinate a: the trace of the weighted covariance. */
function totalVariance(p: Float64Array, n: number, dims: number, w: Float64Array, W: number) {
  let total = 0;
  for (let a = 0; a < dims; a++) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += (w[i] as number) * (p[i * dims + a] as number);
    mean /= W;
    let s = 0;
    for (let i = 0; i < n; i++) s += (w[i] as number) * ((p[i * dims + a] as number) - mean) ** 2;
    total += s / W;
  }
  return total;
}

function lloyd(
  p: Float64Array,
  n: number,
  dims: number,
  w: Float64Array,
  k: number,
  rand: () => number,
  maxIterations: number,
  tolSq: number,
): KMeans {
  const centres = plusPlus(p, n, dims, w, k, rand);
  const labels = new Int32Array(n).fill(-1);
  const dist = new Float64Array(n);
  const sums = new Float64Array(k * dims);
  const mass = new Float64Array(k);
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations) {
    iterations++;
    if (assign(p, n, dims, centres, k, labels, dist) === 0) {
      converged = true;
      break;
    }
    sums.fill(0);
    mass.fill(0);
    for (let i = 0; i < n; i++) {
      const wi = w[i] as number;
      if (wi === 0) continue;
      const c = labels[i] as number;
      mass[c] = (mass[c] as number) + wi;
      for (let a = 0; a < dims; a++) {
        sums[c * dims + a] = (sums[c * dims + a] as number) + wi * (p[i * dims + a] as number);
      }
    }
    let shift = 0;
    for (let c = 0; c < k; c++) {
      const m = mass[c] as number;
      if (m > 0) {
        for (let a = 0; a < dims; a++) {
          const next = (sums[c * dims + a] as number) / m;
          shift += (next - (centres[c * dims + a] as number)) ** 2;
          centres[c * dims + a] = next;
        }
        continue;
      }
      // An empty cluster takes the point that costs most where it is (largest w·D²).
      let far = -1;
      let farCost = 0;
      for (let i = 0; i < n; i++) {
        const cost = (w[i] as number) * (dist[i] as number);
        if (cost > farCost) {
          farCost = cost;
          far = i;
        }
      }
      if (far < 0) continue;
      for (let a = 0; a < dims; a++) centres[c * dims + a] = p[far * dims + a] as number;
      dist[far] = 0;
      shift = Infinity;
    }
    if (shift <= tolSq) {
      converged = true;
      break;
    }
  }
  assign(p, n, dims, centres, k, labels, dist);
  let inertia = 0;
  for (let i = 0; i < n; i++) inertia += (w[i] as number) * (dist[i] as number);
  return { k, labels, centres, inertia, iterations, converged };
}

/** Weighted k-means++ seeding: k centres drawn from the points, first ∝ w, then ∝ w·D². */
function plusPlus(
  p: Float64Array,
  n: number,
  dims: number,
  w: Float64Array,
  k: number,
  rand: () => number,
): Float64Array {
  const centres = new Float64Array(k * dims);
  const d2 = new Float64Array(n).fill(Infinity);
  const prob = new Float64Array(n);
  for (let c = 0; c < k; c++) {
    let total = 0;
    for (let i = 0; i < n; i++) {
      const q = (w[i] as number) * (c === 0 ? 1 : (d2[i] as number));
      prob[i] = q;
      total += q;
    }
    // Every weighted point already is a centre (fewer distinct points than k): draw ∝ w.
    if (!(total > 0)) {
      for (let i = 0; i < n; i++) total += prob[i] = w[i] as number;
    }
    let target = rand() * total;
    let pick = -1;
    for (let i = 0; i < n; i++) {
      const q = prob[i] as number;
      if (q <= 0) continue;
      pick = i;
      target -= q;
      if (target < 0) break;
    }
    for (let a = 0; a < dims; a++) centres[c * dims + a] = p[pick * dims + a] as number;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let a = 0; a < dims; a++) {
        const diff = (p[i * dims + a] as number) - (centres[c * dims + a] as number);
        s += diff * diff;
      }
      if (s < (d2[i] as number)) d2[i] = s;
    }
  }
  return centres;
}

/**
 * Sets each point's label to its nearest centre (lowest index on ties) and dist to the squared
 * distance; returns how many labels changed.
 */
function assign(
  p: Float64Array,
  n: number,
  dims: number,
  centres: Float64Array,
  k: number,
  labels: Int32Array,
  dist: Float64Array,
): number {
  let changed = 0;
  for (let i = 0; i < n; i++) {
    const o = i * dims;
    let best = 0;
    let bestD = Infinity;
    for (let c = 0; c < k; c++) {
      const oc = c * dims;
      let s = 0;
      for (let a = 0; a < dims; a++) {
        const diff = (p[o + a] as number) - (centres[oc + a] as number);
        s += diff * diff;
      }
      if (s < bestD) {
        bestD = s;
        best = c;
      }
    }
    dist[i] = bestD;
    if (labels[i] !== best) {
      labels[i] = best;
      changed++;
    }
  }
  return changed;
}

/**
 * Weighted mean silhouette of a clustering over the points listed in `sample` (indices; all
 * points with w > 0 when null). For each sampled i in cluster A, with distances to the other
 * sampled points: a = w-weighted mean distance to A's other members, b = the smallest w-weighted
 * mean distance to another cluster's members, s_i = (b − a)/max(a, b), and s_i = 0 when i is
 * alone in A (Rousseeuw's convention). Returns Σ w_i s_i / Σ w_i in [−1, 1]; NaN with fewer
 * than two non-empty clusters in the sample. Euclidean distances; O(m²·dims) for m sampled.
 */
export function weightedSilhouette(
  points: ArrayLike<number>,
  dims: number,
  w: Weights,
  labels: Int32Array,
  sample: Int32Array | null = null,
): number {
  const n = labels.length;
  checkPoints(points, n, dims, 'weightedSilhouette');
  const wt = checkedWeights(w, n, 'weightedSilhouette');
  const rows = sample ?? Int32Array.from(positiveIndices(wt));
  const m = rows.length;
  let k = 0;
  for (let t = 0; t < m; t++) k = Math.max(k, (labels[rows[t] as number] as number) + 1);
  const present = new Uint8Array(k);
  for (let t = 0; t < m; t++) present[labels[rows[t] as number] as number] = 1;
  if (present.reduce((s, v) => s + v, 0) < 2) return NaN;
  // Compact float64 copies of the sampled rows: the O(m²) loop reads one array type.
  const sp = new Float64Array(m * dims);
  const sw = new Float64Array(m);
  const sl = new Int32Array(m);
  for (let t = 0; t < m; t++) {
    const i = rows[t] as number;
    for (let a = 0; a < dims; a++) sp[t * dims + a] = points[i * dims + a] as number;
    sw[t] = wt[i] as number;
    sl[t] = labels[i] as number;
  }
  const sumD = new Float64Array(k);
  const sumW = new Float64Array(k);
  let num = 0;
  let den = 0;
  for (let t = 0; t < m; t++) {
    const wi = sw[t] as number;
    if (!(wi > 0)) continue;
    sumD.fill(0);
    sumW.fill(0);
    for (let u = 0; u < m; u++) {
      const wj = sw[u] as number;
      if (u === t || !(wj > 0)) continue;
      let s = 0;
      for (let a = 0; a < dims; a++) {
        const diff = (sp[t * dims + a] as number) - (sp[u * dims + a] as number);
        s += diff * diff;
      }
      const c = sl[u] as number;
      sumD[c] = (sumD[c] as number) + wj * Math.sqrt(s);
      sumW[c] = (sumW[c] as number) + wj;
    }
    const own = sl[t] as number;
    let si = 0;
    if ((sumW[own] as number) > 0) {
      const a = (sumD[own] as number) / (sumW[own] as number);
      let b = Infinity;
      for (let c = 0; c < k; c++) {
        if (c === own || !((sumW[c] as number) > 0)) continue;
        b = Math.min(b, (sumD[c] as number) / (sumW[c] as number));
      }
      const top = Math.max(a, b);
      si = Number.isFinite(b) && top > 0 ? (b - a) / top : 0;
    }
    num += wi * si;
    den += wi;
  }
  return den > 0 ? num / den : NaN;
}

export interface ChooseKOptions {
  /** Smallest and largest k tried (defaults 2 and 8). */
  kMin?: number;
  kMax?: number;
  /** Seed of the k-means starts and of the silhouette sample (default 1). */
  seed?: number;
  /** Silhouettes are computed on at most this many points (default 2,000). */
  sampleSize?: number;
  /** k-means++ starts per k; the lowest inertia wins (default 3). */
  restarts?: number;
}

export interface ChooseK {
  /** The k with the highest weighted mean silhouette (the smallest such k on ties). */
  k: number;
  /** The clustering for each k tried, kMin first. */
  runs: KMeans[];
  /** Weighted mean silhouette per k tried (aligned with runs); NaN when undefined. */
  silhouettes: Float64Array;
  /** The points (indices, w > 0) the silhouettes were computed on. */
  sample: Int32Array;
}

/**
 * Runs kmeans for k = kMin..kMax (clamped to the number of weighted points) and picks the k
 * with the highest weighted mean silhouette. The silhouette is O(m²), so when more than
 * `sampleSize` (2,000) points have w > 0 it is computed on a seeded uniform sample of that many
 * of them (without replacement; the same sample for every k). The k-means runs use every
 * point: for n = 65,536 in 3-D, k = 2..8 with 3 restarts took ≈ 1.5 s of CPU in Node (the
 * silhouettes ≈ 0.05 s each). Throws on zero total weight.
 */
export function chooseK(
  points: ArrayLike<number>,
  dims: number,
  w: Weights,
  options: ChooseKOptions = {},
): ChooseK {
  const n = w === null ? Math.floor(points.length / dims) : w.length;
  const wt = checkedWeights(w, n, 'chooseK');
  const positive = positiveIndices(wt);
  if (positive.length === 0) throw new Error('chooseK: the weights sum to 0');
  const seed = options.seed ?? 1;
  const kMin = Math.max(1, options.kMin ?? 2);
  const kMax = Math.min(options.kMax ?? 8, positive.length);
  if (kMax < kMin)
    throw new Error(
      `chooseK: no k in [${kMin}, ${options.kMax ?? 8}] fits ${positive.length} weighted points`,
    );
  const sample = sampleWithoutReplacement(positive, options.sampleSize ?? 2000, seed);
  const runs: KMeans[] = [];
  const silhouettes = new Float64Array(kMax - kMin + 1);
  let bestK = kMin;
  let bestS = -Infinity;
  for (let k = kMin; k <= kMax; k++) {
    const run = kmeans(points, dims, wt, k, seed + k, { restarts: options.restarts ?? 3 });
    const s = weightedSilhouette(points, dims, wt, run.labels, sample);
    runs.push(run);
    silhouettes[k - kMin] = s;
    if (s > bestS) {
      bestS = s;
      bestK = k;
    }
  }
  return { k: bestK, runs, silhouettes, sample };
}

function positiveIndices(w: Float64Array): number[] {
  const out: number[] = [];
  for (let i = 0; i < w.length; i++) if ((w[i] as number) > 0) out.push(i);
  return out;
}

/** At most `size` of `items`, uniformly without replacement (partial Fisher–Yates), sorted. */
function sampleWithoutReplacement(items: number[], size: number, seed: number): Int32Array {
  if (items.length <= size) return Int32Array.from(items);
  const pool = [...items];
  const rand = seededRandom(seed ^ 0x5f3759df);
  for (let t = 0; t < size; t++) {
    const j = t + Math.floor(rand() * (pool.length - t));
    const tmp = pool[t] as number;
    pool[t] = pool[j] as number;
    pool[j] = tmp;
  }
  return Int32Array.from(pool.slice(0, size)).sort();
}
