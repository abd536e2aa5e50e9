// Every route of the engine, run on the real onnxruntime-web (WASM build, in Node), against the
// plain float64 reference (src/test/baeReference.ts) on the fixture models of every kind:
// features/composites, reconstruction error and its prefix curve, spectra, each statistic,
// neighbours, the latent view's eigenvectors and projections; plus cancellation and edge cases.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-web/wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Analysis } from '../../core/analysis';
import { compositeId } from '../../core/ids';
import { orderByMagnitude } from '../../core/maths/eigen';
import { jacobiEigen } from '../../core/maths/testReference';
import type { BaeModel } from '../../core/model';
import { openModelFiles } from '../../core/modelFiles';
import type { ProbeSet } from '../../core/probes';
import {
  augmented,
  encodeRow,
  formGram,
  formOf,
  inputVector,
  quadraticVariance,
  reconErrorBrute,
} from '../../test/baeReference';
import { REPO_ROOT, readFixture, readFixtureText } from '../../test/fixtures';
import { analyse, type AnalyseOptions } from '.';
import { compositeEigen, latentDetail } from '../latent';
import { formsGraph } from '../graphs';
import { OrtBackend } from '../runtime';
import { engineWeights } from '../../core/weights';

let backend: OrtBackend;
beforeAll(async () => {
  backend = await OrtBackend.create(ort, 'wasm');
});

function fixture(name: string): { model: BaeModel; probes: ProbeSet | null } {
  const dir = `e2e/fixtures/${name}`;
  const probes = existsSync(join(REPO_ROOT, dir, 'probes.safetensors'))
    ? { fileName: 'probes.safetensors', bytes: readFixture(`${dir}/probes.safetensors`) }
    : null;
  return openModelFiles({
    name,
    config: { fileName: 'config.json', text: readFixtureText(`${dir}/config.json`) },
    weights: { fileName: 'model.safetensors', bytes: readFixture(`${dir}/model.safetensors`) },
    probes,
  });
}

function run(model: BaeModel, probes: ProbeSet | null, options: Partial<AnalyseOptions> = {}) {
  return analyse(
    backend,
    {
      key: 'test',
      modelName: model.name,
      weights: engineWeights(model),
      probes: probes ? { activations: probes.activations, n: probes.n } : null,
      prefixBasis: model.kind === 'ordered' ? 'trained' : 'importance',
    },
    options,
  );
}

function row(p: ProbeSet, i: number): Float32Array {
  return p.activations.subarray(i * p.d, (i + 1) * p.d);
}

/** Reference eigenvalues of composite k, by descending |λ|. */
function refSpectrum(model: BaeModel, k: number): number[] {
  const n = augmented(model).dForm;
  const values = jacobiEigen(formOf(model, k), n).values;
  return Array.from(orderByMagnitude(values), (i) => values[i] ?? NaN);
}

// The statistics' definitions written out again here (DESIGN.md §2), independently of
// core/stats, so the engine's numbers are checked against the formulas, not against the code
// the engine calls.
function refRank(eigenvalues: number[]): number {
  const mass = eigenvalues.reduce((s, v) => s + Math.abs(v), 0);
  const energy = eigenvalues.reduce((s, v) => s + v * v, 0);
  return energy === 0 ? NaN : (mass * mass) / energy;
}

function refCaptured(eigenvalues: number[]): number {
  const mags = eigenvalues.map(Math.abs).sort((a, b) => b - a);
  const total = mags.reduce((s, v) => s + v, 0);
  return total === 0 ? NaN : (mags.slice(0, 3).reduce((s, v) => s + v, 0) ?? 0) / total;
}

function refHoyer(values: number[]): number {
  const n = values.length;
  const l1 = values.reduce((s, v) => s + Math.abs(v), 0);
  const l2 = Math.hypot(...values);
  return n < 2 || l2 === 0 ? NaN : (l1 / l2 - 1) / (Math.sqrt(n) - 1);
}

function maxAbs(values: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) m = Math.max(m, Math.abs(values[i] ?? 0));
  return m;
}

