// Two-way sync between the stores and the page's URL (the deep-link codec is core/urlState):
// navigating pushes a history entry for view changes and replaces it (debounced) for camera and
// small tweaks; back/forward re-apply the URL without a reload; a link for another model opens
// that model first, then applies the rest once the engine has analysed it, saying exactly what
// it ignored.
import { compositeId, probeRow } from '../core/ids';
import { DEFAULT_MANIFOLD, type ManifoldSettings } from '../core/manifold/settings';
import { decodeUrlState, encodeUrlState, expandUrlState, type UrlState } from '../core/urlState';
import { useAppStore } from '../state/appStore';
import { useEngineStore } from '../state/engineStore';
import { usePanelStore } from '../state/panelStore';
import { DEFAULT_VIEW_SETTINGS, useViewStore, type View } from '../state/viewStore';
import type { ModelSource } from '../core/sources';

/** How long camera and slider changes wait before the URL is replaced. */
const REPLACE_DEBOUNCE_MS = 300;

/** The state the stores show now, as a link carries it. */
export function currentUrlState(): UrlState {
  const app = useAppStore.getState();
  const v = useViewStore.getState();
  const s: UrlState = {};
  const source = app.open?.source;
  if (source?.type === 'bundled') s.model = { type: 'bundled', name: source.name };
  else if (source?.type === 'url') s.model = { type: 'url', url: source.url };
  if (v.view.kind === 'latent') {
    s.view = 'latent';
    s.latent = v.view.composite;
  } else if (v.view.kind === 'row' && v.view.input.source === 'probe') {
    s.view = 'row';
    s.row = v.view.input.row;
  } else if (v.view.kind === 'model') s.view = 'model';
  else s.view = 'atlas';
  const d = DEFAULT_VIEW_SETTINGS;
  if (v.view.kind === 'latent') {
    if (v.axes.join() !== d.axes.join()) s.axes = v.axes;
    if (v.camera) s.camera = v.camera;
    if (v.pinned.length) s.pinned = v.pinned;
    if (v.autoRotate) s.autoRotate = true;
  }
  if (v.pointCount !== d.pointCount) s.pointCount = v.pointCount;
  if (v.pointSize !== d.pointSize) s.pointSize = v.pointSize;
  if (v.colorBy !== null) s.colorBy = v.colorBy;
  if (v.layout !== null) s.layout = v.layout;
  if (v.neighbourMeasure !== null) s.neighbours = v.neighbourMeasure;
  if (v.atlasViewport) s.viewport = v.atlasViewport;
  if (v.search) s.search = v.search;
  if (v.selection.length) s.selection = v.selection;
  const prefixK = usePanelStore.getState().prefixK;
  if (prefixK !== null) s.prefix = prefixK;
  const m = manifoldChanges(v.manifold);
  if (m) s.manifold = m;
  if (v.view.kind === 'latent' || v.view.kind === 'manifold-csv') {
    if (v.manifoldQuery) s.manifoldQuery = v.manifoldQuery;
    if (v.manifoldSelection.length) s.manifoldSelection = v.manifoldSelection;
  }
  s.theme = app.theme;
  return s;
}

/** The manifold settings that differ from the defaults (null when none do). */
function manifoldChanges(m: ManifoldSettings): Partial<ManifoldSettings> | null {
  const out: Partial<ManifoldSettings> = {};
  const d = DEFAULT_MANIFOLD;
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  if (!same(m.sampling, d.sampling)) out.sampling = m.sampling;
  if (m.emphasis !== d.emphasis) out.emphasis = m.emphasis;
  if (!same(m.threshold, d.threshold) || m.below !== d.below) {
    out.threshold = m.threshold;
    out.below = m.below;
  }
  if (m.labels !== d.labels) out.labels = m.labels;
  if (m.scale !== d.scale) out.scale = m.scale;
  if (!same(m.colorBy, d.colorBy)) out.colorBy = m.colorBy;
  if (!same(m.projection, d.projection)) out.projection = m.projection;
  return Object.keys(out).length > 0 ? out : null;
}

/** Whether the open model can be named in a link (local files cannot). */
export function linkable(source: ModelSource | undefined): boolean {
  return source?.type === 'bundled' || source?.type === 'url';
}

/** The shareable URL of the current view. */
export function currentLink(): string {
  const url = new URL(window.location.href);
  url.hash = encodeUrlState(currentUrlState());
  return url.toString();
}

function sameModel(a: UrlState['model'], source: ModelSource | undefined): boolean {
  if (!a || !source) return false;
  if (a.type === 'bundled') return source.type === 'bundled' && source.name === a.name;
  return source.type === 'url' && source.url === a.url;
}

/** A link waiting for its model's analysis before the rest is applied. */
let pending: { state: UrlState; ignored: string[] } | null = null;
let applying = false;

