// The relations phase: every composite's neighbours under each measure of core/relations/measures
// — co-activation (Pearson r of h over the probe rows: one Gram matrix on onnxruntime), firing
// centroids' cosine, subspace overlap of the top eigenvectors, cosine of forms (from Msym) —
// exact for C ≤ exactRelationsMaxC, by a stated sketch-and-re-rank approximation above. The only
// owner of how each measure is computed at scale; core/relations holds their float64 references,
// which the tests compare with this. Two halves, as the analysis's parts (parts.ts) hold their
// inputs: the global part computes every measure but the overlap (globalRelations), and the
// join computes the overlap from every composite's eigenvectors (overlapPhase).
import type { NeighbourTable, ProbeResults, Relations } from '../../core/analysis';
import { approxTopNeighbours } from '../../core/relations/approxNeighbours';
import {
  CENTROID_TOP_ROWS,
  MEASURE_INFO,
  OVERLAP_MIN_SHARE,
  type RelationMeasure,
} from '../../core/relations/measures';
import { topNeighbours, type Neighbours } from '../../core/relations/neighbours';
import { gaussianStream } from '../../core/relations/sketch';
import { overlapSketch } from '../../core/relations/subspaceOverlap';
import type { EngineWeights } from '../../core/weights';
import { crossGraph } from '../graphs';
import type { Session } from '../runtime';
import { crossProduct, gramBlocks, type CrossOptions } from './cross';
import type { AnalyseOptions } from './options';
import type { SessionFactory } from './sessions';
import { VECTORS_KEPT } from './spectra/types';

/** Dimensions of the random projection behind approximate co-activation (C above the limit). */
export const COACTIVATION_SKETCH_DIMS = 256;
/** Dimensions of overlapSketch behind approximate subspace overlap. */
const OVERLAP_SKETCH_DIMS = 128;

export interface RelationsInput {
  w: EngineWeights;
  /** Raw probe activations [N, d] (for the centroids' inputs), or null. */
  probes: { activations: Float32Array; n: number } | null;
  /** The probe phase's results (h by composite, top rows), or null. */
  results: ProbeResults | null;
  /** Mean normalised input Σx̂/N over the probe rows (d), or null. */
  xMean: Float64Array | null;
  /** [C, C] Frobenius Gram matrix of the forms, or null when skipped. */
  msym: Float32Array | null;
  /** Why there are no probe results, when there are none (for `missing`). */
  noProbesWhy: string;
}

export interface OverlapInput {
  /** C: composites. */
  C: number;
  /** d': the size of each form. */
  n: number;
  /** Spectra [C, K] by descending |λ| (ranks of the overlap). */
  values: Float32Array;
  K: number;
  /** [C, VECTORS_KEPT, d'] eigenvectors of the largest |λ|. */
  vectors: Float32Array;
}

/**
 * The relations of an analysis's global part — co-activation, firing centroids, cosine of
 * forms: everything but the subspace overlap, which needs every composite's eigenvectors
 * (overlapPhase, when the parts are joined). `advance(share)` reports each share (summing to 1)
 * of its work done.
 */
export async function globalRelations(
  backend: SessionFactory,
  input: RelationsInput,
  o: AnalyseOptions,
  signal: AbortSignal | undefined,
  advance: (share: number) => void,
): Promise<{ relations: Relations; flops: number }> {
  const { w, results } = input;
  const C = w.C;
  const exact = C <= o.exactRelationsMaxC;
  const k = o.neighbours;
  const tables: Relations['tables'] = {};
  const missing: Relations['missing'] = {};
  const measures = 3;
  const share = (s: number) => advance(s / measures);
  const cross: CrossOptions = { chunkFloats: o.chunkFloats, signal, advance: share };
  let flops = 0;
  const session = await backend.session(crossGraph());
  try {
    if (results && input.probes && input.xMean) {
      const co = await coactivation(session, results, C, k, exact, cross);
      tables.coactivation = co.table;
      flops += co.flops;
      const ce = await centroids(session, input, results, k, exact, cross);
      tables.centroid = ce.table;
      flops += ce.flops;
    } else {
      missing.coactivation = input.noProbesWhy;
      missing.centroid = input.noProbesWhy;
      share(2);
    }
    if (input.msym) tables.forms = formsTable(input.msym, C, k);
    else {
      missing.forms = `the forms' C×C Gram matrix was skipped (C = ${C} is above ${o.maxGramC})`;
    }
    share(1);
  } finally {
    await session.release();
  }
  return { relations: { tables, missing }, flops };
}

