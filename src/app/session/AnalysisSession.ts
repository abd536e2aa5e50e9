// One analysis session per opened model (and probe set): the only owner of what the engine
// computes for it — loading it into the engine, the analysis, the atlas layout, the latent view's
// detail and the encoder features' details. Each is a job (session/job.ts) whose signal is linked
// to the session's; every store write goes through `commit`, which drops it once the session (or
// the analysis generation it belongs to) is no longer current, so a stale result can never reach
// the stores and no view has to check where its data came from. Opening another model disposes
// the session: its jobs are cancelled and its subscriptions end. A session opened with a
// precomputed analysis (an analysis bundle) restores it instead of analysing: the analysis, the
// atlas layout and the default axes' latent details come from the bundle, and the engine only
// loads the model in the background (for other axes, the features' wiring and re-runs).
import type { Analysis } from '../../core/analysis';
import { latentFromAnalysis } from '../../core/latentDetail';
import { fingerprints, FINGERPRINT_DIMS } from '../../core/atlas/fingerprint';
import { tokenHaystacks, topFiringTokens } from '../../core/atlas/search';
import { autoLabels } from '../../core/labels';
import type { EngineClient, ModelPayload, ProbePayload, UmapClient } from '../../compute/clients';
import { ATLAS_LAYOUT_ID, LAYOUT_SEED } from '../../compute/umap/layout';
import { bundleBytes, type Precomputed } from '../bundles';
import type { BundlePrecision } from '../../core/bundle';
import { useAppStore, type OpenModel } from '../../state/appStore';
import { useAtlasStore } from '../../state/atlasStore';
import { useEngineStore } from '../../state/engineStore';
import { useFeatureStore } from '../../state/featureStore';
import { useLabelStore } from '../../state/labelStore';
import { useLatentStore } from '../../state/latentStore';
import { useViewStore } from '../../state/viewStore';
import { runJob } from './job';
import { ensureConfigured } from './workers';

/** Rows and readers fetched per encoder feature. */
const FEATURE_TOP_ROWS = 8;
const FEATURE_READERS = 8;

let nextSessionId = 1;

/** The layout cache key: the analysis it lays out and the layout's id (version, seed, dims). */
export function layoutCacheKey(analysis: Analysis): string {
  return `${analysis.key}:${ATLAS_LAYOUT_ID}`;
}

/** What a latent detail request is for: the composite and the axes. */
function latentKey(composite: number, axes: readonly number[]): string {
  return `${composite}|${axes.join(',')}`;
}

/** The model and probe set as the engine worker takes them. */
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

/** One analysis of the session: re-running or switching the backend starts a new generation. */
interface Generation {
  id: number;
  controller: AbortController;
}

export class AnalysisSession {
  readonly id = nextSessionId++;
  private readonly life = new AbortController();
  private generation: Generation | null = null;
  private loaded: Promise<unknown> | null = null;
  private readonly stops: (() => void)[] = [];
  private latentCall: AbortController | null = null;
  private warmed = false;
  /** The engine has the model and its latent session ready (the warm-up finished). */
  private engineWarm = false;

  constructor(
    readonly open: OpenModel,
    private readonly workers: { engine: EngineClient; umap: UmapClient },
    /** An analysis to restore instead of computing one (an analysis bundle), or null. */
    readonly precomputed: Precomputed | null = null,
  ) {}

  /** Starts the session: restores the precomputed analysis, or analyses the model. */
  start(): Promise<void> {
    return this.precomputed ? this.restore(this.precomputed) : this.analyse();
  }

  /** False once another session replaced this one. */
  get alive(): boolean {
    return !this.life.signal.aborted;
  }

  /** Ends the session: cancels its jobs, ends its subscriptions; later results are dropped. */
  dispose(): void {
    this.life.abort();
    this.generation?.controller.abort();
    for (const stop of this.stops.splice(0)) stop();
  }

  /**
   * Runs `write` only if the session is alive and, when `gen` is given, that analysis
   * generation is still the current one: the one gate between results and the stores.
   */
  private commit(gen: Generation | null, write: () => void): void {
    if (!this.alive) return;
    if (gen && gen !== this.generation) return;
    write();
  }

