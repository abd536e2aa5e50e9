// The app's guided path to a probe set: a model opened without one says, in every panel that
// needs it, what is missing and the one command that makes it (with the model's layer and folder
// filled in); the guide (docs/probes.md) opens from the empty states and the Open dialog; a
// probe set is added from the top bar at any time (a wrong one is refused by name and nothing is
// lost); and a real-sized probe set — 65,536 rows × d = 1,024 in f16, 134 MB, generated here and
// never committed — opens (parsed off the UI thread) and draws a manifold.
import { expect, test, type Page } from '@playwright/test';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeLargeModelFolder } from '../scripts/fixtures/largeProbes.mjs';
import { fixtureModel, pickLocalFiles, waitAnalysed, waitReady } from './helpers';

const FIXTURES = join(import.meta.dirname, 'fixtures');
/** Starts on the tiny bundled model (quick to analyse) rather than the default one. */
const START = '/#v=1&m=b:tiny-mixed';

async function openWithoutProbes(page: Page): Promise<string> {
  await page.goto(START);
  await waitReady(page);
  await pickLocalFiles(page, fixtureModel('tiny-mixed'));
  await expect(page.getByTestId('model-name')).toHaveText(/^mixed-l03-x4/);
  await waitAnalysed(page);
  await waitReady(page);
  return (await page.getByTestId('model-name').textContent()) ?? '';
}

test('a model without probes names what is missing and the command, everywhere it is needed', async ({
  page,
}) => {
  const name = await openWithoutProbes(page);
  const command = `python tools/make_probes.py --model <your-language-model> --layer 3 --bae ${name} --dataset HuggingFaceFW/fineweb-edu --dataset-config sample-10BT --out ${name}/probes.safetensors`;

  // Top bar: the badge says so and is the way to add one.
  await expect(page.getByTestId('probe-badge')).toHaveText('no probes · add…');
  await expect(page.getByTestId('probe-badge')).toHaveAccessibleName(
    'No probe set. Add a probe set',
  );

  // Atlas: a note naming the empty columns, with the command.
  const atlasNote = page.getByTestId('no-probes-atlas');
  await expect(atlasNote).toContainText(
    'No probe set: density, circularity, automatic labels, the token search and every manifold need one.',
  );
  await expect(atlasNote.getByTestId('probe-command')).toHaveText(command);

  // Latent view: the manifold pane and the top-activations pane, each with the command; the
  // manifold's search and display controls are not offered.
  await page.evaluate(() => window.bae?.show({ kind: 'latent', composite: 3 }));
  const manifold = page.getByTestId('no-probes-manifold');
  await expect(manifold).toContainText(
    "No probe set. This composite's manifold, and which inputs fire it, needs a probe set",
  );
  await expect(manifold).toContainText('layer 3');
  await expect(manifold.getByTestId('probe-command')).toHaveText(command);
  await expect(page.getByTestId('manifold-search')).toBeHidden();
  const top = page.getByTestId('no-probes-top');
  await expect(top).toContainText('No probe set. Top activations need one.');
  await expect(top.getByTestId('probe-command')).toHaveText(command);

  // The guide opens from the empty state: docs/probes.md, three commands in one block.
  await manifold.getByRole('button', { name: 'How to make one' }).click();
  const help = page.getByRole('dialog', { name: 'Making a probe set for your own BAE' });
  await expect(help).toBeVisible();
  await expect(
    help.getByRole('heading', { name: 'From a BAE on the Hub to the app, in three commands' }),
  ).toBeVisible();
  await expect(help.locator('pre').first()).toContainText('pip install torch transformers');
  await expect(help.locator('pre').first()).toContainText('python tools/make_probes.py');
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();

  // Model panel.
  await page.evaluate(() => window.bae?.show({ kind: 'model' }));
  await expect(page.getByTestId('no-probes')).toContainText('No probe set. Firing statistics');
  await expect(page.getByTestId('no-probes').getByTestId('probe-command')).toHaveText(command);

  // The Open dialog says what a probe set is and links the guide.
  await page.getByRole('button', { name: 'Open model' }).click();
  const note = page.getByTestId('open-probes-note');
  await expect(note).toContainText('is a sample of your language model');
  await note.getByRole('button', { name: /how to make a probe set/ }).click();
  await expect(help).toBeVisible();
  await page.keyboard.press('Escape');
});

