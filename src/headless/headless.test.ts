// The headless analysis against the app's own results: a whole run's bundle decodes to the same
// numbers the engine's analyse() gives (the function the engine worker runs), its relations
// under every measure and a layout per layout kind included; shards computed apart
// (--composites A:B, --global) and merged equal the unsharded bundle — the subspace overlap the
// merge computes from the shards' eigenvectors too — on the explicit and the Lanczos route
// (whose start vectors depend on the composite alone); the committed bundle of the bundled model
// equals a live analysis of it (what `npm run bundles` regenerates), within 1e-6 relative (its
// F16 firing values within their stored precision).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-web/wasm';
import { describe, expect, it } from 'vitest';
import type { Analysis } from '../core/analysis';
import {
  BUNDLE_EIGENVECTORS,
  decodeBundle,
  type AnalysisBundle,
  type PartBundle,
} from '../core/bundle';
import { RELATION_MEASURES } from '../core/relations/measures';
import { openModelFiles, type OpenedModel } from '../core/modelFiles';
import { engineWeights } from '../core/weights';
import { analyse, type AnalyseOptions } from '../compute/analysis';
import { OrtBackend, type OrtModule } from '../compute/runtime';
import { layoutId, layoutKinds } from '../compute/umap/layout';
import { REPO_ROOT } from '../test/fixtures';
import { mergeParts, runHeadless, type HeadlessRun } from './run';

const ORT = { ort: ort as unknown as OrtModule };

function folder(dir: string): OpenedModel {
  const read = (f: string) => new Uint8Array(readFileSync(join(REPO_ROOT, dir, f)));
  return openModelFiles({
    name: dir.split('/').pop() ?? dir,
    config: {
      fileName: 'config.json',
      text: readFileSync(join(REPO_ROOT, dir, 'config.json'), 'utf8'),
    },
    weights: { fileName: 'model.safetensors', bytes: read('model.safetensors') },
    probes: { fileName: 'probes.safetensors', bytes: read('probes.safetensors') },
  });
}

async function bundleOf(bytes: Uint8Array): Promise<AnalysisBundle> {
  const d = await decodeBundle(bytes, 'bundle');
  if (d.kind !== 'analysis') throw new Error('expected a whole bundle');
  return d.bundle;
}

async function partOf(bytes: Uint8Array): Promise<PartBundle> {
  const d = await decodeBundle(bytes, 'part');
  if (d.kind !== 'part') throw new Error('expected a part');
  return d.part;
}

/** Index of the first pair further apart than `rel` relative to either (NaN = NaN), or -1. */
function mismatch(a: ArrayLike<number>, b: ArrayLike<number>, rel: number): number {
  if (a.length !== b.length) return 0;
  let scale = 0;
  for (let i = 0; i < a.length; i++) scale = Math.max(scale, Math.abs(a[i] ?? 0));
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? NaN;
    const y = b[i] ?? NaN;
    if (Number.isNaN(x) && Number.isNaN(y)) continue;
    if (!(Math.abs(x - y) <= rel * Math.max(Math.abs(x), Math.abs(y), 1e-3 * scale))) return i;
  }
  return -1;
}

function close(
  what: string,
  a: ArrayLike<number> | null | undefined,
  b: ArrayLike<number> | null | undefined,
  rel = 1e-6,
) {
  expect(a === null || a === undefined, `${what}: present in one only`).toBe(
    b === null || b === undefined,
  );
  if (!a || !b) return;
  const i = mismatch(a, b, rel);
  expect(i, `${what} differs at ${i}: ${a[i]} vs ${b[i]}`).toBe(-1);
}

