// The only owner of hover picking in the 3-D manifold: projecting points to screen pixels and a
// uniform screen-space grid that answers "which point is under the cursor" without scanning
// every point per mouse move. The grid is rebuilt (O(n)) only after the camera moved; a query
// touches the few cells within the hit radius. Pure; src/scene/manifold uses it.

/** Screen positions of projected points: CSS pixels from the canvas's top-left; NaN = hidden. */
export interface ScreenPoints {
  count: number;
  x: Float32Array;
  y: Float32Array;
  /** Normalised device depth in -1..1 (smaller = nearer the camera). */
  depth: Float32Array;
}

/**
 * Projects `count` world points ([count, 3] row-major) with a column-major 4×4
 * view-projection matrix (three.js `Matrix4.elements`) onto a canvas of widthPx × heightPx CSS
 * pixels. Points behind the camera, beyond the clip planes or outside the canvas get NaN.
 */
export function projectToScreen(
  xyz: ArrayLike<number>,
  count: number,
  m: ArrayLike<number>,
  widthPx: number,
  heightPx: number,
  reuse?: ScreenPoints,
): ScreenPoints {
  const out =
    reuse && reuse.x.length >= count
      ? { ...reuse, count }
      : {
          count,
          x: new Float32Array(count),
          y: new Float32Array(count),
          depth: new Float32Array(count),
        };
  const e = (k: number) => m[k] ?? 0;
  const [m0, m1, m2, m3] = [e(0), e(1), e(2), e(3)];
  const [m4, m5, m6, m7] = [e(4), e(5), e(6), e(7)];
  const [m8, m9, m10, m11] = [e(8), e(9), e(10), e(11)];
  const [m12, m13, m14, m15] = [e(12), e(13), e(14), e(15)];
  const halfW = widthPx / 2;
  const halfH = heightPx / 2;
  // Hoisted: this loop runs over every point after each camera move.
  const { x: ox, y: oy, depth: od } = out;
  for (let i = 0; i < count; i++) {
    const px = xyz[i * 3] ?? 0;
    const py = xyz[i * 3 + 1] ?? 0;
    const pz = xyz[i * 3 + 2] ?? 0;
    const w = m3 * px + m7 * py + m11 * pz + m15;
    const inv = 1 / w;
    const sx = ((m0 * px + m4 * py + m8 * pz + m12) * inv + 1) * halfW;
    const sy = (1 - (m1 * px + m5 * py + m9 * pz + m13) * inv) * halfH;
    const d = (m2 * px + m6 * py + m10 * pz + m14) * inv;
    if (w > 0 && d >= -1 && d <= 1 && sx >= 0 && sx < widthPx && sy >= 0 && sy < heightPx) {
      ox[i] = sx;
      oy[i] = sy;
      od[i] = d;
    } else {
      ox[i] = NaN;
      oy[i] = NaN;
      od[i] = NaN;
    }
  }
  return out;
}

/** A uniform grid over the canvas: the points of each cell, contiguous (counting sort). */
export interface ScreenIndex {
  points: ScreenPoints;
  cellPx: number;
  cols: number;
  rows: number;
  /** Cell c holds items[cellStart[c] .. cellStart[c + 1]). */
  cellStart: Int32Array;
  items: Int32Array;
  /** Scratch buffers a rebuild may reuse (see buildScreenIndex's `reuse`). */
  scratch: { cellOf: Int32Array; items: Int32Array; fill: Int32Array };
}

/**
 * Builds the grid over projected points (hidden ones are left out). O(count + cells). `reuse`
 * (a previous index) lends its buffers when they are large enough, so a rebuild after every
 * camera move allocates nothing.
 */
