// The static-explorer export end to end: the bundled model's analysis exported from the engine
// menu as a ZIP, unpacked here in Node (a stored-ZIP walk independent of the app's writer), and
// the folder opened again through Local files: the atlas sits at the exported coordinates (the
// ones that were on screen), every latent's statistics come back, and a latent view draws its
// manifold from the exported points.
import { expect, test, type Page } from '@playwright/test';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { inkOf, pickLocalFiles, waitAnalysed } from './helpers';

/** The files of a stored ZIP by name, walked from its local headers. */
function unzip(zip: Uint8Array): Map<string, Uint8Array> {
  const v = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const out = new Map<string, Uint8Array>();
  let at = 0;
  while (at + 4 <= zip.length && v.getUint32(at, true) === 0x04034b50) {
    expect(v.getUint16(at + 8, true), 'an entry is not stored uncompressed').toBe(0);
    const size = v.getUint32(at + 18, true);
    const nameLength = v.getUint16(at + 26, true);
    const extra = v.getUint16(at + 28, true);
    const name = new TextDecoder().decode(zip.subarray(at + 30, at + 30 + nameLength));
    const start = at + 30 + nameLength + extra;
    out.set(name, zip.slice(start, start + size));
    at = start + size;
  }
  return out;
}

/** Pixels of the manifold canvas that differ from its background colour. */
function manifoldInk(page: Page): Promise<number> {
  return inkOf(page, page.locator('[data-testid="manifold-canvas"] canvas')).then((r) => r.ink);
}

test('an analysis exported as a static explorer opens again at the same atlas coordinates', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await page.goto('/');
  await waitAnalysed(page);
  await expect(
    page.locator('[data-layout="ready"]'),
    'the atlas map never became ready',
  ).toBeVisible({
    timeout: 120_000,
  });
  const before = await page.evaluate(() => ({
    xy: Array.from(window.bae?.atlas().xy ?? []),
    n: window.bae?.analysis()?.nComposites ?? 0,
    rank: Array.from(window.bae?.analysis()?.rank ?? []),
  }));
  expect(before.n).toBeGreaterThan(0);

  await page.getByTestId('engine-button').click();
  const download = page.waitForEvent('download', { timeout: 120_000 });
  await page.getByTestId('export-explorer').click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/-explorer\.zip$/);
  const dir = mkdtempSync(join(tmpdir(), 'bae-explorer-export-'));
  const zipPath = join(dir, file.suggestedFilename());
  await file.saveAs(zipPath);
  await page.keyboard.press('Escape');

  const entries = unzip(new Uint8Array(readFileSync(zipPath)));
  // index.json, index.feather, vocab.json, curated.json and two files per latent.
  expect(entries.size, 'the archive does not hold every file').toBe(4 + 2 * before.n);
  const paths: string[] = [];
  for (const [name, bytes] of entries) {
    const path = join(dir, 'out', name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, bytes);
    paths.push(path);
  }

  await pickLocalFiles(page, paths);
  await expect(page.getByTestId('atlas-explorer')).toContainText(`${before.n} latents`);
  await expect
    .poll(() => page.evaluate(() => window.bae?.atlas().pointCount ?? 0), {
      message: 'the reopened atlas never drew every latent',
    })
    .toBe(before.n);
  const after = await page.evaluate(() => ({
    xy: Array.from(window.bae?.atlas().xy ?? []),
    rank: Array.from(window.bae?.analysis()?.rank ?? []),
  }));
  expect(after.xy.length).toBe(before.xy.length);
  for (let i = 0; i < before.xy.length; i++) {
    expect(
      Math.abs((after.xy[i] ?? NaN) - (before.xy[i] ?? NaN)),
      `atlas coordinate ${i} moved in the export`,
    ).toBeLessThanOrEqual(1e-6);
  }
  for (let k = 0; k < before.n; k++) {
    expect(after.rank[k], `latent ${k}'s rank changed`).toBe(before.rank[k]);
  }

  await page.evaluate(() => window.bae?.show({ kind: 'latent', composite: 0 }));
  await expect(page.locator('[data-testid="latent-view"][data-state="ready"]')).toBeVisible();
  await expect(page.getByTestId('manifold-stage')).toHaveAttribute('data-stale', 'false');
  await expect
    .poll(() => manifoldInk(page), { message: 'the exported latent’s manifold stayed blank' })
    .toBeGreaterThan(400);
});
