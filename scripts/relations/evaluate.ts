// `npm run relations` (entry: run.mjs): measures, on the bundled model, how well each neighbour
// measure and each atlas layout keeps the model card's themes together — the tables behind the
// defaults in core/relations/measures (docs/engine.md, docs/atlas.md). Runs the engine's real
// analysis (onnxruntime-web's WASM build in Node), then:
//  1. the top-5 neighbours of composites 57, 75, 136 (and 151) under each measure, as the app
//     lists them;
//  2. per measure, over the full C×C similarities (the float64 references of core/relations, which
//     the engine is tested against): the median distance 1 − s (1 − |s| for the forms' cosine)
//     between composites of the same theme group, against the median over all pairs;
//  3. per layout, the same on the 2-D map (Euclidean distance), with the layouts the app computes.
// Prints Markdown. Flags: --model <folder in public/models> (default: the bundled default).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-web/wasm';
import { analyse } from '../../src/compute/analysis/index.ts';
import { OrtBackend, type OrtModule } from '../../src/compute/runtime.ts';
import { knnLayout, umapLayout, UMAP_SETTINGS } from '../../src/compute/umap/layout.ts';
import { fingerprints, FINGERPRINT_DIMS } from '../../src/core/atlas/fingerprint.ts';
import { parseConfig } from '../../src/core/config.ts';
import { autoLabels } from '../../src/core/labels.ts';
import { symmetricEigenTop } from '../../src/core/maths/eigen.ts';
import { buildModel } from '../../src/core/model.ts';
import { parseProbeSet } from '../../src/core/probes.ts';
import { centroidCosine, firingCentroids } from '../../src/core/relations/centroids.ts';
import { coactivation } from '../../src/core/relations/coactivation.ts';
import { knnGraph } from '../../src/core/relations/knnGraph.ts';
import {
  CENTROID_TOP_ROWS,
  LAYOUT_INFO,
  LAYOUT_KINDS,
  MEASURE_INFO,
  OVERLAP_MIN_SHARE,
  OVERLAP_RANK,
  RELATION_MEASURES,
  relationDistance,
  type RelationMeasure,
} from '../../src/core/relations/measures.ts';
import { subspaceOverlap } from '../../src/core/relations/subspaceOverlap.ts';
import { themeSeparation } from '../../src/core/relations/themeSeparation.ts';
import { parseSafetensors } from '../../src/core/safetensors.ts';
import { engineWeights } from '../../src/core/weights.ts';

/**
 * The model card's themes (scripts/train/themes.json) that belong together, by composite: the
 * number-like words (number words, ordinals, months), countries by region, every place theme,
 * the sports, first names.
 */
const GROUPS: Record<string, number[]> = {
  'numbers (57, 75, 151)': [57, 75, 151],
  'countries by region (99, 163, 47)': [99, 163, 47],
  'places (+ states, capitals, provinces)': [20, 99, 163, 47, 111, 116],
  'sports (42, 50, 38, 68, 105, 169, 145)': [42, 50, 38, 68, 105, 169, 145],
  'first names (33, 94)': [33, 94],
};
const LISTED = [57, 75, 136, 151];

const args = process.argv.slice(2);
const root = join(import.meta.dirname, '..', '..');
const modelsDir = join(root, 'public', 'models');
const index = JSON.parse(readFileSync(join(modelsDir, 'index.json'), 'utf8')) as {
  default: string;
};
const name = args.includes('--model') ? args[args.indexOf('--model') + 1]! : index.default;
const dir = join(modelsDir, name);
const read = (f: string) => new Uint8Array(readFileSync(join(dir, f)));
const config = parseConfig(readFileSync(join(dir, 'config.json'), 'utf8'), 'config.json');
const model = buildModel(config, parseSafetensors(read('model.safetensors'), 'model.safetensors'), {
  name,
  configFile: 'config.json',
});
const probes = parseProbeSet(read('probes.safetensors'), 'probes.safetensors', model.dModel);
const C = model.nComposites;
const N = probes.n;
const d = model.dModel;

