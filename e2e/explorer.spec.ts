// A folder in the paper explorer's static layout (e2e/fixtures/explorer-64, written by
// scripts/fixtures/explorer.mjs with apache-arrow's writer) opened through the Local files
// picker: the atlas at the files' umap_x/umap_y with 64 points, a latent's spectrum, histogram,
// top contexts (the fixture's tokens) and a drawn manifold, the views that need weights saying
// so; a truncated index.feather is refused by name and the open model stays.
import { expect, test, type Page } from '@playwright/test';
import { tableFromIPC } from 'apache-arrow';
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURES } from './fixtureServer';
import { fixtureModel, inkOf, pickLocalFiles, waitAnalysed } from './helpers';

const FOLDER = join(FIXTURES, 'explorer-64');
const files = () => readdirSync(FOLDER).map((f) => join(FOLDER, f));

/** Pixels of the manifold canvas that differ from its background colour. */
function manifoldInk(page: Page): Promise<number> {
  return inkOf(page, page.locator('[data-testid="manifold-canvas"] canvas')).then((r) => r.ink);
}

/** The firing token (vocab text) of latent `k`'s point of largest h, read from the files. */
/** Fails unless the atlas search box is visible and is what sits at its own centre. */
async function expectSearchUncovered(page: Page, why: string): Promise<void> {
  const search = page.getByTestId('atlas-search');
  await expect(search, why).toBeVisible();
  const onTop = await search.evaluate((el) => {
    const r = el.getBoundingClientRect();
    return document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2) === el;
  });
  expect(onTop, why).toBe(true);
}

function topToken(k: number): string {
  const name = `latent_${String(k).padStart(5, '0')}`;
  const t = tableFromIPC(readFileSync(join(FOLDER, `${name}.feather`)));
  const h = t.getChild('h')?.toArray() as Int8Array;
  let best = 0;
  for (let i = 1; i < h.length; i++) if ((h[i] ?? 0) > (h[best] ?? 0)) best = i;
  const ctx = t.getChild('context')?.get(best) as { toArray(): Int32Array };
  const window = ctx.toArray();
  const vocab = JSON.parse(readFileSync(join(FOLDER, 'vocab.json'), 'utf8')) as Record<
    string,
    string
  >;
  return vocab[String(window[window.length >> 1])] ?? '';
}

