// The foundation's end-to-end guarantees: the app opens on the bundled model, opens models from
// the file picker, a folder, a drop and a URL, and survives broken input with a clear message
// while the previously open model stays open.
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, startFixtureServer, type FixtureServer } from './fixtureServer';
import { fixtureModel, openLocalTab, pickLocalFiles, waitReady } from './helpers';

const PUBLIC_MODELS = join(import.meta.dirname, '..', 'public', 'models');

interface TdoomsConfig {
  d_model: number;
  expansion: number;
  bottleneck: number | null;
  kind: string;
}

function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

/** d, F, C as the top bar should show them, computed from a config.json on disk. */
function expectedSizes(configPath: string) {
  const c = readJson<TdoomsConfig>(configPath);
  const f = Math.trunc(c.d_model * c.expansion);
  const hasDown = c.kind === 'mixed' || c.kind === 'combined';
  return { d: c.d_model, f, c: hasDown ? c.d_model * (c.bottleneck ?? 2) : f };
}

async function showModelPanel(page: Page) {
  await page
    .getByRole('navigation', { name: 'Views' })
    .getByRole('button', { name: 'Model' })
    .click();
}

let server: FixtureServer;
test.beforeAll(async () => {
  server = await startFixtureServer();
});
test.afterAll(async () => {
  await server.close();
});

test('opens on the bundled default model and shows its name and sizes', async ({ page }) => {
  const index = readJson<{ default: string }>(join(PUBLIC_MODELS, 'index.json'));
  const sizes = expectedSizes(join(PUBLIC_MODELS, index.default, 'config.json'));
  await page.goto('/');
  await waitReady(page);
  await expect(page.getByTestId('model-name')).toHaveText(index.default);
  await expect(page.getByTestId('size-d')).toHaveText(`d=${sizes.d}`);
  await expect(page.getByTestId('size-f')).toHaveText(`F=${sizes.f}`);
  await expect(page.getByTestId('size-c')).toHaveText(`C=${sizes.c}`);
  await expect(page.getByTestId('probe-badge')).toContainText('probes');
  expect(await page.evaluate(() => window.crossOriginIsolated), 'COOP/COEP headers missing').toBe(
    true,
  );
});

test('opens a fixture model through the file picker and through a folder', async ({ page }) => {
  await page.goto('/');
  await waitReady(page);
  await pickLocalFiles(page, fixtureModel('tiny-vanilla-f16'));
  await waitReady(page);
  const sizes = expectedSizes(join(FIXTURES, 'tiny-vanilla-f16', 'config.json'));
  // Picked files carry no folder name, so the tdooms name from config.json is shown.
  await expect(page.getByTestId('model-name')).toHaveText(/^vanilla-l\d\d-x/);
  await expect(page.getByTestId('size-f')).toHaveText(`F=${sizes.f}`);
  await expect(page.getByTestId('model-sizes')).toContainText('F16');

  await openLocalTab(page);
  await page.getByTestId('folder-input').setInputFiles(join(FIXTURES, 'tiny-ordered-bf16'));
  await waitReady(page);
  await expect(page.getByTestId('model-name')).toHaveText('tiny-ordered-bf16');
  await expect(page.getByTestId('model-sizes')).toContainText('BF16');
});

test('opens a model dropped on the window', async ({ page }) => {
  await page.goto('/');
  await waitReady(page);
  const dir = join(FIXTURES, 'tiny-combined');
  const files = ['config.json', 'model.safetensors'].map((name) => ({
    name,
    bytes: Array.from(readFileSync(join(dir, name))),
  }));
  const transfer = await page.evaluateHandle((list) => {
    const dt = new DataTransfer();
    for (const f of list) dt.items.add(new File([new Uint8Array(f.bytes)], f.name));
    return dt;
  }, files);
  await page.dispatchEvent('body', 'dragenter', { dataTransfer: transfer });
  await page.dispatchEvent('body', 'drop', { dataTransfer: transfer });
  await waitReady(page);
  await expect(page.getByTestId('model-name')).toHaveText(/^combined-l\d\d-x/);
  await expect(page.getByTestId('model-sizes')).toContainText('combined');
});

