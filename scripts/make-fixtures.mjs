// `npm run fixtures`: writes the deterministic test fixtures (e2e/fixtures/) and the placeholder
// bundled model (public/models/tiny-mixed/) with the fixtures' own writer (scripts/fixtures/
// lib.mjs), seeded so every run writes the same bytes. The unit tests import `fixtureModels()`
// for the values each file must decode to, and check that the committed files are up to date.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  floatTensor,
  gaussianValues,
  intTensor,
  mulberry32,
  normalSource,
  safetensorsBytes,
} from './fixtures/lib.mjs';
import { explorerFixtureFiles } from './fixtures/explorer.mjs';
import { manifoldCsvFixtures } from './fixtures/manifoldCsv.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Words for the probe sets' vocabularies; the last one is hostile markup that must stay text. */
const VOCAB = [
  'the',
  ' cat',
  ' sat',
  ' on',
  ' a',
  ' mat',
  '.',
  ' In',
  ' 1999',
  ' 2003',
  ' January',
  ' March',
  ' red',
  ' blue',
  ' green',
  ' Paris',
  ' Rome',
  ' Tokyo',
  ' and',
  ' or',
  ' but',
  ' mother',
  ' father',
  ' one',
  ' two',
  ' three',
  ' dog',
  ' ran',
  ' fast',
  '\n',
  ' "',
  ' it',
  ' was',
  ' very',
  ' good',
  ' bad',
  ' day',
  ' night',
  ' <b>bold</b>',
  '<img src=x onerror=alert(1)>',
];

/** config.json text in the layout tdooms/bae's Autoencoder.save writes (json.dump(vars(config))). */
function configText(c) {
  return (
    JSON.stringify(
      {
        layer: c.layer,
        d_model: c.d,
        expansion: c.expansion,
        bottleneck: c.bottleneck ?? null,
        alpha: c.alpha ?? 0,
        beta: c.beta ?? 0,
        kind: c.kind,
        tags: c.tags ?? [],
        kwargs: {},
      },
      null,
      4,
    ) + '\n'
  );
}

/**
 * A model's tensors: random weights with a few planted low-rank structures, so spectra are not
 * flat noise. `biased` writes the v1 vanilla layout (`left.weight`, `left.bias`, ...).
 */
function modelTensors(spec) {
  const normal = normalSource(mulberry32(spec.seed));
  const { d, dtype } = spec;
  const F = Math.trunc(d * spec.expansion);
  const scale = 1 / Math.sqrt(d);
  const tensors = {};
  const left = gaussianValues(normal, F * d, scale);
  const right = gaussianValues(normal, F * d, scale);
  // Dead features: a zero row of `left` makes f_j = 0 on every input.
  for (const j of spec.deadFeatures ?? []) left.fill(0, j * d, (j + 1) * d);
  if (spec.biased) {
    tensors['left.weight'] = floatTensor(left, [F, d], dtype);
    tensors['left.bias'] = floatTensor(gaussianValues(normal, F, 0.1), [F], dtype);
    tensors['right.weight'] = floatTensor(right, [F, d], dtype);
    tensors['right.bias'] = floatTensor(gaussianValues(normal, F, 0.1), [F], dtype);
  } else {
    tensors.left = floatTensor(left, [F, d], dtype);
    tensors.right = floatTensor(right, [F, d], dtype);
  }
  if (spec.kind === 'mixed' || spec.kind === 'combined') {
    const C = Math.trunc(d * (spec.bottleneck ?? 2));
    // Each composite reads a few features strongly and the rest weakly: a sparse-ish `down`.
    const down = gaussianValues(normal, C * F, 0.05);
    for (let k = 0; k < C; k++) {
      for (let r = 0; r < 3; r++) down[k * F + ((k * 7 + r * 13) % F)] += r === 0 ? 1 : 0.5;
    }
    tensors.down = floatTensor(down, [C, F], dtype);
  }
  return tensors;
}

/**
 * The planted-relations model (`tiny-planted`, d = 16, F = 32, C = 8): features 0–3 are exact
 * quadratic monomials f₀ = x₀², f₁ = x₁², f₂ = x₂², f₃ = x₂x₃, the others random. Composites 0
 * and 1 read the same features (1·f₀ + 0.5·f₁ and 0.8·f₀ + 0.4·f₁: the same form up to scale);
 * 2 reads f₂ and 3 reads f₃ (orthogonal forms) while the probe rows make them co-fire; 4–7 read
 * random features. Every row of `down` carries small noise, so no relation is exact.
 */
