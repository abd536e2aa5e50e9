// The model panel on the bundled model: the reconstruction figure matches what the training
// script recorded for the same probe words, the PCA floor matches an independent float64
// computation (scripts/pca-floor-reference.py), the prefix slider dims the atlas and is part of
// the link, and every figure exports as CSV.
import { expect, test } from '@playwright/test';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { waitAnalysed } from './helpers';

const PUBLIC_MODELS = join(import.meta.dirname, '..', 'public', 'models');

/** The mean error over the probe set that the training script recorded, if the model has a log. */
function recordedProbeError(): number | null {
  const index = JSON.parse(readFileSync(join(PUBLIC_MODELS, 'index.json'), 'utf8')) as {
    default: string;
  };
  const log = join(PUBLIC_MODELS, index.default, 'training-log.json');
  if (!existsSync(log)) return null;
  const parsed = JSON.parse(readFileSync(log, 'utf8')) as { final?: { probeSetError?: number } };
  return parsed.final?.probeSetError ?? null;
}

test('the reconstruction figure matches the value the training script recorded', async ({
  page,
}) => {
  const recorded = recordedProbeError();
  expect(
    recorded,
    'the bundled default model must record final.probeSetError in its training log',
  ).not.toBeNull();
  await page.goto('/#v=1&view=model');
  await waitAnalysed(page);
  const shown = Number(await page.getByTestId('mean-error').textContent());
  expect(
    Math.abs(shown - (recorded ?? NaN)),
    `panel ${shown} vs training log ${recorded}`,
  ).toBeLessThan(1e-3);
  await expect(page.getByTestId('variance-explained')).toHaveText(/^\d+\.\d\d%$/);
  await expect(page.getByTestId('error-histogram')).toBeVisible();
  await expect(page.getByTestId('worst-rows').locator('li')).toHaveCount(10);
});

test('the PCA floor matches an independent float64 computation over the same probe rows', async ({
  page,
}) => {
  test.setTimeout(300_000);
  const reference = JSON.parse(
    readFileSync(join(import.meta.dirname, 'fixtures', 'pca-floor-reference.json'), 'utf8'),
  ) as { model: string; rows: number; rank: number; floor: number };
  const index = JSON.parse(readFileSync(join(PUBLIC_MODELS, 'index.json'), 'utf8')) as {
    default: string;
  };
  expect(
    reference.model,
    'e2e/fixtures/pca-floor-reference.json is for another model: run scripts/pca-floor-reference.py',
  ).toBe(index.default);
  await page.goto('/#v=1&view=model');
  await waitAnalysed(page);
  const sizes = await page.evaluate(() => ({
    n: window.bae?.analysis()?.probes?.n ?? 0,
    C: window.bae?.analysis()?.nComposites ?? 0,
  }));
  expect(sizes).toEqual({ n: reference.rows, C: reference.rank });
  await expect(
    page.getByTestId('pca-floor-note'),
    'the PCA floor was never computed',
  ).toHaveAttribute('data-state', 'ready', { timeout: 240_000 });
  const floor = Number(await page.getByTestId('pca-floor').getAttribute('data-value'));
  expect(
    Math.abs(floor - reference.floor),
    `app ${floor} vs NumPy float64 ${reference.floor}`,
  ).toBeLessThan(1e-3);
  const mean = await page.evaluate(() => {
    const err = window.bae?.analysis()?.probes?.rowError ?? [];
    let sum = 0;
    for (const e of err) sum += e;
    return sum / err.length;
  });
  const gap = ((mean - floor) / floor) * 100;
  await expect(page.getByTestId('pca-gap')).toHaveText(`${gap >= 0 ? '+' : ''}${gap.toFixed(2)}%`);
  await expect(page.getByTestId('pca-floor-note')).toContainText('block Lanczos');
});

test('the prefix slider dims the atlas, and the link carries it', async ({ page }) => {
  await page.goto('/#v=1&view=model');
  await waitAnalysed(page);
  const C = await page.evaluate(() => window.bae?.analysis()?.nComposites ?? 0);
  const k = Math.max(1, Math.floor(C / 4));
  await expect(page.getByTestId('prefix-curve')).toBeVisible();
  await page.getByTestId('prefix-slider').fill(String(k));
  await expect(page.getByTestId('prefix-value')).toContainText(`k = ${k}`);
  await expect.poll(() => page.url()).toContain(`pk=${k}`);
  await page.getByRole('button', { name: 'Show in atlas' }).click();
  const chip = page.getByTestId('atlas-prefix');
  await expect(chip).toContainText(`first ${k} of ${C}`);
  await expect(chip).toContainText(`${(C - k).toLocaleString('en-US')} dimmed`);
  // The link reopens the prefix.
  await page.reload();
  await waitAnalysed(page);
  await expect(page.getByTestId('atlas-prefix')).toContainText(`first ${k} of ${C}`);
  await page.getByTestId('atlas-prefix').getByRole('button', { name: 'Clear the prefix' }).click();
  await expect(page.getByTestId('atlas-prefix')).toHaveCount(0);
  await expect.poll(() => page.url()).not.toContain('pk=');
});

test('the panel shows sparsity and sharing, and exports each figure as CSV', async ({ page }) => {
  await page.goto('/#v=1&view=model');
  await waitAnalysed(page);
  const sizes = await page.evaluate(() => {
    const a = window.bae?.analysis();
    return {
      C: a?.nComposites ?? 0,
      F: a?.nFeatures ?? 0,
      N: a?.probes?.n ?? 0,
      down: !!a?.featureReaders,
    };
  });
  await expect(page.getByTestId('dead-count')).toHaveText(new RegExp(`^\\d+ of ${sizes.F}$`));
  await expect(page.getByTestId('density-histogram')).toBeVisible();
  const lines = async (label: string) => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: label }).click(),
    ]);
    const path = await download.path();
    return readFileSync(path, 'utf8').trim().split('\n');
  };
  expect(await lines('Export the error of every probe row as CSV')).toHaveLength(sizes.N + 1);
  expect(await lines('Export the prefix curve as CSV')).toHaveLength(sizes.C + 1);
  const features = await lines("Export every feature's density and max |f| as CSV");
  expect(features).toHaveLength(sizes.F + 1);
  expect(features[0]).toBe('feature,hoyer_density,max_abs_f,dead');
  if (sizes.down) {
    await expect(page.getByTestId('shared-features').locator('li').first()).toContainText(
      'read by',
    );
    expect(await lines('Export how many composites read each feature as CSV')).toHaveLength(
      sizes.F + 1,
    );
  }
});
