// `window.bae` in the browser console: read-only access to what is open and to the engine's
// results, for researchers who want the numbers behind a view (and for the end-to-end tests).
import type { Analysis } from '../core/analysis';
import type { BaeModel } from '../core/model';
import type { ProbeSet } from '../core/probes';
import type { TokenIndex } from '../core/tokenIndex';
import { useAppStore } from '../state/appStore';
import { useEngineStore } from '../state/engineStore';
import { useOwnRowsStore, type OwnRow } from '../state/ownRowsStore';
import { useSearchStore } from '../state/searchStore';
import { atlasConsole, type AtlasConsole } from './atlasConsole';
import { useViewStore, type ViewState } from '../state/viewStore';
import { latentConsole, showView, type LatentConsole, type ViewRequest } from './latentConsole';
import { workers } from './session/workers';

export interface ConsoleApi {
  /** The open model (weights as float32), or null. */
  model: () => BaeModel | null;
  /** The open probe set, or null. */
  probes: () => ProbeSet | null;
  /** The latest analysis of the open model, or null while it runs. */
  analysis: () => Analysis | null;
  /**
   * Where the analysis on screen came from: 'bundle' (restored from an analysis bundle, with
   * its file), 'cache' or 'computed'; null while there is none.
   */
  analysisOrigin: () => { kind: 'bundle' | 'cache' | 'computed'; file: string | null } | null;
  /** Which backend the engine runs on. */
  backend: () => string | null;
  /** The latent view's detail, camera and the manifold's screen geometry. */
  latent: () => LatentConsole;
  /** What is on screen and its settings (view, axes, camera, pinned rows, colour-by, …). */
  view: () => Omit<ViewState, 'setView' | 'patch'>;
  /** Navigates to a view (e.g. {kind: 'latent', composite: 3}). */
  show: (view: ViewRequest) => void;
  /** The atlas: its layout, and where the map draws each composite. */
  atlas: () => AtlasConsole;
  /** The probe set's token index (firing text → rows), null until built. */
  tokenIndex: () => TokenIndex | null;
  /** Your own encoded rows (raw activations, h, reconstruction error). */
  ownRows: () => OwnRow[];
  /** Diagnostics. */
  debug: {
    /**
     * Crashes the compute engine's worker on purpose. The next request starts a new engine with
     * the same backend choice and the open model (the status area says so).
     */
    crashEngine: () => Promise<void>;
  };
}

declare global {
  interface Window {
    bae?: ConsoleApi;
  }
}

/** Installs `window.bae` (once). */
export function installConsoleApi(): void {
  if (typeof window === 'undefined' || window.bae) return;
  window.bae = {
    model: () => useAppStore.getState().open?.model ?? null,
    probes: () => useAppStore.getState().open?.probes ?? null,
    analysis: () => useEngineStore.getState().analysis,
    analysisOrigin: () => {
      const e = useEngineStore.getState();
      if (!e.analysis) return null;
      if (e.restoredFrom) return { kind: 'bundle', file: e.restoredFrom.fileName };
      return { kind: e.fromCache ? 'cache' : 'computed', file: null };
    },
    backend: () => useEngineStore.getState().backend?.label ?? null,
    latent: latentConsole,
    view: () => {
      const state: Partial<ViewState> = { ...useViewStore.getState() };
      delete state.setView;
      delete state.patch;
      return state as Omit<ViewState, 'setView' | 'patch'>;
    },
    show: showView,
    atlas: atlasConsole,
    tokenIndex: () => useSearchStore.getState().index,
    ownRows: () => useOwnRowsStore.getState().rows,
    debug: {
      crashEngine: () =>
        workers()
          .engine.call('crash', {}, { retry: false })
          .then(
            () => {},
            () => {},
          ),
    },
  };
}