/** |a − b| ≤ tol for every entry, with a message naming the first failure. */
function expectClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  tol: number,
  what: string,
) {
  expect(actual.length, `${what}: length`).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i] ?? NaN;
    const e = expected[i] ?? NaN;
    if (Number.isNaN(e) && Number.isNaN(a)) continue;
    if (!(Math.abs(a - e) <= tol)) {
      throw new Error(`${what}[${i}] = ${a}, reference ${e} (tolerance ${tol})`);
    }
  }
}

function expectCloseOrBothNaN(actual: number, expected: number, tol: number, what: string) {
  if (Number.isNaN(expected)) expect(actual, what).toBeNaN();
  else expect(Math.abs(actual - expected), what).toBeLessThan(tol);
}

function checkAgainstReference(model: BaeModel, probes: ProbeSet | null, a: Analysis) {
  const C = model.nComposites;
  const K = a.spectrumK;
  // Spectra: every eigenvalue (all routes here are exact), signed, by |λ|.
  let scale = 0;
  for (let k = 0; k < C; k++) {
    const ref = refSpectrum(model, k);
    scale = Math.max(scale, maxAbs(ref));
    const got = Array.from(a.spectra.subarray(k * K, (k + 1) * K));
    expectClose(
      got,
      ref.slice(0, K),
      2e-5 * Math.max(1e-3, maxAbs(ref)),
      `spectrum of composite ${k}`,
    );
    expectCloseOrBothNaN(a.rank[k] ?? NaN, refRank(ref), 1e-3, `rank of ${k}`);
    expectCloseOrBothNaN(a.captured[k] ?? NaN, refCaptured(ref), 1e-4, `captured of ${k}`);
  }
  // Importance: ‖B_k‖²_F against the explicit forms, then normalised to mean 1.
  const gram = formGram(model);
  const frob = Array.from({ length: C }, (_, k) => gram[k * C + k] ?? 0);
  expectClose(a.frobenius2, frob, 1e-5 * maxAbs(frob), 'frobenius2');
  const mean = frob.reduce((s, v) => s + v, 0) / C;
  expectClose(
    a.importance,
    frob.map((v) => v / mean),
    1e-4,
    'importance',
  );
  // Neighbours by the cosine of forms, from the explicit Gram matrix (the other measures are
  // checked in relations.test.ts).
  expect(a.relations.tables.forms).toBeDefined();
  const nb = a.relations.tables.forms!;
  for (let k = 0; k < C; k++) {
    if ((gram[k * C + k] ?? 0) === 0) {
      // A zero form (a dead feature's composite) has no direction, so no neighbours.
      expect(nb.index[k * nb.k], `zero form ${k} has no neighbour`).toBe(-1);
      continue;
    }
    const cos = Array.from(
      { length: C },
      (_, j) => (gram[k * C + j] ?? 0) / Math.sqrt((gram[k * C + k] ?? 0) * (gram[j * C + j] ?? 0)),
    );
    const order = cos
      .map((c, j) => [j === k || Number.isNaN(c) ? -1 : Math.abs(c), j] as const)
      .sort((x, y) => y[0] - x[0]);
    const first = order[0]!;
    expect(nb.index[k * nb.k], `nearest neighbour of ${k}`).toBe(first[1]);
    expect(nb.similarity[k * nb.k] ?? NaN).toBeCloseTo(cos[first[1]] ?? NaN, 4);
  }
  if (!probes) return scale;
  const p = a.probes!;
  const N = probes.n;
  // Composites of every row, density, top rows.
  const href: number[][] = [];
  for (let i = 0; i < N; i++) href.push(encodeRow(model, row(probes, i)).h);
  const hScale = maxAbs(href.flat());
  for (let k = 0; k < C; k++) {
    const col = href.map((h) => h[k] ?? 0);
    expectClose(
      p.hByComposite.subarray(k * N, (k + 1) * N),
      col,
      2e-5 * hScale,
      `h of composite ${k}`,
    );
    expectCloseOrBothNaN(p.density[k] ?? NaN, refHoyer(col), 1e-4, `density of ${k}`);
    const best = col.map((v, i) => [v, i] as const).sort((x, y) => y[0] - x[0])[0]!;
    expect(p.topRows[k * p.topK], `top row of composite ${k}`).toBe(best[1]);
    const worst = col.map((v, i) => [v, i] as const).sort((x, y) => x[0] - y[0])[0]!;
    expect(p.bottomRows[k * p.topK]).toBe(worst[1]);
    let total = 0;
    for (let b = 0; b < p.histogram.bins; b++)
      total += p.histogram.counts[k * p.histogram.bins + b] ?? 0;
    expect(total).toBe(N);
  }
  // Reconstruction error per row and the prefix curve, against the brute-force matrices.
  for (let i = 0; i < Math.min(N, 12); i++) {
    const e = reconErrorBrute(model, row(probes, i));
    expect(Math.abs((p.rowError?.[i] ?? NaN) - e), `error of row ${i}`).toBeLessThan(
      1e-4 * Math.max(1, e),
    );
  }
  // The prefix adds composites in index order for the ordered kind, else by importance.
  const order = Array.from(p.prefixOrder ?? []);
  expect(p.prefixBasis).toBe(model.kind === 'ordered' ? 'trained' : 'importance');
  if (model.kind === 'ordered') expect(order).toEqual(order.map((_, i) => i));
  else {
    for (let i = 1; i < C; i++) {
      expect(frob[order[i] ?? 0] ?? 0).toBeLessThanOrEqual(
        (frob[order[i - 1] ?? 0] ?? 0) * (1 + 1e-5),
      );
    }
  }
  for (const k of [0, Math.floor(C / 2), C - 1]) {
    let s = 0;
    for (let i = 0; i < N; i++) s += reconErrorBrute(model, row(probes, i), order.slice(0, k + 1));
    expect(Math.abs((p.prefixError?.[k] ?? NaN) - s / N), `prefix error at k=${k}`).toBeLessThan(
      1e-4 * (s / N),
    );
  }
  // Variance of the quadratic inputs (denominator of the variance explained).
  const rows = Array.from({ length: N }, (_, i) => row(probes, i));
  const variance = quadraticVariance(model, rows);
  expect(Math.abs(p.varianceTotal - variance), 'variance of x̃x̃ᵀ').toBeLessThan(1e-5 * variance);
  // Feature densities from the reference features.
  const F = model.nFeatures;
  const fref: number[][] = [];
  for (let i = 0; i < N; i++) fref.push(encodeRow(model, row(probes, i)).f);
  for (let j = 0; j < F; j += Math.max(1, Math.floor(F / 8))) {
    expectCloseOrBothNaN(
      p.featureDensity[j] ?? NaN,
      refHoyer(fref.map((f) => f[j] ?? 0)),
      1e-4,
      `feature density of ${j}`,
    );
  }
  return scale;
}