const backend = await OrtBackend.create(ort as unknown as OrtModule, 'wasm');
const t0 = performance.now();
const a = await analyse(backend, {
  key: name,
  modelName: name,
  weights: engineWeights(model),
  probes: { activations: probes.activations, n: N },
  prefixBasis: model.kind === 'ordered' ? 'trained' : 'importance',
});
const analysisMs = performance.now() - t0;
const p = a.probes!;
const labels = autoLabels(p, probes);
const out: string[] = [];
out.push(`# Relations on ${name} (C = ${C}, N = ${N})`, '');
out.push(
  `Analysis in Node (onnxruntime-web WASM, 1 thread): ${(analysisMs / 1000).toFixed(1)} s, of which relations ${(a.timings.filter((t) => t.phase.startsWith('relations')).reduce((s, t) => s + t.ms, 0) / 1000).toFixed(2)} s.`,
  '',
);

// 1. Neighbour lists as the app shows them.
out.push('## Top-5 neighbours', '');
for (const k of LISTED) {
  out.push(`**${k}** (${labels[k]})`, '');
  out.push('| measure | neighbours (id: automatic label, similarity) | close? |', '|---|---|---|');
  for (const m of RELATION_MEASURES) {
    const t = a.relations.tables[m];
    if (!t) continue;
    const list: string[] = [];
    for (let r = 0; r < 5; r++) {
      const j = t.index[k * t.k + r]!;
      const s = t.similarity[k * t.k + r]!;
      list.push(`${j}: ${labels[j]} ${s >= 0 ? '+' : ''}${s.toFixed(3)}`);
    }
    out.push(
      `| ${MEASURE_INFO[m].label} | ${list.join('; ')} | ${t.isolated[k] ? 'none ≥ floor' : 'yes'} |`,
    );
  }
  out.push('');
}

// 2. Theme separation of each measure over all pairs (float64 references).
const xhat = new Float64Array(N * d);
for (let t = 0; t < N; t++) {
  let s = 0;
  for (let q = 0; q < d; q++) s += probes.activations[t * d + q]! ** 2;
  for (let q = 0; q < d; q++) xhat[t * d + q] = probes.activations[t * d + q]! / Math.sqrt(s);
}
const sims: Partial<Record<RelationMeasure, Float64Array>> = {};
sims.coactivation = coactivation(p.hByComposite, C, N, new Float64Array(C * C))
  .corr as Float64Array;