export function buildScreenIndex(
  points: ScreenPoints,
  widthPx: number,
  heightPx: number,
  cellPx: number,
  reuse?: ScreenIndex,
): ScreenIndex {
  const cols = Math.max(1, Math.ceil(widthPx / cellPx));
  const rows = Math.max(1, Math.ceil(heightPx / cellPx));
  const cells = cols * rows;
  const n = points.count;
  const old = reuse?.scratch;
  const cellStart =
    reuse && reuse.cellStart.length === cells + 1
      ? reuse.cellStart.fill(0)
      : new Int32Array(cells + 1);
  const cellOf = old && old.cellOf.length >= n ? old.cellOf : new Int32Array(n);
  const allItems = old && old.items.length >= n ? old.items : new Int32Array(n);
  const fill = old && old.fill.length >= cells ? old.fill : new Int32Array(cells);
  const { x: px, y: py } = points;
  const invCell = 1 / cellPx;
  for (let i = 0; i < n; i++) {
    const x = px[i] ?? NaN;
    if (Number.isNaN(x)) {
      cellOf[i] = -1;
      continue;
    }
    // Visible points lie in [0, width) × [0, height): truncation is floor.
    const cx = Math.min(cols - 1, (x * invCell) | 0);
    const cy = Math.min(rows - 1, ((py[i] ?? 0) * invCell) | 0);
    const c = cy * cols + cx;
    cellOf[i] = c;
    cellStart[c + 1] = (cellStart[c + 1] ?? 0) + 1;
  }
  for (let c = 0; c < cells; c++) {
    cellStart[c + 1] = (cellStart[c + 1] ?? 0) + (cellStart[c] ?? 0);
    fill[c] = cellStart[c] ?? 0;
  }
  for (let i = 0; i < n; i++) {
    const c = cellOf[i] ?? -1;
    if (c < 0) continue;
    allItems[fill[c] ?? 0] = i;
    fill[c] = (fill[c] ?? 0) + 1;
  }
  return {
    points,
    cellPx,
    cols,
    rows,
    cellStart,
    items: allItems.subarray(0, cellStart[cells] ?? 0),
    scratch: { cellOf, items: allItems, fill },
  };
}

/** True when candidate `i` beats `best` at squared distance d2 (nearer, then in front, then lower index). */
function better(p: ScreenPoints, i: number, d2: number, best: number, bestD2: number): boolean {
  if (best < 0 || d2 < bestD2) return true;
  if (d2 > bestD2) return false;
  const di = p.depth[i] ?? 0;
  const db = p.depth[best] ?? 0;
  return di < db || (di === db && i < best);
}

/**
 * The point nearest to (xPx, yPx) within radiusPx (ties: the one in front, then the lower
 * index), or -1. Looks only at the grid cells the radius touches.
 */
export function pickNearest(
  index: ScreenIndex,
  xPx: number,
  yPx: number,
  radiusPx: number,
): number {
  const { points, cellPx, cols, rows, cellStart, items } = index;
  const r2 = radiusPx * radiusPx;
  const x0 = Math.max(0, Math.floor((xPx - radiusPx) / cellPx));
  const x1 = Math.min(cols - 1, Math.floor((xPx + radiusPx) / cellPx));
  const y0 = Math.max(0, Math.floor((yPx - radiusPx) / cellPx));
  const y1 = Math.min(rows - 1, Math.floor((yPx + radiusPx) / cellPx));
  let best = -1;
  let bestD2 = Infinity;
  for (let cy = y0; cy <= y1; cy++) {
    for (let cx = x0; cx <= x1; cx++) {
      const c = cy * cols + cx;
      const end = cellStart[c + 1] ?? 0;
      for (let k = cellStart[c] ?? 0; k < end; k++) {
        const i = items[k] ?? 0;
        const dx = (points.x[i] ?? 0) - xPx;
        const dy = (points.y[i] ?? 0) - yPx;
        const d2 = dx * dx + dy * dy;
        if (d2 <= r2 && better(points, i, d2, best, bestD2)) {
          best = i;
          bestD2 = d2;
        }
      }
    }
  }
  return best;
}

/** The same answer as pickNearest by scanning every point: the reference for tests. */
export function pickNearestBrute(
  points: ScreenPoints,
  xPx: number,
  yPx: number,
  radiusPx: number,
): number {
  const r2 = radiusPx * radiusPx;
  let best = -1;
  let bestD2 = Infinity;
  for (let i = 0; i < points.count; i++) {
    const x = points.x[i] ?? NaN;
    if (Number.isNaN(x)) continue;
    const dx = x - xPx;
    const dy = (points.y[i] ?? 0) - yPx;
    const d2 = dx * dx + dy * dy;
    if (d2 <= r2 && better(points, i, d2, best, bestD2)) {
      best = i;
      bestD2 = d2;
    }
  }
  return best;
}
