// The only owner of the page's worker clients (created once) and of the engine's page-wide
// settings: the backend choice (a sticky call, replayed into a worker restarted after a crash),
// backend changes reported by the engine, and the notice that a crashed engine was restarted.
// A second engine worker runs long measurements (the PCA floor) so the views' engine, which
// answers one call at a time, stays free; it lives only while such a job runs.
import type { BackendPreference } from '../../core/engineTypes';
import {
  createEngineClient,
  createShapeClient,
  createSearchClient,
  createUmapClient,
  createFilesClient,
  type EngineClient,
  type FilesClient,
  type ShapeClient,
  type SearchClient,
  type UmapClient,
} from '../../compute/clients';
import { useAppStore } from '../../state/appStore';
import { useEngineStore } from '../../state/engineStore';

export interface Workers {
  engine: EngineClient;
  umap: UmapClient;
  shape: ShapeClient;
  /** A second shape worker for atlas statistics (circularity of every composite), so the
   * manifold panel's calls, which replace each other, never cancel it. */
  atlasShape: ShapeClient;
  search: SearchClient;
}

let clients: Workers | null = null;
let files: FilesClient | null = null;

/** The page's files worker (parses opened model folders and probe sets), started on first use. */
export function filesWorker(): FilesClient {
  files ??= createFilesClient();
  return files;
}

/** The latest backend choice sent to the engine (null: none yet). */
let configured: Promise<unknown> | null = null;

/** The page's engine, layout, shape and search clients, wired to the stores on first use. */
export function workers(): Workers {
  if (clients) return clients;
  const engine = createEngineClient();
  const umap = createUmapClient();
  const shape = createShapeClient();
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
  clients = {
    engine,
    umap,
    shape,
    atlasShape: createShapeClient(),
    search: createSearchClient(),
  };
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

let measures: EngineClient | null = null;
let measuring = 0;

/**
 * Runs `work` on the measurement engine (a second engine worker, configured with the stored
 * backend preference); the worker is ended, and its memory freed, once no such job runs.
 */
export async function withMeasureEngine<T>(
  signal: AbortSignal,
  work: (engine: EngineClient) => Promise<T>,
): Promise<T> {
  measures ??= createEngineClient({
    worker: 'bae-engine-measures',
    words: 'The measurement engine',
  });
  const engine = measures;
  measuring++;
  try {
    await engine.call(
      'configure',
      { preference: useEngineStore.getState().preference },
      { sticky: true, signal },
    );
    return await work(engine);
  } finally {
    if (--measuring === 0) {
      engine.terminate();
      if (measures === engine) measures = null;
    }
  }
}

/** Clears the engine's results cache; returns how many analyses were removed. */
export async function clearEngineCache(): Promise<number> {
  return (await workers().engine.call('clearCache', {})).removed;
}
