// Deep links in a real Chromium: a state set through the UI (colour-by, latent, axes, a rotated
// camera, a pinned point) is copied from the share dialog and opened in a fresh browser context,
// which shows the same view (camera within 1e-3, same pins and axes, same pixels up to rendering
// noise); back/forward walk through atlas → latent → other latent; a hostile link opens what it
// can and says what it ignored; a model from local files gets the share dialog's caveat.
import { expect, test, type Page } from '@playwright/test';
import { compressUrlState } from '../src/core/urlState';
import {
  fixtureModel,
  isolatedManifoldPoint,
  pickLocalFiles,
  waitAnalysed,
  waitNoJob,
  withPngDecoder,
} from './helpers';

async function latentReady(page: Page, k: number) {
  await expect(page.getByTestId('latent-id')).toHaveText(`Composite ${k}`);
  await expect(
    page.locator('[data-testid="latent-view"][data-state="ready"]'),
    'the latent detail never arrived',
  ).toBeVisible();
  await expect(page.getByTestId('manifold-stage')).toHaveAttribute('data-stale', 'false');
}

/** The composite of largest importance (a non-degenerate manifold). */
function importantComposite(page: Page): Promise<number> {
  return page.evaluate(() => {
    const a = window.bae?.analysis();
    if (!a) throw new Error('no analysis');
    let best = 0;
    for (let k = 1; k < a.nComposites; k++) {
      if ((a.importance[k] ?? 0) > (a.importance[best] ?? 0)) best = k;
    }
    return best;
  });
}

function viewState(page: Page) {
  return page.evaluate(() => {
    const v = window.bae?.view();
    if (!v) throw new Error('no console API');
    return {
      view: v.view,
      axes: v.axes,
      camera: v.camera,
      pinned: v.pinned,
      colorBy: v.colorBy,
    };
  });
}

/** Share of pixels that differ clearly between two PNG screenshots of the same size. */
async function pixelDifference(page: Page, a: Buffer, b: Buffer): Promise<number> {
  await withPngDecoder(page);
  return page.evaluate(
    async ({ x, y }) => {
      const decode = window.__baeDecodePng;
      if (!decode) throw new Error('no PNG decoder');
      const [p, q] = await Promise.all([decode(x), decode(y)]);
      if (p.width !== q.width || p.height !== q.height) return 1;
      let differ = 0;
      for (let i = 0; i < p.data.length; i += 4) {
        let d = 0;
        for (let c = 0; c < 3; c++) d += Math.abs((p.data[i + c] ?? 0) - (q.data[i + c] ?? 0));
        if (d > 60) differ++;
      }
      return differ / (p.width * p.height);
    },
    { x: a.toString('base64'), y: b.toString('base64') },
  );
}

test('a link copied from the share dialog reopens the same view in a fresh browser', async ({
  page,
  browser,
}) => {
  await page.goto('/');
  await waitAnalysed(page);
  // Colour-by in the atlas, then a latent.
  await page.getByTestId('atlas-colour-by').selectOption('rank');
  const k = await importantComposite(page);
  await page.evaluate((c) => window.bae?.show({ kind: 'latent', composite: c }), k);
  await latentReady(page, k);
  // Axes: plot the fourth eigenvector as x.
  await page.getByTestId('spectrum-bar-3').click();
  await expect
    .poll(() => page.evaluate(() => window.bae?.latent().detail?.axes.join(',')))
    .toBe('3,1,2');
  await latentReady(page, k);
  // The top 500 points, all framed (the default frames the firing tip), then rotate the camera
  // by dragging.
  await page.getByTestId('point-count').selectOption('500');
  const framed = JSON.stringify((await viewState(page)).camera);
  await page.getByTestId('frame-all').click();
  // The camera eases there, and writes its pose when it arrives.
  await expect.poll(async () => JSON.stringify((await viewState(page)).camera)).not.toBe(framed);
  const stage = await page.getByTestId('manifold-stage').boundingBox();
  if (!stage) throw new Error('no stage');
  const before = (await viewState(page)).camera;
  await page.mouse.move(stage.x + stage.width * 0.3, stage.y + stage.height * 0.7);
  await page.mouse.down();
  await page.mouse.move(stage.x + stage.width * 0.55, stage.y + stage.height * 0.55, { steps: 8 });
  await page.mouse.up();
  await expect
    .poll(async () => JSON.stringify((await viewState(page)).camera), {
      message: 'the rotated camera never reached the view store',
    })
    .not.toBe(JSON.stringify(before));
  // Pin an isolated point.
  const target = await isolatedManifoldPoint(page, { gapPx: 8, marginPx: 60 });
  await page.mouse.move(target.x, target.y);
  await expect(page.getByTestId('hover-card')).toHaveAttribute('data-row', String(target.row));
  await page.mouse.down();
  await page.mouse.up();
  await page.mouse.move(2, 2);
  await expect(page.getByTestId('pin-label')).toHaveCount(1);

  const want = await viewState(page);
  expect(want.pinned).toEqual([target.row]);
  // The URL follows (camera and pins are written debounced).
  await expect.poll(() => page.url()).toContain(`pin=${target.row}`);
  await expect.poll(() => page.url()).toContain('cam=');
  await page.getByRole('button', { name: 'Share' }).click();
  const link = await page.getByTestId('share-link').inputValue();
  expect(link).toContain('c=rank');
  // The dialog offers the short form only when it is shorter; either way the z= form reopens
  // the view (built here as the app builds it when the dialog does not show it).
  await expect(
    page.getByTestId('share-short').or(page.getByText(/^No shorter form/)),
  ).toBeVisible();
  const offered = (await page.getByTestId('share-short').count()) > 0;
  const compressed = new URL(link);
  compressed.hash = await compressUrlState(compressed.hash.slice(1));
  const short = offered
    ? await page.getByTestId('share-short').inputValue()
    : compressed.toString();
  expect(short).toMatch(/#z=[A-Za-z0-9_-]+$/);
  expect(short.length < link.length, 'a short form is offered exactly when it is shorter').toBe(
    offered,
  );
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('manifold-stage')).toHaveAttribute('data-labels', 'settled');
  const original = await page.locator('[data-testid="manifold-canvas"] canvas').screenshot();

  for (const url of [link, short]) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const fresh = await context.newPage();
    await fresh.goto(url);
    await waitAnalysed(fresh);
    await latentReady(fresh, k);
    await expect(fresh.getByTestId('pin-label')).toHaveCount(1);
    const got = await viewState(fresh);
    expect(got.view).toEqual({ kind: 'latent', composite: k });
    expect(got.axes).toEqual([3, 1, 2]);
    expect(got.pinned).toEqual([target.row]);
    expect(got.colorBy).toBe('rank');
    for (const key of ['position', 'target', 'up'] as const) {
      got.camera?.[key].forEach((v, i) =>
        expect(Math.abs(v - (want.camera?.[key][i] ?? NaN)), `camera ${key}[${i}]`).toBeLessThan(
          1e-3,
        ),
      );
    }
    await expect(fresh.getByTestId('notice-info')).toHaveCount(0);
    // Nothing running over the pane, and the labels laid out for the resting camera.
    await waitNoJob(fresh);
    await expect(fresh.getByTestId('manifold-stage')).toHaveAttribute('data-labels', 'settled');
    const reopened = await fresh.locator('[data-testid="manifold-canvas"] canvas').screenshot();
    const diff = await pixelDifference(fresh, original, reopened);
    expect(diff, `${(diff * 100).toFixed(2)}% of the manifold's pixels differ`).toBeLessThan(0.01);
    await context.close();
  }
});

