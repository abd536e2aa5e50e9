// The only owner of the atlas's 2-D viewport maths: converting between UMAP coordinates and
// screen pixels for a viewport {centre, zoom in pixels per UMAP unit}, fitting a set of points,
// and zooming about a screen point. Pure; the atlas map's camera and gestures use it, and tests
// (unit and end-to-end) use it to find where a point is drawn.

/**
 * A 2-D viewport: the UMAP point at the canvas centre and the zoom in pixels per UMAP unit.
 * (The view store's AtlasViewport has the same shape; core does not import state.)
 */
export interface AtlasViewport {
  centerX: number;
  centerY: number;
  zoom: number;
}

/** A canvas size in CSS pixels. */
export interface ScreenSize {
  widthPx: number;
  heightPx: number;
}

/** Screen position (CSS pixels from the canvas's top-left) of a UMAP point. */
export function umapToScreen(
  v: AtlasViewport,
  size: ScreenSize,
  x: number,
  y: number,
): [number, number] {
  return [
    size.widthPx / 2 + (x - v.centerX) * v.zoom,
    size.heightPx / 2 - (y - v.centerY) * v.zoom,
  ];
}

/** UMAP coordinates of a screen position (inverse of umapToScreen). */
export function screenToUmap(
  v: AtlasViewport,
  size: ScreenSize,
  px: number,
  py: number,
): [number, number] {
  return [
    v.centerX + (px - size.widthPx / 2) / v.zoom,
    v.centerY - (py - size.heightPx / 2) / v.zoom,
  ];
}

/** The viewport that shows every finite point of `xy` with `paddingPx` to spare on each side. */
export function fitViewport(xy: Float32Array, size: ScreenSize, paddingPx: number): AtlasViewport {
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  for (let i = 0; i < xy.length / 2; i++) {
    const x = xy[2 * i] ?? NaN;
    const y = xy[2 * i + 1] ?? NaN;
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    minX = Math.min(minX, x);
    maxX = Math.max(maxX, x);
    minY = Math.min(minY, y);
    maxY = Math.max(maxY, y);
  }
  if (minX > maxX) return { centerX: 0, centerY: 0, zoom: 1 };
  const w = Math.max(1, size.widthPx - 2 * paddingPx);
  const h = Math.max(1, size.heightPx - 2 * paddingPx);
  const spanX = maxX - minX;
  const spanY = maxY - minY;
  // One point (or all on one spot): any zoom shows it; pick a moderate one.
  const zoom =
    spanX > 0 || spanY > 0
      ? Math.min(spanX > 0 ? w / spanX : Infinity, spanY > 0 ? h / spanY : Infinity)
      : 50;
  return { centerX: (minX + maxX) / 2, centerY: (minY + maxY) / 2, zoom };
}

/**
 * Zooms by `factor` about the screen point (px, py): the UMAP point under it stays under it.
 * The zoom is clamped to [minZoom, maxZoom].
 */
export function zoomAbout(
  v: AtlasViewport,
  size: ScreenSize,
  px: number,
  py: number,
  factor: number,
  minZoom: number,
  maxZoom: number,
): AtlasViewport {
  const zoom = Math.min(maxZoom, Math.max(minZoom, v.zoom * factor));
  const [ux, uy] = screenToUmap(v, size, px, py);
  return {
    centerX: ux - (px - size.widthPx / 2) / zoom,
    centerY: uy + (py - size.heightPx / 2) / zoom,
    zoom,
  };
}

/** Pans by a screen displacement (dx, dy) in pixels (the content follows the pointer). */
export function panBy(v: AtlasViewport, dxPx: number, dyPx: number): AtlasViewport {
  return { centerX: v.centerX - dxPx / v.zoom, centerY: v.centerY + dyPx / v.zoom, zoom: v.zoom };
}