function plantedTensors(spec) {
  const normal = normalSource(mulberry32(spec.seed));
  const d = 16;
  const F = 32;
  const C = 8;
  const left = gaussianValues(normal, F * d, 1 / Math.sqrt(d));
  const right = gaussianValues(normal, F * d, 1 / Math.sqrt(d));
  const monomial = (j, a, b) => {
    left.fill(0, j * d, (j + 1) * d);
    right.fill(0, j * d, (j + 1) * d);
    left[j * d + a] = 1;
    right[j * d + b] = 1;
  };
  monomial(0, 0, 0);
  monomial(1, 1, 1);
  monomial(2, 2, 2);
  monomial(3, 2, 3);
  const down = gaussianValues(normal, C * F, 0.02);
  const reads = [
    [
      [0, 1],
      [1, 0.5],
    ],
    [
      [0, 0.8],
      [1, 0.4],
    ],
    [[2, 1]],
    [[3, 1]],
  ];
  reads.forEach((list, k) => list.forEach(([j, v]) => (down[k * F + j] += v)));
  for (let k = 4; k < C; k++) {
    for (let r = 0; r < 3; r++) down[k * F + 4 + ((k * 7 + r * 5) % (F - 4))] += r === 0 ? 1 : 0.5;
  }
  return {
    left: floatTensor(left, [F, d], 'F32'),
    right: floatTensor(right, [F, d], 'F32'),
    down: floatTensor(down, [C, F], 'F32'),
  };
}

/**
 * The planted model's probe set: 240 word rows. Every fifth row (from 0) points along e₂ + e₃
 * (composites 2 and 3 fire together), every fifth from 1 along e₀ + ½e₁ (0 and 1 fire), the
 * rest are noise; each row's word names its group.
 */
function plantedProbes(spec) {
  const normal = normalSource(mulberry32(spec.seed + 1000));
  const { n, d } = spec;
  const acts = [];
  const vocab = [];
  for (let i = 0; i < n; i++) {
    const group = i % 5 === 0 ? 'cofire' : i % 5 === 1 ? 'same' : 'noise';
    for (let q = 0; q < d; q++) {
      let centre = 0;
      if (group === 'cofire' && (q === 2 || q === 3)) centre = 3;
      if (group === 'same' && q === 0) centre = 3;
      if (group === 'same' && q === 1) centre = 1.5;
      acts.push(centre + 0.5 * normal());
    }
    vocab.push(`${group}${i}`);
  }
  return {
    tensors: {
      activations: floatTensor(acts, [n, d], 'F32'),
      tokens: intTensor(
        Array.from({ length: n }, (_, i) => i),
        [n, 1],
        'I32',
      ),
    },
    metadata: {
      format: 'bae-probes',
      version: '1',
      vocab: JSON.stringify(vocab),
      rows: 'words',
      description: spec.description,
    },
  };
}

/** A probe set: N rows of width d, token windows of T (T = 1: word rows), in `dtype`. */
function probeSet(spec) {
  const normal = normalSource(mulberry32(spec.seed + 1000));
  const uniform = mulberry32(spec.seed + 2000);
  const { n, d, window: T } = spec;
  const vocab = spec.vocab ?? VOCAB;
  // Clustered activations: 8 centres, so manifolds show groups.
  const centres = Array.from({ length: 8 }, () => gaussianValues(normal, d, 1));
  const acts = [];
  for (let i = 0; i < n; i++) {
    const c = centres[i % 8];
    for (let j = 0; j < d; j++) acts.push(c[j] + 0.5 * normal());
  }
  const tokens = [];
  const position = [];
  for (let i = 0; i < n; i++) {
    // Early rows start a document: their first slots are padding (-1).
    const padded = Math.max(0, T - 1 - (i % (T + 2)));
    for (let t = 0; t < T; t++) tokens.push(t < padded ? -1 : Math.floor(uniform() * vocab.length));
    position.push(T - 1);
  }
  const tensors = {
    activations: floatTensor(acts, [n, d], spec.dtype ?? 'F32'),
    tokens: intTensor(tokens, T === 1 && spec.flatTokens ? [n] : [n, T], spec.tokenDtype ?? 'I32'),
  };
  if (!spec.omitPosition) tensors.position = intTensor(position, [n], 'I32');
  const metadata = {
    format: 'bae-probes',
    version: '1',
    vocab: JSON.stringify(vocab),
    rows: T === 1 ? 'words' : 'tokens',
    description: spec.description,
  };
  return { tensors, metadata };
}

