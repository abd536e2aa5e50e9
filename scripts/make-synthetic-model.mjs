// Writes a seeded synthetic mixed BAE (random Gaussian weights) and a probe set of random
// activations into a folder, at any size — the models the benchmarks time (`npm run analyse` on
// the default size times the headless analysis at the paper's size, d = 1,024, F = 16,384,
// C = 2,048: docs/engine.md, "Headless analysis"). Not a trained model: for timing only.
//   node scripts/make-synthetic-model.mjs OUT_DIR [--d 1024] [--expansion 16] [--bottleneck 2] [--n 2048]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mulberry32, normalSource, safetensorsBytes } from './fixtures/lib.mjs';

/** Seeded normal(0, scale²) values as float32. */
function normals(count, scale, seed) {
  const normal = normalSource(mulberry32(seed));
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = normal() * scale;
  return out;
}

function f32(values, shape) {
  return { dtype: 'F32', shape, bytes: new Uint8Array(values.buffer) };
}

/** Writes the folder; returns its sizes. */
export function writeSyntheticModel(
  dir,
  { d = 1024, expansion = 16, bottleneck = 2, n = 2048 } = {},
) {
  const F = d * expansion;
  const C = d * bottleneck;
  mkdirSync(dir, { recursive: true });
  const config = {
    d_model: d,
    expansion,
    bottleneck,
    kind: 'mixed',
    layer: 0,
    alpha: 0,
    beta: 0,
    tags: ['synthetic'],
    kwargs: {},
  };
  writeFileSync(join(dir, 'config.json'), JSON.stringify(config, null, 2));
  writeFileSync(
    join(dir, 'model.safetensors'),
    safetensorsBytes({
      left: f32(normals(F * d, 1 / Math.sqrt(d), 1), [F, d]),
      right: f32(normals(F * d, 1 / Math.sqrt(d), 2), [F, d]),
      down: f32(normals(C * F, 1 / Math.sqrt(F), 3), [C, F]),
    }),
  );
  const tokens = new Int32Array(n).map((_, i) => i);
  writeFileSync(
    join(dir, 'probes.safetensors'),
    safetensorsBytes(
      {
        activations: f32(normals(n * d, 1, 4), [n, d]),
        tokens: { dtype: 'I32', shape: [n, 1], bytes: new Uint8Array(tokens.buffer) },
      },
      {
        format: 'bae-probes',
        version: '1',
        vocab: JSON.stringify(Array.from({ length: n }, (_, i) => `row${i}`)),
        rows: 'words',
        description: `synthetic: ${n} random rows`,
      },
    ),
  );
  return { d, F, C, n };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [out, ...rest] = process.argv.slice(2);
  if (!out) {
    console.error(
      'usage: node scripts/make-synthetic-model.mjs OUT_DIR [--d 1024] [--expansion 16] [--bottleneck 2] [--n 2048]',
    );
    process.exit(2);
  }
  const opts = {};
  for (let i = 0; i < rest.length; i += 2)
    opts[String(rest[i]).replace(/^--/, '')] = Number(rest[i + 1]);
  const s = writeSyntheticModel(out, opts);
  console.log(`wrote ${out}: d = ${s.d}, F = ${s.F}, C = ${s.C}, ${s.n} probe rows`);
}
