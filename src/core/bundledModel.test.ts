// Guards the bundled default model (public/models/<default>/, trained by scripts/train): its
// files parse with the app's own readers, the shapes are the documented ones (d = 100 word
// vectors, F features, C composites), the probe set carries the vocabulary, and the encoder
// h = D((L x̂) ⊙ (R x̂)) recomputed here in float64 reproduces reference-encodings.json, which the
// trainer wrote from the same float16 weights and probe vectors.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { configComposites, configFeatures, parseConfig } from './config';
import { buildModel } from './model';
import { parseProbeSet } from './probes';
import { parseSafetensors } from './safetensors';

const modelsDir = fileURLToPath(new URL('../../public/models', import.meta.url));
const index = JSON.parse(readFileSync(join(modelsDir, 'index.json'), 'utf8')) as {
  default: string;
  models: Array<{ name: string; title: string; description: string }>;
};
const dir = join(modelsDir, index.default);
const read = (name: string) => new Uint8Array(readFileSync(join(dir, name)));

const config = parseConfig(readFileSync(join(dir, 'config.json'), 'utf8'), 'config.json');
const model = buildModel(config, parseSafetensors(read('model.safetensors'), 'model.safetensors'), {
  name: index.default,
  configFile: 'config.json',
});
const probes = parseProbeSet(read('probes.safetensors'), 'probes.safetensors', model.dModel);
const reference = JSON.parse(readFileSync(join(dir, 'reference-encodings.json'), 'utf8')) as {
  composites: number;
  words: Array<{ word: string; row: number; h: number[] }>;
};

describe(`bundled default model (public/models/${index.default})`, () => {
  it('is listed in index.json with a title and a description', () => {
    const entry = index.models.find((m) => m.name === index.default);
    expect(entry).toBeDefined();
    expect(entry!.title.length).toBeGreaterThan(0);
    expect(entry!.description.length).toBeGreaterThan(0);
  });

  it('is a mixed BAE on 100-d word vectors with the documented shapes', () => {
    const F = configFeatures(config);
    const C = configComposites(config);
    expect(model.kind).toBe('mixed');
    expect(model.dModel).toBe(100);
    expect(model.nFeatures).toBe(F);
    expect(model.nComposites).toBe(C);
    expect(F).toBe(1600);
    expect(C).toBeGreaterThanOrEqual(200);
    expect(C).toBeLessThanOrEqual(400);
    expect(model.left).toHaveLength(F * 100);
    expect(model.right).toHaveLength(F * 100);
    expect(model.down).toHaveLength(C * F);
    expect(model.biased).toBe(false);
  });

  it('ships a word probe set with the vocabulary', () => {
    expect(probes.rowKind).toBe('words');
    expect(probes.d).toBe(100);
    expect(probes.window).toBe(1);
    expect(probes.n).toBe(20000);
    expect(probes.vocab).toHaveLength(probes.n);
    expect(new Set(probes.vocab).size).toBe(probes.n);
    expect(probes.vocab.slice(0, 3)).toEqual(['the', 'of', 'to']);
    for (let i = 0; i < probes.n; i += 997)
      expect(probes.vocab[probes.tokens[i]!]).toBe(probes.vocab[i]);
    for (const w of ['january', 'red', 'france', 'mother', 'seven', 'tuesday']) {
      expect(probes.vocab).toContain(w);
    }
  });

  it('reproduces reference-encodings.json (float64 recomputation of h = D((Lx̂)⊙(Rx̂)))', () => {
    const d = model.dModel;
    const F = model.nFeatures;
    const C = model.nComposites;
    const down = model.down!;
    expect(reference.words.length).toBeGreaterThanOrEqual(4);
    expect(reference.composites).toBeGreaterThan(0);
    expect(reference.composites).toBeLessThanOrEqual(C);
    for (const ref of reference.words) {
      expect(probes.vocab[probes.tokens[ref.row]!]).toBe(ref.word);
      const x = Array.from(probes.activations.subarray(ref.row * d, (ref.row + 1) * d));
      const norm = Math.sqrt(x.reduce((s, v) => s + v * v, 0));
      const xn = x.map((v) => v / norm);
      const f = new Float64Array(F);
      for (let j = 0; j < F; j++) {
        let u = 0;
        let v = 0;
        for (let i = 0; i < d; i++) {
          u += model.left[j * d + i]! * xn[i]!;
          v += model.right[j * d + i]! * xn[i]!;
        }
        f[j] = u * v;
      }
      const h = Array.from({ length: reference.composites }, (_, k) => {
        let s = 0;
        for (let j = 0; j < F; j++) s += down[k * F + j]! * f[j]!;
        return s;
      });
      const scale = Math.max(...ref.h.map(Math.abs));
      expect(scale).toBeGreaterThan(0);
      const worst = Math.max(...h.map((v, k) => Math.abs(v - ref.h[k]!)));
      expect(worst, `${ref.word}: max |Δh| ${worst} vs max |h| ${scale}`).toBeLessThan(
        1e-6 * scale,
      );
    }
  });
});
