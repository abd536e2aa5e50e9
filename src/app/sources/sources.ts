// The three ways a model arrives — bundled, URL, local files — reduced to one ModelFiles value.
// The only owner of where bundled models live (`public/models/index.json`) and of how dropped
// folders are walked. Parsing is left to core's openModelFiles.
import { BaeFileError } from '../../core/errors';
import { MODEL_FILES, folderName, toModelFolderUrl } from '../../core/modelUrl';
import { sortLocalFiles, type LocalFileRef, type ModelFiles } from '../../core/modelFiles';
import { checkFileSize } from '../../core/safetensors';
import type { BundledModelInfo } from '../../core/sources';
import { fetchBytes, fetchText } from './fetchBytes';

export type { BundledModelInfo, ModelSource } from '../../core/sources';

export interface BundledIndex {
  defaultName: string;
  models: BundledModelInfo[];
}

/** Shortest interval between two progress reports of a download, in ms. */
const PROGRESS_INTERVAL_MS = 50;

/** Progress of a multi-file load: which file, and its bytes. */
export type LoadProgress = (phase: string, fraction: number | null) => void;

const INDEX_FILE = 'index.json';

/** The folder URL of the bundled models (respects Vite's base path). */
export function bundledRoot(): string {
  return new URL(`${import.meta.env.BASE_URL}models/`, window.location.href).toString();
}

/** Reads and validates `public/models/index.json`. */
export async function fetchBundledIndex(signal?: AbortSignal): Promise<BundledIndex> {
  const url = bundledRoot() + INDEX_FILE;
  const text = await fetchText(url, signal);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new BaeFileError(
      url,
      'is not valid JSON',
      'Rebuild the app; the bundled index is damaged',
    );
  }
  const bad = (problem: string) =>
    new BaeFileError(url, problem, 'Rebuild the app; the bundled index is damaged');
  if (typeof raw !== 'object' || raw === null) throw bad('is not a JSON object');
  const obj = raw as Record<string, unknown>;
  if (!Array.isArray(obj.models)) throw bad('has no "models" list');
  const models: BundledModelInfo[] = obj.models.map((m, i) => {
    if (typeof m !== 'object' || m === null) throw bad(`models[${i}] is not an object`);
    const e = m as Record<string, unknown>;
    if (typeof e.name !== 'string' || !/^[\w.-]+$/.test(e.name)) {
      throw bad(`models[${i}].name is missing or not a plain folder name`);
    }
    return {
      name: e.name,
      title: typeof e.title === 'string' ? e.title : e.name,
      description: typeof e.description === 'string' ? e.description : '',
    };
  });
  const first = models[0];
  if (!first) throw bad('lists no models');
  const defaultName =
    typeof obj.default === 'string' && models.some((m) => m.name === obj.default)
      ? obj.default
      : first.name;
  return { defaultName, models };
}

/**
 * Downloads a model folder: config.json, model.safetensors and (if present) probes.safetensors.
 * `input` may be any address `toModelFolderUrl` accepts.
 */
export async function filesFromUrl(
  input: string,
  onProgress: LoadProgress,
  signal?: AbortSignal,
): Promise<{ files: ModelFiles; folderUrl: string }> {
  const parsed = toModelFolderUrl(input, window.location.href);
  if (!parsed.ok) {
    throw new BaeFileError(
      input.trim() || 'URL',
      parsed.problem,
      'Paste the URL of a model folder',
    );
  }
  const folderUrl = parsed.folderUrl;
  const configUrl = folderUrl + MODEL_FILES.config;
  const weightsUrl = folderUrl + MODEL_FILES.weights;
  const probesUrl = folderUrl + MODEL_FILES.probes;
  const bundleUrl = folderUrl + MODEL_FILES.analysis;

  onProgress(`Fetching ${MODEL_FILES.config}`, null);
  const configText = await fetchText(configUrl, signal);
  // The weights, the probe set and a precomputed analysis (which opens the views without
  // computing) download together, with one progress line for all of them.
  const files = [
    { name: MODEL_FILES.weights, url: weightsUrl, optional: false },
    { name: MODEL_FILES.probes, url: probesUrl, optional: true },
    { name: MODEL_FILES.analysis, url: bundleUrl, optional: true },
  ];
  const got = files.map(() => 0);
  const totals: (number | null)[] = files.map(() => null);
  const done = files.map(() => false);
  let lastMs = -Infinity;
  const report = (force = false) => {
    const now = performance.now();
    // One status update per frame or so: a progress event per received chunk re-renders too often.
    if (!force && now - lastMs < PROGRESS_INTERVAL_MS) return;
    lastMs = now;
    const sum = got.reduce((a, b) => a + b, 0);
    const known = totals.every((t, i) => t !== null || done[i]);
    const total = totals.reduce<number>((a, t, i) => a + (t ?? got[i] ?? 0), 0);
    const active = files.filter((_, i) => !done[i]).map((f) => f.name);
    onProgress(
      `Downloading ${active.join(', ') || 'files'} (${mb(sum)}${known ? ' / ' + mb(total) : ''})`,
      known && total > 0 ? sum / total : null,
    );
  };
  const [weights, probes, bundle] = await Promise.all(
    files.map(async (f, i) => {
      const bytes = await fetchBytes(f.url, {
        ...(signal ? { signal } : {}),
        optional: f.optional,
        onProgress: (received, total) => {
          got[i] = received;
          totals[i] = total;
          report();
        },
      });
      done[i] = true;
      report(true);
      return bytes;
    }),
  );
  if (!weights) throw new BaeFileError(weightsUrl, 'not found (HTTP 404)', 'Check the address');
  return {
    folderUrl,
    files: {
      name: folderName(folderUrl),
      config: { fileName: configUrl, text: configText },
      weights: { fileName: weightsUrl, bytes: weights },
      probes: probes ? { fileName: probesUrl, bytes: probes } : null,
      bundle: bundle ? { fileName: bundleUrl, bytes: bundle } : null,
    },
  };
}

