// The only owner of saving files from the page: text (CSV, JSON) and binary blobs (PNG), as a
// download with a given name, and the file-name stem made from a model's name. Used by every
// export button (the atlas's, the latent views', the model panel's).

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
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Revoke after the click has been handled: revoking synchronously can cancel the download
  // (Firefox reads the URL asynchronously).
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A file-name-safe version of a model name (letters, digits, . _ - kept; at most 80 chars). */
export function fileStem(name: string): string {
  return name.replace(/[^\w.-]+/g, '_').slice(0, 80) || 'model';
}
