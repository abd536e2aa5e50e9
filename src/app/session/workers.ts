// The only owner of the page's worker clients (created once) and of the engine's page-wide
// settings: the backend choice (a sticky call, replayed into a worker restarted after a crash),
// backend changes reported by the engine, and the notice that a crashed engine was restarted.
import type { BackendPreference } from '../../core/engineTypes';
import {
  createEngineClient,
  createSearchClient,
  createUmapClient,
  type EngineClient,
  type SearchClient,
  type UmapClient,
} from '../../compute/clients';
import { useAppStore } from '../../state/appStore';
import { useEngineStore } from '../../state/engineStore';

export interface Workers {
  engine: EngineClient;
  umap: UmapClient;
  search: SearchClient;
}

let clients: Workers | null = null;
/** The latest backend choice sent to the engine (null: none yet). */
let configured: Promise<unknown> | null = null;

/** The page's engine, layout and search clients, wired to the stores on first use. */
export function workers(): Workers {
  if (clients) return clients;
  const engine = createEngineClient();
  const umap = createUmapClient();
  engine.onEvent((e) => {
    useEngineStore.getState().setBackend(e.info, e.fallbackReason);
    if (e.fallbackReason) {
      useAppStore.getState().notify('info', 'Switched to WASM', e.fallbackReason);
    }
  });
  engine.onRestart((reason) => {
    useAppStore
      .getState()
      .notify(
        'info',
        'The compute engine was restarted',
        `It stopped unexpectedly (${reason}). A new engine was started with the same backend choice and the open model; the request was run again.`,
      );
  });
  clients = { engine, umap, search: createSearchClient() };
  return clients;
}

/**
 * Chooses the backend: later calls run on it, and a restarted engine gets the same choice.
 * Resolves when the engine has created it; the store shows it.
 */
export async function configureEngine(preference: BackendPreference): Promise<void> {
  const call = workers().engine.call('configure', { preference }, { sticky: true });
  configured = call;
  const info = await call;
  useEngineStore.getState().setBackend(info, null);
}

/** Sends the stored backend preference once, before the first model is loaded. */
export function ensureConfigured(): Promise<unknown> {
  configured ??= configureEngine(useEngineStore.getState().preference);
  return configured;
}

/** Clears the engine's results cache; returns how many analyses were removed. */
export async function clearEngineCache(): Promise<number> {
  return (await workers().engine.call('clearCache', {})).removed;
}
