// The only owner of the results cache: analyses in IndexedDB, keyed by a SHA-256 of the weights,
// the probe set, the options and the engine version, so a reload of the same model is instant.
// Runs in the engine worker; every failure degrades to "not cached" (private mode, quota).
import { ENGINE_VERSION, type Analysis } from '../core/analysis';

const DB_NAME = 'bae-explorer';
const STORE = 'analyses';
/** Most analyses kept; the oldest beyond this are evicted. */
const MAX_ENTRIES = 8;

interface Entry {
  key: string;
  savedAtMs: number;
  analysis: Analysis;
}

function hex(buf: ArrayBuffer): string {
  return Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Cache key: SHA-256 over the engine version, `meta` (sizes, options) and each array's bytes.
 * Each array is hashed on its own (no concatenated copy of large weights), then the digests.
 */
export async function cacheKey(meta: unknown, arrays: (ArrayBufferView | null)[]): Promise<string> {
  const enc = new TextEncoder();
  const parts: Uint8Array[] = [enc.encode(ENGINE_VERSION), enc.encode(JSON.stringify(meta))];
  for (const a of arrays) {
    if (!a) {
      parts.push(new Uint8Array([0]));
      continue;
    }
    const view = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
    parts.push(
      new Uint8Array(await crypto.subtle.digest('SHA-256', view as Uint8Array<ArrayBuffer>)),
    );
  }
  let total = 0;
  for (const p of parts) total += p.length + 4;
  const all = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    new DataView(all.buffer).setUint32(at, p.length);
    all.set(p, at + 4);
    at += p.length + 4;
  }
  return hex(await crypto.subtle.digest('SHA-256', all));
}

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    if (typeof indexedDB === 'undefined') {
      reject(new Error('IndexedDB is not available'));
      return;
    }
    const req = indexedDB.open(DB_NAME, 1);
    req.onupgradeneeded = () => {
      req.result.createObjectStore(STORE, { keyPath: 'key' });
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB open failed'));
  });
}

function done<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

/** The cached analysis for `key`, or null (also when the cache cannot be read). */
export async function cacheGet(key: string): Promise<Analysis | null> {
  try {
    const db = await open();
    try {
      const entry = (await done(db.transaction(STORE).objectStore(STORE).get(key))) as
        Entry | undefined;
      return entry && entry.analysis.version === ENGINE_VERSION ? entry.analysis : null;
    } finally {
      db.close();
    }
  } catch {
    return null;
  }
}

/** Stores an analysis, evicting the oldest entries beyond MAX_ENTRIES. Failures are ignored. */
export async function cachePut(analysis: Analysis): Promise<boolean> {
  try {
    const db = await open();
    try {
      const store = db.transaction(STORE, 'readwrite').objectStore(STORE);
      await done(store.put({ key: analysis.key, savedAtMs: Date.now(), analysis } satisfies Entry));
      const all = (await done(db.transaction(STORE).objectStore(STORE).getAll())) as Entry[];
      if (all.length > MAX_ENTRIES) {
        const old = all
          .sort((a, b) => a.savedAtMs - b.savedAtMs)
          .slice(0, all.length - MAX_ENTRIES);
        // Issue every delete in one go: a transaction closes once no request is pending.
        const tx = db.transaction(STORE, 'readwrite').objectStore(STORE);
        await Promise.all(old.map((e) => done(tx.delete(e.key))));
      }
      return true;
    } finally {
      db.close();
    }
  } catch {
    return false;
  }
}

/** Deletes every cached analysis; returns how many there were. */
export async function cacheClear(): Promise<number> {
  const db = await open();
  try {
    const store = db.transaction(STORE, 'readwrite').objectStore(STORE);
    const count = await done(store.count());
    await done(store.clear());
    return count;
  } finally {
    db.close();
  }
}
