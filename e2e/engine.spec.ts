// The compute engine in a real Chromium: the analysis runs in the worker on onnxruntime-web,
// WASM is chosen over the software WebGPU adapter by default, the WebGPU path (SwiftShader via
// --enable-unsafe-webgpu) gives the same numbers as WASM on a tiny model, results come back from
// the IndexedDB cache after a reload, and the cache can be cleared.
import { expect, test, type Page } from '@playwright/test';
import { fixtureModel, pickLocalFiles, waitAnalysed, waitNoJob } from './helpers';

/** Analysed, and no job (such as a re-analysis after a backend switch) still running. */
async function waitIdle(page: Page) {
  await waitAnalysed(page);
  await waitNoJob(page);
}

async function openTinyMixed(page: Page) {
  await pickLocalFiles(page, fixtureModel('tiny-mixed', true));
  await expect(page.getByTestId('model-name')).toHaveText(/^mixed-l03/);
  await waitIdle(page);
}

/** The numbers the comparison uses, read through the console API. */
function numbers(page: Page) {
  return page.evaluate(() => {
    const a = window.bae?.analysis();
    if (!a || !a.probes) throw new Error('no analysis with probes');
    return {
      backend: window.bae?.backend() ?? '',
      spectra: Array.from(a.spectra),
      h: Array.from(a.probes.hByComposite.subarray(0, 4096)),
      err: Array.from(a.probes.rowError ?? []),
      importance: Array.from(a.importance),
    };
  });
}

function maxRelDiff(a: number[], b: number[]): number {
  let scale = 0;
  for (const v of b) scale = Math.max(scale, Math.abs(v));
  let worst = 0;
  for (let i = 0; i < b.length; i++)
    worst = Math.max(worst, Math.abs((a[i] ?? NaN) - (b[i] ?? NaN)) / scale);
  return worst;
}

test('the engine prefers WASM over a software WebGPU adapter and says why', async ({ page }) => {
  await page.goto('/');
  await waitIdle(page);
  await expect(page.getByTestId('engine-button')).toHaveText(/WASM · \d+ threads?/);
  await page.getByTestId('engine-button').click();
  await expect(page.getByTestId('engine-reason')).toContainText('software fallback');
  await expect(page.getByTestId('engine-summary')).toContainText(
    /Route: (explicit|lowrank|lanczos)/,
  );
});

test('WebGPU (software adapter) and WASM give the same numbers on a tiny model', async ({
  page,
}) => {
  await page.addInitScript(() => localStorage.setItem('bae.backend', 'wasm'));
  await page.goto('/');
  await waitIdle(page);
  await openTinyMixed(page);
  const wasm = await numbers(page);
  expect(wasm.backend).toMatch(/^WASM/);

  await page.getByTestId('engine-button').click();
  await page.getByRole('radio', { name: /^WebGPU/ }).check();
  await expect(page.getByTestId('engine-button')).toHaveText(/WebGPU/, { timeout: 30_000 });
  await waitIdle(page);
  const gpu = await numbers(page);
  expect(gpu.backend).toMatch(/^WebGPU/);
  expect(gpu.spectra.length).toBe(wasm.spectra.length);
  // float32 on both sides; a wrong graph would differ by O(1), rounding by ~1e-6.
  expect(
    maxRelDiff(gpu.spectra, wasm.spectra),
    'spectra differ between WebGPU and WASM',
  ).toBeLessThan(1e-4);
  expect(maxRelDiff(gpu.h, wasm.h), 'composite values differ').toBeLessThan(1e-4);
  expect(maxRelDiff(gpu.err, wasm.err), 'reconstruction errors differ').toBeLessThan(1e-4);
  expect(maxRelDiff(gpu.importance, wasm.importance), 'importance differs').toBeLessThan(1e-4);
});

test('a reload takes the analysis from the cache; the cache can be cleared', async ({ page }) => {
  // The bundled placeholder model: it ships no analysis bundle, so its analysis is computed
  // (the default model's comes from its bundle, not the cache).
  await page.goto('/#v=1&m=b:tiny-mixed');
  await waitIdle(page);
  await page.reload();
  await waitIdle(page);
  await page.getByTestId('engine-button').click();
  await expect(page.getByTestId('engine-summary')).toContainText('Loaded from the results cache');
  await page.getByRole('button', { name: 'Clear cache' }).click();
  await expect(page.getByTestId('notice-info').last()).toContainText(
    /Removed [1-9]\d* cached analys/,
  );
  await page.reload();
  await waitIdle(page);
  await page.getByTestId('engine-button').click();
  await expect(page.getByTestId('engine-summary')).toContainText(/Computed in [\d.]+ s/);
});
