// Runs the engine on whatever is open: loads the model (and probe set) into the worker, then
// analyses it as a cancellable job with progress in the status area. A newer model or a backend
// change cancels the running analysis; failures become notices, and the model stays open.
import { engine } from '../compute/client';
import type { ModelPayload, ProbePayload } from '../compute/protocol';
import type { BackendPreference } from '../compute/runtime';
import { useAppStore, type OpenModel } from '../state/appStore';
import { useEngineStore } from '../state/engineStore';
import { useLabelStore } from '../state/labelStore';
import { autoLabels } from '../core/labels';

let running: { cancel: () => void; open: OpenModel } | null = null;
let listening = false;

function listenForBackend(): void {
  if (listening) return;
  listening = true;
  engine().onBackend((info, fallbackReason) => {
    useEngineStore.getState().setBackend(info, fallbackReason);
    if (fallbackReason) {
      useAppStore.getState().notify('info', 'Switched to WASM', fallbackReason);
    }
  });
}

function payload(open: OpenModel): { model: ModelPayload; probes: ProbePayload | null } {
  const m = open.model;
  return {
    model: {
      name: m.name,
      kind: m.kind,
      dModel: m.dModel,
      nFeatures: m.nFeatures,
      nComposites: m.nComposites,
      biased: m.biased,
      left: m.left,
      right: m.right,
      leftBias: m.leftBias,
      rightBias: m.rightBias,
      down: m.down,
    },
    probes: open.probes
      ? { n: open.probes.n, d: open.probes.d, activations: open.probes.activations }
      : null,
  };
}

/** Cancels the running analysis, if any (the engine runs one call at a time). */
export function cancelAnalysis(): void {
  running?.cancel();
}

/** Chooses the backend (before the first analysis, or when the user changes it). */
export async function configureEngine(preference: BackendPreference): Promise<void> {
  listenForBackend();
  cancelAnalysis();
  const info = await engine().call('configure', { preference }).result;
  useEngineStore.getState().setBackend(info, null);
}

/** Analyses `open` (the cache first unless `fresh`); resolves when done, failed or cancelled. */
export async function analyseOpenModel(open: OpenModel, fresh = false): Promise<void> {
  listenForBackend();
  running?.cancel();
  const store = useEngineStore.getState();
  store.clearAnalysis();
  store.setStatus('running');
  const app = useAppStore.getState();
  let call: { cancel: () => void } | null = null;
  let cancelledByUser = false;
  const jobId = app.startJob(`Analyse ${open.model.name}`, () => {
    cancelledByUser = true;
    call?.cancel();
  });
  const mine = {
    open,
    cancel: () => call?.cancel(),
  };
  running = mine;
  // Between engine calls there is no call to cancel (and a load in progress cannot be): a newer
  // analysis or the user's cancel that came meanwhile stops the job here, before it sends
  // `analyse` for whatever model the engine holds by then.
  const checkpoint = () => {
    if (running !== mine || cancelledByUser) {
      throw Object.assign(new Error('The analysis was cancelled'), { name: 'AbortError' });
    }
  };
  try {
    if (!useEngineStore.getState().backend) {
      await configureEngine(useEngineStore.getState().preference);
      checkpoint();
    }
    useAppStore.getState().updateJob(jobId, 'Sending the weights to the engine', null);
    const load = engine().call('load', payload(open));
    call = load;
    await load.result;
    checkpoint();
    const job = engine().call('analyse', { useCache: !fresh }, (phase, fraction) =>
      useAppStore.getState().updateJob(jobId, phase, fraction),
    );
    call = job;
    const { analysis, fromCache } = await job.result;
    if (running === mine) {
      const auto = analysis.probes && open.probes ? autoLabels(analysis.probes, open.probes) : [];
      useLabelStore.getState().load(analysis.key, auto);
      useEngineStore.getState().setAnalysis(analysis, fromCache);
    }
  } catch (err) {
    if (running !== mine) return;
    const e = err instanceof Error ? err : new Error(String(err));
    if (e.name === 'AbortError') {
      useEngineStore.getState().setStatus('cancelled');
      if (cancelledByUser) {
        useAppStore
          .getState()
          .notify('info', 'Analysis cancelled', 'Run it again from the Engine menu.');
      }
    } else {
      useEngineStore.getState().setStatus('error', e.message);
      useAppStore
        .getState()
        .notify(
          'error',
          `The analysis of ${open.model.name} failed`,
          `${e.message}. The model stays open.`,
        );
    }
  } finally {
    useAppStore.getState().endJob(jobId);
    if (running === mine) running = null;
  }
}

/** Clears the results cache; returns how many analyses were removed. */
export async function clearEngineCache(): Promise<number> {
  return (await engine().call('clearCache', {}).result).removed;
}