test('a probe set is added from the top bar; a wrong one is refused and nothing is lost', async ({
  page,
}) => {
  await openWithoutProbes(page);
  await page.evaluate(() => window.bae?.show({ kind: 'latent', composite: 3 }));
  await expect(page.getByTestId('no-probes-manifold')).toBeVisible();

  // The top bar's badge adds the probe set made for this model (any file name).
  await page
    .getByTestId('probe-badge-input')
    .setInputFiles(join(FIXTURES, 'tiny-mixed', 'probes.safetensors'));
  await expect(page.getByTestId('probe-badge')).toHaveText('256 probes');
  await waitAnalysed(page);
  await waitReady(page);
  await expect(page.getByTestId('no-probes-manifold')).toHaveCount(0);
  await expect(page.getByTestId('no-probes-top')).toHaveCount(0);
  await expect(page.getByTestId('manifold-search')).toBeVisible();
  await expect(page.getByTestId('point-total')).toHaveText(/points$/);
  await page.evaluate(() => window.bae?.show({ kind: 'atlas' }));
  await expect(page.getByTestId('no-probes-atlas')).toHaveCount(0);

  // A probe set of another width is refused by name; the model keeps the one it has.
  await page
    .getByTestId('probe-badge-input')
    .setInputFiles(join(FIXTURES, 'tiny-ordered-bf16', 'probes.safetensors'));
  const error = page.getByTestId('notice-error').last();
  await expect(error).toContainText('Could not complete: Add probe set probes.safetensors');
  await expect(error).toContainText(
    "the probe set must come from the same layer as the model: its activations have width 8, but the model's d_model is 16",
  );
  await expect(error).toContainText('is still open');
  await expect(page.getByTestId('probe-badge')).toHaveText('256 probes');
  expect(await page.evaluate(() => window.bae?.probes()?.d)).toBe(16);
});

test.describe('a real-sized probe set', () => {
  let dir = '';
  test.beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'bae-large-probes-'));
    writeLargeModelFolder(dir, { rows: 65_536 });
  });
  test.afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('65,536 rows × 1,024 in f16 (134 MB) opens and draws a manifold', async ({ page }) => {
    test.setTimeout(300_000);
    const probes = join(dir, 'probes.safetensors');
    expect(statSync(probes).size).toBeGreaterThan(134e6);
    await page.goto(START);
    await waitReady(page);
    await pickLocalFiles(
      page,
      ['config.json', 'model.safetensors', 'probes.safetensors'].map((f) => join(dir, f)),
    );
    await expect(page.getByTestId('probe-badge')).toHaveText('65,536 probes', {
      timeout: 60_000,
    });
    await expect(
      page.locator('.app[data-analysis="ready"]'),
      'the engine never finished analysing the large probe set',
    ).toBeVisible({ timeout: 240_000 });
    await waitReady(page);
    const first = await page.evaluate(() => {
      const p = window.bae?.probes();
      return { n: p?.n, d: p?.d, x: p ? Array.from(p.activations.subarray(0, 3)) : [] };
    });
    expect(first.n).toBe(65_536);
    expect(first.d).toBe(1024);
    expect(first.x.every((v) => Number.isFinite(v) && v !== 0)).toBe(true);
    await page.evaluate(() => window.bae?.show({ kind: 'latent', composite: 0 }));
    await expect(page.locator('[data-testid="latent-view"][data-state="ready"]')).toBeVisible({
      timeout: 60_000,
    });
    await expect(page.getByTestId('point-total')).toHaveText(/points$/);
    await expect(page.getByTestId('top-rows').locator('li').first()).toBeVisible();
  });
});