describe('analyse() against the float64 reference', () => {
  it('mixed, F32 (explicit route)', async () => {
    const { model, probes } = fixture('tiny-mixed');
    const a = await run(model, probes);
    expect(a.route).toBe('explicit');
    expect(a.spectrumComplete).toBe(true);
    expect(a.probes?.inputNorm4).toBe(1);
    checkAgainstReference(model, probes, a);
  });

  it('vanilla v1 biased (augmented (d+1)-forms; ‖x̃‖⁴ = 4)', async () => {
    const { model, probes } = fixture('tiny-biased');
    const a = await run(model, probes);
    expect(a.dForm).toBe(model.dModel + 1);
    expect(a.route).toBe('lowrank');
    expect(a.probes?.inputNorm4).toBe(4);
    checkAgainstReference(model, probes, a);
  });

  it('ordered, BF16 weights, word rows (low-rank route: every composite is one feature)', async () => {
    const { model, probes } = fixture('tiny-ordered-bf16');
    const a = await run(model, probes);
    expect(a.route).toBe('lowrank');
    expect(a.supportKind).toBe('one');
    checkAgainstReference(model, probes, a);
  });

  it('combined, without a probe set', async () => {
    const { model } = fixture('tiny-combined');
    const a = await run(model, null);
    expect(a.probes).toBeNull();
    checkAgainstReference(model, null, a);
  });
});

