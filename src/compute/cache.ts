// The only owner of the results cache: analyses in IndexedDB, keyed by the analysis key
// (core/hashes: weights, probe set and engine version; plus the options), so a reload of the
// same model is instant; the atlas layouts computed from them (keyed by analysis key + layout
// id); and PCA floors (keyed by analysis key + floor version). Runs in the engine and UMAP
// workers; every failure degrades to "not cached" (private mode, quota).
import { ENGINE_VERSION, type Analysis } from '../core/analysis';
import type { PcaFloor } from '../core/pcaFloor';

const DB_NAME = 'bae-explorer';
const STORE = 'analyses';
/** Atlas layouts (UMAP of an analysis), added in version 2. */
const LAYOUTS = 'layouts';
/** PCA floors of an analysis's probe set, added in version 3. */
const FLOORS = 'floors';
/**
 * Schema version. 1: analyses. 2: + layouts. 3: + floors. Upgrades only add stores, so cached
 * analyses survive; another context still holding an older connection closes it on
 * `versionchange`.
 */
const DB_VERSION = 3;
/** Most analyses kept; the oldest beyond this are evicted. */
const MAX_ENTRIES = 8;

interface Entry {
  key: string;
  savedAtMs: number;
  analysis: Analysis;
}

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    if (typeof indexedDB === 'undefined') {
      reject(new Error('IndexedDB is not available'));
      return;
    }
    const req = indexedDB.open(DB_NAME, DB_VERSION);
    req.onupgradeneeded = () => {
      const db = req.result;
      if (!db.objectStoreNames.contains(STORE)) db.createObjectStore(STORE, { keyPath: 'key' });
      if (!db.objectStoreNames.contains(LAYOUTS)) db.createObjectStore(LAYOUTS, { keyPath: 'key' });
      if (!db.objectStoreNames.contains(FLOORS)) db.createObjectStore(FLOORS, { keyPath: 'key' });
    };
    req.onsuccess = () => {
      const db = req.result;
      // Let a newer schema (another worker or tab) upgrade instead of blocking on us.
      db.onversionchange = () => db.close();
      resolve(db);
    };
    req.onerror = () => reject(req.error ?? new Error('IndexedDB open failed'));
  });
}

function done<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

/**
 * Runs `run` on an open connection and closes it after. Any failure to open or inside `run`
 * gives `fallback` (the cache is an optimisation: private mode or a full quota must not break
 * the app).
 */
async function withDb<T>(run: (db: IDBDatabase) => Promise<T>, fallback: T): Promise<T> {
  try {
    const db = await open();
    try {
      return await run(db);
    } finally {
      db.close();
    }
  } catch {
    return fallback;
  }
}

/** The entry of `store` under `key`, or undefined. */
async function getEntry<E>(db: IDBDatabase, store: string, key: string): Promise<E | undefined> {
  return (await done(db.transaction(store).objectStore(store).get(key))) as E | undefined;
}

/** Puts `entry` into `store`, then evicts the oldest entries (by savedAtMs) beyond MAX_ENTRIES. */
async function putEvicting<E extends { key: string; savedAtMs: number }>(
  db: IDBDatabase,
  store: string,
  entry: E,
): Promise<void> {
  await done(db.transaction(store, 'readwrite').objectStore(store).put(entry));
  const all = (await done(db.transaction(store).objectStore(store).getAll())) as E[];
  if (all.length > MAX_ENTRIES) {
    const old = all.sort((a, b) => a.savedAtMs - b.savedAtMs).slice(0, all.length - MAX_ENTRIES);
    // Issue every delete in one go: a transaction closes once no request is pending.
    const tx = db.transaction(store, 'readwrite').objectStore(store);
    await Promise.all(old.map((e) => done(tx.delete(e.key))));
  }
}

/** The cached analysis for `key`, or null (also when the cache cannot be read). */
export function cacheGet(key: string): Promise<Analysis | null> {
  return withDb(async (db) => {
    const entry = await getEntry<Entry>(db, STORE, key);
    return entry && entry.analysis.version === ENGINE_VERSION ? entry.analysis : null;
  }, null);
}

/** Stores an analysis, evicting the oldest entries beyond MAX_ENTRIES. Failures are ignored. */
export function cachePut(analysis: Analysis): Promise<boolean> {
  return withDb(async (db) => {
    await putEvicting(db, STORE, {
      key: analysis.key,
      savedAtMs: Date.now(),
      analysis,
    } satisfies Entry);
    return true;
  }, false);
}

/**
 * Deletes every cached analysis (and the layouts and floors made from them); returns how many
 * analyses.
 */
export async function cacheClear(): Promise<number> {
  const db = await open();
  try {
    const tx = db.transaction([STORE, LAYOUTS, FLOORS], 'readwrite');
    const count = await done(tx.objectStore(STORE).count());
    await Promise.all([STORE, LAYOUTS, FLOORS].map((name) => done(tx.objectStore(name).clear())));
    return count;
  } finally {
    db.close();
  }
}

interface LayoutEntry {
  key: string;
  savedAtMs: number;
  /** [C, 2] UMAP coordinates. */
  xy: Float32Array;
  /** How long the layout took to compute. */
  ms: number;
}

/** The cached layout for `key` (analysis key + layout version), or null. */
export function layoutGet(key: string): Promise<{ xy: Float32Array; ms: number } | null> {
  return withDb(async (db) => {
    const entry = await getEntry<LayoutEntry>(db, LAYOUTS, key);
    return entry && entry.xy instanceof Float32Array ? { xy: entry.xy, ms: entry.ms } : null;
  }, null);
}

/** Stores a layout, evicting the oldest beyond MAX_ENTRIES. Failures are ignored. */
export function layoutPut(key: string, xy: Float32Array, ms: number): Promise<boolean> {
  return withDb(async (db) => {
    await putEvicting(db, LAYOUTS, { key, savedAtMs: Date.now(), xy, ms } satisfies LayoutEntry);
    return true;
  }, false);
}

interface FloorEntry {
  key: string;
  savedAtMs: number;
  floor: PcaFloor;
}

/** The cached PCA floor for `key` (analysis key + floor version), or null. */
export function floorGet(key: string): Promise<PcaFloor | null> {
  return withDb(async (db) => {
    const entry = await getEntry<FloorEntry>(db, FLOORS, key);
    return entry && typeof entry.floor?.floor === 'number' ? entry.floor : null;
  }, null);
}

/** Stores a PCA floor, evicting the oldest beyond MAX_ENTRIES. Failures are ignored. */
export function floorPut(key: string, floor: PcaFloor): Promise<boolean> {
  return withDb(async (db) => {
    await putEvicting(db, FLOORS, { key, savedAtMs: Date.now(), floor } satisfies FloorEntry);
    return true;
  }, false);
}
