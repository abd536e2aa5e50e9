// The relations phase on the real onnxruntime-web (WASM, in Node) against float64 references,
// on the planted-relations fixture (tiny-planted: composites 0 and 1 read the same features, 2
// and 3 co-fire on the same rows with orthogonal forms): every measure's neighbour values and
// order, the floor flags, the planted partners, the kept eigenvectors; the approximate route
// (above the exact limit) still finds the planted partners; the Lanczos route's eigenvectors
// give the explicit route's overlaps.
import * as ort from 'onnxruntime-web/wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Analysis, NeighbourTable } from '../../core/analysis';
import { fixSign, orderByMagnitude } from '../../core/maths/eigen';
import { jacobiEigen } from '../../core/maths/testReference';
import type { BaeModel } from '../../core/model';
import { openModelFiles } from '../../core/modelFiles';
import type { ProbeSet } from '../../core/probes';
import { centroidCosine, firingCentroids } from '../../core/relations/centroids';
import { coactivation } from '../../core/relations/coactivation';
import {
  CENTROID_TOP_ROWS,
  MEASURE_INFO,
  OVERLAP_MIN_SHARE,
  OVERLAP_RANK,
  type RelationMeasure,
} from '../../core/relations/measures';
import { subspaceOverlap } from '../../core/relations/subspaceOverlap';
import { engineWeights } from '../../core/weights';
import { encodeRow, formGram, formOf, inputVector } from '../../test/baeReference';
import { readFixture, readFixtureText } from '../../test/fixtures';
import { analyse, type AnalyseOptions } from '.';
import { OrtBackend } from '../runtime';

let backend: OrtBackend;
beforeAll(async () => {
  backend = await OrtBackend.create(ort, 'wasm');
});

function planted(): { model: BaeModel; probes: ProbeSet } {
  const dir = 'e2e/fixtures/tiny-planted';
  const opened = openModelFiles({
    name: 'tiny-planted',
    config: { fileName: 'config.json', text: readFixtureText(`${dir}/config.json`) },
    weights: { fileName: 'model.safetensors', bytes: readFixture(`${dir}/model.safetensors`) },
    probes: { fileName: 'probes.safetensors', bytes: readFixture(`${dir}/probes.safetensors`) },
  });
  return { model: opened.model, probes: opened.probes! };
}

function run(model: BaeModel, probes: ProbeSet, options: Partial<AnalyseOptions> = {}) {
  return analyse(
    backend,
    {
      key: 'test',
      modelName: model.name,
      weights: engineWeights(model),
      probes: { activations: probes.activations, n: probes.n },
    },
    options,
  );
}

/**
 * A table against a full float64 similarity matrix: each listed neighbour's value within `tol`
 * of the reference, the list in the measure's order (up to `tol`), every other composite listed
 * (k = C − 1 here), and the isolated flag from the floor.
 */
function expectTable(
  t: NeighbourTable | undefined,
  ref: ArrayLike<number>,
  C: number,
  m: RelationMeasure,
  tol: number,
) {
  expect(t, `${m} table`).toBeDefined();
  const table = t!;
  const info = MEASURE_INFO[m];
  const key = (v: number) => (info.rank === 'absolute' ? Math.abs(v) : v);
  expect(table.k).toBe(C - 1);
  expect(table.approximation).toBeNull();
  for (let i = 0; i < C; i++) {
    const listed = Array.from(table.index.subarray(i * table.k, (i + 1) * table.k));
    const finite = Array.from({ length: C }, (_, j) => j).filter(
      (j) => j !== i && !Number.isNaN(ref[i * C + j] as number),
    );
    expect(new Set(listed.filter((j) => j >= 0)), `${m}: neighbours of ${i}`).toEqual(
      new Set(finite),
    );
    let previous = Infinity;
    let close = 0;
    listed.forEach((j, r) => {
      if (j < 0) return;
      const got = table.similarity[i * table.k + r] as number;
      const want = ref[i * C + j] as number;
      expect(Math.abs(got - want), `${m}(${i}, ${j}) = ${got}, reference ${want}`).toBeLessThan(
        tol,
      );
      expect(key(want)).toBeLessThanOrEqual(previous + 2 * tol);
      previous = key(want);
      if (key(want) >= info.floor) close++;
    });
    expect(table.isolated[i], `${m}: isolated flag of ${i}`).toBe(close === 0 ? 1 : 0);
  }
}

