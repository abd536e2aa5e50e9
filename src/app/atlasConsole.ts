// window.bae.atlas(): the atlas as the console (and the end-to-end tests) see it — the layout of
// the open analysis, and, while the map is on screen, its point count, live viewport and where
// each composite is drawn on the page.
import type { AtlasViewport } from '../core/atlas/viewport';
import { statusAttr } from '../core/job';
import { useAtlasStore } from '../state/atlasStore';
import { atlasMap } from './atlasRegistry';

export interface AtlasConsole {
  /** The layout job: 'idle', 'running', 'ready', 'error' or 'cancelled'. */
  status: string;
  /** [C, 2] UMAP coordinates of the open analysis (null until laid out). */
  xy: Float32Array | null;
  /** Which layout `xy` is (spectral, coactivation, centroid, forms), null until one is done. */
  kind: string | null;
  fromCache: boolean;
  /** How long the UMAP worker took (its own figure, also for a layout read from the cache). */
  layoutMs: number;
  /** Points the map draws (0 when the map is not on screen). */
  pointCount: number;
  /** The map's live viewport (null when the map is not on screen). */
  viewport: AtlasViewport | null;
  /** Page coordinates of composite k's point (null when the map is not on screen). */
  clientPositionOf: (k: number) => [number, number] | null;
}

export function atlasConsole(): AtlasConsole {
  const a = useAtlasStore.getState();
  const map = atlasMap();
  return {
    status: statusAttr(a.status),
    xy: a.xy,
    kind: a.kind,
    fromCache: a.fromCache,
    layoutMs: a.layoutMs,
    pointCount: map?.count() ?? 0,
    viewport: map?.viewport() ?? null,
    clientPositionOf: (k) => map?.clientPositionOf(k) ?? null,
  };
}
