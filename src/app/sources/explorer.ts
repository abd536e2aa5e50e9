// The only owner of where a folder in the paper explorer's layout is read from — a local
// selection (picker or drop) or a URL of a folder hosting index.json — and of reading its
// files: the shared ones when it opens, a latent's two files when the latent view asks (each
// read once, on demand). Parsing happens in the files worker (compute/explorer); a bad file
// comes back as core's BaeFileError naming it.
import { BaeFileError } from '../../core/errors';
import { EXPLORER_FILES, isExplorerLayout, latentFiles } from '../../core/explorer/layout';
import type { ExplorerIndex, ExplorerLatent } from '../../core/explorer/read';
import type { ModelSource } from '../../core/sources';
import type { Parsed } from '../../compute/clients';
import { filesWorker } from '../session/workers';
import { fetchBytes } from './fetchBytes';
import type { LocalFile } from './sources';

/** An explorer folder: where it is, as a model source, and how to read one of its files. */
export interface ExplorerFolder {
  /** For messages: the folder's URL, or "local folder NAME". */
  where: string;
  source: ModelSource;
  /** A stable identity for caches and labels (the URL, or the folder name and file sizes). */
  identity: string;
  /** The bytes of file `name` (a base name), or null when the folder has no such file. */
  read: (name: string, signal: AbortSignal) => Promise<Uint8Array | null>;
}

function dirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

function baseOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/**
 * The explorer folder of a local selection, or null when the selection is not one (no
 * index.json beside an index.feather). The folder is the one holding index.feather.
 */
export function localExplorerFolder(selection: readonly LocalFile[]): ExplorerFolder | null {
  if (!isExplorerLayout(selection.map((f) => baseOf(f.path)))) return null;
  const index = selection.find((f) => baseOf(f.path) === EXPLORER_FILES.index);
  if (!index) return null;
  const dir = dirOf(index.path);
  const files = new Map<string, File>();
  for (const f of selection) if (dirOf(f.path) === dir) files.set(baseOf(f.path), f.file);
  if (!files.has(EXPLORER_FILES.meta)) return null;
  const name = dir === '' ? 'the chosen files' : `local folder ${dir}`;
  let size = 0;
  for (const f of files.values()) size += f.size;
  return {
    where: name,
    source: { type: 'files', names: [...files.keys()].sort() },
    identity: `files:${dir}:${files.size}:${size}`,
    read: async (file) => {
      const f = files.get(file);
      if (!f) return null;
      try {
        return new Uint8Array(await f.arrayBuffer());
      } catch {
        throw new BaeFileError(
          file,
          'could not be read from disk',
          'Check that the file still exists and that the browser may read it',
        );
      }
    },
  };
}

/** The explorer folder at `folderUrl` (ending in /). */
export function urlExplorerFolder(folderUrl: string): ExplorerFolder {
  return {
    where: folderUrl,
    source: { type: 'url', url: folderUrl },
    identity: `url:${folderUrl}`,
    read: (file, signal) => fetchBytes(folderUrl + file, { signal, optional: true }),
  };
}

/** True when `folderUrl` hosts an explorer folder (it serves index.feather). */
export async function isExplorerUrl(folderUrl: string, signal: AbortSignal): Promise<boolean> {
  try {
    const r = await fetch(folderUrl + EXPLORER_FILES.index, { method: 'HEAD', signal });
    return r.ok && !(r.headers.get('content-type') ?? '').startsWith('text/html');
  } catch {
    return false;
  }
}

function unwrap<T>(out: Parsed<T>): T {
  if (!out.ok) throw new BaeFileError(out.file, out.problem, out.fix);
  return out.value;
}

const decoder = new TextDecoder();

/** Reads the folder's shared files and parses them in the files worker. */
export async function readExplorerIndex(
  folder: ExplorerFolder,
  report: (phase: string, fraction: number | null) => void,
  signal: AbortSignal,
): Promise<ExplorerIndex> {
  report(`Reading ${EXPLORER_FILES.meta}, ${EXPLORER_FILES.index} and the vocabulary`, null);
  const names = [
    EXPLORER_FILES.meta,
    EXPLORER_FILES.index,
    EXPLORER_FILES.vocab,
    EXPLORER_FILES.curated,
    EXPLORER_FILES.clusters,
  ] as const;
  const [meta, index, vocab, curated, clusters] = await Promise.all(
    names.map((n) => folder.read(n, signal)),
  );
  const text = (name: string, b: Uint8Array | null | undefined) =>
    b ? { fileName: name, text: decoder.decode(b) } : null;
  report('Checking the explorer index', null);
  const out = await filesWorker().call(
    'explorerIndex',
    {
      files: {
        meta: text(EXPLORER_FILES.meta, meta),
        index: index ? { fileName: EXPLORER_FILES.index, bytes: index } : null,
        vocab: text(EXPLORER_FILES.vocab, vocab),
        curated: text(EXPLORER_FILES.curated, curated),
        clusters: text(EXPLORER_FILES.clusters, clusters),
      },
    },
    {
      signal,
      retry: false,
      transfer: index?.buffer instanceof ArrayBuffer ? [index.buffer] : [],
    },
  );
  return unwrap(out);
}

/** Reads latent `id`'s two files and parses them in the files worker. */
export async function readExplorerLatent(
  folder: ExplorerFolder,
  id: number,
  index: ExplorerIndex,
  vocabMask: Uint8Array,
  signal: AbortSignal,
): Promise<ExplorerLatent> {
  const names = latentFiles(id);
  const [json, feather] = await Promise.all([
    folder.read(names.json, signal),
    folder.read(names.feather, signal),
  ]);
  const out = await filesWorker().call(
    'explorerLatent',
    {
      files: {
        id,
        json: json ? { fileName: names.json, text: decoder.decode(json) } : null,
        feather: feather ? { fileName: names.feather, bytes: feather } : null,
      },
      nLatents: index.meta.nLatents,
      vocab: vocabMask,
    },
    {
      signal,
      retry: false,
      transfer: feather?.buffer instanceof ArrayBuffer ? [feather.buffer] : [],
    },
  );
  return unwrap(out);
}