/** Every number two analyses hold, within `rel` (`hRel` for the firing values). */
function sameAnalysis(a: Analysis, b: Analysis, hRel = 1e-6) {
  for (const f of [
    'spectra',
    'spectraResidual',
    'rank',
    'importance',
    'frobenius2',
    'support',
    'captured',
  ] as const) {
    close(f, a[f], b[f]);
  }
  expect(b.eigenvectors?.count, 'eigenvectors kept').toBe(a.eigenvectors?.count);
  close('eigenvectors', a.eigenvectors?.vectors, b.eigenvectors?.vectors);
  close('feature readers', a.featureReaders, b.featureReaders, 0);
  expect(b.relations.missing).toEqual(a.relations.missing);
  for (const m of RELATION_MEASURES) {
    const x = a.relations.tables[m];
    const y = b.relations.tables[m];
    expect(!!y, `${m} table`).toBe(!!x);
    if (!x || !y) continue;
    expect(y.k).toBe(x.k);
    expect(y.approximation).toBe(x.approximation);
    close(`${m} neighbours`, x.index, y.index, 0);
    close(`${m} similarity`, x.similarity, y.similarity);
    close(`${m} isolated`, x.isolated, y.isolated, 0);
  }
  const p = a.probes;
  const q = b.probes;
  expect(!!p).toBe(!!q);
  if (!p || !q) return;
  close('h', p.hByComposite, q.hByComposite, hRel);
  close('density', p.density, q.density);
  close('histogram counts', p.histogram.counts, q.histogram.counts, 0);
  close('histogram lo', p.histogram.lo, q.histogram.lo);
  close('histogram hi', p.histogram.hi, q.histogram.hi);
  close('top rows', p.topRows, q.topRows, 0);
  close('bottom rows', p.bottomRows, q.bottomRows, 0);
  close('row error', p.rowError, q.rowError);
  close('prefix error', p.prefixError, q.prefixError);
  close('prefix order', p.prefixOrder, q.prefixOrder, 0);
  close('feature density', p.featureDensity, q.featureDensity);
  close('feature max |f|', p.featureMaxAbs, q.featureMaxAbs);
  expect(q.varianceTotal).toBeCloseTo(p.varianceTotal, 10);
  expect(b.notes).toEqual(a.notes);
}

/** `a` with each composite's first BUNDLE_EIGENVECTORS eigenvectors only (what a bundle keeps). */
function asBundled(a: Analysis): Analysis {
  const ev = a.eigenvectors;
  if (!ev) return a;
  const n = a.dForm;
  const count = Math.min(ev.count, BUNDLE_EIGENVECTORS);
  const vectors = new Float32Array(a.nComposites * count * n);
  for (let c = 0; c < a.nComposites; c++) {
    vectors.set(ev.vectors.subarray(c * ev.count * n, (c * ev.count + count) * n), c * count * n);
  }
  return { ...a, eigenvectors: { count, vectors } };
}

/** Every layout of two bundles: the same ids, coordinates within `rel`. */
function sameLayouts(x: AnalysisBundle, y: AnalysisBundle, rel = 1e-6) {
  expect(y.layouts.map((l) => l.id)).toEqual(x.layouts.map((l) => l.id));
  x.layouts.forEach((l, i) => close(`layout ${l.id}`, l.xy, y.layouts[i]?.xy, rel));
}

const run = (
  opened: OpenedModel,
  spec: HeadlessRun['spec'],
  options: Partial<AnalyseOptions> = {},
) => runHeadless(opened, { spec, precision: 'full', threads: 1, options, ort: ORT });

