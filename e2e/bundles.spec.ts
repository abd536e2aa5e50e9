// Analysis bundles in a real Chromium: the first visit restores the bundled model's bundle (the
// atlas with no analysis job at all); a bundle exported by the app equals the one the headless
// tool computes (`npm run analyse`, the same engine code in Node) within 1e-6 relative — its
// relations under every measure and a layout per layout kind included; an
// exported bundle reopens in a fresh browser with identical atlas coordinates and statistics,
// and its first latent opens without the engine; a bundle made for other weights is refused
// and the open model stays.
import { expect, test, type Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeBundle, type AnalysisBundle } from '../src/core/bundle';
import { RELATION_MEASURES } from '../src/core/relations/measures';
import { FIXTURES } from './fixtureServer';
import { fixtureModel, pickLocalFiles, waitAnalysed, waitNoJob } from './helpers';

const MODEL = 'tiny-mixed';
/** The name the app gives MODEL's files picked without their folder (from its config). */
const NAME = 'mixed-l03-x4-a100-b0-tiny';
const REL = 1e-6;

/** Records the label of every job the status area shows, from the page's first paint. */
async function recordJobs(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __jobsSeen: string[] }).__jobsSeen = seen;
    new MutationObserver(() => {
      for (const el of document.querySelectorAll('[data-testid="job"]')) {
        const text = el.textContent ?? '';
        if (!seen.includes(text)) seen.push(text);
      }
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
}

function jobsSeen(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __jobsSeen: string[] }).__jobsSeen);
}

async function waitAtlas(page: Page): Promise<void> {
  await expect(
    page.locator('[data-layout="ready"]'),
    'the atlas map never became ready',
  ).toBeVisible({ timeout: 120_000 });
}

/** Exports the open analysis (engine menu) at `precision`; returns the file's bytes. */
async function exportBundle(page: Page, precision: 'compact' | 'full'): Promise<Uint8Array> {
  await page.getByTestId('engine-button').click();
  await page.getByTestId('export-precision').selectOption(precision);
  const download = page.waitForEvent('download');
  await page.getByTestId('export-analysis').click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/\.analysis\.safetensors$/);
  const path = join(mkdtempSync(join(tmpdir(), 'bae-bundle-')), file.suggestedFilename());
  await file.saveAs(path);
  await page.keyboard.press('Escape');
  return new Uint8Array(readFileSync(path));
}

async function decoded(bytes: Uint8Array, name: string): Promise<AnalysisBundle> {
  const d = await decodeBundle(bytes, name);
  if (d.kind !== 'analysis') throw new Error(`${name} is a part, not a bundle`);
  return d.bundle;
}

/** Index of the first pair further apart than `rel` relative (NaN = NaN), or -1. */
function firstMismatch(a: ArrayLike<number>, b: ArrayLike<number>, rel = REL): number {
  if (a.length !== b.length) return 0;
  let scale = 0;
  for (let i = 0; i < a.length; i++) scale = Math.max(scale, Math.abs(a[i] ?? 0));
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? NaN;
    const y = b[i] ?? NaN;
    if (Number.isNaN(x) && Number.isNaN(y)) continue;
    // Relative to each value, with a floor far below the array's scale for values near zero.
    if (!(Math.abs(x - y) <= rel * Math.max(Math.abs(x), Math.abs(y), 1e-3 * scale))) return i;
  }
  return -1;
}

function expectClose(what: string, a: ArrayLike<number>, b: ArrayLike<number>): void {
  const i = firstMismatch(a, b);
  expect(
    i,
    `${what} differs at ${i}: ${a[i] ?? 'missing'} vs ${b[i] ?? 'missing'} (lengths ${a.length}, ${b.length})`,
  ).toBe(-1);
}

/** Every number of two bundles' analyses and layouts, compared within 1e-6 relative. */
function expectSameBundle(x: AnalysisBundle, y: AnalysisBundle): void {
  // The names differ (a folder's name, or the config's for picked files); the hashes may not.
  const id = (b: AnalysisBundle) => ({ ...b.identity, modelName: null });
  expect(id(y), 'the bundles belong to different weights or probe sets').toEqual(id(x));
  const a = x.analysis;
  const b = y.analysis;
  for (const f of ['spectra', 'rank', 'importance', 'frobenius2', 'support', 'captured'] as const) {
    expectClose(f, a[f], b[f]);
  }
  expect(b.eigenvectors?.count, 'eigenvectors kept').toBe(a.eigenvectors?.count);
  expectClose('eigenvectors', a.eigenvectors?.vectors ?? [], b.eigenvectors?.vectors ?? []);
  expect(Object.keys(b.relations.tables).sort()).toEqual(Object.keys(a.relations.tables).sort());
  expect(b.relations.missing).toEqual(a.relations.missing);
  for (const m of RELATION_MEASURES) {
    const x = a.relations.tables[m];
    const y = b.relations.tables[m];
    if (!x || !y) continue;
    expect(y.index, `${m} neighbours`).toEqual(x.index);
    expect(y.isolated, `${m} isolated flags`).toEqual(x.isolated);
    expectClose(`${m} similarity`, x.similarity, y.similarity);
  }
  const p = a.probes;
  const q = b.probes;
  expect(p && q, 'a bundle has no probe statistics').toBeTruthy();
  if (!p || !q) return;
  expectClose('firing values h', p.hByComposite, q.hByComposite);
  expectClose('density', p.density, q.density);
  expect(q.histogram.counts).toEqual(p.histogram.counts);
  expect(q.topRows).toEqual(p.topRows);
  expect(q.bottomRows).toEqual(p.bottomRows);
  expectClose('row error', p.rowError ?? [], q.rowError ?? []);
  expectClose('prefix error', p.prefixError ?? [], q.prefixError ?? []);
  expectClose('feature density', p.featureDensity, q.featureDensity);
  expect(y.layouts.map((l) => l.id)).toEqual(x.layouts.map((l) => l.id));
  x.layouts.forEach((l, i) => expectClose(`layout ${l.id}`, l.xy, y.layouts[i]?.xy ?? []));
}

