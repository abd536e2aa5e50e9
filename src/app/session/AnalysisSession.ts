// One analysis session per opened model (and probe set): the only owner of what the workers
// compute for it — loading it into the engine, the analysis, the atlas layout (of the kind the
// view asks for), the probe set's token index, the circularity of every composite, the latent
// view's detail and best view, the encoder features' details, the PCA floor and the user's own
// encoded rows. Each is a job (session/job.ts) whose signal is linked
// to the session's; every store write goes through `commit`, which drops it once the session (or
// the analysis generation it belongs to) is no longer current, so a stale result can never reach
// the stores and no view has to check where its data came from. Opening another model disposes
// the session: its jobs are cancelled and its subscriptions end. A session opened with a
// precomputed analysis (an analysis bundle) restores it instead of analysing: the analysis, the
// atlas layout and the default axes' latent details come from the bundle, and the engine only
// loads the model in the background (for other axes, the features' wiring and re-runs). A
// folder in the paper explorer's layout restores the same way but has no weights: the engine is
// never loaded, each latent's files are read when the latent view asks (explorer store), and
// every computation that needs the weights refuses with NO_WEIGHTS.
import type { Analysis } from '../../core/analysis';
import { latentFromAnalysis } from '../../core/latentDetail';
import { tokenHaystacks, topFiringTokens } from '../../core/atlas/search';
import { autoLabels } from '../../core/labels';
import { rowsDigest, sampleRows } from '../../core/manifold/sample';
import { matchRows, parseRowQuery } from '../../core/manifold/select';
import { probeRowText } from '../../core/probes';
import { FLOOR_VERSION } from '../../core/pcaFloor';
import { NO_WEIGHTS } from '../../core/explorer/analysis';
import type { OwnRows } from '../../core/ownRows';
import {
  availableMeasures,
  LAYOUT_INFO,
  resolveLayout,
  type LayoutKind,
} from '../../core/relations/measures';
import type { BundlePrecision } from '../../core/bundle';
import type { ModelPayload, ProbePayload } from '../../compute/clients';
import { LAYOUT_SEED, layoutId, layoutInput, layoutKinds } from '../../compute/umap/layout';
import { bundleBytes, type Precomputed } from '../bundles';
import { useAppStore, type OpenModel } from '../../state/appStore';
import { useAtlasStore } from '../../state/atlasStore';
import { useEngineStore } from '../../state/engineStore';
import { useFeatureStore } from '../../state/featureStore';
import { useFloorStore } from '../../state/floorStore';
import { labelOf, useLabelStore } from '../../state/labelStore';
import { useLatentStore } from '../../state/latentStore';
import { useOwnRowsStore } from '../../state/ownRowsStore';
import { useSearchStore } from '../../state/searchStore';
import { useViewStore } from '../../state/viewStore';
import { useExplorerStore } from '../../state/explorerStore';
import { readExplorerLatent } from '../sources/explorer';
import { explorerExportFiles } from './explorerExport';
import { runJob } from './job';
import { ensureConfigured, filesWorker, withMeasureEngine, type Workers } from './workers';

/** Top rows per composite scored for circularity (STAT_DEFINITIONS.circularity says 100). */
const CIRCULARITY_ROWS = 100;

/** Rows and readers fetched per encoder feature. */
const FEATURE_TOP_ROWS = 8;
const FEATURE_READERS = 8;

let nextSessionId = 1;

/** The layout cache key: the analysis it lays out and the layout's id (version, seed, kind). */
export function layoutCacheKey(analysis: Analysis, kind: LayoutKind): string {
  return `${analysis.key}:${layoutId(kind)}`;
}

/** The layout the atlas shows for `analysis`: the view's choice when possible, else the default. */
export function atlasLayoutKind(analysis: Analysis): LayoutKind {
  return resolveLayout(
    useViewStore.getState().layout,
    availableMeasures(analysis.relations.tables),
  );
}

/** What a latent detail request is for: the composite and the axes. */
function latentKey(composite: number, axes: readonly number[]): string {
  return `${composite}|${axes.join(',')}`;
}