/**
 * Applies the view part of a decoded link to the stores, checking ids against the open model
 * and its analysis. Returns sentences for what did not fit.
 */
function applyView(state: UrlState): string[] {
  const problems: string[] = [];
  const analysis = useEngineStore.getState().analysis;
  const open = useAppStore.getState().open;
  const C = analysis?.nComposites ?? open?.model.nComposites ?? 0;
  const N = open?.probes?.n ?? 0;
  const dForm = analysis?.dForm ?? open?.model.dModel ?? 0;
  const patch: Parameters<ReturnType<typeof useViewStore.getState>['patch']>[0] = {};
  let view: View = { kind: 'atlas' };
  if (state.view === 'model') view = { kind: 'model' };
  if (state.latent !== undefined && (state.view === 'latent' || state.view === undefined)) {
    if (state.latent < C) view = { kind: 'latent', composite: compositeId(state.latent) };
    else {
      problems.push(
        `composite ${state.latent} does not exist in this model (it has 0–${C - 1}); showing the atlas`,
      );
    }
  }
  if (state.row !== undefined && (state.view === 'row' || state.view === undefined)) {
    if (state.row < N) view = { kind: 'row', input: { source: 'probe', row: probeRow(state.row) } };
    else {
      problems.push(
        N === 0
          ? `probe row ${state.row} cannot be shown: the model has no probe set; showing the atlas`
          : `probe row ${state.row} does not exist in this probe set (it has 0–${N - 1}); showing the atlas`,
      );
    }
  }
  // A latent view whose id was unreadable was already reported by the codec: show the atlas.
  if (state.axes) {
    if (state.axes.every((a) => a < dForm)) patch.axes = state.axes;
    else problems.push(`eigenvectors ${state.axes.join(', ')} do not exist (forms have ${dForm})`);
  }
  if (state.pinned) {
    const ok = state.pinned.filter((r) => r < N);
    if (ok.length < state.pinned.length)
      problems.push(
        `${state.pinned.length - ok.length} pinned probe row(s) do not exist in this probe set`,
      );
    patch.pinned = ok.map(probeRow);
  }
  if (state.selection) {
    const ok = state.selection.filter((k) => k < C);
    if (ok.length < state.selection.length)
      problems.push(`${state.selection.length - ok.length} selected composite(s) do not exist`);
    patch.selection = ok.map(compositeId);
  }
  patch.camera = state.camera ?? null;
  patch.colorBy = state.colorBy ?? DEFAULT_VIEW_SETTINGS.colorBy;
  patch.layout = state.layout ?? DEFAULT_VIEW_SETTINGS.layout;
  patch.neighbourMeasure = state.neighbours ?? DEFAULT_VIEW_SETTINGS.neighbourMeasure;
  patch.pointCount = state.pointCount ?? DEFAULT_VIEW_SETTINGS.pointCount;
  patch.pointSize = state.pointSize ?? DEFAULT_VIEW_SETTINGS.pointSize;
  patch.autoRotate = state.autoRotate ?? false;
  patch.atlasViewport = state.viewport ?? null;
  patch.search = state.search ?? '';
  patch.manifold = { ...DEFAULT_MANIFOLD, ...state.manifold };
  patch.manifoldQuery = state.manifoldQuery ?? '';
  if (state.manifoldSelection) {
    const ok = state.manifoldSelection.filter((r) => r < N);
    if (ok.length < state.manifoldSelection.length) {
      problems.push(
        `${state.manifoldSelection.length - ok.length} selected probe row(s) do not exist in this probe set`,
      );
    }
    patch.manifoldSelection = ok.map(probeRow);
  } else patch.manifoldSelection = [];
  patch.axes ??= DEFAULT_VIEW_SETTINGS.axes;
  patch.pinned ??= [];
  patch.selection ??= [];
  if (state.prefix !== undefined && state.prefix > C) {
    problems.push(`prefix length ${state.prefix} is more than the ${C} composites`);
  }
  usePanelStore
    .getState()
    .setPrefixK(state.prefix !== undefined && state.prefix <= C ? state.prefix : null);
  // One store write: a view change alone would reset the camera (frame the points) first.
  useViewStore.setState({ view, ...patch });
  return problems;
}

function report(ignored: string[]): void {
  if (ignored.length === 0) return;
  useAppStore
    .getState()
    .notify('info', `Parts of the link were ignored (${ignored.length})`, ignored.join('; ') + '.');
}

/** Reads the current URL: null when it carries no state. */
export async function readLocation(): Promise<{ state: UrlState; ignored: string[] } | null> {
  const hash = window.location.hash;
  if (hash.length <= 1) return null;
  const expanded = await expandUrlState(hash);
  if (expanded === null) {
    return { state: {}, ignored: ['the short link is damaged and could not be expanded'] };
  }
  const { state, ignored, warnings } = decodeUrlState(expanded);
  return { state, ignored: [...ignored, ...warnings] };
}

