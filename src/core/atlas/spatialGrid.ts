// The only owner of spatial queries over the atlas's 2-D points: a uniform grid index for hover
// picking (nearest point within a radius), plus box and lasso (polygon) selection. Pure; the
// atlas map (src/scene/atlas) builds one grid per layout and queries it on every pointer move.

/** A uniform grid over 2-D points: the points of each cell are contiguous in `order`. */
export interface SpatialGrid {
  xy: Float32Array;
  n: number;
  minX: number;
  minY: number;
  /** Cell edge, in the points' units. */
  cell: number;
  cols: number;
  rows: number;
  /** cellStart[c] .. cellStart[c + 1]: the slice of `order` in cell c (length cols·rows + 1). */
  cellStart: Uint32Array;
  /** Point indices sorted by cell, then by index. */
  order: Uint32Array;
}

/**
 * Builds a grid over `xy` ([n, 2]) with about `perCell` points per cell on average (O(n)).
 * Non-finite points are left out of the index (never picked).
 */
export function buildGrid(xy: Float32Array, perCell = 2): SpatialGrid {
  const n = Math.floor(xy.length / 2);
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  let finite = 0;
  for (let i = 0; i < n; i++) {
    const x = xy[2 * i] ?? NaN;
    const y = xy[2 * i + 1] ?? NaN;
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    finite++;
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  if (finite === 0) {
    return {
      xy,
      n,
      minX: 0,
      minY: 0,
      cell: 1,
      cols: 1,
      rows: 1,
      cellStart: new Uint32Array(2),
      order: new Uint32Array(0),
    };
  }
  const w = Math.max(maxX - minX, 1e-9);
  const h = Math.max(maxY - minY, 1e-9);
  // Square cells, sized so the bounding box holds about finite/perCell of them.
  const cell = Math.sqrt((w * h) / Math.max(1, finite / perCell)) || 1;
  const cols = Math.max(1, Math.min(4096, Math.ceil(w / cell)));
  const rows = Math.max(1, Math.min(4096, Math.ceil(h / cell)));
  const cellOf = new Int32Array(n).fill(-1);
  const counts = new Uint32Array(cols * rows + 1);
  for (let i = 0; i < n; i++) {
    const x = xy[2 * i] ?? NaN;
    const y = xy[2 * i + 1] ?? NaN;
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    const cx = Math.min(cols - 1, Math.floor((x - minX) / cell));
    const cy = Math.min(rows - 1, Math.floor((y - minY) / cell));
    const c = cy * cols + cx;
    cellOf[i] = c;
    counts[c + 1] = (counts[c + 1] ?? 0) + 1;
  }
  const cellStart = new Uint32Array(cols * rows + 1);
  for (let c = 0; c < cols * rows; c++)
    cellStart[c + 1] = (cellStart[c] ?? 0) + (counts[c + 1] ?? 0);
  const fill = cellStart.slice(0, cols * rows);
  const order = new Uint32Array(finite);
  for (let i = 0; i < n; i++) {
    const c = cellOf[i] ?? -1;
    if (c < 0) continue;
    const at = fill[c] ?? 0;
    order[at] = i;
    fill[c] = at + 1;
  }
  return { xy, n, minX, minY, cell, cols, rows, cellStart, order };
}

/**
 * The point nearest to (x, y) within `radius` (same units as the points), or -1. Ties go to the
 * lower index, so the answer matches a brute-force scan exactly. Visits only the cells the
 * circle overlaps.
 */
export function pickNearest(grid: SpatialGrid, x: number, y: number, radius: number): number {
  if (!(radius >= 0) || !Number.isFinite(x) || !Number.isFinite(y)) return -1;
  const { cell, cols, rows, minX, minY, cellStart, order, xy } = grid;
  const c0 = Math.max(0, Math.floor((x - radius - minX) / cell));
  const c1 = Math.min(cols - 1, Math.floor((x + radius - minX) / cell));
  const r0 = Math.max(0, Math.floor((y - radius - minY) / cell));
  const r1 = Math.min(rows - 1, Math.floor((y + radius - minY) / cell));
  let best = -1;
  let bestD2 = radius * radius;
  for (let r = r0; r <= r1; r++) {
    for (let c = c0; c <= c1; c++) {
      const cellIndex = r * cols + c;
      const end = cellStart[cellIndex + 1] ?? 0;
      for (let k = cellStart[cellIndex] ?? 0; k < end; k++) {
        const i = order[k] ?? 0;
        const dx = (xy[2 * i] ?? 0) - x;
        const dy = (xy[2 * i + 1] ?? 0) - y;
        const d2 = dx * dx + dy * dy;
        if (d2 < bestD2 || (d2 === bestD2 && (best < 0 || i < best))) {
          best = i;
          bestD2 = d2;
        }
      }
    }
  }
  return best;
}

/** Brute-force reference of pickNearest (same tie rule): for tests and benchmarks. */
export function pickNearestBrute(xy: Float32Array, x: number, y: number, radius: number): number {
  let best = -1;
  let bestD2 = radius * radius;
  for (let i = 0; i < xy.length / 2; i++) {
    const px = xy[2 * i] ?? NaN;
    const py = xy[2 * i + 1] ?? NaN;
    if (!Number.isFinite(px) || !Number.isFinite(py)) continue;
    const d2 = (px - x) ** 2 + (py - y) ** 2;
    if (d2 < bestD2 || (d2 === bestD2 && best < 0)) {
      best = i;
      bestD2 = d2;
    }
  }
  return best;
}

/** Indices (ascending) of the points inside the axis-aligned box spanned by two corners. */
export function pointsInBox(
  xy: Float32Array,
  ax: number,
  ay: number,
  bx: number,
  by: number,
): number[] {
  const [x0, x1] = ax < bx ? [ax, bx] : [bx, ax];
  const [y0, y1] = ay < by ? [ay, by] : [by, ay];
  const out: number[] = [];
  for (let i = 0; i < xy.length / 2; i++) {
    const x = xy[2 * i] ?? NaN;
    const y = xy[2 * i + 1] ?? NaN;
    if (x >= x0 && x <= x1 && y >= y0 && y <= y1) out.push(i);
  }
  return out;
}

/**
 * Indices (ascending) of the points inside a closed polygon (`polygon` = [x0, y0, x1, y1, …],
 * implicitly closed), by the even-odd rule. Fewer than 3 vertices select nothing.
 */
export function pointsInPolygon(xy: Float32Array, polygon: ArrayLike<number>): number[] {
  const m = Math.floor(polygon.length / 2);
  if (m < 3) return [];
  let x0 = Infinity;
  let x1 = -Infinity;
  let y0 = Infinity;
  let y1 = -Infinity;
  for (let j = 0; j < m; j++) {
    const px = polygon[2 * j] ?? 0;
    const py = polygon[2 * j + 1] ?? 0;
    x0 = Math.min(x0, px);
    x1 = Math.max(x1, px);
    y0 = Math.min(y0, py);
    y1 = Math.max(y1, py);
  }
  const out: number[] = [];
  for (let i = 0; i < xy.length / 2; i++) {
    const x = xy[2 * i] ?? NaN;
    const y = xy[2 * i + 1] ?? NaN;
    // The bounding box rejects most points before the edge loop.
    if (!(x >= x0 && x <= x1 && y >= y0 && y <= y1)) continue;
    let inside = false;
    for (let j = 0, k = m - 1; j < m; k = j++) {
      const xj = polygon[2 * j] ?? 0;
      const yj = polygon[2 * j + 1] ?? 0;
      const xk = polygon[2 * k] ?? 0;
      const yk = polygon[2 * k + 1] ?? 0;
      if (yj > y !== yk > y && x < ((xk - xj) * (y - yj)) / (yk - yj) + xj) inside = !inside;
    }
    if (inside) out.push(i);
  }
  return out;
}
