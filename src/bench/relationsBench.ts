// The relations benchmark (window.runRelationsBench on the bench page, driven by
// scripts/bench-relations.mjs): the co-activation neighbours (one Gram matrix on onnxruntime in
// the real engine worker) of synthetic composites at given sizes, and token search over a
// synthetic probe set in the real search worker: the index, the row-major values, then each
// keystroke of each query as the atlas sends it (round trip, and the worker's own time).
import { createEngineClient, createSearchClient } from '../compute/clients';
import type { BackendPreference } from '../core/engineTypes';
import { seededRandom } from '../core/random';

export interface RelationsBenchSpec {
  backend: BackendPreference;
  /** Co-activation sizes: C composites over N rows. */
  coactivation: { C: number; N: number }[];
  /** Token search: N rows, C composites, V distinct words. */
  search: { N: number; C: number; V: number; queries: string[] };
}

/** A word of the synthetic vocabulary: letters from a seeded Zipf-ish draw. */
function word(i: number): string {
  const letters = 'etaoinshrdlucmfwypvbgkqjxz';
  let s = '';
  let x = i + 1;
  while (x > 0) {
    s += letters[x % 26];
    x = Math.floor(x / 26);
  }
  return s;
}

export async function runRelationsBench(spec: RelationsBenchSpec) {
  const engine = createEngineClient();
  const info = await engine.call('configure', { preference: spec.backend });
  // The machine's MatMul peak right now (the development machine is shared: figures move with
  // its load, so each run states its own peak).
  const peak = await engine.call('benchMatmul', { m: 4096, k: 256, n: 2048, reps: 3 });
  const coactivation = [];
  for (const size of spec.coactivation) {
    const r = await engine.call('benchCoactivation', size);
    coactivation.push({
      ...size,
      ms: Math.round(r.ms),
      gramMs: Math.round(r.gramMs),
      warmMs: Math.round(r.warmMs),
      gflop: +r.gflop.toFixed(1),
      gflops: +r.gflops.toFixed(1),
    });
  }

  const { N, C, V } = spec.search;
  const rand = seededRandom(5);
  // Zipf-like word frequencies: row r's word is ⌊V·u²⌋ (frequent words repeat, as tokens do).
  const ids = Int32Array.from({ length: N }, () => Math.floor(V * rand() ** 2));
  const texts = Array.from({ length: V }, (_, i) => ` ${word(i)}`);
  const search = createSearchClient();
  const t0 = performance.now();
  const { ms: workerMs } = await search.call('tokenIndex', { ids, texts });
  const indexMs = performance.now() - t0;
  const h = new Float32Array(C * N);
  for (let i = 0; i < h.length; i++) h[i] = rand() - 0.5;
  const v0 = performance.now();
  const { ms: valuesMs } = await search.call('setValues', { key: 'bench', h, C, N });
  const valuesRoundTripMs = performance.now() - v0;
  const queries = [];
  for (const q of spec.search.queries) {
    // Each keystroke of the query, as typed.
    const times: number[] = [];
    const inWorker: number[] = [];
    let last = null;
    for (let len = 1; len <= q.length; len++) {
      const t = performance.now();
      const r = await search.call('search', { key: 'bench', query: q.slice(0, len) });
      times.push(performance.now() - t);
      inWorker.push(r.ms);
      last = r.result;
    }
    queries.push({
      query: q,
      maxMsPerKeystroke: +Math.max(...times).toFixed(2),
      meanMs: +(times.reduce((s, x) => s + x, 0) / times.length).toFixed(2),
      maxWorkerMs: +Math.max(...inWorker).toFixed(2),
      rowsMatched: last?.rowsMatched ?? 0,
      rowsUsed: last?.rowsUsed ?? 0,
    });
  }
  return {
    backend: info.label,
    matmulPeakGflops: +peak.gflops.toFixed(1),
    coactivation,
    tokenIndex: {
      rows: N,
      words: V,
      buildMsInWorker: +workerMs.toFixed(1),
      roundTripMs: Math.round(indexMs),
    },
    tokenSearch: {
      rows: N,
      composites: C,
      valuesMsInWorker: Math.round(valuesMs),
      valuesRoundTripMs: Math.round(valuesRoundTripMs),
      queries,
    },
  };
}