/** What a best view is of: the composite, its span, the rows shown and the rows fitted. */
function bestViewKey(
  composite: number,
  k: number,
  rows: ArrayLike<number>,
  fitRows: ArrayLike<number>,
): string {
  return `${composite}|${k}|${rowsDigest(rows)}|${rowsDigest(fitRows)}`;
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
  /** The best view requested last (so a store change does not request it again). */
  private bestKey: string | null = null;
  private indexing: Promise<void> | null = null;
  private warmed = false;
  /** The engine has the model and its latent session ready (the warm-up finished). */
  private engineWarm = false;
  /** The explorer latent read in flight. */
  private explorerCall: AbortController | null = null;

  constructor(
    readonly open: OpenModel,
    private readonly workers: Workers,
    /** An analysis to restore instead of computing one (an analysis bundle), or null. */
    readonly precomputed: Precomputed | null = null,
  ) {}

  /** Starts the session: restores the precomputed analysis, or analyses the model. */
  start(): Promise<void> {
    return this.precomputed ? this.restore(this.precomputed) : this.analyse();
  }

  /** True for a folder in the paper explorer's layout: nothing can be computed. */
  get weightless(): boolean {
    return !!this.precomputed?.explorer;
  }

  /** Says once, as a notice, that `what` needs the weights this data does not have. */
  private refuse(what: string): void {
    useAppStore.getState().notify('info', `${what}: ${NO_WEIGHTS.toLowerCase()}`, NO_WEIGHTS + '.');
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
    if (this.weightless) return Promise.reject(new Error(NO_WEIGHTS));
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
    if (this.weightless) {
      this.refuse('Re-running the analysis');
      return;
    }
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
    this.bestKey = null;
    this.life.signal.addEventListener('abort', () => gen.controller.abort(), { once: true });
    this.commit(gen, () => {
      useEngineStore.getState().clearAnalysis();
      useAtlasStore.getState().reset();
      useLatentStore.getState().clear();
      useFeatureStore.getState().reset();
      useFloorStore.getState().reset();
      useOwnRowsStore.getState().clear();
      const ex = this.precomputed?.explorer;
      if (ex) useExplorerStore.getState().open(ex.index, ex.folder.where);
      else useExplorerStore.getState().clear();
    });
    this.indexing ??= this.indexTokens();
    return gen;
  }

  /**
   * Shows an analysis (computed, cached or restored): labels, the analysis, the latent view's
   * detail, the atlas's tokens, layout (of the kind the view asks for) and circularity, the
   * token search; then warms the engine for the latent view.
   */
  private async show(
    gen: Generation,
    analysis: Analysis,
    fromCache: boolean,
    origin: Precomputed['origin'] | null,
  ): Promise<void> {
    this.commit(gen, () => {
      const probes = this.open.probes;
      const curated = this.precomputed?.explorer?.index.labels;
      const auto = curated
        ? Array.from({ length: analysis.nComposites }, (_, k) => curated.get(k) ?? '')
        : analysis.probes && probes
          ? autoLabels(analysis.probes, probes)
          : [];
      useLabelStore.getState().load(analysis.key, auto);
      useEngineStore.getState().setAnalysis(analysis, fromCache, this.weightless ? null : origin);
    });
    if (gen !== this.generation || !this.alive) return;
    this.followLatentView(gen, analysis);
    this.beginAtlas(gen, analysis);
    this.followLayoutChoice(gen, analysis);
    this.followSearch(gen, analysis);
    // The engine computes circularity while the layout worker lays out the atlas.
    await Promise.all([this.layout(gen, analysis, false), this.circularity(gen, analysis)]);
    this.warm(gen);
  }

  /**
   * Restores a precomputed analysis (an analysis bundle checked against this model): no
   * analysis runs, and the atlas uses the bundle's layout of the kind shown when it holds it
   * (else it is laid out as for a computed analysis). The circularity of every composite is not
   * in a bundle: the engine computes it once the model is loaded, as after an analysis.
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
    if (this.weightless) return;
    if (this.warmed || gen !== this.generation || !this.alive) return;
    this.warmed = true;
    void runJob({ label: null, parent: gen.controller.signal }, async ({ signal }) => {
      await this.load(signal);
      await this.workers.engine.call('warm', {}, { signal });
      this.engineWarm = true;
    });
  }

  /**
   * The analysis on screen as an analysis bundle, with its atlas layout of every kind it has
   * relations for (the one on screen, the bundle's, the layout cache's, or laid out now), or
   * null when there is nothing to export yet or the export failed (a notice says why). A job.
   */
  async exportBundle(precision: BundlePrecision): Promise<Uint8Array | null> {
    const gen = this.generation;
    const analysis = useEngineStore.getState().analysis;
    const atlas = useAtlasStore.getState();
    const notify = useAppStore.getState().notify;
    if (this.weightless) {
      this.refuse('Exporting an analysis bundle');
      return null;
    }
    if (!gen || !analysis || !this.alive) {
      notify('info', 'Nothing to export yet', 'Export the analysis once it is done.');
      return null;
    }
    if (atlas.status.state !== 'done' || !atlas.xy) {
      notify('info', 'The atlas map is not ready', 'Export the analysis once its map is laid out.');
      return null;
    }
    const shown = atlas.kind ? { kind: atlas.kind, xy: atlas.xy, ms: atlas.layoutMs } : null;
    const options = this.precomputed?.analysis === analysis ? this.precomputed.options : null;
    const outcome = await runJob(
      { label: `Export the analysis of ${this.open.model.name}`, parent: gen.controller.signal },
      async ({ signal, report }) => {
        const layouts: { id: string; xy: Float32Array; ms: number }[] = [];
        for (const kind of layoutKinds(analysis)) {
          const id = layoutId(kind);
          const have =
            shown && shown.kind === kind ? shown : this.storedLayout(analysis, kind, false);
          if (have) {
            layouts.push({ id, xy: have.xy, ms: have.ms });
            continue;
          }
          report(`Atlas map (${LAYOUT_INFO[kind].label})`, null);
          const { xy, ms } = await this.umapLayout(analysis, kind, false, signal, () => {});
          layouts.push({ id, xy, ms });
        }
        report('Writing the bundle', null);
        return bundleBytes(this.open, analysis, layouts, options, precision);
      },
    );
    if (outcome.state === 'done') return outcome.value;
    if (outcome.state === 'failed') {
      notify('error', 'Could not export the analysis', outcome.error.message);
    }
    return null;
  }

  /**
   * The analysis on screen in the paper explorer's static layout (docs/formats.md §6), as one
   * ZIP holding the folder `folder`, or null when there is nothing to export or the export
   * failed or was cancelled (a notice says why). A job with progress per latent; latents whose
   * eigenvectors the analysis did not keep come from the engine.
   */
  async exportExplorer(folder: string): Promise<Uint8Array | null> {
    const gen = this.generation;
    const analysis = useEngineStore.getState().analysis;
    const atlas = useAtlasStore.getState();
    const notify = useAppStore.getState().notify;
    const probes = this.open.probes;
    if (this.weightless) {
      notify(
        'info',
        'This is already the paper explorer’s layout',
        'The folder you opened is in that layout: host it as it is.',
      );
      return null;
    }
    if (!gen || !analysis || !this.alive) {
      notify('info', 'Nothing to export yet', 'Export the analysis once it is done.');
      return null;
    }
    if (!probes || !analysis.probes) {
      notify(
        'info',
        'The explorer export needs a probe set',
        'Its points, histograms and contexts come from the probe set: add one (top bar), then export.',
      );
      return null;
    }
    if (atlas.status.state !== 'done' || !atlas.xy) {
      notify('info', 'The atlas map is not ready', 'Export once its map is laid out.');
      return null;
    }
    const labelState = useLabelStore.getState();
    const labels = Array.from(
      { length: analysis.nComposites },
      (_, k) => labelOf(labelState, k).text,
    );
    const xy = atlas.xy;
    const outcome = await runJob(
      {
        label: `Export ${this.open.model.name} as a static explorer`,
        parent: gen.controller.signal,
      },
      async ({ signal, report }) => {
        const files = await explorerExportFiles({
          analysis,
          probes,
          modelName: this.open.model.name,
          xy,
          labels,
          measure: useViewStore.getState().neighbourMeasure,
          engineDetail: async (k) => {
            await this.load(signal);
            return this.workers.engine.call(
              'latent',
              { composite: k, axes: [0, 1, 2] },
              { signal },
            );
          },
          report,
          signal,
        });
        report('Writing the archive', null);
        return filesWorker().call('explorerArchive', { folder, files }, { signal });
      },
    );
    if (outcome.state === 'done') return outcome.value;
    if (outcome.state === 'failed') {
      notify('error', 'Could not export the static explorer', outcome.error.message);
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

  /** The top firing tokens per composite (search, hover cards) of a new analysis. */
  private beginAtlas(gen: Generation, analysis: Analysis): void {
    const C = analysis.nComposites;
    const probes = this.open.probes;
    const tokens =
      analysis.probes && probes && probes.n === analysis.probes.n
        ? topFiringTokens(analysis.probes, probes, C)
        : Array.from({ length: C }, () => []);
    this.commit(gen, () => useAtlasStore.getState().begin(tokens, tokenHaystacks(tokens)));
  }

  /** Lays the atlas out again when the view asks for another layout kind. */
  private followLayoutChoice(gen: Generation, analysis: Analysis): void {
    let last = useViewStore.getState().layout;
    this.stops.push(
      useViewStore.subscribe((s) => {
        if (s.layout === last || gen !== this.generation || !this.alive) return;
        last = s.layout;
        const kind = atlasLayoutKind(analysis);
        const atlas = useAtlasStore.getState();
        if (kind !== atlas.kind && kind !== atlas.pending) void this.layout(gen, analysis, false);
      }),
    );
  }

  private async layout(gen: Generation, analysis: Analysis, fresh: boolean): Promise<void> {
    const kind = atlasLayoutKind(analysis);
    const info = LAYOUT_INFO[kind];
    this.commit(gen, () => useAtlasStore.getState().startLayout(kind));
    const stored = this.storedLayout(analysis, kind, fresh);
    if (stored) {
      this.commit(gen, () => {
        if (useAtlasStore.getState().pending === kind) {
          useAtlasStore.getState().finish(stored.xy, true, stored.ms, kind);
        }
      });
      return;
    }
    const outcome = await runJob(
      {
        label: `Atlas map (${info.label}) of ${analysis.modelName}`,
        parent: gen.controller.signal,
        onStatus: (status) =>
          this.commit(gen, () => {
            // A newer layout request owns the status from now on.
            if (useAtlasStore.getState().pending === kind)
              useAtlasStore.getState().setStatus(status);
          }),
      },
      ({ signal, report }) => this.umapLayout(analysis, kind, fresh, signal, report),
    );
    if (outcome.state === 'done') {
      const { xy, fromCache, ms } = outcome.value;
      this.commit(gen, () => {
        if (useAtlasStore.getState().pending === kind) {
          useAtlasStore.getState().finish(xy, fromCache, ms, kind);
        }
      });
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

  /**
   * Lays out the atlas of `kind` in the UMAP worker (from the layout cache unless `fresh`): of
   * the fingerprints, or of the measure's neighbour graph (compute/umap/layout's layoutInput,
   * as the headless tool lays it out).
   */
  private umapLayout(
    analysis: Analysis,
    kind: LayoutKind,
    fresh: boolean,
    signal: AbortSignal,
    report: (phase: string, fraction: number | null) => void,
  ): Promise<{ xy: Float32Array; fromCache: boolean; ms: number }> {
    const input = layoutInput(analysis, kind);
    if (!input) {
      return Promise.reject(new Error(`the analysis has no ${LAYOUT_INFO[kind].label} relations`));
    }
    const common = {
      cacheKey: layoutCacheKey(analysis, kind),
      useCache: !fresh,
      n: analysis.nComposites,
      seed: LAYOUT_SEED,
    };
    if ('knn' in input) {
      report('Neighbour graph', null);
      const { knn } = input;
      return this.workers.umap.call(
        'layout',
        { ...common, data: null, knn, dims: 0 },
        { signal, onProgress: report, transfer: [knn.indices.buffer, knn.distances.buffer] },
      );
    }
    report('Fingerprinting the composites', null);
    return this.workers.umap.call(
      'layout',
      { ...common, data: input.data, dims: input.dims },
      { signal, onProgress: report, transfer: [input.data.buffer] },
    );
  }

  /** The atlas layout of `kind` the precomputed analysis holds, or null. */
  private storedLayout(
    analysis: Analysis,
    kind: LayoutKind,
    fresh: boolean,
  ): { xy: Float32Array; ms: number } | null {
    const pre = this.precomputed;
    if (fresh || !pre || pre.analysis !== analysis) return null;
    const stored = pre.layouts.get(layoutId(kind));
    return stored && stored.xy.length === 2 * analysis.nComposites ? stored : null;
  }

  /**
   * The circularity of every composite (an atlas statistic): its top rows on its two leading
   * eigenvectors, scored in the engine worker. Without a probe set there is none.
   */
  private async circularity(gen: Generation, analysis: Analysis): Promise<void> {
    const p = analysis.probes;
    if (!p) return;
    const C = analysis.nComposites;
    const m = Math.min(CIRCULARITY_ROWS, p.topK);
    const rows = new Int32Array(C * m);
    const values = new Float32Array(C * m);
    for (let k = 0; k < C; k++) {
      for (let r = 0; r < m; r++) {
        const row = p.topRows[k * p.topK + r] ?? 0;
        rows[k * m + r] = row;
        values[k * m + r] = p.hByComposite[k * p.n + row] ?? 0;
      }
    }
    const outcome = await runJob(
      {
        label: 'Circularity of every composite',
        parent: gen.controller.signal,
        onStatus: (status) =>
          this.commit(gen, () => useAtlasStore.getState().setCircularity(status)),
      },
      async ({ signal, report }) => {
        const vectors = analysis.eigenvectors;
        const probes = this.open.probes;
        if (vectors && vectors.count >= 2 && probes) {
          // The eigenvectors are at hand (computed or restored): a shape worker scores them.
          return this.workers.atlasShape.call(
            'circularity',
            {
              activations: probes.activations,
              d: probes.d,
              dForm: analysis.dForm,
              n: probes.n,
              rows,
              values,
              m,
              vectors: vectors.vectors,
              count: vectors.count,
            },
            { signal, onProgress: report, transfer: [rows.buffer, values.buffer] },
          );
        }
        // Otherwise the engine finds each composite's two leading eigenvectors itself; a
        // restored analysis has not loaded the model into the engine yet.
        await this.load(signal);
        return this.workers.engine.call(
          'circularity',
          { rows, values, m },
          { signal, onProgress: report, transfer: [rows.buffer, values.buffer] },
        );
      },
    );
    if (outcome.state === 'done') {
      const { circularity } = outcome.value;
      this.commit(gen, () =>
        useAtlasStore.getState().setCircularity({ state: 'done' }, circularity),
      );
    } else if (outcome.state === 'failed' && this.alive && gen === this.generation) {
      useAppStore
        .getState()
        .notify('error', 'Could not compute the circularity', `${outcome.error.message}.`);
    }
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
        const ex = useExplorerStore.getState();
        if (ex.status.state === 'failed') this.commit(gen, () => ex.forget());
        return;
      }
      const k = view.composite;
      if (!Number.isInteger(k) || k < 0 || k >= analysis.nComposites) return;
      if (this.weightless) {
        this.followExplorerLatent(gen, k);
        return;
      }
      const key = latentKey(k, axes);
      if (latent.requestKey === key) return;
      this.latentCall?.abort();
      const call = new AbortController();
      this.latentCall = call;
      gen.controller.signal.addEventListener('abort', () => call.abort(), { once: true });
      latent.request(key);
      // A restored bundle holds the default axes' eigenvectors: no engine needed. (A computed
      // analysis keeps eigenvectors too, but the engine's detail has the full float64 spectrum
      // even on the Lanczos route, and the engine is at hand.)
      const local =
        this.precomputed?.analysis === analysis
          ? latentFromAnalysis(analysis, k, axes, this.open.probes)
          : null;
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
    this.followBestView(gen, analysis);
  }

  /**
   * Reads latent `k`'s two files of the explorer folder (once per request; a newer latent
   * cancels an older read) into the explorer store; a bad file fails the latent with its name.
   */
  private followExplorerLatent(gen: Generation, k: number): void {
    const ex = this.precomputed?.explorer;
    if (!ex || useExplorerStore.getState().requested === k) return;
    this.explorerCall?.abort();
    const call = new AbortController();
    this.explorerCall = call;
    gen.controller.signal.addEventListener('abort', () => call.abort(), { once: true });
    this.commit(gen, () => useExplorerStore.getState().request(k));
    void runJob({ label: null, parent: call.signal }, ({ signal }) =>
      readExplorerLatent(ex.folder, k, ex.index, ex.vocabMask, signal),
    ).then((outcome) => {
      if (outcome.state === 'cancelled') return;
      this.commit(gen, () => {
        const store = useExplorerStore.getState();
        if (store.requested !== k) return;
        if (outcome.state === 'done') {
          store.resolve(outcome.value);
        } else {
          store.setStatus({ state: 'failed', error: outcome.error.message });
          useAppStore
            .getState()
            .notify('error', `Could not open latent ${k}`, `${outcome.error.message}.`);
        }
      });
    });
  }

  /**
   * Keeps the latent view's best view current: when the projection is 'best', the weighted PCA
   * of the shown (or selected) rows in the span of the composite's top-k eigenvectors, and the
   * shown rows placed on its three leading directions (computed in the engine worker).
   */
  private followBestView(gen: Generation, analysis: Analysis): void {
    let call: AbortController | null = null;
    const check = () => {
      if (gen !== this.generation || !this.alive) return;
      const v = useViewStore.getState();
      const p = v.manifold.projection;
      const probes = analysis.probes;
      if (v.view.kind !== 'latent' || p.kind !== 'best' || !probes) return;
      const k = v.view.composite;
      const h = probes.hByComposite.subarray(k * probes.n, (k + 1) * probes.n);
      const rows = sampleRows(h, v.pointCount, v.manifold.sampling);
      const fitRows = p.of === 'selected' ? this.focusRows(rows, v) : rows;
      const key = bestViewKey(k, p.k, rows, fitRows);
      if (useLatentStore.getState().best?.key === key || this.bestKey === key) return;
      this.bestKey = key;
      call?.abort();
      const mine = new AbortController();
      call = mine;
      gen.controller.signal.addEventListener('abort', () => mine.abort(), { once: true });
      const fitWeights = Float32Array.from(fitRows, (r) => Math.abs(h[r] ?? 0));
      void this.load(mine.signal)
        .then(() =>
          this.workers.engine.call(
            'bestView',
            { composite: k, k: p.k, fitRows, fitWeights, rows },
            { signal: mine.signal },
          ),
        )
        .then(
          (r) =>
            this.commit(gen, () =>
              useLatentStore.getState().setBest({
                key,
                composite: k,
                rows: rowsDigest(rows),
                coords: r.coords,
                captured: r.captured,
                variances: r.variances,
                k: p.k,
                fitCount: fitRows.length,
              }),
            ),
          (err: unknown) => {
            if (mine.signal.aborted) return;
            this.bestKey = null;
            const e = err instanceof Error ? err : new Error(String(err));
            this.commit(gen, () =>
              useAppStore
                .getState()
                .notify('error', 'Could not compute the best view', `${e.message}.`),
            );
          },
        );
    };
    this.stops.push(useViewStore.subscribe(check));
    check();
  }

  /**
   * The shown rows in focus — matching the manifold's search and in its selection — as the
   * latent view dims the others (ui/latent/manifoldFocus); all shown rows when fewer than 3.
   */
  private focusRows(rows: Int32Array, v: ReturnType<typeof useViewStore.getState>): Int32Array {
    const probes = this.open.probes;
    let out = Array.from(rows);
    const query = parseRowQuery(v.manifoldQuery);
    if (probes && (query.kind === 'text' || query.kind === 'regex')) {
      const hit = matchRows(query, out.length, (i) => probeRowText(probes, out[i] ?? 0));
      out = Array.from(hit, (i) => out[i] ?? 0);
    }
    if (v.manifoldSelection.length > 0) {
      const sel = new Set<number>(v.manifoldSelection);
      out = out.filter((r) => sel.has(r));
    }
    return out.length >= 3 ? Int32Array.from(out) : rows;
  }

  /**
   * Computes the PCA floor of the probe set at the model's rank C (core/pcaFloor.ts), once per
   * analysis unless `again` (after a failure or a cancel), on the measurement engine so the
   * views' engine stays free. From the cache when it holds it.
   */
  async pcaFloor(again = false): Promise<void> {
    const gen = this.generation;
    const analysis = useEngineStore.getState().analysis;
    const probes = this.open.probes;
    if (!gen || !this.alive || !analysis || !probes) return;
    const floor = useFloorStore.getState();
    const state = floor.status.state;
    if (floor.analysisKey === analysis.key && (!again || state === 'running' || state === 'done')) {
      return;
    }
    this.commit(gen, () => useFloorStore.getState().begin(analysis.key));
    const model = this.open.model;
    const outcome = await runJob(
      {
        label: `PCA floor of ${model.name}`,
        parent: gen.controller.signal,
        onStatus: (status) =>
          this.commit(gen, () => {
            if (useFloorStore.getState().analysisKey === analysis.key) {
              useFloorStore.getState().setStatus(status);
            }
          }),
      },
      ({ signal, report }) =>
        withMeasureEngine(signal, (engine) =>
          engine.call(
            'pcaFloor',
            {
              probes: { n: probes.n, d: probes.d, activations: probes.activations },
              biased: model.biased,
              rank: analysis.nComposites,
              cacheKey: `${analysis.key}:${FLOOR_VERSION}`,
              useCache: true,
            },
            { signal, onProgress: report },
          ),
        ),
    );
    if (outcome.state === 'done') {
      const { floor: result, fromCache } = outcome.value;
      this.commit(gen, () => {
        if (useFloorStore.getState().analysisKey === analysis.key) {
          useFloorStore.getState().finish(result, fromCache);
        }
      });
    }
  }

  /**
   * Builds the probe set's token index (firing text → rows) in the search worker, once per
   * session; the atlas's token search and the token view read it from the search store.
   */
  private async indexTokens(): Promise<void> {
    this.commit(null, () => useSearchStore.getState().reset());
    const probes = this.open.probes;
    if (!probes) return;
    const ids = new Int32Array(probes.n);
    for (let r = 0; r < probes.n; r++) {
      ids[r] = probes.tokens[r * probes.window + (probes.position[r] ?? probes.window - 1)] ?? -1;
    }
    const outcome = await runJob(
      {
        label: null,
        parent: this.life.signal,
        onStatus: (status) => this.commit(null, () => useSearchStore.getState().setStatus(status)),
      },
      ({ signal }) =>
        this.workers.search.call(
          'tokenIndex',
          { ids, texts: probes.tokenText },
          // Sticky: a search worker restarted after a crash gets the index again.
          { signal, sticky: true },
        ),
    );
    if (outcome.state === 'done') {
      const { index, ms } = outcome.value;
      this.commit(null, () => useSearchStore.getState().finish(index, ms));
    }
  }

  /**
   * Token search for this analysis: once the index is built, hands the analysis's h to the
   * search worker (which keeps it row-major), then runs the view's search text there on every
   * change; results reach the search store tagged with their query (the atlas shows the one for
   * the text on screen).
   */
  private followSearch(gen: Generation, analysis: Analysis): void {
    const results = analysis.probes;
    const probes = this.open.probes;
    if (!results || !probes || results.n !== probes.n) return;
    let ready = false;
    const run = (query: string) => {
      if (!ready || gen !== this.generation || !this.alive) return;
      if (query.trim() === '') {
        this.commit(gen, () =>
          useSearchStore
            .getState()
            .setResult({ analysisKey: analysis.key, query, value: null, ms: 0 }),
        );
        return;
      }
      this.workers.search.call('search', { key: analysis.key, query }).then(
        ({ result, ms }) =>
          this.commit(gen, () =>
            useSearchStore
              .getState()
              .setResult({ analysisKey: analysis.key, query, value: result, ms }),
          ),
        () => {},
      );
    };
    let last = useViewStore.getState().search;
    this.stops.push(
      useViewStore.subscribe((s) => {
        if (s.search === last) return;
        last = s.search;
        run(s.search);
      }),
    );
    void (async () => {
      await this.indexing;
      if (!useSearchStore.getState().index || gen !== this.generation || !this.alive) return;
      this.commit(gen, () => useSearchStore.getState().setValuesKey(null));
      try {
        await this.workers.search.call(
          'setValues',
          { key: analysis.key, h: results.hByComposite, C: analysis.nComposites, N: results.n },
          { signal: gen.controller.signal, sticky: true },
        );
      } catch {
        return;
      }
      this.commit(gen, () => useSearchStore.getState().setValuesKey(analysis.key));
      ready = true;
      run(useViewStore.getState().search);
    })();
  }

  /**
   * Encodes the user's own rows with the engine (same graph as the probe rows) and adds them to
   * the own-rows store. Resolves with the index of the first added row, or null when it failed
   * (a notice says why) or the analysis changed meanwhile.
   */
  async encodeOwnRows(rows: OwnRows): Promise<number | null> {
    if (this.weightless) {
      this.refuse(`Encoding ${rows.source}`);
      return null;
    }
    const gen = this.generation;
    const analysis = useEngineStore.getState().analysis;
    if (!gen || !analysis || !this.alive) return null;
    const activations = rows.activations.slice();
    const outcome = await runJob(
      {
        label: `Encode ${rows.n} row${rows.n === 1 ? '' : 's'} of ${rows.source}`,
        parent: gen.controller.signal,
      },
      async ({ signal, report }) => {
        await this.load(signal);
        return this.workers.engine.call(
          'encodeRows',
          { activations, n: rows.n },
          { signal, onProgress: report },
        );
      },
    );
    if (outcome.state === 'failed') {
      this.commit(gen, () =>
        useAppStore
          .getState()
          .notify('error', `Could not encode ${rows.source}`, `${outcome.error.message}.`),
      );
      return null;
    }
    if (outcome.state !== 'done') return null;
    const { h, error } = outcome.value;
    const C = analysis.nComposites;
    const d = rows.d;
    let first: number | null = null;
    this.commit(gen, () => {
      first =
        useOwnRowsStore.getState().analysisKey === analysis.key
          ? useOwnRowsStore.getState().rows.length
          : 0;
      useOwnRowsStore.getState().add(
        analysis.key,
        Array.from({ length: rows.n }, (_, i) => ({
          source: rows.source,
          fileRow: i,
          x: rows.activations.slice(i * d, (i + 1) * d),
          h: h.slice(i * C, (i + 1) * C),
          error: error?.[i] ?? NaN,
        })),
      );
    });
    return first;
  }

  /** Makes sure the details of `features` are fetched (each once per analysis). */
  async features(features: number[]): Promise<void> {
    if (this.weightless) return;
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
