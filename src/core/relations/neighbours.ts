// The only owner of neighbour lists built from a similarity between composites: the k most
// similar others of each, ranked by signed value or by |value|, with a floor under which a
// composite is reported as having no close neighbour. Exact, O(C²) evaluations; for C above
// ~8,192 see approxNeighbours.ts. Consumed by the latent view's neighbour panels. (The cosine
// of forms keeps its own ranking in core/stats formNeighbours, by |cos|; rank: 'absolute' here
// reproduces it from a cosine matrix.)

/** A similarity: a [C, C] row-major matrix or a function of two composite indices. */
export type Similarity = ArrayLike<number> | ((i: number, j: number) => number);

/**
 * How neighbours are ranked: 'signed' (largest value first; correlation, centroid cosine and
 * overlap ≥ 0 use this) or 'absolute' (largest |value| first: opposite is as close as equal).
 */
export type NeighbourRank = 'signed' | 'absolute';

export interface Neighbours {
  /** Neighbours listed per composite: min(k, C − 1). */
  k: number;
  /** [C, k] row-major: neighbour indices, best first; −1 pads when fewer are rankable. */
  index: Int32Array;
  /** [C, k]: each neighbour's similarity (signed, as given); NaN pads. */
  similarity: Float64Array;
  /** Per composite: listed neighbours whose ranking key (value or |value|) is ≥ floor. */
  close: Int32Array;
  /** Per composite: 1 when no neighbour reaches the floor ("no close neighbours"). */
  isolated: Uint8Array;
}

/**
 * The k most similar other composites of each composite, by `rank` (default 'signed'): ties go
 * to the lower index, NaN similarities never rank, a composite is never its own neighbour.
 * Every composite lists its top k whatever their value; `close` counts those at or above
 * `floor` (compared with the ranking key) and `isolated` flags composites with none. Reads each
 * (i, j) once per i: C(C − 1) evaluations, O(C²·k) worst case for the selection.
 */
export function topNeighbours(
  sim: Similarity,
  C: number,
  k: number,
  floor: number,
  rank: NeighbourRank = 'signed',
): Neighbours {
  if (!Number.isInteger(C) || C < 0 || !Number.isInteger(k) || k < 0) {
    throw new Error(`topNeighbours: bad sizes C = ${C}, k = ${k}`);
  }
  if (typeof sim !== 'function' && sim.length < C * C) {
    throw new Error(`topNeighbours: the matrix has ${sim.length} entries, need C² = ${C * C}`);
  }
  const value =
    typeof sim === 'function' ? sim : (i: number, j: number) => sim[i * C + j] as number;
  const count = Math.min(k, Math.max(0, C - 1));
  const out = emptyNeighbours(C, count);
  const keys = new Float64Array(count);
  const best = new Int32Array(count);
  const vals = new Float64Array(count);
  for (let i = 0; i < C; i++) {
    let size = 0;
    for (let j = 0; j < C; j++) {
      if (j === i) continue;
      const v = value(i, j);
      if (Number.isNaN(v)) continue;
      size = insert(keys, best, vals, size, count, rank === 'absolute' ? Math.abs(v) : v, j, v);
    }
    record(out, i, size, keys, best, vals, floor);
  }
  return out;
}

/** Neighbours with every slot empty (index −1, similarity NaN, isolated). */
export function emptyNeighbours(C: number, k: number): Neighbours {
  return {
    k,
    index: new Int32Array(C * k).fill(-1),
    similarity: new Float64Array(C * k).fill(NaN),
    close: new Int32Array(C),
    isolated: new Uint8Array(C).fill(1),
  };
}

/**
 * Inserts (key, j, v) into a buffer of at most `count` entries sorted by descending key, ties to
 * the lower j; returns the new size. Shared with approxNeighbours.ts.
 */
export function insert(
  keys: Float64Array,
  idx: Int32Array,
  vals: Float64Array,
  size: number,
  count: number,
  key: number,
  j: number,
  v: number,
): number {
  if (count === 0) return 0;
  if (size === count) {
    const lastKey = keys[size - 1] as number;
    if (key < lastKey || (key === lastKey && j > (idx[size - 1] as number))) return size;
  }
  let p = size < count ? size++ : count - 1;
  while (p > 0) {
    const k = keys[p - 1] as number;
    if (k > key || (k === key && (idx[p - 1] as number) < j)) break;
    keys[p] = k;
    idx[p] = idx[p - 1] as number;
    vals[p] = vals[p - 1] as number;
    p--;
  }
  keys[p] = key;
  idx[p] = j;
  vals[p] = v;
  return size;
}

/** Copies composite i's sorted buffer into `out`, with its close count and isolated flag. */
export function record(
  out: Neighbours,
  i: number,
  size: number,
  keys: Float64Array,
  idx: Int32Array,
  vals: Float64Array,
  floor: number,
): void {
  let close = 0;
  for (let r = 0; r < size; r++) {
    out.index[i * out.k + r] = idx[r] as number;
    out.similarity[i * out.k + r] = vals[r] as number;
    if ((keys[r] as number) >= floor) close++;
  }
  out.close[i] = close;
  out.isolated[i] = close === 0 ? 1 : 0;
}
