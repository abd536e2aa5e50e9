// The only owner of the atlas map's visual and interaction constants (units in the names). The
// map's shaders, gestures and picking read them; the app sizes points with the same limits.

export const ATLAS_VISUALS = {
  /** Diameter of the least important composite's point. */
  pointMinPx: 4,
  /** Diameter of the most important one (area grows with log importance in between). */
  pointMaxPx: 16,
  /** Diameter of every point when size shows nothing (importance near constant). */
  pointUniformPx: 7,
  /** Points matched by search or brushed are drawn this much larger. */
  emphasisScale: 1.35,
  /** Opacity of points outside the search / selection. */
  dimAlpha: 0.12,
  /** Width of the darker rim that separates overlapping points. */
  rimFraction: 0.18,
  /** Gap between a point and the hover / highlight ring around it. */
  ringGapPx: 3,
  ringWidthPx: 2,
  /** Hover and click reach this far (screen distance to a point's centre). */
  hitRadiusPx: 10,
  /** Empty space kept around the points by "fit all". */
  fitPaddingPx: 24,
  /** Zoom limits, in pixels per UMAP unit. */
  minZoomPxPerUnit: 0.5,
  maxZoomPxPerUnit: 20000,
  /** Wheel zoom: factor = exp(-deltaY · this) (deltaY in pixels). */
  wheelZoomPerPx: 0.0015,
  /** Keyboard zoom step and pan step. */
  keyZoomFactor: 1.25,
  keyPanPx: 60,
  /** A press that moves less than this is a click (opens the composite), more is a pan. */
  clickSlopPx: 4,
  /** The viewport is written to the view store this long after the last wheel event. */
  viewportCommitDelayMs: 250,
  /** Lasso vertices closer than this to the previous one are skipped. */
  lassoStepPx: 3,
} as const;