/** Reference eigenvectors of composite k: [r, n] by |λ| (fixSign), and their eigenvalues. */
function refEigen(model: BaeModel, k: number, n: number) {
  const { values, vectors } = jacobiEigen(formOf(model, k), n);
  const order = orderByMagnitude(values);
  const top = new Float64Array(OVERLAP_RANK * n);
  const lambdas: number[] = [];
  for (let t = 0; t < OVERLAP_RANK; t++) {
    const j = order[t] as number;
    lambdas.push(values[j] as number);
    const v = new Float64Array(n);
    for (let a = 0; a < n; a++) v[a] = vectors[a * n + j] as number;
    top.set(fixSign(v), t * n);
  }
  return { top, lambdas };
}

describe('relations on the planted fixture (explicit route)', () => {
  let a: Analysis;
  const { model, probes } = planted();
  const C = model.nComposites;
  const N = probes.n;
  const d = model.dModel;
  beforeAll(async () => {
    a = await run(model, probes);
  });

  it('co-activation: Pearson r of the float64 reference h, to 1e-5; 2 and 3 are partners', () => {
    const h = new Float64Array(C * N);
    for (let t = 0; t < N; t++) {
      const row = encodeRow(model, probes.activations.subarray(t * d, (t + 1) * d)).h;
      row.forEach((v, k) => (h[k * N + t] = v));
    }
    const ref = coactivation(h, C, N, new Float64Array(C * C)).corr;
    expectTable(a.relations.tables.coactivation, ref, C, 'coactivation', 1e-5);
    const t = a.relations.tables.coactivation!;
    expect(t.index[2 * t.k], 'the planted co-firing partner of 2').toBe(3);
    expect(t.index[3 * t.k], 'the planted co-firing partner of 3').toBe(2);
    expect(t.similarity[2 * t.k]).toBeGreaterThan(0.8);
  });

  it('firing centroid: cosine of the float64 centroids (top 50, centred), to 1e-5', () => {
    const xhat = new Float64Array(N * d);
    for (let t = 0; t < N; t++)
      xhat.set(inputVector(model, probes.activations.subarray(t * d, (t + 1) * d)), t * d);
    // Rows are selected by the engine's h (its agreement with float64 is analysis.test.ts's).
    const { centroids } = firingCentroids(
      a.probes!.hByComposite,
      C,
      N,
      xhat,
      d,
      CENTROID_TOP_ROWS,
      true,
      new Float64Array(C * d),
    );
    const ref = centroidCosine(centroids, C, d, new Float64Array(C * C)).cosine;
    expectTable(a.relations.tables.centroid, ref, C, 'centroid', 1e-5);
    const t = a.relations.tables.centroid!;
    expect(t.index[0], 'composites reading the same features read the same inputs').toBe(1);
    expect(t.index[2 * t.k]).toBe(3);
  });

  it('subspace overlap: from float64 eigenvectors (Jacobi), to 1e-4; 0 and 1 share theirs', () => {
    const n = a.dForm;
    const U = new Float64Array(C * OVERLAP_RANK * n);
    const ranks = new Int32Array(C);
    for (let k = 0; k < C; k++) {
      const { top, lambdas } = refEigen(model, k, n);
      U.set(top, k * OVERLAP_RANK * n);
      const big = Math.abs(lambdas[0] ?? 0);
      ranks[k] = lambdas.findIndex((l) => !(Math.abs(l) >= OVERLAP_MIN_SHARE * big));
      if (ranks[k] === -1) ranks[k] = OVERLAP_RANK;
    }
    const ref = subspaceOverlap(U, C, OVERLAP_RANK, n, ranks, new Float64Array(C * C));
    expectTable(a.relations.tables.overlap, ref, C, 'overlap', 1e-4);
    const t = a.relations.tables.overlap!;
    expect(t.index[0]).toBe(1);
    expect(t.index[1 * t.k]).toBe(0);
    // The kept eigenvectors (one store: the overlap's r, the default axes, the token view's
    // projections) are the reference's top OVERLAP_RANK, where their eigenvalue is separated.
    const axes = a.eigenvectors!;
    expect(axes.count).toBe(OVERLAP_RANK);
    for (let k = 0; k < C; k++) {
      const { top } = refEigen(model, k, n);
      const all = jacobiEigen(formOf(model, k), n).values;
      const lambdas = orderByMagnitude(all).map((j) => all[j] as number);
      let checked = 0;
      for (let t = 0; t < OVERLAP_RANK; t++) {
        const gap = Math.min(
          Math.abs(Math.abs(lambdas[t]!) - Math.abs(lambdas[t + 1] ?? 0)),
          t > 0 ? Math.abs(Math.abs(lambdas[t]!) - Math.abs(lambdas[t - 1]!)) : Infinity,
        );
        if (gap < 1e-3 * Math.abs(lambdas[0]!)) continue;
        checked++;
        for (let q = 0; q < n; q++) {
          expect(
            Math.abs(
              (axes.vectors[(k * OVERLAP_RANK + t) * n + q] as number) - (top[t * n + q] as number),
            ),
            `eigenvector ${t} of composite ${k}`,
          ).toBeLessThan(1e-4);
        }
      }
      expect(checked, `composite ${k}: no separated eigenvector was checked`).toBeGreaterThan(0);
    }
  });

  it('cosine of forms: from the explicit float64 Gram matrix, ranked by |cos|', () => {
    const g = formGram(model);
    const ref = Float64Array.from({ length: C * C }, (_, t) => {
      const i = Math.floor(t / C);
      const j = t % C;
      return (g[t] as number) / Math.sqrt((g[i * C + i] as number) * (g[j * C + j] as number));
    });
    expectTable(a.relations.tables.forms, ref, C, 'forms', 1e-5);
    const t = a.relations.tables.forms!;
    expect(t.index[0]).toBe(1);
    // 2 and 3 co-fire, but their forms are orthogonal.
    expect(Math.abs(ref[2 * C + 3] as number)).toBeLessThan(0.1);
    expect(a.relations.missing).toEqual({});
  });
});

