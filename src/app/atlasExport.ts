// The atlas's file I/O: downloads of the table (CSV), the map (PNG) and the user's labels
// (JSON) through ui/download, and the import of a label file (validated by state/labelFile; a
// bad file becomes a notice naming it and the problem). The only place the atlas touches files.
import { atlasCsv, type TableSource } from '../core/atlas/atlasTable';
import { useAppStore } from '../state/appStore';
import { labelFile, labelFileSizeProblem, parseLabelFile } from '../state/labelFile';
import { useLabelStore } from '../state/labelStore';
import { downloadBlob, downloadText, fileStem } from '../ui/download';

/** Every composite (by id) as CSV: labels, statistics and UMAP x/y. */
export function exportCsv(
  modelName: string,
  nComposites: number,
  table: TableSource,
  xy: Float32Array | null,
): void {
  const ids = Array.from({ length: nComposites }, (_, k) => k);
  const text = atlasCsv(ids, table, xy);
  downloadText(`${fileStem(modelName)}-atlas.csv`, text);
}

/** The map as a PNG (null blob: the notice says why). */
export async function exportPng(
  modelName: string,
  toPng: () => Promise<Blob | null>,
): Promise<void> {
  const blob = await toPng();
  if (!blob) {
    useAppStore.getState().notify('error', 'Could not export the map', 'The map is not drawn yet.');
    return;
  }
  downloadBlob(`${fileStem(modelName)}-atlas.png`, blob);
}

/** The user's labels for the open model as JSON. */
export function exportLabels(modelName: string): void {
  const user = useLabelStore.getState().user;
  const count = Object.keys(user).length;
  if (count === 0) {
    useAppStore
      .getState()
      .notify(
        'info',
        'No labels to export',
        'You have not labelled any composite of this model yet.',
      );
    return;
  }
  const json = JSON.stringify(labelFile(modelName, user), null, 2);
  downloadText(`${fileStem(modelName)}-labels.json`, json, 'application/json');
}

/** Reads, validates and applies a label file; every outcome is a notice. */
export async function importLabels(
  file: File,
  nComposites: number,
  modelName: string,
): Promise<void> {
  const app = useAppStore.getState();
  const tooLarge = labelFileSizeProblem(file.size);
  if (tooLarge) {
    app.notify('error', `Could not import ${file.name}`, `${file.name} ${tooLarge}.`);
    return;
  }
  let text: string;
  try {
    text = await file.text();
  } catch (err) {
    app.notify(
      'error',
      `Could not import ${file.name}`,
      `${file.name} could not be read (${String(err)}).`,
    );
    return;
  }
  const result = parseLabelFile(text, nComposites, modelName);
  if (!result.ok) {
    app.notify(
      'error',
      `Could not import ${file.name}`,
      `${file.name} ${result.problem}. Choose a file made by "Export labels"; your labels are unchanged.`,
    );
    return;
  }
  useLabelStore.getState().importLabels(result.labels);
  const n = Object.keys(result.labels).length;
  const notes = [
    result.otherModel
      ? `The file was made for ${result.otherModel}; labels were matched by composite id.`
      : '',
    result.dropped > 0
      ? `${result.dropped} label(s) for composites this model does not have were skipped.`
      : '',
  ].filter(Boolean);
  app.notify(
    'info',
    `Imported ${n} label${n === 1 ? '' : 's'}`,
    [`From ${file.name}; they replace your previous labels.`, ...notes].join(' '),
  );
}
