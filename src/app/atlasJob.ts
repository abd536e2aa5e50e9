// Computes the atlas of whatever the engine has analysed: fingerprints (core/atlas) → UMAP in
// its worker (cached by analysis key) as a cancellable job with progress in the status area, plus
// the top firing tokens that search and hover cards use. The only place that starts the UMAP
// worker; writes the atlas store. A newer analysis cancels the running layout.
import type { Analysis } from '../core/analysis';
import { fingerprints, FINGERPRINT_DIMS } from '../core/atlas/fingerprint';
import { LAYOUT_SEED, LAYOUT_VERSION } from '../core/atlas/layout';
import { tokenHaystacks, topFiringTokens } from '../core/atlas/search';
import { umapWorker } from '../compute/umapClient';
import { useAppStore } from '../state/appStore';
import { useAtlasStore } from '../state/atlasStore';
import { useEngineStore } from '../state/engineStore';

let running: { key: string; cancel: () => void } | null = null;
let installed = false;

/** The layout cache key: the analysis it lays out, the layout version and the seed. */
export function layoutCacheKey(analysis: Analysis): string {
  return `${analysis.key}:${LAYOUT_VERSION}:${LAYOUT_SEED}:${FINGERPRINT_DIMS}`;
}

/** Lays out `analysis` (from the cache unless `fresh`); resolves when done, failed or cancelled. */
export async function computeAtlas(analysis: Analysis, fresh = false): Promise<void> {
  running?.cancel();
  const key = analysis.key;
  const C = analysis.nComposites;
  const probes = useAppStore.getState().open?.probes ?? null;
  const tokens =
    analysis.probes && probes && probes.n === analysis.probes.n
      ? topFiringTokens(analysis.probes, probes, C)
      : Array.from({ length: C }, () => []);
  useAtlasStore.getState().begin(key, tokens, tokenHaystacks(tokens));

  let cancelledByUser = false;
  let call: { cancel: () => void } | null = null;
  const app = useAppStore.getState();
  const jobId = app.startJob(`Atlas map of ${analysis.modelName}`, () => {
    cancelledByUser = true;
    call?.cancel();
  });
  const mine = { key, cancel: () => call?.cancel() };
  running = mine;
  try {
    app.updateJob(jobId, 'Fingerprinting the composites', null);
    const data = fingerprints(analysis.spectra, C, analysis.spectrumK, analysis.frobenius2);
    const job = umapWorker().call(
      'layout',
      {
        cacheKey: layoutCacheKey(analysis),
        useCache: !fresh,
        data,
        n: C,
        dims: FINGERPRINT_DIMS,
        seed: LAYOUT_SEED,
      },
      (phase, fraction) => useAppStore.getState().updateJob(jobId, phase, fraction),
    );
    call = job;
    const { xy, fromCache, ms } = await job.result;
    useAtlasStore.getState().finish(key, xy, fromCache, ms);
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    if (e.name === 'AbortError') {
      useAtlasStore.getState().fail(key, 'cancelled', null);
      if (cancelledByUser) {
        useAppStore
          .getState()
          .notify('info', 'Atlas map cancelled', 'Compute it again from the atlas view.');
      }
    } else {
      useAtlasStore.getState().fail(key, 'error', e.message);
      useAppStore
        .getState()
        .notify(
          'error',
          'The atlas map could not be computed',
          `${e.message}. The list still works.`,
        );
    }
  } finally {
    useAppStore.getState().endJob(jobId);
    if (running === mine) running = null;
  }
}

/** Computes the map again for the current analysis (after a cancel or an error). */
export function retryAtlas(): void {
  const analysis = useEngineStore.getState().analysis;
  if (analysis) void computeAtlas(analysis);
}

/**
 * Follows the engine: every new analysis gets its map, and a cleared analysis cancels the running
 * layout and empties the atlas. Installed once (idempotent).
 */
export function installAtlasJob(): void {
  if (installed) return;
  installed = true;
  const follow = (analysis: Analysis | null) => {
    if (!analysis) {
      running?.cancel();
      useAtlasStore.getState().reset();
      return;
    }
    const atlas = useAtlasStore.getState();
    const current =
      atlas.key === analysis.key && (atlas.status === 'ready' || running?.key === analysis.key);
    if (!current) void computeAtlas(analysis);
  };
  useEngineStore.subscribe((s, prev) => {
    if (s.analysis !== prev.analysis) follow(s.analysis);
  });
  follow(useEngineStore.getState().analysis);
}
