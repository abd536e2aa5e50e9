// Opening a model, whatever its source, as one cancellable job: read bytes, validate, then swap
// the open model in one store write and start its analysis session. A failure leaves the
// previously open model untouched and becomes a notice naming the file and the problem.
import { BaeFileError } from '../core/errors';
import type { ModelFiles, OpenedModel } from '../core/modelFiles';
import type { ProbeSet } from '../core/probes';
import type { Parsed } from '../compute/clients';
import { useAppStore } from '../state/appStore';
import { DEFAULT_VIEW_SETTINGS, useViewStore } from '../state/viewStore';
import { usePanelStore } from '../state/panelStore';
import { runJob } from './session/job';
import { openSession } from './session/current';
import { canShareMemory, withSharedArrays } from './session/shared';
import { filesWorker } from './session/workers';
import { isManifoldCsvName, openManifoldCsv } from './openManifoldCsv';
import { checkBundle, type Precomputed } from './bundles';
import type { OpenModel } from '../state/appStore';
import { fetchBytes } from './sources/fetchBytes';
import { isBundleName } from '../core/modelFiles';
import { toModelFolderUrl } from '../core/modelUrl';
import { explorerAnalysis, weightlessModel } from '../core/explorer/analysis';
import { vocabMask } from '../core/explorer/read';
import { layoutId } from '../compute/umap/layout';
import {
  isExplorerUrl,
  localExplorerFolder,
  readExplorerIndex,
  urlExplorerFolder,
  type ExplorerFolder,
} from './sources/explorer';
import {
  bundledRoot,
  filesFromUrl,
  readLocalFile,
  readLocalSelection,
  type LocalFile,
  type ModelSource,
} from './sources/sources';

let current: AbortController | null = null;

type Step = (
  report: (phase: string, fraction: number | null) => void,
  signal: AbortSignal,
) => Promise<void>;

/** Runs one open job; a newer open cancels an older one still downloading. */
async function runOpenJob(label: string, step: Step): Promise<boolean> {
  current?.abort();
  const controller = new AbortController();
  current = controller;
  const outcome = await runJob({ label, parent: controller.signal }, ({ signal, report }) =>
    step(report, signal),
  );
  if (current === controller) current = null;
  if (outcome.state === 'done') return true;
  if (outcome.state === 'cancelled') {
    useAppStore.getState().notify('info', 'Cancelled', `${label} was cancelled; nothing changed.`);
  } else {
    const err = outcome.error;
    const detail = err instanceof BaeFileError ? err.message : `Unexpected error: ${err.message}`;
    const keeps = useAppStore.getState().open;
    useAppStore
      .getState()
      .notify(
        'error',
        `Could not complete: ${label}`,
        detail + (keeps ? ` (${keeps.model.name} is still open.)` : ''),
      );
  }
  return false;
}

/** A worker's parse outcome as the page's value, or core's BaeFileError for a bad file. */
function unwrap<T>(out: Parsed<T>): T {
  if (!out.ok) throw new BaeFileError(out.file, out.problem, out.fix);
  return out.value;
}

/** The buffers of `arrays`, each once (for a transfer list). */
function buffersOf(...arrays: (Uint8Array | undefined)[]): ArrayBuffer[] {
  const out: ArrayBuffer[] = [];
  for (const a of arrays) {
    const b = a?.buffer;
    if (b instanceof ArrayBuffer && !out.includes(b)) out.push(b);
  }
  return out;
}

/**
 * Parses and validates a model folder's files in the files worker (decoding a real probe set
 * takes seconds). The bytes move to the worker: the caller must not use them afterwards.
 */
async function parseModelFiles(
  files: ModelFiles,
  report: (p: string, f: number | null) => void,
  signal: AbortSignal,
): Promise<OpenedModel> {
  report(files.probes ? 'Validating weights and probe set' : 'Validating weights', null);
  const out = await filesWorker().call(
    'openModel',
    // The bundle stays on the page (checked there once the model is parsed): no copy to the worker.
    { files: { ...files, bundle: null }, share: canShareMemory() },
    {
      signal,
      retry: false,
      transfer: buffersOf(files.weights.bytes, files.probes?.bytes),
    },
  );
  return unwrap(out);
}

