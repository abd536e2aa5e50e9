// The headless tool's inputs: a model folder on disk or at a URL (config.json, model.safetensors,
// probes.safetensors when present), an optional probe set file, and bundle/part files to merge —
// read into the same core readers the app uses, so a file the app refuses is refused here too.
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { BaeFileError } from '../core/errors';
import { openModelFiles, type OpenedModel } from '../core/modelFiles';
import { MODEL_FILES, folderName, toModelFolderUrl } from '../core/modelUrl';
import { parseProbeSet } from '../core/probes';

function isUrl(input: string): boolean {
  return /^https?:\/\//i.test(input);
}

async function fetchOptional(url: string): Promise<Uint8Array | null> {
  let res: Response;
  try {
    res = await fetch(url);
  } catch (err) {
    throw new BaeFileError(url, `could not be fetched (${String(err)})`, 'Check the address');
  }
  if (res.status === 404) return null;
  if (!res.ok)
    throw new BaeFileError(url, `the server answered HTTP ${res.status}`, 'Check the address');
  return new Uint8Array(await res.arrayBuffer());
}

async function readOptional(path: string): Promise<Uint8Array | null> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/** Reads a model folder (a path, or a URL the app's Open → URL accepts) and its probe set. */
export async function loadModel(input: string, probesPath: string | null): Promise<OpenedModel> {
  let name: string;
  let read: (file: string) => Promise<Uint8Array | null>;
  let where: (file: string) => string;
  if (isUrl(input)) {
    const parsed = toModelFolderUrl(input);
    if (!parsed.ok) throw new BaeFileError(input, parsed.problem, 'Give the URL of a model folder');
    name = folderName(parsed.folderUrl);
    where = (f) => parsed.folderUrl + f;
    read = (f) => fetchOptional(where(f));
  } else {
    const info = await stat(input).catch(() => null);
    if (!info?.isDirectory()) {
      throw new BaeFileError(
        input,
        'is not a folder',
        'Give the folder holding config.json and model.safetensors',
      );
    }
    name =
      input
        .replace(/[/\\]+$/, '')
        .split(/[/\\]/)
        .pop() ?? input;
    where = (f) => join(input, f);
    read = (f) => readOptional(where(f));
  }
  const config = await read(MODEL_FILES.config);
  if (!config) throw new BaeFileError(where(MODEL_FILES.config), 'not found', 'Check the folder');
  const weights = await read(MODEL_FILES.weights);
  if (!weights) throw new BaeFileError(where(MODEL_FILES.weights), 'not found', 'Check the folder');
  const probes = probesPath === null ? await read(MODEL_FILES.probes) : null;
  const opened = openModelFiles({
    name,
    config: { fileName: where(MODEL_FILES.config), text: new TextDecoder().decode(config) },
    weights: { fileName: where(MODEL_FILES.weights), bytes: weights },
    probes: probes ? { fileName: where(MODEL_FILES.probes), bytes: probes } : null,
  });
  if (probesPath !== null) {
    const bytes = new Uint8Array(await readFile(probesPath));
    opened.probes = parseProbeSet(bytes, probesPath, opened.model.dModel);
  }
  return opened;
}
