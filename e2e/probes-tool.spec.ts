// The probe-set maker (tools/make_probes.py) end to end: its test harness runs it on a tiny
// causal LM over tools/testdata/ with the fixture BAE tiny-mixed (d = 16, C = 32), and the file
// it writes opens in the app next to that BAE's config.json and model.safetensors. The app's
// composite values agree with the script's, every composite's kept extremes are its top values
// over all the tokens read, a latent's manifold is drawn, and its top activations are corpus text.
import { expect, test, type Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findTorchPython } from '../scripts/lib/python.mjs';
import { fixtureModel, pickLocalFiles, waitAnalysed, waitReady } from './helpers';

const ROOT = join(import.meta.dirname, '..');

/** What tools/test_make_probes.py --emit writes next to the probe set. */
interface Expected {
  n: number;
  window: number;
  top_k: number;
  /** [C, k] the script's top / bottom values over all tokens read (float32 activations). */
  top: number[][];
  bottom: number[][];
  /** [C, N] h of every stored row, by the script's torch encoder. */
  h: number[][];
  /** The test corpus's words (tokens without their leading whitespace). */
  words: string[];
}

let dir = '';
let expected: Expected;

test.beforeAll(() => {
  const python = findTorchPython();
  if (!python) {
    throw new Error('no Python with torch: run `npm run test:tools` (it installs python3-torch)');
  }
  dir = mkdtempSync(join(tmpdir(), 'bae-probes-'));
  const r = spawnSync(python, ['tools/test_make_probes.py', '--emit', dir], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
  });
  if (r.status !== 0) throw new Error(`make_probes --emit failed:\n${r.stdout}\n${r.stderr}`);
  expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Expected;
});

test.afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The app's h for composite k on every probe row. */
function appValues(page: Page, k: number): Promise<number[]> {
  return page.evaluate((c) => {
    const p = window.bae?.analysis()?.probes;
    if (!p) throw new Error('no probe results');
    return Array.from(p.hByComposite.subarray(c * p.n, (c + 1) * p.n));
  }, k);
}

test('a probe set from tools/make_probes.py opens with its BAE and shows manifolds', async ({
  page,
}) => {
  await page.goto('/');
  await waitReady(page);
  await pickLocalFiles(page, [...fixtureModel('tiny-mixed'), join(dir, 'probes.safetensors')]);
  await expect(page.getByTestId('model-name')).toHaveText(/^mixed-l03-x4/);
  await expect
    .poll(() => page.evaluate(() => window.bae?.probes()?.n ?? 0), {
      message: 'the generated probe set was not opened',
    })
    .toBe(expected.n);
  await waitAnalysed(page);
  await expect
    .poll(() => page.evaluate(() => window.bae?.analysis()?.probes?.n ?? 0))
    .toBe(expected.n);
  const info = await page.evaluate(() => {
    const p = window.bae?.probes();
    return { window: p?.window, rowKind: p?.rowKind, description: p?.description };
  });
  expect(info.window).toBe(expected.window);
  expect(info.rowKind).toBe('tokens');
  expect(info.description).toContain('tiny-test-lm');

  // The app's maths and the script's agree on every row, and each composite's top-k (bottom-k)
  // in the probe set are the script's top-k (bottom-k) over every token it read.
  const C = expected.h.length;
  const k = expected.top_k;
  for (let c = 0; c < C; c++) {
    const got = await appValues(page, c);
    const want = expected.h[c] ?? [];
    const scale = Math.max(...want.map(Math.abs));
    const worst = Math.max(...got.map((v, i) => Math.abs(v - (want[i] ?? NaN))));
    expect(worst, `composite ${c}: app h differs from the script's`).toBeLessThan(1e-4 * scale);
    const sorted = [...got].sort((a, b) => b - a);
    const top = sorted.slice(0, k);
    const bottom = sorted.slice(-k).reverse();
    // Stored in f16, so the app's values are the script's to f16 precision.
    for (let i = 0; i < k; i++) {
      expect(Math.abs((top[i] ?? NaN) - (expected.top[c]?.[i] ?? NaN))).toBeLessThan(2e-3 * scale);
      expect(Math.abs((bottom[i] ?? NaN) - (expected.bottom[c]?.[i] ?? NaN))).toBeLessThan(
        2e-3 * scale,
      );
    }
  }

  // A latent: its manifold is drawn from the generated rows, its top activations are corpus text.
  const composite = await page.evaluate(() => {
    const a = window.bae?.analysis();
    if (!a) throw new Error('no analysis');
    let best = 0;
    for (let c = 1; c < a.nComposites; c++)
      if ((a.importance[c] ?? 0) > (a.importance[best] ?? 0)) best = c;
    return best;
  });
  await page.evaluate((c) => window.bae?.show({ kind: 'latent', composite: c }), composite);
  await expect(page.getByTestId('latent-id')).toHaveText(`Composite ${composite}`);
  await expect(
    page.locator('[data-testid="latent-view"][data-state="ready"]'),
    'the latent detail never arrived from the engine',
  ).toBeVisible();
  const stage = page.getByTestId('manifold-stage');
  await expect(stage).toHaveAttribute('data-stale', 'false');
  expect(Number(await stage.getAttribute('data-points'))).toBeGreaterThan(10);

  const words = new Set(expected.words);
  const items = page.getByTestId('top-rows').locator('li');
  await expect(items.first()).toBeVisible();
  const rows = await items.evaluateAll((lis) =>
    lis.map((li) => ({
      value: li.querySelector('.act-value')?.textContent ?? '',
      context: li.querySelector('.context')?.textContent ?? '',
      token: li.querySelector('.context mark')?.textContent ?? '',
    })),
  );
  expect(rows.length).toBeGreaterThanOrEqual(Math.min(8, expected.n));
  for (const { context, token } of rows) {
    // Every row's context is text of the test corpus (⏎ marks its newlines).
    const tokens = context.match(/\w+|[^\w\s⏎]/g) ?? [];
    expect(token.trim(), `no firing token in "${context}"`).not.toBe('');
    expect(tokens.length, `no context in "${context}"`).toBeGreaterThan(0);
    for (const t of tokens) expect(words, `"${t}" in "${context}" is not corpus text`).toContain(t);
  }
  // The list starts at the script's top-1 of this composite (to f16 precision).
  const top1 = expected.top[composite]?.[0] ?? NaN;
  expect(Math.abs(Number(rows[0]?.value) - top1)).toBeLessThan(2e-3 * Math.abs(top1) + 1e-3);
});