/** Parses a probe set for the open model in the files worker (the bytes move there). */
async function parseProbesFile(
  bytes: Uint8Array,
  fileName: string,
  model: { dModel: number; nComposites: number },
  signal: AbortSignal,
): Promise<ProbeSet> {
  const out = await filesWorker().call(
    'parseProbes',
    {
      bytes,
      fileName,
      dModel: model.dModel,
      nComposites: model.nComposites,
      share: canShareMemory(),
    },
    { signal, retry: false, transfer: buffersOf(bytes) },
  );
  return unwrap(out);
}

async function validate(
  files: ModelFiles,
  source: ModelSource,
  report: (p: string, f: number | null) => void,
  signal: AbortSignal,
) {
  const opened = await parseModelFiles(files, report, signal);
  // Already in shared memory when the page can share it (the worker put it there).
  const open = withSharedArrays({ ...opened, source, openedAtMs: Date.now() });
  const precomputed = files.bundle ? await bundleFor(files.bundle, open, report) : null;
  // The session first: it clears the previous model's results before any view sees the new one.
  openSession(open, precomputed);
  useAppStore.getState().setOpen(open);
  // A new model starts on its atlas with default settings.
  useViewStore.getState().setView({ kind: 'atlas' });
  useViewStore.getState().patch(DEFAULT_VIEW_SETTINGS);
  usePanelStore.getState().setPrefixK(null);
}

/**
 * The analysis bundle that came with a model's files, checked against it; a bundle that does
 * not fit is set aside with a notice, and the model is analysed instead.
 */
async function bundleFor(
  file: { fileName: string; bytes: Uint8Array },
  open: OpenModel,
  report: (p: string, f: number | null) => void,
): Promise<Precomputed | null> {
  report('Checking the analysis bundle', null);
  try {
    return await checkBundle(file, open);
  } catch (err) {
    const detail = err instanceof BaeFileError ? err.message : String(err);
    useAppStore
      .getState()
      .notify(
        'error',
        'The analysis bundle was not used',
        `${detail}. The model is analysed instead.`,
      );
    return null;
  }
}

/**
 * Opens an analysis bundle for the open model: restores it in a new session when it was made
 * for these weights and this probe set; otherwise it is refused and the open model stays as it
 * was.
 */
async function openBundleFile(
  file: { fileName: string; bytes: Uint8Array },
  report: (p: string, f: number | null) => void,
): Promise<void> {
  const open = useAppStore.getState().open;
  if (!open) {
    throw new BaeFileError(
      file.fileName,
      'is an analysis bundle, but no model is open',
      'Open its model first (or the model folder with the bundle in it), then the bundle',
    );
  }
  report('Checking the analysis bundle', null);
  const precomputed = await checkBundle(file, open);
  openSession(open, precomputed);
}

/**
 * Opens a folder in the paper explorer's layout: its index read and checked (files worker),
 * then a weightless model and the analysis its index stands for, restored in a new session
 * (the atlas at the file's umap_x/umap_y). A bad file leaves the open model as it was.
 */
async function openExplorer(
  folder: ExplorerFolder,
  report: (p: string, f: number | null) => void,
  signal: AbortSignal,
): Promise<void> {
  const index = await readExplorerIndex(folder, report, signal);
  const open: OpenModel = {
    model: weightlessModel(index.meta),
    probes: null,
    source: folder.source,
    openedAtMs: Date.now(),
    explorer: index.meta,
  };
  const analysis = explorerAnalysis(index, `explorer:${folder.identity}`);
  const precomputed: Precomputed = {
    analysis,
    options: {},
    // The paper's umap_x/umap_y are a UMAP of the spectral fingerprint: the spectral layout.
    layouts: new Map([[layoutId('spectral'), { xy: index.stats.umap, ms: 0 }]]),
    origin: { fileName: folder.where, by: 'app', at: '' },
    explorer: { folder, index, vocabMask: vocabMask(index.vocab) },
  };
  openSession(open, precomputed);
  useAppStore.getState().setOpen(open);
  useViewStore.getState().setView({ kind: 'atlas' });
  useViewStore.getState().patch(DEFAULT_VIEW_SETTINGS);
  usePanelStore.getState().setPrefixK(null);
}

