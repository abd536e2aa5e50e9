// Keeps the latent view's engine data current: when the view shows a latent (and the analysis
// is ready), requests its LatentDetail for the composite and axes on screen from the engine;
// a newer request wins over an older one still running, failures become notices.
// Started once by the app shell; writes state/latentStore.
import { engine } from '../compute/client';
import { useAppStore } from '../state/appStore';
import { useEngineStore } from '../state/engineStore';
import { useLatentStore } from '../state/latentStore';
import { useViewStore } from '../state/viewStore';

let running: { key: string; cancel: () => void } | null = null;

/** What a detail request is for: the analysis, the composite and the axes. */
export function latentRequestKey(analysisKey: string, composite: number, axes: number[]): string {
  return `${analysisKey}|${composite}|${axes.join(',')}`;
}

function check(): void {
  const { view, axes } = useViewStore.getState();
  const { analysis, status } = useEngineStore.getState();
  const latent = useLatentStore.getState();
  if (!analysis || status !== 'ready') {
    if (latent.requestKey !== null) {
      running?.cancel();
      running = null;
      latent.clear();
    }
    return;
  }
  if (view.kind !== 'latent') {
    // Coming back to a latent that failed tries again.
    if (latent.status === 'error') latent.clear();
    return;
  }
  const { composite } = view;
  if (!Number.isInteger(composite) || composite < 0 || composite >= analysis.nComposites) return;
  const key = latentRequestKey(analysis.key, composite, axes);
  if (latent.requestKey === key) return;

  running?.cancel();
  latent.request(key);
  const call = engine().call('latent', { composite, axes: [...axes] });
  running = { key, cancel: call.cancel };
  call.result.then(
    (detail) => {
      if (running?.key === key) running = null;
      useLatentStore.getState().resolve(key, analysis.key, detail);
    },
    (err: unknown) => {
      if (running?.key === key) running = null;
      const e = err instanceof Error ? err : new Error(String(err));
      if (e.name === 'AbortError' || useLatentStore.getState().requestKey !== key) return;
      useLatentStore.getState().fail(key, e.message);
      useAppStore
        .getState()
        .notify('error', `Could not open composite ${composite}`, `${e.message}.`);
    },
  );
}

/** Starts following the view and the engine; returns a stop function. */
export function startLatentJob(): () => void {
  const stops = [useViewStore.subscribe(check), useEngineStore.subscribe(check)];
  check();
  return () => stops.forEach((stop) => stop());
}
