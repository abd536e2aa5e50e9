// Opening a manifold CSV (the reference code's export) from local files: read the text, parse
// and validate it (core/manifoldCsv), keep it in its store and show the manifold-CSV view.
// Called by the local-file loader (picker and drop) when the selection is CSV files only.
import { parseManifoldCsv } from '../core/manifoldCsv';
import { BaeFileError } from '../core/errors';
import { useAppStore } from '../state/appStore';
import { useManifoldCsvStore } from '../state/manifoldCsvStore';
import { useViewStore } from '../state/viewStore';

/** Larger CSVs do not fit in one browser string (and hold far more points than can be drawn). */
const MAX_CSV_BYTES = 256 * 2 ** 20;

/** True for a file the manifold-CSV view opens. */
export function isManifoldCsvName(name: string): boolean {
  return name.toLowerCase().endsWith('.csv');
}

/** Reads, validates and shows one manifold CSV; throws BaeFileError for a bad file. */
export async function openManifoldCsv(
  files: readonly { name: string; file: File }[],
  report: (phase: string, fraction: number | null) => void,
): Promise<void> {
  const first = files[0];
  if (!first) return;
  if (first.file.size > MAX_CSV_BYTES) {
    throw new BaeFileError(
      first.name,
      `the file is ${(first.file.size / 2 ** 20).toFixed(0)} MiB, more than the 256 MiB a manifold CSV may have here`,
      'Export fewer points (to_dataframe(k=...)) and open that file',
    );
  }
  report(`Reading ${first.name}`, null);
  let text: string;
  try {
    text = await first.file.text();
  } catch {
    throw new BaeFileError(
      first.name,
      'could not be read from disk',
      'Check that the file still exists and that the browser may read it',
    );
  }
  report('Validating the manifold CSV', null);
  await new Promise((r) => setTimeout(r, 0));
  const csv = parseManifoldCsv(text, first.name);
  useManifoldCsvStore.getState().setCsv(csv);
  useViewStore.getState().setView({ kind: 'manifold-csv' });
  useViewStore.getState().patch({ camera: null, pinned: [] });
  if (files.length > 1) {
    useAppStore
      .getState()
      .notify(
        'info',
        `Opened ${first.name}`,
        'Manifold CSVs open one at a time; the others were left.',
      );
  }
}