/**
 * Applies a decoded link: opens its model when another one is open (via `openModel`), and
 * applies the view once that model is analysed (immediately when it already is).
 */
export async function applyLink(
  decoded: { state: UrlState; ignored: string[] },
  openModel: (model: NonNullable<UrlState['model']>) => Promise<boolean>,
): Promise<void> {
  const { state } = decoded;
  applying = true;
  try {
    if (state.theme) useAppStore.getState().setTheme(state.theme);
    const open = useAppStore.getState().open;
    if (state.model && !sameModel(state.model, open?.source)) {
      pending = decoded;
      const ok = await openModel(state.model);
      if (!ok) {
        pending = null;
        report([...decoded.ignored, 'its model could not be opened, so its view was not applied']);
      }
      return;
    }
    const analysis = useEngineStore.getState().analysis;
    if (!analysis || useEngineStore.getState().status.state !== 'done') {
      pending = decoded;
      return;
    }
    report([...decoded.ignored, ...applyView(state)]);
    // What is on screen is this link's view from now on. Set in the same task as the apply:
    // React renders the new view in a microtask, and a store write from it must compare with
    // this view's key (a write compared with the previous view's key would push a duplicate
    // history entry and break the next Back).
    lastViewKey = viewKey(currentUrlState());
  } finally {
    applying = false;
  }
}

let lastWritten = '';
let lastViewKey = '';
let timer: ReturnType<typeof setTimeout> | null = null;

function viewKey(s: UrlState): string {
  return `${s.model?.type === 'bundled' ? s.model.name : (s.model?.url ?? '')}|${s.view}|${s.latent ?? ''}|${s.row ?? ''}`;
}

function writeUrl(): void {
  if (applying || pending) return;
  if (!useAppStore.getState().open) return;
  const state = currentUrlState();
  const text = encodeUrlState(state);
  if (text === lastWritten) return;
  const key = viewKey(state);
  const push = lastViewKey !== '' && key !== lastViewKey;
  lastWritten = text;
  lastViewKey = key;
  if (timer) {
    clearTimeout(timer);
    timer = null;
  }
  if (push) {
    window.history.pushState(null, '', `#${text}`);
  } else {
    timer = setTimeout(() => {
      timer = null;
      window.history.replaceState(null, '', `#${encodeUrlState(currentUrlState())}`);
    }, REPLACE_DEBOUNCE_MS);
  }
}

/**
 * Starts syncing: store changes write the URL; back/forward apply it; a finished analysis
 * applies a pending link. Returns a stop function.
 */
export function startUrlSync(
  openModel: (model: NonNullable<UrlState['model']>) => Promise<boolean>,
): () => void {
  const unsubView = useViewStore.subscribe(writeUrl);
  const unsubPanel = usePanelStore.subscribe(writeUrl);
  const unsubApp = useAppStore.subscribe((s, prev) => {
    if (s.open !== prev.open || s.theme !== prev.theme) writeUrl();
  });
  const unsubEngine = useEngineStore.subscribe((s, prev) => {
    const state = s.status.state;
    if (!pending || state === prev.status.state) return;
    const p = pending;
    const open = useAppStore.getState().open;
    const ours = !p.state.model || sameModel(p.state.model, open?.source);
    if (state === 'done' && ours) {
      pending = null;
      applying = true;
      try {
        report([...p.ignored, ...applyView(p.state)]);
      } finally {
        applying = false;
      }
      writeUrl();
    } else if (state === 'failed' || state === 'cancelled' || (state === 'done' && !ours)) {
      // The link's model failed, or the user opened another one meanwhile: drop the link, and
      // let the URL follow what is on screen again.
      pending = null;
      report([...p.ignored, 'its view was not applied: its model was not analysed']);
      writeUrl();
    }
  });
  /** Back/forward: links are applied in the order they were navigated to (latest wins). */
  let popSeq = 0;
  const onPop = () => {
    const seq = ++popSeq;
    // A debounced replace meant for the entry we left must not land on the one we arrived at.
    if (timer) {
      clearTimeout(timer);
      timer = null;
    }
    void readLocation().then(async (decoded) => {
      if (!decoded || seq !== popSeq) return;
      lastWritten = encodeUrlState(decoded.state);
      await applyLink(decoded, openModel);
      // The view key of what is now on screen (a link may omit the model or the view).
      lastViewKey = viewKey(currentUrlState());
    });
  };
  window.addEventListener('popstate', onPop);
  return () => {
    unsubView();
    unsubPanel();
    unsubApp();
    unsubEngine();
    window.removeEventListener('popstate', onPop);
  };
}
