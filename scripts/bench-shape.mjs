// `npm run bench:shape`: the manifold tools' figures in Node (the same core and engine code the
// page runs), printed as JSON: the search over 65,536 rows per keystroke (plain text and a
// regex), a lasso over 65,536 projected points, the best view (weighted PCA in the span of 8
// eigen-coordinates) and the circle fit on 65,536 points, and the circularity of every
// composite of the bundled model: from the analysis's stored eigenvectors (the app's route) and
// by the engine's own eigen route (onnxruntime-web's WASM build, one thread).
import './lib/register-ts.mjs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const { parseManifoldCsv } = await import('../src/core/manifoldCsv.ts');
const { matchRows, parseRowQuery, lassoPoints } = await import('../src/core/manifold/select.ts');
const { bestView } = await import('../src/core/shape/pca.ts');
const { fitCircle } = await import('../src/core/shape/circle.ts');
const { seededRandom } = await import('../src/core/random.ts');
const { openModelFiles } = await import('../src/core/modelFiles.ts');
const { engineWeights } = await import('../src/core/weights.ts');
const { OrtBackend } = await import('../src/compute/runtime.ts');
const { analyse } = await import('../src/compute/analysis/index.ts');
const { circularityAll } = await import('../src/compute/shapes.ts');
const { circularityFromVectors } = await import('../src/core/shape/circularityAll.ts');
const ort = await import('onnxruntime-web/wasm');

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return {
    n: s.length,
    p50: +q(0.5).toFixed(2),
    p95: +q(0.95).toFixed(2),
    max: +s.at(-1).toFixed(2),
  };
};
const time = (f, reps) => {
  const out = [];
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    f(r);
    out.push(performance.now() - t0);
  }
  return stats(out);
};

// Search: the 65k fixture's tokens, as the view keeps them (raw and lowercased once).
const csv = parseManifoldCsv(
  readFileSync(join(root, 'e2e/fixtures/manifold-65k.csv'), 'utf8'),
  'x',
);
const raw = csv.token;
const lower = raw.map((t) => t.toLowerCase());
const typed = ['y', 'ye', 'yea', 'year'];
const search = time((r) => {
  const q = parseRowQuery(typed[r % typed.length]);
  matchRows(
    q,
    raw.length,
    (i) => raw[i],
    (i) => lower[i],
  );
}, 40);
const searchRegex = time(() => {
  matchRows(parseRowQuery('/^\\s*(19|20)\\d\\d/'), raw.length, (i) => raw[i]);
}, 20);

// Lasso: 65,536 points spread over a 1,000-px pane, a 40-vertex star polygon.
const u = seededRandom(3);
const n = 65536;
const xs = Float32Array.from({ length: n }, () => u() * 1000);
const ys = Float32Array.from({ length: n }, () => u() * 800);
const poly = [];
for (let k = 0; k < 40; k++) {
  const a = (2 * Math.PI * k) / 40;
  const r = k % 2 ? 150 : 320;
  poly.push(500 + r * Math.cos(a), 400 + r * Math.sin(a));
}
const lasso = time(() => lassoPoints(xs, ys, n, poly), 20);

// Best view (k = 8) and circle fit on 65,536 points.
const coords = Float32Array.from({ length: n * 8 }, () => u() * 2 - 1);
const w = Float32Array.from({ length: n }, () => u());
const view = time(() => {
  const v = bestView(coords, 8, w, 3);
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = v.coords[i * 3];
    y[i] = v.coords[i * 3 + 1];
  }
  fitCircle(x, y, w);
}, 8);

// Circularity of every composite of the bundled model.
const dir = join(root, 'public/models/words-mixed');
const { model, probes } = openModelFiles({
  name: 'words-mixed',
  config: { fileName: 'config.json', text: readFileSync(join(dir, 'config.json'), 'utf8') },
  weights: {
    fileName: 'model.safetensors',
    bytes: new Uint8Array(readFileSync(join(dir, 'model.safetensors'))),
  },
  probes: {
    fileName: 'probes.safetensors',
    bytes: new Uint8Array(readFileSync(join(dir, 'probes.safetensors'))),
  },
});
const backend = await OrtBackend.create(ort, 'wasm');
const weights = engineWeights(model);
const rowsOf = { activations: probes.activations, n: probes.n };
const a = await analyse(backend, { key: 'bench', modelName: model.name, weights, probes: rowsOf });
const C = a.nComposites;
const m = 100;
const rows = new Int32Array(C * m);
const values = new Float32Array(C * m);
for (let k = 0; k < C; k++) {
  for (let r = 0; r < m; r++) {
    const row = a.probes.topRows[k * a.probes.topK + r];
    rows[k * m + r] = row;
    values[k * m + r] = a.probes.hByComposite[k * a.probes.n + row];
  }
}
const t0 = performance.now();
await circularityAll(
  backend,
  { weights, probes: rowsOf, rows, values, m },
  new AbortController().signal,
  () => {},
);
const circularityMs = performance.now() - t0;
// The app's route: the same score from the eigenvectors the analysis keeps (the shape worker).
const t1 = performance.now();
circularityFromVectors({
  activations: probes.activations,
  d: probes.d,
  dForm: a.dForm,
  n: probes.n,
  rows,
  values,
  m,
  vectors: a.eigenvectors.vectors,
  count: a.eigenvectors.count,
});
const fromVectorsMs = performance.now() - t1;

console.log(
  JSON.stringify(
    {
      date: new Date().toISOString(),
      rows: raw.length,
      searchPlainMsPerKeystroke: search,
      searchRegexMs: searchRegex,
      lassoMs: lasso,
      bestViewPlusCircleMs: view,
      circularityAllComposites: {
        model: model.name,
        C,
        fromStoredEigenvectorsMs: Math.round(fromVectorsMs),
        engineEigenRouteMs: Math.round(circularityMs),
      },
    },
    null,
    2,
  ),
);