const { centroids } = firingCentroids(
  p.hByComposite,
  C,
  N,
  xhat,
  d,
  CENTROID_TOP_ROWS,
  true,
  new Float64Array(C * d),
);
sims.centroid = centroidCosine(centroids, C, d, new Float64Array(C * C)).cosine as Float64Array;
// Forms in float64 from the weights: B_k = ½ Σ_j D_kj (l_j r_jᵀ + r_j l_jᵀ).
const F = model.nFeatures;
const forms: Float64Array[] = [];
for (let k = 0; k < C; k++) {
  const b = new Float64Array(d * d);
  for (let j = 0; j < F; j++) {
    const c = model.down ? model.down[k * F + j]! : j === k ? 1 : 0;
    if (c === 0) continue;
    for (let x = 0; x < d; x++) {
      const lx = model.left[j * d + x]!;
      const rx = model.right[j * d + x]!;
      for (let y = 0; y < d; y++) {
        b[x * d + y] =
          b[x * d + y]! + 0.5 * c * (lx * model.right[j * d + y]! + rx * model.left[j * d + y]!);
      }
    }
  }
  forms.push(b);
}
const U = new Float64Array(C * OVERLAP_RANK * d);
const ranks = new Int32Array(C);
forms.forEach((b, k) => {
  const e = symmetricEigenTop(b, d, OVERLAP_RANK);
  U.set(e.topVectors, k * OVERLAP_RANK * d);
  const big = Math.abs(e.topValues[0] ?? 0);
  let r = 0;
  while (r < OVERLAP_RANK && Math.abs(e.topValues[r]!) >= OVERLAP_MIN_SHARE * big && big > 0) r++;
  ranks[k] = r;
});
sims.overlap = subspaceOverlap(
  U,
  C,
  OVERLAP_RANK,
  d,
  ranks,
  new Float64Array(C * C),
) as Float64Array;
const norms = forms.map((b) => Math.sqrt(b.reduce((s, v) => s + v * v, 0)));
sims.forms = new Float64Array(C * C);
for (let i = 0; i < C; i++) {
  for (let j = 0; j < C; j++) {
    let s = 0;
    const bi = forms[i]!;
    const bj = forms[j]!;
    for (let q = 0; q < d * d; q++) s += bi[q]! * bj[q]!;
    sims.forms[i * C + j] = s / (norms[i]! * norms[j]!);
  }
}
const groups = Object.values(GROUPS);
const groupNames = Object.keys(GROUPS);
out.push('## Neighbour measures: median distance within theme groups against all pairs', '');
out.push(
  'Distance 1 − s (1 − |s| for the cosine of forms) over all C×C pairs; each cell: median within the group, and its ratio to the median over all pairs (smaller = the group sits closer than a typical pair).',
  '',
);
out.push(
  `| measure | all pairs | ${groupNames.join(' | ')} | mean ratio |`,
  `|---|---:|${groupNames.map(() => '---:').join('|')}|---:|`,
);
for (const m of RELATION_MEASURES) {
  const s = sims[m]!;
  const sep = themeSeparation(
    { n: C, distance: (i, j) => relationDistance(m, s[i * C + j]!) },
    groups,
  );
  const mean = sep.ratio.reduce((x, y) => x + y, 0) / sep.ratio.length;
  out.push(
    `| ${MEASURE_INFO[m].label} | ${sep.all.toFixed(3)} | ${[...sep.within].map((w, g) => `${w.toFixed(3)} (${sep.ratio[g]!.toFixed(2)})`).join(' | ')} | **${mean.toFixed(2)}** |`,
  );
}
out.push('');

// 3. Layouts as the app computes them.
out.push('## Atlas layouts: median distance on the map within theme groups against all pairs', '');
out.push(
  `UMAP (umap-js, seeded as in the app, ${UMAP_SETTINGS.nNeighbors} neighbours); Euclidean distance in UMAP units.`,
  '',
);
out.push(
  `| layout | all pairs | ${groupNames.join(' | ')} | mean ratio | UMAP s |`,
  `|---|---:|${groupNames.map(() => '---:').join('|')}|---:|---:|`,
);
for (const kind of LAYOUT_KINDS) {
  const m = LAYOUT_INFO[kind].measure;
  const t1 = performance.now();
  const xy =
    m === null
      ? umapLayout(fingerprints(a.spectra, C, a.spectrumK, a.frobenius2), C, FINGERPRINT_DIMS)
      : knnLayout(knnGraph(a.relations.tables[m]!, m, C, UMAP_SETTINGS.nNeighbors), C);
  const ms = performance.now() - t1;
  const sep = themeSeparation({ points: xy!, dims: 2 }, groups);
  const mean = sep.ratio.reduce((x, y) => x + y, 0) / sep.ratio.length;
  out.push(
    `| ${LAYOUT_INFO[kind].label} | ${sep.all.toFixed(2)} | ${[...sep.within].map((w, g) => `${w.toFixed(2)} (${sep.ratio[g]!.toFixed(2)})`).join(' | ')} | **${mean.toFixed(2)}** | ${(ms / 1000).toFixed(1)} |`,
  );
}
out.push('');
console.log(out.join('\n'));
