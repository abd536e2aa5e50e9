// The only owner of turning an explorer folder's raw files into what the app shows: the shared
// files (index.json, index.feather, vocab.json, curated.json, clusters.json) into an
// ExplorerIndex, and one latent's two files into an ExplorerLatent — Arrow decoded here
// (compute/explorer/arrow), every value checked by core/explorer/read. Runs in the files worker;
// throws BaeFileError naming the file and the field.
import { BaeFileError } from '../../core/errors';
import { EXPLORER_FILES, latentFiles } from '../../core/explorer/layout';
import {
  readClusteredIds,
  readCuratedLabels,
  readExplorerLatent,
  readExplorerMeta,
  readExplorerStats,
  readExplorerVocab,
  type ExplorerIndex,
  type ExplorerLatent,
  type ExplorerVocab,
} from '../../core/explorer/read';
export { vocabFromMask, vocabMask } from '../../core/explorer/read';
import { readArrowTable } from './arrow';

/** A text file of the folder (its name as the user sees it, and its text). */
export interface TextFile {
  fileName: string;
  text: string;
}

/** A binary file of the folder. */
export interface BinaryFile {
  fileName: string;
  bytes: Uint8Array;
}

/** The shared files of an explorer folder; curated.json and clusters.json may be absent. */
export interface ExplorerIndexFiles {
  meta: TextFile | null;
  index: BinaryFile | null;
  vocab: TextFile | null;
  curated: TextFile | null;
  clusters: TextFile | null;
}

const missing = (file: string, what: string) =>
  new BaeFileError(
    file,
    `is missing: ${what}`,
    'Open the whole folder the paper explorer’s layout writes (docs/formats.md §6)',
  );

/** Reads the shared files of an explorer folder. Throws BaeFileError. */
export function readExplorerIndexFiles(files: ExplorerIndexFiles): ExplorerIndex {
  if (!files.meta) throw missing(EXPLORER_FILES.meta, 'it names the model and counts the latents');
  const meta = readExplorerMeta(files.meta.text, files.meta.fileName);
  if (!files.index) throw missing(EXPLORER_FILES.index, 'it holds every latent’s statistics');
  const stats = readExplorerStats(readArrowTable(files.index.bytes, files.index.fileName), meta);
  if (!files.vocab) throw missing(EXPLORER_FILES.vocab, 'the contexts’ tokens need it');
  const vocab = readExplorerVocab(files.vocab.text, files.vocab.fileName);
  const labels = files.curated
    ? readCuratedLabels(files.curated.text, meta.nLatents, files.curated.fileName)
    : new Map<number, string>();
  if (!files.curated) stats.notes.push('no curated.json: no curated labels');
  const clustered = files.clusters
    ? readClusteredIds(files.clusters.text, meta.nLatents, files.clusters.fileName)
    : [];
  return { meta, stats, vocab, labels, clustered };
}

/** One latent's files, as read from the folder. */
export interface ExplorerLatentFiles {
  id: number;
  json: TextFile | null;
  feather: BinaryFile | null;
}

/** Reads latent `files.id`'s two files against the folder's index. Throws BaeFileError. */
export function readExplorerLatentFiles(
  files: ExplorerLatentFiles,
  index: { meta: { nLatents: number }; vocab: Pick<ExplorerVocab, 'raw'> },
): ExplorerLatent {
  const names = latentFiles(files.id);
  if (!Number.isInteger(files.id) || files.id < 0 || files.id >= index.meta.nLatents) {
    throw new BaeFileError(
      names.json,
      `latent ${files.id} is outside 0..${index.meta.nLatents - 1}`,
      'Open a latent the folder has',
    );
  }
  if (!files.json) throw missing(names.json, `latent ${files.id}’s spectrum and histogram`);
  if (!files.feather) throw missing(names.feather, `latent ${files.id}’s points and contexts`);
  const table = readArrowTable(files.feather.bytes, files.feather.fileName);
  return readExplorerLatent(files.id, files.json, table, index);
}
