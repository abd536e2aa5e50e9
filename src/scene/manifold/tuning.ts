// The only owner of the 3-D manifold's tuning: picking, camera motion, framing, overlay offsets.
// Units are in the names. Read by the scene components in this folder.
export const MANIFOLD_TUNING = {
  /** Vertical field of view of the perspective camera. */
  fovDeg: 45,
  /** How much room the framed points leave around them (1 = touching the edges). */
  frameMargin: 1.15,
  /** Smallest hover radius around a point's centre; grows with the point size. */
  hitRadiusPx: 7,
  /** Grid cell of the screen-space pick index. */
  pickCellPx: 24,
  /** Quiet time after the last frame before the pick index is rebuilt in the background. */
  pickPrebuildIdleMs: 120,
  /** Camera ease when the composite, the axes or a deep-linked pose changes. */
  tweenMs: 450,
  /** Seconds per full turn when auto-rotating. */
  autoRotateTurnS: 24,
  /** Zoom limits, as multiples of the framed points' radius. */
  minDistanceRadii: 0.02,
  maxDistanceRadii: 50,
  /** Delay before a camera change (drag, zoom) is written to the view store. */
  cameraWriteDebounceMs: 300,
  /** A press that moves less than this is a click (pin), not a drag. */
  clickSlopPx: 4,
  /** A lasso adds a vertex each time the pointer has moved this far. */
  lassoStepPx: 3,
  /** Hover card offset from the cursor, and its margin to the pane's edges. */
  cardOffsetPx: 14,
  cardMarginPx: 6,
  /** Axis gizmo length, as a multiple of the points' extent along each axis. */
  axisOvershoot: 1.12,
  /** Size of the origin marker. */
  originSizePx: 9,
  /** Opacity of the previous composite's points while the next one loads. */
  staleOpacity: 0.3,
  /** Significant digits kept when the camera pose is written to the store (deep links). */
  poseDigits: 6,
  /** Quiet time after the camera's last move before the labels are laid out afresh. */
  labelSettleMs: 150,
} as const;