test('back and forward walk through atlas → latent → other latent', async ({ page }) => {
  await page.goto('/');
  await waitAnalysed(page);
  await expect.poll(() => page.url()).toContain('view=atlas');
  const C = await page.evaluate(() => window.bae?.analysis()?.nComposites ?? 0);
  const a = 1;
  const b = Math.min(C - 1, 4);
  await page.evaluate((c) => window.bae?.show({ kind: 'latent', composite: c }), a);
  await latentReady(page, a);
  await expect.poll(() => page.url()).toContain(`view=latent&k=${a}`);
  await page.evaluate((c) => window.bae?.show({ kind: 'latent', composite: c }), b);
  await latentReady(page, b);
  await expect.poll(() => page.url()).toContain(`k=${b}`);

  await page.goBack();
  await latentReady(page, a);
  await page.goBack();
  await expect(page.getByTestId('latent-view')).toHaveCount(0);
  await expect.poll(() => page.evaluate(() => window.bae?.view().view.kind)).toBe('atlas');
  await page.goForward();
  await latentReady(page, a);
  await page.goForward();
  await latentReady(page, b);
  // No reload happened: the analysis object is the same one.
  expect(await page.evaluate(() => performance.getEntriesByType('navigation').length)).toBe(1);
});

test('a hostile link opens what it can and says exactly what it ignored', async ({ page }) => {
  let dialogs = 0;
  page.on('dialog', (d) => {
    dialogs++;
    void d.dismiss();
  });
  const evil = encodeURIComponent('<img src=x onerror=alert(1)>');
  await page.goto(`/#v=1&view=latent&k=5000&cam=NaN,1,2,3,4,5,6,7,8&c=${evil}&n=1e9&x=${evil}`);
  await waitAnalysed(page);
  const notice = page
    .getByTestId('notice-info')
    .filter({ hasText: 'Parts of the link were ignored' });
  await expect(notice).toBeVisible();
  await expect(notice).toContainText('composite 5000 does not exist');
  await expect(notice).toContainText('point count "1e9"');
  await expect(notice).toContainText('camera');
  await expect(notice).toContainText('colour-by "<img src=x onerror=alert(1)>"');
  await expect(notice).toContainText('unknown parameter "x"');
  await expect(notice.locator('img')).toHaveCount(0);
  expect(dialogs, 'a script from the link ran').toBe(0);
  await expect.poll(() => page.evaluate(() => window.bae?.view().view.kind)).toBe('atlas');
});

test('the share dialog says when a model came from local files', async ({ page }) => {
  await page.goto('/');
  await waitAnalysed(page);
  await pickLocalFiles(page, fixtureModel('tiny-combined'));
  await expect(page.getByTestId('model-name')).toHaveText(/^combined-/);
  await waitAnalysed(page);
  await page.getByRole('button', { name: 'Share' }).click();
  await expect(page.getByTestId('share-caveat')).toContainText('local files');
  expect(await page.getByTestId('share-link').inputValue()).not.toContain('m=');
});