/**
 * The subspace overlap of every pair of composites, from their kept eigenvectors: runs when an
 * analysis's parts are joined (every composite's vectors at hand), in one process or in a
 * headless merge of shards — the same function on the same numbers, so a merge lists the same
 * neighbours as an unsharded run. `advance(share)` reports each share (summing to 1) done.
 */
export async function overlapPhase(
  backend: SessionFactory,
  input: OverlapInput,
  o: AnalyseOptions,
  signal: AbortSignal | undefined,
  advance: (share: number) => void,
): Promise<{ table: NeighbourTable; flops: number }> {
  const exact = input.C <= o.exactRelationsMaxC;
  const cross: CrossOptions = { chunkFloats: o.chunkFloats, signal, advance };
  const session = await backend.session(crossGraph());
  try {
    return await overlap(session, input, o.neighbours, exact, cross);
  } finally {
    await session.release();
  }
}

/** A NeighbourTable from core's Neighbours (float32 similarities for storage). */
function table(nb: Neighbours, approximation: string | null): NeighbourTable {
  return {
    k: nb.k,
    index: nb.index,
    similarity: Float32Array.from(nb.similarity),
    isolated: nb.isolated,
    approximation,
  };
}

function exactTable(sim: Float32Array, C: number, k: number, m: RelationMeasure): NeighbourTable {
  return table(topNeighbours(sim, C, k, MEASURE_INFO[m].floor, MEASURE_INFO[m].rank), null);
}

/**
 * Co-activation: r_ij = cov_ij / √(cov_ii cov_jj) with cov the Gram matrix of h − μ over the
 * N rows (gramBlocks, h shifted by μ rounded to float32 and corrected by N δ_i δ_j, δ = μ − fl(μ),
 * in float64). A constant composite gets 0 against every other (as core's coactivation). Above
 * the exact limit: each composite's centred firing is projected on COACTIVATION_SKETCH_DIMS
 * seeded Gaussian directions (one product on onnxruntime), whose cosines estimate r (error
 * ≈ 1/√dims), and approxTopNeighbours ranks by them: listed values are those estimates.
 */