test('opens a model folder by URL, with its probe set', async ({ page }) => {
  await page.goto('/');
  await waitReady(page);
  await page.getByRole('button', { name: 'Open model' }).click();
  await page.getByRole('tab', { name: 'URL' }).click();
  await page.getByLabel('Model folder URL').fill(`${server.origin}/cors/tiny-mixed/`);
  await page.getByRole('button', { name: 'Open URL' }).click();
  await waitReady(page);
  await expect(page.getByTestId('model-name')).toHaveText('tiny-mixed');
  const sizes = expectedSizes(join(FIXTURES, 'tiny-mixed', 'config.json'));
  await expect(page.getByTestId('size-c')).toHaveText(`C=${sizes.c}`);
  await showModelPanel(page);
  await expect(page.getByTestId('probe-sample')).toBeVisible();
  await expect(page.getByTestId('model-overview')).toContainText(
    `${server.origin}/cors/tiny-mixed/`,
  );
});

test('a URL that 404s or is blocked by CORS gives a clear message and keeps the model', async ({
  page,
}) => {
  await page.goto('/');
  await waitReady(page);
  const before = await page.getByTestId('model-name').textContent();
  for (const [path, pattern] of [
    ['/cors/no-such-model/', /config\.json: not found \(HTTP 404/],
    ['/nocors/tiny-mixed/', /CORS/],
  ] as const) {
    await page.getByRole('button', { name: 'Open model' }).click();
    await page.getByRole('tab', { name: 'URL' }).click();
    await page.getByLabel('Model folder URL').fill(server.origin + path);
    await page.getByRole('button', { name: 'Open URL' }).click();
    const alert = page.getByTestId('notice-error').last();
    await expect(alert).toContainText(pattern);
    await expect(alert).toContainText(server.origin + path);
    await expect(page.getByTestId('model-name')).toHaveText(before ?? '');
    await alert.getByRole('button', { name: 'Dismiss message' }).click();
  }
});

test('a broken file opened through the picker names the file and the problem; the app keeps working', async ({
  page,
}) => {
  await page.goto('/');
  await waitReady(page);
  const before = await page.getByTestId('model-name').textContent();

  await pickLocalFiles(page, fixtureModel('nan-weights'));
  const alert = page.getByTestId('notice-error');
  await expect(alert).toContainText('model.safetensors');
  await expect(alert).toContainText(/NaN/);
  await expect(page.getByTestId('model-name'), 'the previous model must stay open').toHaveText(
    before ?? '',
  );
  await showModelPanel(page);
  await expect(page.getByTestId('model-overview')).toBeVisible();

  await alert.getByRole('button', { name: 'Dismiss message' }).click();
  await pickLocalFiles(page, [
    join(FIXTURES, 'tiny-mixed', 'config.json'),
    join(FIXTURES, 'truncated.safetensors'),
  ]);
  await expect(page.getByTestId('notice-error')).toContainText('truncated.safetensors');
  await expect(page.getByTestId('model-name')).toHaveText(before ?? '');

  // Still usable: a good model opens after the failures.
  await pickLocalFiles(page, fixtureModel('tiny-biased'));
  await waitReady(page);
  await expect(page.getByTestId('model-sizes')).toContainText('(biased)');
});

test('a probe set alone is added to the open model; a wrong-width one is refused', async ({
  page,
}) => {
  await page.goto('/');
  await waitReady(page);
  await pickLocalFiles(page, fixtureModel('tiny-vanilla-f16'));
  await waitReady(page);
  await showModelPanel(page);
  await expect(page.getByTestId('no-probes')).toBeVisible();

  await pickLocalFiles(page, join(FIXTURES, 'wrong-width-probes.safetensors'));
  await expect(page.getByTestId('notice-error')).toContainText('wrong-width-probes.safetensors');
  await expect(page.getByTestId('no-probes')).toBeVisible();
});

test('the theme switch and the O shortcut work', async ({ page }) => {
  await page.goto('/');
  await waitReady(page);
  const html = page.locator('html');
  const first = await html.getAttribute('data-theme');
  await page.getByTestId('theme-toggle').click();
  await expect(html).not.toHaveAttribute('data-theme', first ?? '');
  await page.keyboard.press('o');
  await expect(page.getByRole('dialog', { name: 'Open model' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);
});