  /** Loads the model into the engine once per session (a sticky call: replayed after a crash). */
  private load(signal: AbortSignal): Promise<unknown> {
    this.loaded ??= (async () => {
      await ensureConfigured();
      return this.workers.engine.call('load', payload(this.open), {
        sticky: true,
        signal: this.life.signal,
      });
    })();
    const loaded = this.loaded;
    // A failed or cancelled load is tried again by the next analysis.
    loaded.catch(() => {
      if (this.loaded === loaded) this.loaded = null;
    });
    return Promise.race([
      loaded,
      new Promise((_, reject) =>
        signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true }),
      ),
    ]);
  }

  /**
   * Analyses the model (from the engine's cache unless `fresh`), then lays out its atlas and
   * follows the latent view. A newer call (re-run, backend change) supersedes this one.
   */
  async analyse(fresh = false): Promise<void> {
    const gen = this.newGeneration();
    const name = this.open.model.name;
    const outcome = await runJob(
      {
        label: `Analyse ${name}`,
        parent: gen.controller.signal,
        onStatus: (status) => this.commit(gen, () => useEngineStore.getState().setStatus(status)),
      },
      async ({ signal, report }) => {
        report('Sending the weights to the engine', null);
        await this.load(signal);
        return this.workers.engine.call(
          'analyse',
          { useCache: !fresh },
          { signal, onProgress: report },
        );
      },
    );
    if (outcome.state === 'done') {
      const { analysis, fromCache } = outcome.value;
      await this.show(gen, analysis, fromCache, null);
    } else if (outcome.state === 'cancelled') {
      if (outcome.byUser) {
        useAppStore
          .getState()
          .notify('info', 'Analysis cancelled', 'Run it again from the Engine menu.');
      }
    } else if (this.alive && gen === this.generation) {
      useAppStore
        .getState()
        .notify(
          'error',
          `The analysis of ${name} failed`,
          `${outcome.error.message}. The model stays open.`,
        );
    }
  }

  /** A new analysis generation: the previous one's jobs stop and its results are cleared. */
  private newGeneration(): Generation {
    this.generation?.controller.abort();
    this.latentCall?.abort();
    const gen: Generation = {
      id: (this.generation?.id ?? 0) + 1,
      controller: new AbortController(),
    };
    this.generation = gen;
    this.life.signal.addEventListener('abort', () => gen.controller.abort(), { once: true });
    this.commit(gen, () => {
      useEngineStore.getState().clearAnalysis();
      useAtlasStore.getState().reset();
      useLatentStore.getState().clear();
      useFeatureStore.getState().reset();
    });
    return gen;
  }

  /**
   * Shows an analysis (computed, cached or restored): labels, the analysis, the latent view's
   * detail, the atlas layout; then warms the engine for the latent view.
   */
  private async show(
    gen: Generation,
    analysis: Analysis,
    fromCache: boolean,
    origin: Precomputed['origin'] | null,
  ): Promise<void> {
    this.commit(gen, () => {
      const probes = this.open.probes;
      const auto = analysis.probes && probes ? autoLabels(analysis.probes, probes) : [];
      useLabelStore.getState().load(analysis.key, auto);
      useEngineStore.getState().setAnalysis(analysis, fromCache, origin);
    });
    if (gen !== this.generation || !this.alive) return;
    this.followLatentView(gen, analysis);
    await this.layout(gen, analysis, false);
    this.warm(gen);
  }

  /**
   * Restores a precomputed analysis (an analysis bundle checked against this model): no
   * analysis runs, and the atlas uses the bundle's layout when it holds this layout's id.
   */
  async restore(pre: Precomputed): Promise<void> {
    const gen = this.newGeneration();
    const outcome = await runJob(
      {
        label: `Open the analysis of ${this.open.model.name}`,
        parent: gen.controller.signal,
        onStatus: (status) => this.commit(gen, () => useEngineStore.getState().setStatus(status)),
      },
      async () => pre.analysis,
    );
    if (outcome.state === 'done') await this.show(gen, outcome.value, true, pre.origin);
  }

  /**
   * Warms the engine in the background once the atlas is up: loads the model and builds the
   * session the latent view's detail runs on, so the first latent does not wait for a cold
   * onnxruntime. Once per session; a failure here is left to the request that needs it.
   */
  private warm(gen: Generation): void {
    if (this.warmed || gen !== this.generation || !this.alive) return;
    this.warmed = true;
    void runJob({ label: null, parent: gen.controller.signal }, async ({ signal }) => {
      await this.load(signal);
      await this.workers.engine.call('warm', {}, { signal });
      this.engineWarm = true;
    });
  }

  /**
   * The analysis on screen as an analysis bundle (with its atlas layout), or null when there
   * is nothing to export yet or the export failed (a notice says why). An analysis that did not
   * keep the default axes' eigenvectors is computed again with them first (from the cache when
   * it holds them), as a job.
   */
  async exportBundle(precision: BundlePrecision): Promise<Uint8Array | null> {
    const gen = this.generation;
    const shown = useEngineStore.getState().analysis;
    const atlas = useAtlasStore.getState();
    const notify = useAppStore.getState().notify;
    if (!gen || !shown || !this.alive) {
      notify('info', 'Nothing to export yet', 'Export the analysis once it is done.');
      return null;
    }
    if (atlas.status.state !== 'done' || !atlas.xy) {
      notify('info', 'The atlas map is not ready', 'Export the analysis once its map is laid out.');
      return null;
    }
    const layout = { xy: atlas.xy, ms: atlas.layoutMs };
    const options = this.precomputed?.analysis === shown ? this.precomputed.options : null;
    const outcome = await runJob(
      { label: `Export the analysis of ${this.open.model.name}`, parent: gen.controller.signal },
      async ({ signal, report }) => {
        let analysis = shown;
        if (!analysis.axisVectors) {
          report('Computing the default axes’ eigenvectors', null);
          await this.load(signal);
          const run = await this.workers.engine.call(
            'analyse',
            { useCache: true, options: { axisVectors: 3 } },
            { signal, onProgress: report },
          );
          analysis = run.analysis;
        }
        report('Writing the bundle', null);
        return bundleBytes(this.open, analysis, layout, options, precision);
      },
    );
    if (outcome.state === 'done') return outcome.value;
    if (outcome.state === 'failed') {
      notify('error', 'Could not export the analysis', outcome.error.message);
    }
    return null;
  }

  /** Cancels the running analysis (its layout and details too); the results shown stay. */
  cancelAnalysis(): void {
    this.generation?.controller.abort();
  }

  /** Lays out the atlas of the current analysis again (after a cancel or an error). */
  retryLayout(): void {
    const gen = this.generation;
    const analysis = useEngineStore.getState().analysis;
    if (gen && analysis && this.alive) void this.layout(gen, analysis, false);
  }

  private async layout(gen: Generation, analysis: Analysis, fresh: boolean): Promise<void> {
    const C = analysis.nComposites;
    const probes = this.open.probes;
    const tokens =
      analysis.probes && probes && probes.n === analysis.probes.n
        ? topFiringTokens(analysis.probes, probes, C)
        : Array.from({ length: C }, () => []);
    this.commit(gen, () => useAtlasStore.getState().begin(tokens, tokenHaystacks(tokens)));
    const stored = this.storedLayout(analysis, fresh);
    if (stored) {
      this.commit(gen, () => useAtlasStore.getState().finish(stored.xy, true, stored.ms));
      return;
    }
    const outcome = await runJob(
      {
        label: `Atlas map of ${analysis.modelName}`,
        parent: gen.controller.signal,
        onStatus: (status) => this.commit(gen, () => useAtlasStore.getState().setStatus(status)),
      },
      async ({ signal, report }) => {
        report('Fingerprinting the composites', null);
        const data = fingerprints(analysis.spectra, C, analysis.spectrumK, analysis.frobenius2);
        return this.workers.umap.call(
          'layout',
          {
            cacheKey: layoutCacheKey(analysis),
            useCache: !fresh,
            data,
            n: C,
            dims: FINGERPRINT_DIMS,
            seed: LAYOUT_SEED,
          },
          { signal, onProgress: report, transfer: [data.buffer] },
        );
      },
    );
    if (outcome.state === 'done') {
      const { xy, fromCache, ms } = outcome.value;
      this.commit(gen, () => useAtlasStore.getState().finish(xy, fromCache, ms));
    } else if (outcome.state === 'cancelled' && outcome.byUser) {
      useAppStore
        .getState()
        .notify('info', 'Atlas map cancelled', 'Compute it again from the atlas view.');
    } else if (outcome.state === 'failed' && this.alive && gen === this.generation) {
      useAppStore
        .getState()
        .notify(
          'error',
          'The atlas map could not be computed',
          `${outcome.error.message}. The list still works.`,
        );
    }
  }

  /** The atlas layout the precomputed analysis holds for this layout id, or null. */
  private storedLayout(
    analysis: Analysis,
    fresh: boolean,
  ): { xy: Float32Array; ms: number } | null {
    const pre = this.precomputed;
    if (fresh || !pre || pre.analysis !== analysis) return null;
    const stored = pre.layouts.get(ATLAS_LAYOUT_ID);
    return stored && stored.xy.length === 2 * analysis.nComposites ? stored : null;
  }

  /**
   * Keeps the latent view's detail current for this analysis: when the view shows a composite,
   * requests its detail for the axes on screen; a newer request cancels an older one.
   */
  private followLatentView(gen: Generation, analysis: Analysis): void {
    const check = () => {
      if (gen !== this.generation || !this.alive) return;
      const { view, axes } = useViewStore.getState();
      const latent = useLatentStore.getState();
      if (view.kind !== 'latent') {
        // Coming back to a latent that failed tries again.
        if (latent.status.state === 'failed') latent.clear();
        return;
      }
      const k = view.composite;
      if (!Number.isInteger(k) || k < 0 || k >= analysis.nComposites) return;
      const key = latentKey(k, axes);
      if (latent.requestKey === key) return;
      this.latentCall?.abort();
      const call = new AbortController();
      this.latentCall = call;
      gen.controller.signal.addEventListener('abort', () => call.abort(), { once: true });
      latent.request(key);
      // The analysis kept this composite's eigenvectors (a bundle): no engine needed.
      const local = latentFromAnalysis(analysis, k, axes, this.open.probes);
      if (local) {
        this.commit(gen, () => useLatentStore.getState().resolve(local));
        return;
      }
      const computing = 'Computing its spectrum and eigenvectors';
      useLatentStore.getState().setStatus({
        state: 'running',
        phase: this.engineWarm ? computing : 'Starting the engine (onnxruntime)',
        fraction: null,
        etaMs: null,
      });
      void this.load(call.signal)
        .then(() => {
          this.commit(gen, () => {
            if (useLatentStore.getState().requestKey !== key) return;
            useLatentStore.getState().setStatus({
              state: 'running',
              phase: computing,
              fraction: null,
              etaMs: null,
            });
          });
          return this.workers.engine.call(
            'latent',
            { composite: k, axes: [...axes] },
            { signal: call.signal },
          );
        })
        .then(
          (detail) =>
            this.commit(gen, () => {
              if (useLatentStore.getState().requestKey === key) {
                useLatentStore.getState().resolve(detail);
              }
            }),
          (err: unknown) => {
            const e = err instanceof Error ? err : new Error(String(err));
            if (call.signal.aborted) return;
            this.commit(gen, () => {
              if (useLatentStore.getState().requestKey !== key) return;
              useLatentStore.getState().setStatus({ state: 'failed', error: e.message });
              useAppStore
                .getState()
                .notify('error', `Could not open composite ${k}`, `${e.message}.`);
            });
          },
        );
    };
    this.stops.push(useViewStore.subscribe(check));
    check();
  }

  /** Makes sure the details of `features` are fetched (each once per analysis). */
  async features(features: number[]): Promise<void> {
    const gen = this.generation;
    if (!gen || !this.alive || !useEngineStore.getState().analysis) return;
    const store = useFeatureStore.getState();
    const missing = [...new Set(features)].filter(
      (j) => !(j in store.details) && !(j in store.loading),
    );
    if (missing.length === 0) return;
    this.commit(gen, () => useFeatureStore.getState().start(missing));
    const outcome = await runJob(
      { label: null, parent: gen.controller.signal },
      async ({ signal }) => {
        await this.load(signal);
        return this.workers.engine.call(
          'features',
          { features: missing, topK: FEATURE_TOP_ROWS, readers: FEATURE_READERS },
          { signal },
        );
      },
    );
    if (outcome.state === 'done') {
      const details = outcome.value;
      this.commit(gen, () => useFeatureStore.getState().add(details));
    } else {
      const message =
        outcome.state === 'failed' ? outcome.error.message : 'the request was cancelled';
      this.commit(gen, () => useFeatureStore.getState().fail(missing, message));
      if (outcome.state === 'failed') {
        this.commit(gen, () =>
          useAppStore.getState().notify('error', 'Could not load feature details', message),
        );
      }
    }
  }
}
