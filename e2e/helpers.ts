// The steps the e2e specs share: waiting on the app's ready signals (a model open, its analysis
// done, no job running), opening files through the "Open model" dialog's Local files tab, and
// a browser without WebGL. Waits carry failure messages naming what never happened.
import { expect, type Locator, type Page } from '@playwright/test';
import { join } from 'node:path';
import { FIXTURES } from './fixtureServer';

/**
 * No job (loading, analysing, layout, circularity) is running — up to a minute: a first visit
 * analyses the model, then lays out the atlas and scores circularity, on a shared machine.
 */
export async function waitNoJob(page: Page): Promise<void> {
  await expect(page.getByTestId('job'), 'a job never finished').toHaveCount(0, {
    timeout: 60_000,
  });
}

/** A model is open (the app's ready signal) and no job is running. */
export async function waitReady(page: Page): Promise<void> {
  await expect(
    page.locator('.app[data-ready="true"]'),
    'the app never finished opening a model',
  ).toBeVisible();
  await waitNoJob(page);
}

/** A model is open and the engine has analysed it (up to 2 minutes). */
export async function waitAnalysed(page: Page): Promise<void> {
  await expect(page.locator('.app[data-ready="true"]'), 'no model opened').toBeVisible();
  await expect(
    page.locator('.app[data-analysis="ready"]'),
    'the engine never finished analysing the open model',
  ).toBeVisible({ timeout: 120_000 });
}

/** Opens the "Open model" dialog on its Local files tab. */
export async function openLocalTab(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Open model' }).click();
  await page.getByRole('tab', { name: 'Local files' }).click();
}

/** Opens `files` (paths) through the Local files tab's file picker. */
export async function pickLocalFiles(page: Page, files: string | string[]): Promise<void> {
  await openLocalTab(page);
  await page.getByTestId('file-input').setInputFiles(files);
}

/** A fixture model's files in e2e/fixtures/`folder`: config and weights, and the probe set. */
export function fixtureModel(folder: string, withProbes = false): string[] {
  const names = ['config.json', 'model.safetensors'];
  if (withProbes) names.push('probes.safetensors');
  return names.map((f) => join(FIXTURES, folder, f));
}

/** Makes every WebGL context request fail in `page`, from its next navigation on. */
export async function disableWebGL(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const original = HTMLCanvasElement.prototype.getContext;
    HTMLCanvasElement.prototype.getContext = function (
      this: HTMLCanvasElement,
      kind: string,
      ...rest: unknown[]
    ) {
      if (kind.startsWith('webgl') || kind === 'experimental-webgl') return null;
      return (original as (...a: unknown[]) => unknown).call(this, kind, ...rest);
    } as typeof original;
  });
}

declare global {
  interface Window {
    /** Test-only: decodes a base64 PNG into its pixels (installed by withPngDecoder). */
    __baeDecodePng?: (b64: string) => Promise<ImageData>;
  }
}

/**
 * Makes `window.__baeDecodePng` available in `page` (idempotent), so pixel checks of
 * screenshots can run in the page, which has a PNG decoder (Node has none here).
 */
export async function withPngDecoder(page: Page): Promise<void> {
  await page.evaluate(() => {
    window.__baeDecodePng ??= async (b64: string) => {
      const img = new Image();
      img.src = `data:image/png;base64,${b64}`;
      await img.decode();
      const c = document.createElement('canvas');
      c.width = img.width;
      c.height = img.height;
      const ctx = c.getContext('2d');
      if (!ctx) throw new Error('no 2-D context');
      ctx.drawImage(img, 0, 0);
      return ctx.getImageData(0, 0, c.width, c.height);
    };
  });
}

/**
 * A drawn point of the 3-D manifold at least `gapPx` from every other and `marginPx` inside the
 * pane's edges, once the view holds still (a camera still easing would move it from under the
 * cursor).
 */
export async function isolatedManifoldPoint(page: Page, { gapPx = 6, marginPx = 40 } = {}) {
  // Wait until the projection holds still across a few frames (no easing, no resize).
  await expect
    .poll(
      () =>
        page.evaluate(async () => {
          const frames = () =>
            new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
          const a = window.bae?.latent().screenPoints();
          await frames();
          await new Promise((r) => setTimeout(r, 150));
          await frames();
          const b = window.bae?.latent().screenPoints();
          if (!a || !b || a.rows.length === 0 || a.rows.length !== b.rows.length) return false;
          return (
            a.x.every((x, i) => Object.is(x, b.x[i])) && a.y.every((y, i) => Object.is(y, b.y[i]))
          );
        }),
      { message: 'the manifold never came to rest' },
    )
    .toBe(true);
  const box = await page.getByTestId('manifold-stage').boundingBox();
  if (!box) throw new Error('no manifold stage');
  return page.evaluate(
    ({ b, gap, margin }) => {
      const pts = window.bae?.latent().screenPoints();
      if (!pts) throw new Error('no manifold');
      const n = pts.rows.length;
      for (let i = 0; i < n; i++) {
        const x = pts.x[i] ?? NaN;
        const y = pts.y[i] ?? NaN;
        if (!(
          x > b.x + margin &&
          x < b.x + b.width - margin &&
          y > b.y + margin &&
          y < b.y + b.height - margin
        ))
          continue;
        let alone = true;
        for (let j = 0; j < n && alone; j++) {
          if (j === i) continue;
          alone = !(Math.hypot((pts.x[j] ?? NaN) - x, (pts.y[j] ?? NaN) - y) < gap);
        }
        if (alone) return { row: pts.rows[i] ?? -1, x, y };
      }
      throw new Error('no isolated point');
    },
    { b: box, gap: gapPx, margin: marginPx },
  );
}

/**
 * Pixels of an element's screenshot that differ from its most common colour (the background),
 * and how many of those are clearly red or blue (the diverging scale's points).
 */
export async function inkOf(page: Page, target: Locator) {
  const png = await target.screenshot();
  await withPngDecoder(page);
  return page.evaluate(async (b64) => {
    const image = await window.__baeDecodePng?.(b64);
    if (!image) throw new Error('no PNG decoder');
    const d = image.data;
    const freq = new Map<number, number>();
    for (let i = 0; i < d.length; i += 4) {
      const key = ((d[i] ?? 0) << 16) | ((d[i + 1] ?? 0) << 8) | (d[i + 2] ?? 0);
      freq.set(key, (freq.get(key) ?? 0) + 1);
    }
    let bg = 0;
    let most = 0;
    for (const [key, n] of freq) if (n > most) [bg, most] = [key, n];
    const [br, bgg, bb] = [(bg >> 16) & 255, (bg >> 8) & 255, bg & 255];
    let ink = 0;
    let coloured = 0;
    for (let i = 0; i < d.length; i += 4) {
      const r = d[i] ?? 0;
      const g = d[i + 1] ?? 0;
      const b = d[i + 2] ?? 0;
      if (Math.abs(r - br) + Math.abs(g - bgg) + Math.abs(b - bb) > 40) ink++;
      if (Math.abs(r - b) > 60) coloured++;
    }
    return { ink, coloured, total: image.width * image.height };
  }, png.toString('base64'));
}
