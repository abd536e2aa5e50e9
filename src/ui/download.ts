// The only owner of saving files from the page: text (CSV, JSON) and canvas images (PNG), as a
// download with a given name. Used by every export button.

/** Saves `text` as a file named `name` (e.g. "atlas.csv"). */
export function downloadText(name: string, text: string, type = 'text/csv;charset=utf-8'): void {
  downloadBlob(name, new Blob([text], { type }));
}

/** Saves a Blob as a file named `name`. */
export function downloadBlob(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Revoke after the click has been handled (revoking synchronously can cancel the download).
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A file-name-safe version of a model name. */
export function fileStem(name: string): string {
  return name.replace(/[^\w.-]+/g, '_').slice(0, 80) || 'model';
}