describe('the spectral routes agree', () => {
  it('Lanczos with d steps gives the explicit spectra', async () => {
    const { model } = fixture('tiny-mixed');
    const a = await run(model, null, {
      route: 'lanczos',
      lanczosSteps: model.dModel,
      spectrumKeep: 8,
    });
    expect(a.route).toBe('lanczos');
    expect(a.spectrumK).toBe(8);
    for (let k = 0; k < model.nComposites; k++) {
      const ref = refSpectrum(model, k).slice(0, 8);
      expectClose(
        a.spectra.subarray(k * 8, (k + 1) * 8),
        ref,
        1e-4 * maxAbs(ref),
        `Lanczos spectrum ${k}`,
      );
    }
  });

  it('truncated Lanczos (steps < d′) keeps each Ritz value within its residual bound', async () => {
    const { model } = fixture('tiny-mixed');
    const steps = 8;
    expect(steps).toBeLessThan(model.dModel);
    const a = await run(model, null, { route: 'lanczos', lanczosSteps: steps, spectrumKeep: 4 });
    expect(a.spectrumK).toBe(4);
    const residual = a.spectraResidual!;
    expect(residual).not.toBeNull();
    const converged = [0, 0, 0, 0];
    for (let k = 0; k < model.nComposites; k++) {
      const ref = refSpectrum(model, k);
      const scale = maxAbs(ref);
      // float32 products: the bound holds up to rounding of order 1e-5‖B‖.
      const slack = 2e-5 * scale;
      for (let i = 0; i < 4; i++) {
        const theta = a.spectra[k * 4 + i] ?? NaN;
        const r = residual[k * 4 + i] ?? NaN;
        expect(Number.isFinite(theta) && Number.isFinite(r), `composite ${k}, Ritz ${i}`).toBe(
          true,
        );
        // Some eigenvalue lies within the residual bound of every Ritz value …
        const gap = Math.min(...ref.map((l) => Math.abs(l - theta)));
        expect(gap, `composite ${k}: Ritz value ${theta} vs its bound ${r}`).toBeLessThanOrEqual(
          r + slack,
        );
        // … and a converged one is the eigenvalue of the same |λ| rank.
        if (r < 1e-4 * scale) {
          converged[i]!++;
          expect(Math.abs(theta - (ref[i] ?? NaN)), `composite ${k}, λ${i + 1}`).toBeLessThan(
            1e-3 * scale,
          );
        }
      }
    }
    // With 8 of 16 steps the largest |λ| has converged (bound < 1e-4‖B‖) for many composites,
    // so the second check above ran.
    expect(converged[0]).toBeGreaterThan(model.nComposites / 4);
  });

  it('a sparse down takes the exact low-rank route, equal to the explicit one', async () => {
    const { model } = fixture('tiny-mixed');
    const F = model.nFeatures;
    const down = new Float32Array(model.down!.length);
    // Two features per composite: sparse, so support counts them.
    for (let k = 0; k < model.nComposites; k++) {
      down[k * F + ((3 * k) % F)] = 1.5;
      down[k * F + ((3 * k + 7) % F)] = -0.75;
    }
    const sparse: BaeModel = { ...model, down };
    const low = await run(sparse, null);
    expect(low.route).toBe('lowrank');
    expect(low.supportKind).toBe('count');
    expect(Array.from(low.support.slice(0, 3))).toEqual([2, 2, 2]);
    const explicit = await run(sparse, null, { route: 'explicit' });
    expectClose(low.spectra, explicit.spectra, 1e-5, 'low-rank vs explicit spectra');
    checkAgainstReference(sparse, null, low);
  });
});