export async function coactivation(
  session: Session<'out'>,
  results: Pick<ProbeResults, 'n' | 'hByComposite'>,
  C: number,
  k: number,
  exact: boolean,
  o: CrossOptions,
): Promise<{ table: NeighbourTable; flops: number }> {
  const N = results.n;
  const h = results.hByComposite;
  const mean = new Float64Array(C);
  const constant = new Uint8Array(C);
  for (let i = 0; i < C; i++) {
    let s = 0;
    let lo = Infinity;
    let hi = -Infinity;
    for (let t = 0; t < N; t++) {
      const v = h[i * N + t] as number;
      s += v;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    mean[i] = s / N;
    constant[i] = lo === hi ? 1 : 0;
  }
  const shift = Float32Array.from(mean);
  if (!exact) {
    const dims = COACTIVATION_SKETCH_DIMS;
    const next = gaussianStream(17);
    const g = new Float32Array(dims * N);
    for (let i = 0; i < g.length; i++) g[i] = next();
    const { product, flops } = await crossProduct(session, g, dims, h, C, N, shift, o);
    // Rows per composite: its projections, normalised (a constant composite: a zero row).
    const rows = new Float64Array(C * dims);
    for (let i = 0; i < C; i++) {
      let ss = 0;
      for (let t = 0; t < dims; t++) ss += (product[t * C + i] as number) ** 2;
      const inv = constant[i] || !(ss > 0) ? 0 : 1 / Math.sqrt(ss);
      for (let t = 0; t < dims; t++) rows[i * dims + t] = (product[t * C + i] as number) * inv;
    }
    const est = (i: number, j: number) => {
      let s = 0;
      for (let t = 0; t < dims; t++)
        s += (rows[i * dims + t] as number) * (rows[j * dims + t] as number);
      return s;
    };
    const info = MEASURE_INFO.coactivation;
    const nb = approxTopNeighbours(rows, C, dims, k, info.floor, est, { rank: info.rank });
    return {
      table: table(
        nb,
        `estimated from a ${dims}-dimensional random projection of each composite's centred firing (error ≈ ${(1 / Math.sqrt(dims)).toFixed(2)}), neighbours by sign sketches (C = ${C} is above the exact limit)`,
      ),
      flops,
    };
  }
  const delta = Float64Array.from(mean, (m, i) => m - (shift[i] as number));
  const cov = new Float64Array(C);
  const corr = new Float32Array(C * C);
  const flops = await gramBlocks(session, h, C, N, shift, 1, o, (start, end, block) => {
    const bw = end - start;
    // The diagonal block comes first for its own columns: variances before correlations.
    for (let j = start; j < end; j++) {
      cov[j] = (block[j * bw + (j - start)] as number) - N * (delta[j] as number) ** 2;
    }
    for (let i = 0; i < end; i++) {
      for (let j = Math.max(start, i); j < end; j++) {
        let r: number;
        if (constant[i] || constant[j] || !((cov[i] as number) > 0) || !((cov[j] as number) > 0)) {
          r = 0;
        } else if (i === j) r = 1;
        else {
          const c =
            (block[i * bw + (j - start)] as number) -
            N * (delta[i] as number) * (delta[j] as number);
          r = Math.max(-1, Math.min(1, c / Math.sqrt((cov[i] as number) * (cov[j] as number))));
        }
        corr[i * C + j] = r;
        corr[j * C + i] = r;
      }
    }
  });
  return { table: exactTable(corr, C, k, 'coactivation'), flops };
}

/**
 * Firing centroids: for each composite, its top CENTROID_TOP_ROWS probe rows (ProbeResults'
 * topRows, h > 0 only), c_k = Σ h (x̂ − μ) / Σ h in float64, normalised; cosines as the Gram
 * matrix of the unit centroids (a zero centroid: 0 against every other). Above the exact limit,
 * approxTopNeighbours with exact re-ranking (the listed cosines are exact).
 */
async function centroids(
  session: Session<'out'>,
  input: RelationsInput,
  results: ProbeResults,
  k: number,
  exact: boolean,
  o: CrossOptions,
): Promise<{ table: NeighbourTable; flops: number }> {
  const { w } = input;
  const probes = input.probes as { activations: Float32Array; n: number };
  const mu = input.xMean as Float64Array;
  const { C, d } = w;
  const N = results.n;
  const take = Math.min(CENTROID_TOP_ROWS, results.topK);
  const unit = new Float32Array(C * d);
  const acc = new Float64Array(d);
  const x = probes.activations;
  for (let c = 0; c < C; c++) {
    acc.fill(0);
    let mass = 0;
    for (let r = 0; r < take; r++) {
      const row = results.topRows[c * results.topK + r] ?? -1;
      const v = row >= 0 ? (results.hByComposite[c * N + row] as number) : 0;
      if (!(v > 0)) break;
      let ss = 0;
      for (let q = 0; q < d; q++) ss += (x[row * d + q] as number) ** 2;
      const inv = 1 / Math.sqrt(ss);
      for (let q = 0; q < d; q++) {
        acc[q] = (acc[q] as number) + v * ((x[row * d + q] as number) * inv - (mu[q] as number));
      }
      mass += v;
    }
    let norm = 0;
    for (let q = 0; q < d; q++) norm += (acc[q] as number) ** 2;
    norm = Math.sqrt(norm);
    if (mass > 0 && norm > 0) {
      for (let q = 0; q < d; q++) unit[c * d + q] = (acc[q] as number) / norm;
    }
  }
  const info = MEASURE_INFO.centroid;
  if (!exact) {
    const cos = (i: number, j: number) => {
      let s = 0;
      for (let q = 0; q < d; q++) s += (unit[i * d + q] as number) * (unit[j * d + q] as number);
      return s;
    };
    const nb = approxTopNeighbours(unit, C, d, k, info.floor, cos, { rank: info.rank });
    o.advance(1);
    return {
      table: table(
        nb,
        `candidates by sign sketches, exact cosines (C = ${C} is above the exact limit)`,
      ),
      flops: 0,
    };
  }
  const cos = new Float32Array(C * C);
  const flops = await gramBlocks(session, unit, C, d, null, 1, o, (start, end, block) => {
    const bw = end - start;
    for (let i = 0; i < end; i++) {
      for (let j = Math.max(start, i); j < end; j++) {
        const v = Math.max(-1, Math.min(1, block[i * bw + (j - start)] as number));
        cos[i * C + j] = v;
        cos[j * C + i] = v;
      }
    }
  });
  return { table: exactTable(cos, C, k, 'centroid'), flops };
}

/**
 * Subspace overlap Σ_{a<r_i, b<r_j} (u_ia·u_jb)² / √(r_i r_j), r_k the eigenvectors among the
 * VECTORS_KEPT largest |λ| with |λ| ≥ OVERLAP_MIN_SHARE |λ₁| (0 for a zero form): the squared
 * entries of the Gram matrix of all C·r eigenvectors, summed per pair of composites. Above the
 * exact limit, candidates from overlapSketch's cosines, re-ranked exactly.
 */
async function overlap(
  session: Session<'out'>,
  input: OverlapInput,
  k: number,
  exact: boolean,
  o: CrossOptions,
): Promise<{ table: NeighbourTable; flops: number }> {
  const { C, n, values, K } = input;
  const R = VECTORS_KEPT;
  const ranks = overlapRanks(values, C, K, R);
  // Eigenvectors beyond a composite's rank are zeroed: they then add nothing to any sum.
  const u = new Float32Array(C * R * n);
  for (let c = 0; c < C; c++) {
    const len = (ranks[c] as number) * n;
    u.set(input.vectors.subarray(c * R * n, c * R * n + len), c * R * n);
  }
  const info = MEASURE_INFO.overlap;
  if (!exact) {
    const pair = (i: number, j: number) => {
      const ri = ranks[i] as number;
      const rj = ranks[j] as number;
      if (ri === 0 || rj === 0) return 0;
      let s = 0;
      for (let a = 0; a < ri; a++) {
        for (let b = 0; b < rj; b++) {
          let dot = 0;
          for (let q = 0; q < n; q++)
            dot += (u[(i * R + a) * n + q] as number) * (u[(j * R + b) * n + q] as number);
          s += dot * dot;
        }
      }
      return s / Math.sqrt(ri * rj);
    };
    const sketch = overlapSketch(u, C, R, n, OVERLAP_SKETCH_DIMS, 5, ranks);
    const nb = approxTopNeighbours(sketch, C, OVERLAP_SKETCH_DIMS, k, info.floor, pair, {
      rank: info.rank,
    });
    o.advance(1);
    return {
      table: table(
        nb,
        `candidates by a ${OVERLAP_SKETCH_DIMS}-dimensional sketch, exact overlaps (C = ${C} is above the exact limit)`,
      ),
      flops: 0,
    };
  }
  const sim = new Float32Array(C * C);
  const flops = await gramBlocks(session, u, C * R, n, null, R, o, (start, end, block) => {
    const bw = end - start;
    for (let i = 0; i < end / R; i++) {
      for (let j = Math.max(start / R, i); j < end / R; j++) {
        const ri = ranks[i] as number;
        const rj = ranks[j] as number;
        let s = 0;
        if (ri > 0 && rj > 0) {
          for (let a = 0; a < ri; a++) {
            const row = (i * R + a) * bw;
            for (let b = 0; b < rj; b++) s += (block[row + j * R + b - start] as number) ** 2;
          }
          s /= Math.sqrt(ri * rj);
        }
        sim[i * C + j] = s;
        sim[j * C + i] = s;
      }
    }
  });
  return { table: exactTable(sim, C, k, 'overlap'), flops };
}

/** Per composite: how many of its first r eigenvalues are ≥ OVERLAP_MIN_SHARE of the largest. */
export function overlapRanks(values: Float32Array, C: number, K: number, r: number): Int32Array {
  const ranks = new Int32Array(C);
  for (let c = 0; c < C; c++) {
    const top = Math.abs(values[c * K] ?? NaN);
    if (!(top > 0)) continue;
    let count = 0;
    for (let a = 0; a < Math.min(r, K); a++) {
      const v = Math.abs(values[c * K + a] ?? NaN);
      if (!(v >= OVERLAP_MIN_SHARE * top)) break;
      count++;
    }
    ranks[c] = count;
  }
  return ranks;
}

/** Cosine of forms from Msym, ranked by |cos|; a zero form's cosines are NaN (never ranked). */
function formsTable(msym: Float32Array, C: number, k: number): NeighbourTable {
  const norm = new Float64Array(C);
  for (let i = 0; i < C; i++) norm[i] = Math.sqrt(Math.max(0, msym[i * C + i] ?? 0));
  const cos = new Float32Array(C * C);
  for (let i = 0; i < C; i++) {
    for (let j = 0; j < C; j++) {
      const ni = norm[i] as number;
      const nj = norm[j] as number;
      cos[i * C + j] = ni === 0 || nj === 0 ? NaN : (msym[i * C + j] as number) / (ni * nj);
    }
  }
  return exactTable(cos, C, k, 'forms');
}