describe('relations beyond the exact limit, and from other routes', () => {
  it('the approximate route says so and still finds the planted partners', async () => {
    const { model, probes } = planted();
    const a = await run(model, probes, { exactRelationsMaxC: 4 });
    const t = a.relations.tables;
    for (const m of ['coactivation', 'centroid', 'overlap'] as const) {
      expect(t[m]?.approximation, m).toMatch(/above the exact limit/);
    }
    expect(t.coactivation!.index[2 * t.coactivation!.k]).toBe(3);
    expect(t.coactivation!.index[3 * t.coactivation!.k]).toBe(2);
    expect(t.centroid!.index[0]).toBe(1);
    expect(t.overlap!.index[0]).toBe(1);
    expect(a.notes.join(' ')).toMatch(/neighbours are approximate/);
  });

  it('Lanczos (d steps) and explicit routes give the same overlaps', async () => {
    const { model, probes } = planted();
    const explicit = await run(model, probes);
    const lanczos = await run(model, probes, { route: 'lanczos', lanczosSteps: model.dModel });
    const a = explicit.relations.tables.overlap!;
    const b = lanczos.relations.tables.overlap!;
    for (let i = 0; i < model.nComposites; i++) {
      const value = (t: NeighbourTable, j: number) => {
        for (let r = 0; r < t.k; r++)
          if (t.index[i * t.k + r] === j) return t.similarity[i * t.k + r]!;
        return NaN;
      };
      for (let j = 0; j < model.nComposites; j++) {
        if (j === i) continue;
        expect(Math.abs(value(a, j) - value(b, j)), `overlap(${i}, ${j})`).toBeLessThan(1e-3);
      }
    }
  });

  it('without a probe set, co-activation and centroids are missing with the reason', async () => {
    const { model } = planted();
    const a = await analyse(backend, {
      key: 'x',
      modelName: 'x',
      weights: engineWeights(model),
      probes: null,
    });
    expect(a.relations.tables.coactivation).toBeUndefined();
    expect(a.relations.missing.centroid).toMatch(/probe set/);
    expect(a.relations.tables.overlap).toBeDefined();
  });
});
