// `window.bae.latent()`: the latent view's numbers and the manifold's screen geometry, for
// researchers at the console and for the end-to-end tests and the bench (which check what is
// drawn against these). Read-only apart from `show`, which navigates like the UI does.
import type { LatentDetail } from '../core/analysis';
import type { ManifoldCsv } from '../core/manifoldCsv';
import { manifoldHandle, type ClientPoint } from '../scene/manifold/handle';
import { compositeId, probeRow } from '../core/ids';
import { statusAttr } from '../core/job';
import { useLatentStore } from '../state/latentStore';
import { useManifoldCsvStore } from '../state/manifoldCsvStore';
import { useViewStore, type CameraPose, type View } from '../state/viewStore';

export interface LatentConsole {
  /** The latent detail on screen (spectrum, eigenvectors, xyz of every probe row), or null. */
  detail: LatentDetail | null;
  /** The detail request: 'idle', 'running', 'ready' or 'error'. */
  status: string;
  /** ms from the latest request to its answer (engine round trip). */
  requestMs: number;
  /** The opened manifold CSV, or null. */
  csv: ManifoldCsv | null;
  camera: CameraPose | null;
  /** Client position of the point of a source row (probe row or CSV row), or null. */
  screenOf: (row: number) => ClientPoint | null;
  /** Every drawn point's source row and client position (NaN when hidden). */
  screenPoints: () => { rows: number[]; x: number[]; y: number[] };
  /** The row hover would pick at a client position (-1 = none) and the pick's time. */
  pickAt: (x: number, y: number) => { row: number; ms: number };
  /** Renders `count` frames back to back; mean ms per frame (GPU finished). */
  measureFrames: (count: number) => number;
  /** Frames rendered so far, and the version of the point set drawn. */
  frames: number;
  /** How long the last frame's label layout took (ms). */
  labelLayoutMs: number;
  dataVersion: string | null;
}

export function latentConsole(): LatentConsole {
  const l = useLatentStore.getState();
  const h = manifoldHandle();
  return {
    detail: l.detail,
    status: statusAttr(l.status),
    requestMs: l.readyAtMs - l.requestedAtMs,
    csv: useManifoldCsvStore.getState().csv,
    camera: useViewStore.getState().camera,
    screenOf: (row) => manifoldHandle()?.screenOfRow(row) ?? null,
    screenPoints: () => manifoldHandle()?.screenPoints() ?? { rows: [], x: [], y: [] },
    pickAt: (x, y) => manifoldHandle()?.pickAt(x, y) ?? { row: -1, ms: 0 },
    measureFrames: (count) => manifoldHandle()?.measureFrames(count) ?? NaN,
    frames: h?.frames() ?? 0,
    labelLayoutMs: h?.labelLayoutMs() ?? 0,
    dataVersion: h?.dataVersion() ?? null,
  };
}

/** A view as the console names it (plain numbers). */
export type ViewRequest =
  | Exclude<View, { kind: 'latent' } | { kind: 'row' }>
  | { kind: 'latent'; composite: number }
  | { kind: 'row'; input: { source: 'probe'; row: number } | { source: 'own'; index: number } };

/** Shows a view, as the UI's navigation does. */
export function showView(view: ViewRequest): void {
  const set = useViewStore.getState().setView;
  if (view.kind === 'latent') set({ kind: 'latent', composite: compositeId(view.composite) });
  else if (view.kind === 'row') {
    set({
      kind: 'row',
      input:
        view.input.source === 'probe'
          ? { source: 'probe', row: probeRow(view.input.row) }
          : { source: 'own', index: view.input.index },
    });
  } else set(view);
}