/** Opens a model folder by URL (including Hugging Face links), or an explorer folder. */
export function openFromUrl(input: string): Promise<boolean> {
  const trimmed = input.trim();
  // The address of an analysis bundle itself (not a folder): applied to the open model.
  if (isBundleUrl(trimmed) && useAppStore.getState().open) {
    return runOpenJob(`Open ${trimmed}`, async (report, signal) => {
      const bytes = await fetchBytes(trimmed, {
        signal,
        onProgress: (got, total) =>
          report(`Downloading the analysis bundle`, total ? got / total : null),
      });
      if (!bytes) throw new BaeFileError(trimmed, 'not found', 'Check the address');
      await openBundleFile({ fileName: trimmed, bytes }, report);
    });
  }
  return runOpenJob(`Open ${input.trim()}`, async (report, signal) => {
    const parsed = toModelFolderUrl(input, window.location.href);
    if (parsed.ok && (await isExplorerUrl(parsed.folderUrl, signal))) {
      await openExplorer(urlExplorerFolder(parsed.folderUrl), report, signal);
      return;
    }
    const { files, folderUrl } = await filesFromUrl(input, report, signal);
    await validate(files, { type: 'url', url: folderUrl }, report, signal);
  });
}

/** Opens one of the models shipped in public/models/. */
export function openBundled(name: string): Promise<boolean> {
  return runOpenJob(`Open bundled model ${name}`, async (report, signal) => {
    const { files } = await filesFromUrl(
      `${bundledRoot()}${encodeURIComponent(name)}/`,
      report,
      signal,
    );
    await validate(files, { type: 'bundled', name }, report, signal);
  });
}

/** Opens files chosen in the picker or dropped on the window (CSVs alone: a manifold CSV). */
export function openLocal(selection: LocalFile[]): Promise<boolean> {
  const label =
    selection.length === 1
      ? `Open ${selection[0]?.name ?? 'file'}`
      : `Open ${selection.length} files`;
  if (selection.length > 0 && selection.every((f) => isManifoldCsvName(f.name))) {
    return runOpenJob(label, (report) => openManifoldCsv(selection, report));
  }
  const explorer = localExplorerFolder(selection);
  if (explorer) {
    return runOpenJob(`Open ${explorer.where}`, (report, signal) =>
      openExplorer(explorer, report, signal),
    );
  }
  return runOpenJob(label, async (report, signal) => {
    const read = await readLocalSelection(selection, report);
    if (read.kind === 'bundle-only') {
      await openBundleFile({ fileName: read.fileName, bytes: read.bytes }, report);
      return;
    }
    if (read.kind === 'probes-only') {
      const open = useAppStore.getState().open;
      if (!open) {
        throw new BaeFileError(
          read.fileName,
          'is a probe set, but no model is open',
          'Open the model first (config.json + model.safetensors), then add its probe set',
        );
      }
      report('Validating probe set', null);
      const probes = await parseProbesFile(read.bytes, read.fileName, open.model, signal);
      replaceProbes(probes);
      return;
    }
    await validate(read.files, { type: 'files', names: read.names }, report, signal);
  });
}

/**
 * The open model with `probes` as its probe set: a new analysis session (nothing computed on the
 * old rows can be shown with the new ones). The open model is read again after the parse, so a
 * model opened meanwhile is not replaced by the old one.
 */
function replaceProbes(probes: ProbeSet): void {
  const open = useAppStore.getState().open;
  if (!open) return;
  if (open.model.dModel !== probes.d) {
    throw new BaeFileError(
      probes.fileName,
      `its activations have width ${probes.d}, but the model now open (${open.model.name}) has d_model ${open.model.dModel}`,
      'Add the probe set again to the model it was made for',
    );
  }
  const withProbes = withSharedArrays({ ...open, probes });
  openSession(withProbes);
  useAppStore.getState().setOpen(withProbes);
}

/**
 * Adds a probe set (any file name) to the open model, from the top bar or an empty state's
 * button. A file that is not a probe set, or one for another model, is refused by name and the
 * model keeps the probe set it had.
 */
export function addProbeSet(file: LocalFile): Promise<boolean> {
  return runOpenJob(`Add probe set ${file.name}`, async (report, signal) => {
    const open = useAppStore.getState().open;
    if (!open) {
      throw new BaeFileError(
        file.name,
        'is a probe set, but no model is open',
        'Open the model first (config.json + model.safetensors), then add its probe set',
      );
    }
    const bytes = await readLocalFile(file, report);
    report('Validating probe set', null);
    replaceProbes(await parseProbesFile(bytes, file.name, open.model, signal));
  });
}

/** True for the address of a bundle file (its path's last part is a bundle's name). */
function isBundleUrl(input: string): boolean {
  try {
    const path = new URL(input).pathname;
    return isBundleName(decodeURIComponent(path.slice(path.lastIndexOf('/') + 1)));
  } catch {
    return false;
  }
}
