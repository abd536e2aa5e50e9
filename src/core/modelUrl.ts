// The only owner of how a user-typed model address becomes a folder URL: Hugging Face page and
// file links are rewritten to the `resolve/` folder they live in. Consumed by the URL source.

/** Files a model folder holds, by the tdooms/bae layout plus our probe set. */
export const MODEL_FILES = {
  config: 'config.json',
  weights: 'model.safetensors',
  probes: 'probes.safetensors',
  /** An analysis bundle (core/bundle.ts) precomputed for this model and its probe set. */
  analysis: 'analysis.safetensors',
} as const;

export type FolderUrlResult = { ok: true; folderUrl: string } | { ok: false; problem: string };

const HF_HOSTS = new Set(['huggingface.co', 'www.huggingface.co', 'hf.co']);

/**
 * Turns what a user pasted into the URL of a model folder, ending in `/`.
 * Accepts a folder URL, a URL of one of the folder's files, and Hugging Face `tree/`, `blob/`
 * and `resolve/` links. `base` resolves relative paths (the page's own origin).
 */
export function toModelFolderUrl(input: string, base?: string): FolderUrlResult {
  const text = input.trim();
  if (text === '') return { ok: false, problem: 'the address is empty' };
  let url: URL;
  try {
    url = new URL(text, base);
  } catch {
    return { ok: false, problem: `"${clip(text)}" is not a valid URL` };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return {
      ok: false,
      problem: `only http and https addresses can be opened, not ${url.protocol}`,
    };
  }
  url.hash = '';
  url.search = '';
  let path = url.pathname;
  if (HF_HOSTS.has(url.hostname)) {
    // /{owner}/{repo}/(tree|blob|resolve)/{rev}/{folder...}
    const parts = path.split('/').filter((p) => p !== '');
    const verb = parts[2];
    if (parts.length >= 4 && (verb === 'tree' || verb === 'blob' || verb === 'resolve')) {
      parts[2] = 'resolve';
      path = '/' + parts.join('/');
    } else if (parts.length === 2) {
      return {
        ok: false,
        problem:
          'this is a repository page; open the model folder inside it (e.g. …/resolve/main/mixed-l18-x16-a100-b0/)',
      };
    }
  }
  const fileNames: string[] = Object.values(MODEL_FILES);
  const last = path.slice(path.lastIndexOf('/') + 1);
  if (fileNames.includes(last)) path = path.slice(0, path.length - last.length);
  if (!path.endsWith('/')) path += '/';
  url.pathname = path;
  return { ok: true, folderUrl: url.toString() };
}

/** The last folder name of a folder URL (the tdooms model name), decoded. */
export function folderName(folderUrl: string): string {
  const parts = new URL(folderUrl).pathname.split('/').filter((p) => p !== '');
  const last = parts[parts.length - 1] ?? 'model';
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

function clip(s: string, max = 80): string {
  return s.length > max ? s.slice(0, max) + '…' : s;
}