describe('latent detail', () => {
  it('gives eigenvectors of the reference form and the projections x̃·u', async () => {
    for (const name of ['tiny-mixed', 'tiny-biased']) {
      const { model, probes } = fixture(name);
      const w = engineWeights(model);
      const forms = w.down ? await backend.session(formsGraph({ ...w, down: w.down })) : null;
      const k = compositeId(3);
      const eig = await compositeEigen(w, k, forms);
      const detail = latentDetail(w, k, eig, [0, 1, 4], probes);
      const n = w.dForm;
      const b = formOf(model, k);
      const ref = refSpectrum(model, k);
      expectClose(detail.values, ref, 2e-5 * maxAbs(ref), `${name} values`);
      detail.axes.forEach((axis, c) => {
        const u = detail.vectors.subarray(c * n, (c + 1) * n);
        const lambda = detail.values[axis] ?? NaN;
        if (lambda === 0) {
          // Beyond the rank of a low-rank form (no `down`): no direction, a zero axis.
          expect(w.down, `${name}: only low-rank forms have exact zero eigenvalues`).toBeNull();
          expect(Array.from(u).every((v) => v === 0)).toBe(true);
          return;
        }
        let res = 0;
        for (let i = 0; i < n; i++) {
          let s = 0;
          for (let j = 0; j < n; j++) s += (b[i * n + j] ?? 0) * (u[j] ?? 0);
          res += (s - lambda * (u[i] ?? 0)) ** 2;
        }
        expect(Math.sqrt(res), `${name}: B u = λ u for axis ${axis}`).toBeLessThan(
          1e-4 * maxAbs(ref),
        );
        // Sign convention: the largest-|.| component is positive.
        let big = 0;
        for (let i = 0; i < n; i++) if (Math.abs(u[i] ?? 0) > Math.abs(u[big] ?? 0)) big = i;
        expect(u[big] ?? 0).toBeGreaterThan(0);
        for (const r of [0, 5, 17]) {
          const xt = inputVector(model, row(probes!, r));
          const dot = xt.reduce((s, v, i) => s + v * (u[i] ?? 0), 0);
          expect(detail.xyz?.[r * 3 + c] ?? NaN).toBeCloseTo(dot, 5);
        }
      });
      await forms?.release();
    }
  });
});

describe('edge cases', () => {
  it('cancellation rejects with an AbortError', async () => {
    const { model, probes } = fixture('tiny-mixed');
    await expect(
      analyse(
        backend,
        {
          key: 'x',
          modelName: 'x',
          weights: engineWeights(model),
          probes: { activations: probes!.activations, n: probes!.n },
        },
        {},
        { signal: AbortSignal.abort() },
      ),
    ).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('a one-row probe set and an all-zero form give NaN statistics, not a crash', async () => {
    const { model, probes } = fixture('tiny-mixed');
    const down = model.down!.slice();
    down.fill(0, 0, model.nFeatures); // composite 0 reads nothing
    const zero: BaeModel = { ...model, down };
    const one: ProbeSet = {
      ...probes!,
      n: 1,
      activations: probes!.activations.subarray(0, model.dModel),
    };
    const a = await run(zero, one);
    expect(Number.isNaN(a.probes?.density[1] ?? 0)).toBe(true);
    expect(Array.from(a.spectra.subarray(0, 3))).toEqual([0, 0, 0]);
    expect(Number.isNaN(a.rank[0] ?? 0)).toBe(true);
    expect(a.importance[0]).toBe(0);
    expect(a.relations.tables.forms?.index[0]).toBe(-1);
    expect(a.notes.join(' ')).toMatch(/one row/);
  });

  it('reports progress that only grows, up to 1', async () => {
    const { model, probes } = fixture('tiny-mixed');
    const seen: number[] = [];
    await analyse(
      backend,
      {
        key: 'x',
        modelName: 'x',
        weights: engineWeights(model),
        probes: { activations: probes!.activations, n: probes!.n },
      },
      {},
      { onProgress: (_, f) => seen.push(f) },
    );
    expect(seen.length).toBeGreaterThan(3);
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThanOrEqual(seen[i - 1] ?? 0);
    expect(seen.at(-1)).toBeCloseTo(1, 6);
  });
});