/** A local file with the path it had inside a picked or dropped folder. */
export interface LocalFile extends LocalFileRef {
  file: File;
}

export type LocalSelection =
  | { kind: 'model'; files: ModelFiles; names: string[] }
  | { kind: 'probes-only'; fileName: string; bytes: Uint8Array }
  | { kind: 'bundle-only'; fileName: string; bytes: Uint8Array };

/** Reads a local selection (picker or drop) after sorting it into roles. */
export async function readLocalSelection(
  selection: readonly LocalFile[],
  onProgress: LoadProgress,
): Promise<LocalSelection> {
  const roles = sortLocalFiles(selection);
  if (roles.kind === 'bundle-only') {
    onProgress(`Reading ${roles.bundle.name}`, null);
    return {
      kind: 'bundle-only',
      fileName: roles.bundle.name,
      bytes: await readFile(roles.bundle.file),
    };
  }
  if (roles.kind === 'probes-only') {
    onProgress(`Reading ${roles.probes.name}`, null);
    return {
      kind: 'probes-only',
      fileName: roles.probes.name,
      bytes: await readFile(roles.probes.file),
    };
  }
  onProgress(`Reading ${roles.config.name}`, null);
  const text = new TextDecoder().decode(await readFile(roles.config.file));
  onProgress(`Reading ${roles.weights.name} (${mb(roles.weights.file.size)})`, null);
  const weights = await readFile(roles.weights.file);
  const probes = roles.probes ? await readFile(roles.probes.file) : null;
  const bundle = roles.bundle ? await readFile(roles.bundle.file) : null;
  const used = [
    roles.config,
    roles.weights,
    ...(roles.probes ? [roles.probes] : []),
    ...(roles.bundle ? [roles.bundle] : []),
  ];
  return {
    kind: 'model',
    names: used.map((f) => f.path),
    files: {
      name: roles.folderName,
      config: { fileName: roles.config.path, text },
      weights: { fileName: roles.weights.path, bytes: weights },
      probes: roles.probes
        ? { fileName: roles.probes.path, bytes: probes ?? new Uint8Array() }
        : null,
      bundle: roles.bundle
        ? { fileName: roles.bundle.path, bytes: bundle ?? new Uint8Array() }
        : null,
    },
  };
}

/** Reads one local file whole (its size checked first), reporting it by name and size. */
export function readLocalFile(file: LocalFile, onProgress: LoadProgress): Promise<Uint8Array> {
  onProgress(`Reading ${file.name} (${mb(file.file.size)})`, null);
  return readFile(file.file);
}

async function readFile(file: File): Promise<Uint8Array> {
  checkFileSize(file.name, file.size);
  try {
    return new Uint8Array(await file.arrayBuffer());
  } catch {
    throw new BaeFileError(
      file.name,
      'could not be read from disk',
      'Check that the file still exists and that the browser may read it',
    );
  }
}

/** Files from an <input type=file> (with or without webkitdirectory). */
export function localFilesFromInput(list: FileList): LocalFile[] {
  return Array.from(list, (file) => ({
    file,
    name: file.name,
    path: file.webkitRelativePath || file.name,
  }));
}

/**
 * Files from a drop: plain files, or whole folders walked through the entries API
 * (`webkitGetAsEntry`, supported by Chromium, Firefox and Safari).
 */
export async function localFilesFromDrop(data: DataTransfer): Promise<LocalFile[]> {
  const entries: FileSystemEntry[] = [];
  for (const item of Array.from(data.items)) {
    const entry = item.kind === 'file' ? item.webkitGetAsEntry?.() : null;
    if (entry) entries.push(entry);
  }
  if (entries.length === 0) return localFilesFromInput(data.files);
  const out: LocalFile[] = [];
  for (const entry of entries) await walk(entry, out, 0);
  return out;
}

const MAX_DROP_DEPTH = 4;

async function walk(entry: FileSystemEntry, out: LocalFile[], depth: number): Promise<void> {
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) =>
      (entry as FileSystemFileEntry).file(resolve, reject),
    );
    out.push({ file, name: file.name, path: entry.fullPath.replace(/^\//, '') });
    return;
  }
  if (!entry.isDirectory || depth >= MAX_DROP_DEPTH) return;
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  // readEntries returns batches; an empty batch means the folder is done.
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) =>
      reader.readEntries(resolve, reject),
    );
    if (batch.length === 0) break;
    for (const child of batch) await walk(child, out, depth + 1);
  }
}

function mb(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}
