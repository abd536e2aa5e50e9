// The only place the app downloads bytes: streams a URL into one buffer with progress, enforces
// the file-size limit before and while reading, and turns every network failure into a
// BaeFileError that names the URL and says what would fix it.
import { isAbort } from '../../core/abort';
import { BaeFileError } from '../../core/errors';
import { MAX_FILE_BYTES, checkFileSize } from '../../core/safetensors';

export type ByteProgress = (receivedBytes: number, totalBytes: number | null) => void;

export interface FetchOptions {
  signal?: AbortSignal;
  onProgress?: ByteProgress;
  /** When true, a 404 resolves to null instead of throwing (optional files like the probe set). */
  optional?: boolean;
}

/** Fetches `url` into memory. Throws BaeFileError (or the AbortError of `signal`). */
export async function fetchBytes(url: string, opts: FetchOptions = {}): Promise<Uint8Array | null> {
  const response = await request(url, opts.signal);
  if (response.status === 404 && opts.optional) return null;
  // A single-page-app server answers a missing file with its index.html: not the optional file.
  if (opts.optional && response.headers.get('content-type')?.startsWith('text/html')) return null;
  if (!response.ok) throw httpError(url, response);
  const lengthHeader = response.headers.get('content-length');
  const encoded = response.headers.get('content-encoding');
  const declared = lengthHeader !== null && !encoded ? Number(lengthHeader) : NaN;
  const total = Number.isFinite(declared) && declared >= 0 ? declared : null;
  if (total !== null) checkFileSize(url, total);
  opts.onProgress?.(0, total);

  const body = response.body;
  if (!body) {
    const buf = new Uint8Array(await response.arrayBuffer());
    checkFileSize(url, buf.byteLength);
    opts.onProgress?.(buf.byteLength, buf.byteLength);
    return buf;
  }
  // With a trustworthy length, fill one buffer in place (no 2× peak); otherwise grow by doubling.
  let buffer = new Uint8Array(total ?? 1 << 20);
  let received = 0;
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await readChunk(reader, url);
      if (done) break;
      if (received + value.byteLength > buffer.byteLength) {
        if (received + value.byteLength > MAX_FILE_BYTES) {
          checkFileSize(url, received + value.byteLength);
        }
        const grown = new Uint8Array(
          Math.min(MAX_FILE_BYTES, Math.max(buffer.byteLength * 2, received + value.byteLength)),
        );
        grown.set(buffer.subarray(0, received));
        buffer = grown;
      }
      buffer.set(value, received);
      received += value.byteLength;
      opts.onProgress?.(received, total);
    }
  } finally {
    reader.releaseLock();
  }
  if (total !== null && received < total) {
    throw new BaeFileError(
      url,
      `the download stopped after ${received} of ${total} bytes`,
      'Try again; if it keeps failing, download the file and open it from disk',
    );
  }
  return received === buffer.byteLength ? buffer : buffer.subarray(0, received);
}

/** Fetches a small text file (config.json). */
export async function fetchText(url: string, signal?: AbortSignal): Promise<string> {
  const bytes = await fetchBytes(url, signal ? { signal } : {});
  if (!bytes) throw new BaeFileError(url, 'not found (HTTP 404)', 'Check the address');
  return new TextDecoder().decode(bytes);
}

async function request(url: string, signal: AbortSignal | undefined): Promise<Response> {
  try {
    return await fetch(url, { signal: signal ?? null, mode: 'cors', credentials: 'omit' });
  } catch (err) {
    if (isAbort(err)) throw err;
    throw new BaeFileError(
      url,
      'could not be fetched: the server did not answer, or it refused a cross-origin request (CORS)',
      'Check the address and your connection; the server must send Access-Control-Allow-Origin ' +
        '(Hugging Face does). Otherwise download the folder and open it from disk',
    );
  }
}

async function readChunk(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  url: string,
): Promise<ReadableStreamReadResult<Uint8Array>> {
  try {
    return await reader.read();
  } catch (err) {
    if (isAbort(err)) throw err;
    throw new BaeFileError(
      url,
      'the connection broke during the download',
      'Try again; if it keeps failing, download the file and open it from disk',
    );
  }
}

function httpError(url: string, response: Response): BaeFileError {
  const status = `HTTP ${response.status}${response.statusText ? ' ' + response.statusText : ''}`;
  if (response.status === 404) {
    return new BaeFileError(
      url,
      `not found (${status})`,
      'Check that the address is a tdooms/bae model folder holding config.json and model.safetensors',
    );
  }
  if (response.status === 401 || response.status === 403) {
    return new BaeFileError(
      url,
      `access denied (${status})`,
      'The file is private or gated; download it with your credentials and open it from disk',
    );
  }
  return new BaeFileError(
    url,
    `the server answered ${status}`,
    'Try again later, or open the files from disk',
  );
}
