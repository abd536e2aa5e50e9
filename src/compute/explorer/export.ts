// The only owner of packing an explorer export (core/explorer/write's files) into one download:
// Arrow tables encoded here with apache-arrow (compute/explorer/arrow's writer), JSON as UTF-8,
// every file under one folder of an uncompressed ZIP (core/zip). Runs in the files worker.
import type { ExportFile } from '../../core/explorer/write';
import { writeZip } from '../../core/zip';
import { writeArrowTable } from './arrow';

/** The bytes of one exported file. */
export function exportFileBytes(f: ExportFile): Uint8Array {
  return 'table' in f ? writeArrowTable(f.table) : new TextEncoder().encode(f.text);
}

/** A ZIP of `files`, each at `folder/name`. */
export function explorerArchive(folder: string, files: readonly ExportFile[]): Uint8Array {
  return writeZip(files.map((f) => ({ name: `${folder}/${f.name}`, bytes: exportFileBytes(f) })));
}