/** Every fixture model, with the tensors (and their stored values) each file holds. */
export function fixtureModels() {
  return {
    'tiny-mixed': {
      config: {
        layer: 3,
        d: 16,
        expansion: 4,
        bottleneck: 2,
        kind: 'mixed',
        alpha: 1,
        tags: ['tiny'],
      },
      seed: 11,
      dtype: 'F32',
      probes: {
        n: 256,
        window: 6,
        description: 'Random clustered activations with random token windows (fixture).',
      },
    },
    'tiny-vanilla-f16': {
      config: { layer: 1, d: 12, expansion: 2, kind: 'vanilla' },
      seed: 12,
      dtype: 'F16',
      probes: null,
    },
    'tiny-ordered-bf16': {
      config: { layer: 2, d: 8, expansion: 3, kind: 'ordered', beta: 0.5 },
      seed: 13,
      dtype: 'BF16',
      deadFeatures: [3, 10],
      probes: {
        n: 40,
        window: 1,
        tokenDtype: 'I64',
        omitPosition: true,
        flatTokens: true,
        vocab: Array.from({ length: 40 }, (_, i) => `word${i}`),
        description: 'Word rows with I64 ids and no position tensor (fixture).',
      },
    },
    'tiny-combined': {
      config: { layer: 4, d: 8, expansion: 4, bottleneck: 1, kind: 'combined' },
      seed: 14,
      dtype: 'F32',
      probes: null,
    },
    'tiny-biased': {
      config: { layer: 5, d: 10, expansion: 2, kind: 'vanilla', tags: ['v1'] },
      seed: 15,
      dtype: 'F32',
      biased: true,
      probes: {
        n: 64,
        window: 4,
        dtype: 'F16',
        description: 'F16 activations for a biased model (fixture).',
      },
    },
    'tiny-planted': {
      config: { layer: 6, d: 16, expansion: 2, bottleneck: 0.5, kind: 'mixed', tags: ['planted'] },
      seed: 16,
      dtype: 'F32',
      planted: true,
      probes: {
        n: 240,
        window: 1,
        description: 'Planted relations: composites 0/1 read the same features, 2/3 co-fire.',
      },
    },
  };
}

/** Built tensors and metadata for one fixture model. */
export function buildFixtureModel(name) {
  const spec = fixtureModels()[name];
  if (!spec) throw new Error(`no fixture model ${name}`);
  const { config } = spec;
  if (spec.planted) {
    const probes = plantedProbes({ ...spec.probes, d: config.d, seed: spec.seed });
    return { spec, tensors: plantedTensors({ seed: spec.seed }), probes };
  }
  const tensors = modelTensors({
    ...config,
    seed: spec.seed,
    dtype: spec.dtype,
    biased: spec.biased,
    deadFeatures: spec.deadFeatures,
  });
  const probes = spec.probes ? probeSet({ ...spec.probes, d: config.d, seed: spec.seed }) : null;
  return { spec, tensors, probes };
}

/** Every fixture file: repository-relative path → bytes. */
export function fixtureFiles() {
  const files = new Map();
  const add = (path, bytes) => files.set(path, bytes);
  const text = (s) => new TextEncoder().encode(s);
  for (const name of Object.keys(fixtureModels())) {
    const { spec, tensors, probes } = buildFixtureModel(name);
    const dir = `e2e/fixtures/${name}`;
    add(`${dir}/config.json`, text(configText(spec.config)));
    add(`${dir}/model.safetensors`, safetensorsBytes(tensors, { format: 'pt' }));
    if (probes) add(`${dir}/probes.safetensors`, safetensorsBytes(probes.tensors, probes.metadata));
  }

  // Bad inputs.
  const mixed = buildFixtureModel('tiny-mixed');
  const nanTensors = { ...mixed.tensors };
  const left = [...mixed.tensors.left.stored];
  left[5 * 16 + 3] = NaN;
  left[9] = Infinity;
  nanTensors.left = floatTensor(left, mixed.tensors.left.shape, 'F32');
  add('e2e/fixtures/nan-weights/config.json', text(configText(mixed.spec.config)));
  add('e2e/fixtures/nan-weights/model.safetensors', safetensorsBytes(nanTensors, { format: 'pt' }));
  const whole = safetensorsBytes(mixed.tensors, { format: 'pt' });
  add('e2e/fixtures/truncated.safetensors', whole.slice(0, Math.floor(whole.length / 2)));
  const narrow = probeSet({
    n: 10,
    d: 7,
    window: 3,
    seed: 99,
    description: 'Width 7: fits no fixture model.',
  });
  add(
    'e2e/fixtures/wrong-width-probes.safetensors',
    safetensorsBytes(narrow.tensors, narrow.metadata),
  );

  // Manifold CSVs in the reference code's export layout (the manifold-CSV view).
  for (const [path, csv] of Object.entries(manifoldCsvFixtures())) add(path, text(csv));

  // A folder in the paper explorer's static layout (apache-arrow's writer).
  for (const [path, bytes] of explorerFixtureFiles()) add(path, bytes);

  // The placeholder bundled model is the tiny-mixed fixture.
  for (const file of ['config.json', 'model.safetensors', 'probes.safetensors']) {
    add(`public/models/tiny-mixed/${file}`, files.get(`e2e/fixtures/tiny-mixed/${file}`));
  }
  return files;
}

function main() {
  const files = fixtureFiles();
  for (const [path, bytes] of files) {
    const full = join(ROOT, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, bytes);
  }
  console.log(`wrote ${files.size} fixture files`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
