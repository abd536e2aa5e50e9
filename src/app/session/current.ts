// The only owner of which analysis session is current: opening a model (or adding a probe set)
// starts a new session and disposes the old one; the engine menu's re-run and backend switch
// start a new analysis in the current session. The rest of the app reaches the session here.
import type { BackendPreference } from '../../core/engineTypes';
import type { OwnRows } from '../../core/ownRows';
import { useAppStore, type OpenModel } from '../../state/appStore';
import { useEngineStore } from '../../state/engineStore';
import type { BundlePrecision } from '../../core/bundle';
import { downloadBlob, fileStem } from '../../ui/download';
import type { Precomputed } from '../bundles';
import { AnalysisSession } from './AnalysisSession';
import { clearEngineCache, configureEngine, workers } from './workers';

let current: AnalysisSession | null = null;

/** The session of the open model, or null before one is open. */
export function currentSession(): AnalysisSession | null {
  return current;
}

/**
 * Makes `open` the analysed model: a new session, which restores `precomputed` (a checked
 * analysis bundle) or starts its analysis at once.
 */
export function openSession(
  open: OpenModel,
  precomputed: Precomputed | null = null,
): AnalysisSession {
  current?.dispose();
  const session = new AnalysisSession(open, workers(), precomputed);
  current = session;
  void session.start();
  return session;
}

/** Re-runs the analysis of the open model without the cache. */
export function rerunAnalysis(): void {
  void current?.analyse(true);
}

/** Switches the engine's backend, then re-runs the analysis on it. */
export function changeBackend(preference: BackendPreference): void {
  useEngineStore.getState().setPreference(preference);
  // The engine answers one call at a time: stop the running analysis before switching.
  current?.cancelAnalysis();
  void (async () => {
    try {
      await configureEngine(preference);
    } catch (err) {
      useAppStore
        .getState()
        .notify(
          'error',
          'Could not switch the backend',
          err instanceof Error ? err.message : String(err),
        );
      return;
    }
    await current?.analyse(true);
  })();
}

/** Clears the engine's results cache, with a notice saying how many were removed. */
export function clearCache(): void {
  void clearEngineCache().then(
    (removed) =>
      useAppStore
        .getState()
        .notify(
          'info',
          'Cache cleared',
          `Removed ${removed} cached analys${removed === 1 ? 'is' : 'es'}.`,
        ),
    (err: unknown) =>
      useAppStore
        .getState()
        .notify(
          'error',
          'Could not clear the cache',
          err instanceof Error ? err.message : String(err),
        ),
  );
}

/** Asks the current session for encoder-feature details (the views' wiring sections). */
export function needFeatures(features: number[]): void {
  void current?.features(features);
}

/** Asks the current session for the PCA floor (the model panel); `again` retries a failed one. */
export function needPcaFloor(again = false): void {
  void current?.pcaFloor(again);
}

/** Lays out the atlas of the current analysis again. */
export function retryAtlas(): void {
  current?.retryLayout();
}

/**
 * Encodes the user's own rows in the current session; resolves with the index of the first one
 * in the own-rows store, or null (no session, failed, or superseded).
 */
export function encodeOwnRows(rows: OwnRows): Promise<number | null> {
  return current ? current.encodeOwnRows(rows) : Promise.resolve(null);
}

/**
 * Exports the open analysis in the paper explorer's static layout as one ZIP (engine menu →
 * Export as static explorer); resolves when the download starts or the export gave up.
 */
export async function exportExplorer(): Promise<void> {
  const session = current;
  if (!session) return;
  const stem = `${fileStem(session.open.model.name)}-explorer`;
  const bytes = await session.exportExplorer(stem);
  if (!bytes) return;
  downloadBlob(
    `${stem}.zip`,
    new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/zip' }),
  );
}

/** Exports the open analysis as a bundle file (engine menu → Export analysis). */
export function exportAnalysis(precision: BundlePrecision): void {
  const session = current;
  if (!session) return;
  void session.exportBundle(precision).then((bytes) => {
    if (!bytes) return;
    const blob = new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/octet-stream' });
    downloadBlob(`${fileStem(session.open.model.name)}.analysis.safetensors`, blob);
  });
}
