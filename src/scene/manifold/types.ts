// The only owner of the 3-D manifold canvas's contract: the props the latent and manifold-CSV
// views (src/ui, type-only) fill and the canvas (ManifoldCanvas) draws; the app composes them.
import type { ProbeRow } from '../../core/ids';
import type { ManifoldData, PointText } from '../../core/manifoldPoints';
import type { CameraPose } from '../../core/urlState';

/**
 * The 3-D manifold canvas's props: the contract between the latent views (ui), which fill them,
 * and the canvas (scene), which draws them.
 */
export interface ManifoldCanvasProps {
  data: ManifoldData | null;
  /** The data belongs to the previous composite/axes while the next loads: dim, do not frame. */
  stale: boolean;
  pointSizePx: number;
  autoRotate: boolean;
  /** Source rows pinned (labelled). */
  pinned: readonly ProbeRow[];
  camera: CameraPose | null;
  /** Short labels of the three axes (e.g. "x · u₁"). */
  axisLabels: [string, string, string];
  describe: (row: ProbeRow, index: number) => PointText;
  /** The short text of a pinned label. */
  pinText: (row: ProbeRow, index: number) => string;
  onTogglePin: (row: ProbeRow) => void;
  onCamera: (pose: CameraPose) => void;
  /** The pane's background, for PNG export. */
  background: () => string;
  label: string;
}