describe('headless analysis', () => {
  const tiny = folder('e2e/fixtures/tiny-mixed');
  const C = tiny.model.nComposites;

  it("writes the engine's own analysis: analyse() on the same weights gives the same numbers", async () => {
    const whole = await bundleOf((await run(tiny, { composites: [0, C], global: true })).bytes);
    const backend = await OrtBackend.create(ORT.ort, 'wasm');
    const direct = await analyse(backend, {
      key: 'direct',
      modelName: tiny.model.name,
      weights: engineWeights(tiny.model),
      probes: tiny.probes ? { activations: tiny.probes.activations, n: tiny.probes.n } : null,
    });
    expect(direct.eigenvectors?.count).toBe(8);
    expect(whole.analysis.eigenvectors?.count).toBe(BUNDLE_EIGENVECTORS);
    sameAnalysis(asBundled(direct), whole.analysis);
    expect(Object.keys(whole.analysis.relations.tables).sort()).toEqual(
      ['centroid', 'coactivation', 'forms', 'overlap'].sort(),
    );
    expect(whole.provenance.by).toBe('headless');
    // A layout per kind the relations allow (the default, the firing centroid, first).
    expect(whole.layouts.map((l) => l.id)).toEqual(layoutKinds(direct).map(layoutId));
    expect(whole.layouts.map((l) => l.id)[0]).toBe(layoutId('centroid'));
    for (const l of whole.layouts) expect(l.xy.every(Number.isFinite), l.id).toBe(true);
  });

  for (const route of ['explicit', 'lanczos'] as const) {
    it(`merged shards equal the unsharded bundle (${route} route)`, async () => {
      // Lanczos with fewer steps than d' (16): approximate values, which must still not depend
      // on the shard a composite was computed in.
      const options: Partial<AnalyseOptions> =
        route === 'lanczos' ? { route, lanczosSteps: 10, spectrumKeep: 6 } : { route };
      const whole = await bundleOf(
        (await run(tiny, { composites: [0, C], global: true }, options)).bytes,
      );
      const parts = await Promise.all(
        [
          { composites: [0, 5] as const, global: false },
          { composites: [5, 21] as const, global: false },
          { composites: null, global: true },
          { composites: [21, C] as const, global: false },
        ].map(async (spec) => partOf((await run(tiny, spec, options)).bytes)),
      );
      const merged = await bundleOf((await mergeParts(parts, 'full', { ort: ORT })).bytes);
      expect(merged.identity).toEqual(whole.identity);
      expect(merged.provenance.by).toBe('merge');
      expect(merged.options).toEqual(whole.options);
      sameAnalysis(whole.analysis, merged.analysis);
      sameLayouts(whole, merged);
    });
  }

  it('refuses parts that do not tile the composites, or of another model', async () => {
    const a = await partOf((await run(tiny, { composites: [0, 10], global: true })).bytes);
    const b = await partOf((await run(tiny, { composites: [12, C], global: false })).bytes);
    const merge = (parts: PartBundle[]) => mergeParts(parts, 'full', { ort: ORT });
    await expect(merge([a, b])).rejects.toThrow('no part holds composites 10..11');
    const c = await partOf((await run(tiny, { composites: [8, C], global: false })).bytes);
    await expect(merge([a, c])).rejects.toThrow('composites 8..9 are in two parts');
    const other = folder('e2e/fixtures/tiny-mixed');
    other.probes = null;
    const d = await partOf((await run(other, { composites: [10, C], global: false })).bytes);
    await expect(merge([a, d])).rejects.toThrow('different models or probe sets');
  });
});

describe('the bundled model ships its analysis', () => {
  it('public/models/words-mixed/analysis.safetensors equals a live analysis (npm run bundles)', async () => {
    const opened = folder('public/models/words-mixed');
    const committed = await bundleOf(
      new Uint8Array(
        readFileSync(join(REPO_ROOT, 'public/models/words-mixed/analysis.safetensors')),
      ),
    );
    const live = await bundleOf(
      (
        await runHeadless(opened, {
          spec: { composites: [0, opened.model.nComposites], global: true },
          precision: 'full',
          threads: 1,
          ort: ORT,
        })
      ).bytes,
    );
    expect(committed.identity, 'the committed bundle is stale: run npm run bundles').toEqual(
      live.identity,
    );
    expect(committed.options).toEqual(live.options);
    // Firing values are stored as F16 scaled to each composite's largest |h|: within 2^-11 of it.
    const h = committed.analysis.probes?.hByComposite;
    const ref = live.analysis.probes?.hByComposite;
    const N = opened.probes?.n ?? 0;
    if (!h || !ref) throw new Error('no firing values');
    for (let k = 0; k < opened.model.nComposites; k++) {
      let max = 0;
      for (let i = 0; i < N; i++) max = Math.max(max, Math.abs(ref[k * N + i] ?? 0));
      let worst = 0;
      for (let i = 0; i < N; i++)
        worst = Math.max(worst, Math.abs((h[k * N + i] ?? 0) - (ref[k * N + i] ?? 0)));
      expect(worst, `composite ${k}'s firing values`).toBeLessThanOrEqual(max * 2 ** -11 * 1.0001);
    }
    const withoutH = (a: Analysis): Analysis =>
      a.probes ? { ...a, probes: { ...a.probes, hByComposite: new Float32Array(0) } } : a;
    sameAnalysis(withoutH(live.analysis), withoutH(committed.analysis));
    sameLayouts(live, committed);
  });
});
