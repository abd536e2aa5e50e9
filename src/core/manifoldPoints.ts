// The only owner of what a 3-D manifold view draws: the point set (ManifoldData) and a point in
// words (PointText); which probe rows a composite's manifold shows (those that fire it most, by
// |h|), their gathered coordinates, the bounds the camera frames, the axis lengths and the axis
// assignment. Pure; the latent and manifold-CSV views build point sets, src/scene draws them.

/** The points a manifold view draws: one set, replaced as a whole when anything in it changes. */
export interface ManifoldData {
  /** Identity of the set: a new value rebuilds the buffers. */
  version: string;
  count: number;
  /** [count, 3] world coordinates. */
  positions: Float32Array;
  /** [count] values (colour, emphasis, framing weights). */
  values: Float32Array;
  /** [count] the source row of each point (probe row, or CSV row). */
  rows: Int32Array;
  /** Sign of the eigenvalue behind each axis (+1, -1, or 0 when unknown). */
  axisSigns: [number, number, number];
  /**
   * The eigenvalue behind each axis (the view faces the two of largest |λ|), or null when the
   * axes are not eigenvectors (a manifold CSV: the view faces the points' best-fit plane).
   */
  axisLambdas: [number, number, number] | null;
}

/** A point in words, for hover cards and pinned labels (plain text, never HTML). */
export interface PointText {
  before: string;
  token: string;
  after: string;
  /** The point's value, and what it is called ("h", "value"). */
  value: number;
  valueLabel: string;
  /** A short extra line (e.g. "probe row 12"). */
  meta: string;
}

/**
 * The indices of the `count` largest |values| (NaN last), largest first; ties keep the lower
 * index first. O(n log n).
 */
export function topByMagnitude(values: ArrayLike<number>, count: number): Int32Array {
  const n = values.length;
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const mag = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = Math.abs(values[i] ?? NaN);
    mag[i] = Number.isNaN(v) ? -1 : v;
  }
  order.sort((a, b) => (mag[b] ?? 0) - (mag[a] ?? 0) || a - b);
  return order.slice(0, Math.max(0, Math.min(n, Math.trunc(count))));
}

/** Rows `rows` of a row-major [N, 3] matrix, gathered into [rows.length, 3]. */
export function gatherXyz(xyz: Float32Array, rows: ArrayLike<number>): Float32Array {
  const out = new Float32Array(rows.length * 3);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i] ?? 0;
    out[i * 3] = xyz[r * 3] ?? 0;
    out[i * 3 + 1] = xyz[r * 3 + 1] ?? 0;
    out[i * 3 + 2] = xyz[r * 3 + 2] ?? 0;
  }
  return out;
}

/** Entries `rows` of `values`. */
export function gatherValues(values: ArrayLike<number>, rows: ArrayLike<number>): Float32Array {
  const out = new Float32Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = values[rows[i] ?? 0] ?? NaN;
  return out;
}

/** A sphere in world units. */
export interface Bounds {
  center: [number, number, number];
  radius: number;
}

/**
 * A sphere around the points and the origin (the origin is marked in the view, so it stays in
 * frame): centred on their bounding box, with the radius of the farthest of them. Radius ≥ 1e-6
 * so an empty or single-point set still frames.
 */
export function boundsOf(xyz: ArrayLike<number>, count: number): Bounds {
  const lo = [0, 0, 0];
  const hi = [0, 0, 0];
  for (let i = 0; i < count; i++) {
    for (let a = 0; a < 3; a++) {
      const v = xyz[i * 3 + a] ?? 0;
      if (!Number.isFinite(v)) continue;
      if (v < (lo[a] ?? 0)) lo[a] = v;
      if (v > (hi[a] ?? 0)) hi[a] = v;
    }
  }
  const c = [0, 1, 2].map((a) => ((lo[a] ?? 0) + (hi[a] ?? 0)) / 2) as [number, number, number];
  let r2 = c[0] * c[0] + c[1] * c[1] + c[2] * c[2]; // the origin
  for (let i = 0; i < count; i++) {
    const dx = (xyz[i * 3] ?? 0) - c[0];
    const dy = (xyz[i * 3 + 1] ?? 0) - c[1];
    const dz = (xyz[i * 3 + 2] ?? 0) - c[2];
    const d2 = dx * dx + dy * dy + dz * dz;
    if (d2 > r2 && Number.isFinite(d2)) r2 = d2;
  }
  return { center: c, radius: Math.max(1e-6, Math.sqrt(r2)) };
}

/** Per axis, the largest |coordinate| of the points (the axis gizmo's half-lengths). */
export function axisExtents(xyz: ArrayLike<number>, count: number): [number, number, number] {
  const e: [number, number, number] = [0, 0, 0];
  for (let i = 0; i < count; i++) {
    for (let a = 0; a < 3; a++) {
      const v = Math.abs(xyz[i * 3 + a] ?? 0);
      if (Number.isFinite(v) && v > (e[a] ?? 0)) e[a] = v;
    }
  }
  return e;
}

/**
 * The camera position that frames `bounds` with a vertical field of view `fovDeg`, looking at
 * its centre from `direction` (any length; a default oblique view when zero).
 */
export function framingPosition(
  bounds: Bounds,
  fovDeg: number,
  direction: [number, number, number],
  margin = 1.15,
): [number, number, number] {
  let [dx, dy, dz] = direction;
  let len = Math.hypot(dx, dy, dz);
  if (!(len > 0)) {
    [dx, dy, dz] = [1, 0.8, 1.4];
    len = Math.hypot(dx, dy, dz);
  }
  const dist = (bounds.radius * margin) / Math.sin(((fovDeg / 2) * Math.PI) / 180);
  const [cx, cy, cz] = bounds.center;
  return [cx + (dx / len) * dist, cy + (dy / len) * dist, cz + (dz / len) * dist];
}

/**
 * The plotted axes after giving eigenvector `index` to axis `slot` (0 = x, 1 = y, 2 = z). An
 * eigenvector already on another axis swaps places with the one it replaces, so the three axes
 * stay distinct.
 */
export function assignAxis(
  axes: readonly [number, number, number],
  slot: 0 | 1 | 2,
  index: number,
): [number, number, number] {
  const next: [number, number, number] = [axes[0], axes[1], axes[2]];
  const other = next.indexOf(index);
  if (other >= 0 && other !== slot) next[other] = next[slot];
  next[slot] = index;
  return next;
}
