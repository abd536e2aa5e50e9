// The only owner of the 3-D manifold canvas's contract: the props the latent and manifold-CSV
// views (src/ui, type-only) fill and the canvas (ManifoldCanvas) draws; the app composes them.
import type { ProbeRow } from '../../core/ids';
import type { ManifoldData, PointText } from '../../core/manifoldPoints';
import type { CameraPose } from '../../core/urlState';

/** How the points look: one colour each, and (with emphasis) a size multiplier and an opacity. */
export interface PointStyle {
  /** [count, 3] sRGB in 0..1. */
  colors: Float32Array;
  /** [count] × the base size (0 = hidden), or null for all 1. */
  sizes: Float32Array | null;
  /** [count] opacity in 0..1, or null for all opaque. */
  alphas: Float32Array | null;
  /** Draw the strongest points last and on top (no depth test): the firing tip stays visible. */
  strongOnTop: boolean;
}

/** A point that carries a text label: pinned ones first, then by |value|. */
export interface PointLabel {
  row: ProbeRow;
  /** Index of the point in the data. */
  index: number;
  text: string;
  /** Full text (a label shows at most a few dozen characters). */
  title: string;
  pinned: boolean;
}

/** A camera request from the view's controls; a new `seq` runs it once. */
export type CameraCommand =
  | { seq: number; kind: 'activation' }
  | { seq: number; kind: 'all' }
  | { seq: number; kind: 'points'; indices: readonly number[] }
  /** Ease to one point (a row clicked in a list). */
  | { seq: number; kind: 'row'; row: ProbeRow }
  | { seq: number; kind: 'along'; axis: 0 | 1 | 2 };

/**
 * The 3-D manifold canvas's props: the contract between the latent views (ui), which fill them,
 * and the canvas (scene), which draws them.
 */
export interface ManifoldCanvasProps {
  data: ManifoldData | null;
  style: PointStyle | null;
  /** The data belongs to the previous composite/axes while the next loads: dim, do not frame. */
  stale: boolean;
  pointSizePx: number;
  autoRotate: boolean;
  /** Labelled points (pinned ones drawn with a ring). */
  labels: readonly PointLabel[];
  camera: CameraPose | null;
  command: CameraCommand | null;
  /** A point to mark (its row hovered in a list), or null. */
  highlight: ProbeRow | null;
  /** Short labels of the three axes (e.g. "x · u₁"). */
  axisLabels: [string, string, string];
  describe: (row: ProbeRow, index: number) => PointText;
  onTogglePin: (row: ProbeRow) => void;
  /** The point under the cursor changed (null: none), so lists can mark its row. */
  onHoverRow: (row: ProbeRow | null) => void;
  /** A lasso picked these rows (shift-drag adds them; with alt they are removed); null: no lasso. */
  onLasso: ((rows: ProbeRow[], mode: 'add' | 'subtract') => void) | null;
  onCamera: (pose: CameraPose) => void;
  /** The pane's background, for PNG export. */
  background: () => string;
  label: string;
}