test('an explorer folder opens: atlas, a latent’s spectrum, histogram, contexts, manifold', async ({
  page,
}) => {
  await page.goto('/');
  await waitAnalysed(page);
  await pickLocalFiles(page, files());
  await expect(page.getByTestId('atlas-explorer')).toContainText('explorer-64-mixed-l3-x4');
  await expect(page.getByTestId('atlas-explorer')).toContainText('64 latents');
  await expectSearchUncovered(page, 'the explorer notice covers the atlas toolbar');
  // The top bar says what this data is, with no weight sizes or probe badge of a stand-in model.
  await expect(page.getByTestId('explorer-badge')).toHaveText('paper explorer data');
  await expect(page.getByTestId('size-c')).toHaveText('64 latents');
  await expect(page.getByTestId('probe-badge')).toHaveCount(0);
  await expect(page.getByTestId('size-d')).toHaveCount(0);
  await expect
    .poll(() => page.evaluate(() => window.bae?.atlas().pointCount ?? 0), {
      message: 'the atlas never drew 64 points',
    })
    .toBe(64);
  // The map is the files' umap_x / umap_y, placed by latent_id.
  const index = tableFromIPC(readFileSync(join(FOLDER, 'index.feather')));
  const ids = index.getChild('latent_id')?.toArray() as Uint32Array;
  const ux = index.getChild('umap_x')?.toArray() as Float32Array;
  const uy = index.getChild('umap_y')?.toArray() as Float32Array;
  const xy = await page.evaluate(() => Array.from(window.bae?.atlas().xy ?? []));
  for (let r = 0; r < ids.length; r++) {
    const k = ids[r] ?? 0;
    expect(xy[2 * k]).toBe(ux[r]);
    expect(xy[2 * k + 1]).toBe(uy[r]);
  }
  await page.screenshot({ path: test.info().outputPath('explorer-atlas.png') });

  // A latent whose top token is a word (its text is easy to find on the page).
  let k = 1;
  while (!/^ ?[A-Za-z]+$/.test(topToken(k))) k++;
  await page.evaluate((c) => window.bae?.show({ kind: 'latent', composite: c }), k);
  await expect(page.getByTestId('latent-id')).toHaveText(`Composite ${k}`);
  await expect(page.locator('[data-testid="latent-view"][data-state="ready"]')).toBeVisible();
  // Spectrum: the file's 24 eigenvalues, one bar each.
  await expect(page.locator('[data-testid^="spectrum-bar-"]')).toHaveCount(24);
  // The files fix the axes: no "click a bar to plot it" picker.
  await expect(page.getByTestId('axes-fixed')).toContainText('fixed by the files');
  await expect(page.getByRole('radiogroup', { name: /axis a clicked bar/i })).toHaveCount(0);
  await expect(page.getByTestId('firing-histogram')).toBeVisible();
  await expect(page.getByTestId('explorer-neighbours').locator('li')).toHaveCount(6);
  const contexts = page.getByTestId('explorer-contexts').locator('li');
  await expect(contexts).toHaveCount(16);
  await expect(contexts.first()).toContainText(topToken(k).trim());
  await expect(page.getByTestId('stat-importance').locator('dd').first()).toHaveText(/\d/);
  await expect(page.getByTestId('no-weights')).toContainText('no weights');
  await expect(page.getByTestId('manifold-stage')).toHaveAttribute('data-stale', 'false');
  await expect
    .poll(() => manifoldInk(page), { message: 'the manifold canvas stayed blank' })
    .toBeGreaterThan(400);
  await page.screenshot({ path: test.info().outputPath('explorer-latent.png') });

  // A neighbour opens its latent (its files read on demand).
  await page.getByTestId('explorer-neighbours').locator('button').first().click();
  await expect(page.getByTestId('latent-id')).not.toHaveText(`Composite ${k}`);
  await expect(page.locator('[data-testid="latent-view"][data-state="ready"]')).toBeVisible();

  // The model panel says its figures are unavailable, instead of empty figures.
  await page.evaluate(() => window.bae?.show({ kind: 'model' }));
  await expect(page.getByTestId('model-unavailable')).toContainText('no weights');
  await expect(page.getByTestId('model-no-weights')).toContainText('64');

  // The engine menu: nothing that needs weights can run.
  await page.getByTestId('engine-button').click();
  await expect(page.getByTestId('engine-no-weights')).toContainText('no weights');
  await expect(page.getByTestId('export-analysis')).toBeDisabled();
  await expect(page.getByTestId('export-explorer')).toBeDisabled();
});

test('the no-probe-set notice pushes the atlas toolbar down instead of covering it', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('/');
  await waitAnalysed(page);
  await pickLocalFiles(page, fixtureModel('tiny-mixed', false));
  await expect(page.getByTestId('model-name')).toContainText('tiny');
  await expect(page.getByTestId('probe-badge')).toContainText('no probes');
  await expect(page.getByText('No probe set:')).toBeVisible();
  await expectSearchUncovered(page, 'the no-probes notice covers the atlas toolbar');
});

test('a truncated index.feather is refused by name and the open model stays', async ({ page }) => {
  await page.goto('/');
  await waitAnalysed(page);
  const before = await page.evaluate(() => window.bae?.model()?.name);
  const dir = mkdtempSync(join(tmpdir(), 'explorer-bad-'));
  for (const f of readdirSync(FOLDER)) copyFileSync(join(FOLDER, f), join(dir, f));
  const bytes = readFileSync(join(FOLDER, 'index.feather'));
  writeFileSync(join(dir, 'index.feather'), bytes.subarray(0, Math.floor(bytes.length / 2)));
  await pickLocalFiles(
    page,
    readdirSync(dir).map((f) => join(dir, f)),
  );
  const notice = page.getByRole('alert').filter({ hasText: 'index.feather' });
  await expect(notice, 'the truncated file was not named').toBeVisible();
  await expect(notice).toContainText(/damaged or truncated|Arrow/);
  expect(await page.evaluate(() => window.bae?.model()?.name)).toBe(before);
  await expect(page.getByTestId('atlas-explorer')).toHaveCount(0);
});
