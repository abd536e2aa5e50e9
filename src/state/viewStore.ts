// The only owner of "what the user is looking at": the current view (atlas, one latent, one
// input row, a manifold CSV, the model panel) and every setting a view has — the atlas's layout,
// colouring, search, selection and viewport; the neighbour measure; the latent view's axes,
// camera, pinned points, point count and size.
// Deep links (issue 7) serialise exactly this state; views read narrow slices of it.
import { create } from 'zustand';
import type { LayoutKind, RelationMeasure } from '../core/relations/measures';
import type { StatName } from '../core/stats';
import type { CompositeId, ProbeRow } from '../core/ids';
import { DEFAULT_MANIFOLD, type ManifoldSettings } from '../core/manifold/settings';
import type { CameraPose } from '../core/urlState';

/** An input the token view shows: a probe row, or one of the user's own encoded rows. */
export type InputRef = { source: 'probe'; row: ProbeRow } | { source: 'own'; index: number };

export type View =
  | { kind: 'atlas' }
  | { kind: 'latent'; composite: CompositeId }
  | { kind: 'row'; input: InputRef }
  | { kind: 'manifold-csv' }
  | { kind: 'model' };

export type { CameraPose } from '../core/urlState';

/** The atlas's 2-D viewport: centre in UMAP units and zoom (pixels per UMAP unit). */
export interface AtlasViewport {
  centerX: number;
  centerY: number;
  zoom: number;
}

export interface ViewState {
  view: View;
  // Atlas.
  /** Which relation places the composites; null = the default (core/relations/measures). */
  layout: LayoutKind | null;
  /** null = the statistic with the most spread (core/atlas/defaults). */
  colorBy: StatName | null;
  search: string;
  /** Composites selected by brushing on the map (sorted ids). */
  selection: CompositeId[];
  /** Composite highlighted from the list (not a navigation). */
  highlighted: CompositeId | null;
  atlasViewport: AtlasViewport | null;
  /** The neighbour list's measure; null = the default for the analysis. */
  neighbourMeasure: RelationMeasure | null;
  // Latent view.
  /** Indices into the composite's |λ|-ordered spectrum used as x, y, z. */
  axes: [number, number, number];
  /** null = frame the points (the view then writes the framed pose back). */
  camera: CameraPose | null;
  /** Probe rows pinned in the manifold (labelled). */
  pinned: ProbeRow[];
  /** How many probe rows the manifold shows (chosen by `manifold.sampling`). */
  pointCount: number;
  /** The manifold's display: sampling, emphasis, threshold, labels, colour, projection. */
  manifold: ManifoldSettings;
  /** The manifold's search: plain text or /regex/ over the shown rows' token and context. */
  manifoldQuery: string;
  /** Rows selected in the manifold (lasso), sorted. */
  manifoldSelection: ProbeRow[];
  /** Point size in pixels. */
  pointSize: number;
  autoRotate: boolean;

  setView: (view: View) => void;
  patch: (p: Partial<Omit<ViewState, 'setView' | 'patch'>>) => void;
}

export const DEFAULT_VIEW_SETTINGS = {
  layout: null as LayoutKind | null,
  colorBy: null as StatName | null,
  neighbourMeasure: null as RelationMeasure | null,
  search: '',
  selection: [] as CompositeId[],
  highlighted: null as CompositeId | null,
  atlasViewport: null as AtlasViewport | null,
  axes: [0, 1, 2] as [number, number, number],
  camera: null as CameraPose | null,
  pinned: [] as ProbeRow[],
  pointCount: 2000,
  manifold: DEFAULT_MANIFOLD as ManifoldSettings,
  manifoldQuery: '',
  manifoldSelection: [] as ProbeRow[],
  pointSize: 4,
  autoRotate: false,
};

export const useViewStore = create<ViewState>()((set) => ({
  view: { kind: 'atlas' },
  ...DEFAULT_VIEW_SETTINGS,
  setView: (view) =>
    set((s) => {
      // Opening another latent starts from its own top axes, with nothing pinned, and a camera
      // framed on its points (null = frame; a deep link sets view and camera in one patch).
      const otherLatent =
        view.kind === 'latent' &&
        !(s.view.kind === 'latent' && s.view.composite === view.composite);
      return otherLatent
        ? { view, axes: [0, 1, 2], pinned: [], manifoldSelection: [], camera: null }
        : { view };
    }),
  patch: (p) => set(p),
}));