test('the first visit restores the bundled model: the atlas is up with no analysis job', async ({
  page,
}) => {
  await recordJobs(page);
  await page.goto('/');
  await waitAtlas(page);
  const origin = await page.evaluate(() => window.bae?.analysisOrigin());
  expect(origin?.kind, 'the bundled model was analysed instead of restored').toBe('bundle');
  expect(origin?.file).toMatch(/words-mixed\/analysis\.safetensors$/);
  const jobs = await jobsSeen(page);
  expect(
    jobs.filter((j) => /Analyse|Atlas map/.test(j)),
    'an analysis or layout job ran on the first visit',
  ).toEqual([]);
  // The first latent comes from the bundle's eigenvectors: ready without an engine call.
  await page.evaluate(() => window.bae?.show({ kind: 'latent', composite: 3 }));
  await expect(page.locator('[data-testid="latent-view"][data-state="ready"]')).toBeVisible();
  const detail = await page.evaluate(() => {
    const d = window.bae?.latent().detail;
    return d ? { axes: d.axes, n: d.xyz?.length ?? 0 } : null;
  });
  expect(detail).toEqual({ axes: [0, 1, 2], n: 20000 * 3 });
});

test('an exported bundle equals the headless one, reopens identically, and a foreign one is refused', async ({
  browser,
}) => {
  test.setTimeout(240_000);
  // 1. The app analyses a model live and exports its bundle (full precision).
  const first = await browser.newPage();
  await first.goto('/');
  await waitAnalysed(first);
  await pickLocalFiles(first, fixtureModel(MODEL, true));
  await expect(first.getByTestId('model-name')).toContainText(NAME);
  await waitAnalysed(first);
  await waitAtlas(first);
  await waitNoJob(first);
  expect((await first.evaluate(() => window.bae?.analysisOrigin()))?.kind).not.toBe('bundle');
  const exported = await exportBundle(first, 'full');
  const app = await decoded(exported, 'exported');
  expect(app.provenance.by).toBe('app');

  // 2. The headless tool computes the same bundle with the same engine code, in Node.
  const out = join(mkdtempSync(join(tmpdir(), 'bae-headless-')), 'headless.safetensors');
  const run = spawnSync(
    process.execPath,
    ['scripts/analyse.mjs', join(FIXTURES, MODEL), '--precision', 'full', '--out', out],
    { encoding: 'utf8' },
  );
  expect(run.status, `npm run analyse failed:\n${run.stderr}`).toBe(0);
  const headless = await decoded(new Uint8Array(readFileSync(out)), 'headless');
  expect(headless.provenance.by).toBe('headless');
  expectSameBundle(app, headless);

  // 3. A fresh browser opens the model with the exported bundle: nothing is computed, and the
  // atlas and statistics are the exported ones.
  const shown = await first.evaluate(() => ({
    xy: Array.from(window.bae?.atlas().xy ?? []),
    rank: Array.from(window.bae?.analysis()?.rank ?? []),
    density: Array.from(window.bae?.analysis()?.probes?.density ?? []),
  }));
  const context = await browser.newContext();
  const second = await context.newPage();
  await recordJobs(second);
  await second.goto('/');
  await waitAtlas(second);
  const bundleFile = join(
    mkdtempSync(join(tmpdir(), 'bae-open-')),
    `${MODEL}.analysis.safetensors`,
  );
  writeFileSync(bundleFile, exported);
  await pickLocalFiles(second, [...fixtureModel(MODEL, true), bundleFile]);
  await expect(second.getByTestId('model-name')).toContainText(NAME);
  await waitAtlas(second);
  const reopened = await second.evaluate(() => ({
    origin: window.bae?.analysisOrigin(),
    xy: Array.from(window.bae?.atlas().xy ?? []),
    rank: Array.from(window.bae?.analysis()?.rank ?? []),
    density: Array.from(window.bae?.analysis()?.probes?.density ?? []),
  }));
  expect(reopened.origin?.kind).toBe('bundle');
  expect(reopened.xy).toEqual(shown.xy);
  expect(reopened.rank).toEqual(shown.rank);
  expect(reopened.density).toEqual(shown.density);
  expect((await jobsSeen(second)).filter((j) => /Analyse|Atlas map/.test(j))).toEqual([]);

  // 4. The bundled model's bundle does not fit this model: refused, and the model stays.
  const before = await second.evaluate(() => window.bae?.analysis()?.key);
  await pickLocalFiles(second, join('public', 'models', 'words-mixed', 'analysis.safetensors'));
  const notice = second.getByRole('alert').filter({ hasText: 'does not match the open model' });
  await expect(notice, 'a bundle of other weights was not refused').toBeVisible();
  await expect(notice).toContainText('other weights');
  await expect(second.getByTestId('model-name')).toContainText(NAME);
  expect(await second.evaluate(() => window.bae?.analysis()?.key)).toBe(before);
  expect((await second.evaluate(() => window.bae?.analysisOrigin()))?.kind).toBe('bundle');
  await context.close();
  await first.close();
});
