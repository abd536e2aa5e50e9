// The latent view in a real Chromium (software WebGL): statistics and a manifold that is
// actually drawn (pixels, not just a canvas element), the hover card of the point under the
// cursor, spectrum bars that change the projection, pins, navigation by keys and neighbours,
// exports, a 65k-row manifold CSV, a bad CSV, no WebGL, and a layout that fits the window.
// Written for whichever bundled model is the default (tiny placeholder or the trained one).
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES } from './fixtureServer';
import {
  disableWebGL,
  inkOf,
  isolatedManifoldPoint,
  pickLocalFiles,
  waitAnalysed,
} from './helpers';

/** The composite of largest importance (a non-degenerate manifold). */
function importantComposite(page: Page): Promise<number> {
  return page.evaluate(() => {
    const a = window.bae?.analysis();
    if (!a) throw new Error('no analysis');
    let best = 0;
    for (let k = 1; k < a.nComposites; k++)
      if ((a.importance[k] ?? 0) > (a.importance[best] ?? 0)) best = k;
    return best;
  });
}

async function openLatent(page: Page, k: number) {
  await page.evaluate((c) => window.bae?.show({ kind: 'latent', composite: c }), k);
  await expect(page.getByTestId('latent-id')).toHaveText(`Composite ${k}`);
  await expect(
    page.locator('[data-testid="latent-view"][data-state="ready"]'),
    'the latent detail never arrived from the engine',
  ).toBeVisible();
  await expect(page.getByTestId('manifold-stage')).toHaveAttribute('data-stale', 'false');
  // The camera has finished easing to the composite (screen positions hold still).
  await expect(page.getByTestId('manifold-stage')).toHaveAttribute('data-labels', 'settled');
}

async function start(page: Page): Promise<number> {
  await page.goto('/');
  await waitAnalysed(page);
  const k = await importantComposite(page);
  await openLatent(page, k);
  return k;
}

/** A probe row's context as the card shows it, computed from the raw probe set. */
function expectedContext(page: Page, row: number) {
  return page.evaluate((r) => {
    const p = window.bae?.probes();
    if (!p) throw new Error('no probe set');
    const pos = p.position[r] ?? p.window - 1;
    let text = '';
    for (let t = 0; t < p.window; t++) {
      const id = p.tokens[r * p.window + t] ?? -1;
      if (id >= 0) text += p.vocab[id] ?? '';
      if (t === pos) break;
    }
    const token = p.vocab[p.tokens[r * p.window + pos] ?? 0] ?? '';
    for (let t = pos + 1; t < p.window; t++) {
      const id = p.tokens[r * p.window + t] ?? -1;
      if (id >= 0) text += p.vocab[id] ?? '';
    }
    const visible = (s: string) => s.replace(/\n/g, '↵').replace(/\t/g, '⇥').replace(/\r/g, '');
    return { context: visible(text), token: visible(token) };
  }, row);
}

test('a latent shows its statistics, and its manifold is really drawn', async ({ page }) => {
  const k = await start(page);
  for (const name of ['density', 'rank', 'importance', 'support', 'captured']) {
    const stat = page.getByTestId(`stat-${name}`);
    await expect(stat, `statistic ${name} missing`).toBeVisible();
    await expect(stat.locator('dd').first()).toHaveText(/\d/);
    await stat.hover();
    // The tooltip lives in a portal (it escapes the column): found by its id.
    await expect(page.getByTestId(`stat-tip-${name}`), `${name} has no formula`).toHaveText(
      /=.*[/Σ‖]/,
    );
  }
  await expect(page.getByTestId('spectrum-chart')).toBeVisible();
  await expect(page.getByTestId('firing-histogram')).toBeVisible();
  await expect(page.getByTestId('top-rows').locator('li').first()).toBeVisible();
  const points = Number(await page.getByTestId('manifold-stage').getAttribute('data-points'));
  expect(points, 'the manifold has no points').toBeGreaterThan(10);
  const { ink, coloured, total } = await inkOf(
    page,
    page.locator('[data-testid="manifold-canvas"] canvas'),
  );
  expect(ink, `only ${ink} of ${total} pixels differ from the background`).toBeGreaterThan(
    Math.min(2000, 5 * points),
  );
  expect(coloured, 'no red or blue points on the canvas').toBeGreaterThan(100);
  // The framed camera was written back to the view store (deep links read it).
  await expect.poll(() => page.evaluate(() => window.bae?.latent().camera !== null)).toBe(true);
  // Back to the atlas and into another latent: the kept canvas is adopted again and draws.
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('latent-view')).toHaveCount(0);
  const C = await page.evaluate(() => window.bae?.analysis()?.nComposites ?? 0);
  await openLatent(page, (k + 1) % C);
  await expect
    .poll(
      async () =>
        (await inkOf(page, page.locator('[data-testid="manifold-canvas"] canvas'))).ink > 500,
      { message: 'the canvas is blank after coming back from the atlas' },
    )
    .toBe(true);
});

test('the hover card shows the context of the point under the cursor; a click pins it', async ({
  page,
}) => {
  await start(page);
  const target = await isolatedManifoldPoint(page);
  const want = await expectedContext(page, target.row);
  await page.mouse.move(target.x, target.y);
  const card = page.getByTestId('hover-card');
  await expect(card, 'the card is for another point').toHaveAttribute(
    'data-row',
    String(target.row),
  );
  await expect(card).toBeVisible();
  await expect(card.locator('.context')).toHaveText(want.context);
  await expect(card.locator('mark')).toHaveText(want.token);
  await expect(card).toContainText(`probe row ${target.row}`);
  await expect(card).toContainText(/h = [+-]?\d/);
  // Click (no drag): the point is pinned and stays labelled after the mouse leaves.
  await page.mouse.down();
  await page.mouse.up();
  await page.mouse.move(5, 5);
  await expect(page.getByTestId('hover-card')).toBeHidden();
  await expect(page.getByTestId('pin-label')).toHaveCount(1);
  await expect(page.getByTestId('pin-label')).toContainText(
    want.token.trim() || `row ${target.row}`,
  );
  // The pin follows the point when the camera moves.
  const before = await page.getByTestId('pin-label').boundingBox();
  const stage = await page.getByTestId('manifold-stage').boundingBox();
  if (!stage || !before) throw new Error('no stage');
  await page.mouse.move(stage.x + stage.width / 2, stage.y + stage.height / 2);
  await page.mouse.down();
  await page.mouse.move(stage.x + stage.width / 2 + 120, stage.y + stage.height / 2 + 30, {
    steps: 6,
  });
  await page.mouse.up();
  await expect
    .poll(async () => (await page.getByTestId('pin-label').boundingBox())?.x ?? before.x)
    .not.toBeCloseTo(before.x, 0);
});

test('clicking a spectrum bar plots that eigenvector (the projection changes)', async ({
  page,
}) => {
  await start(page);
  const before = await page.evaluate(() => {
    const d = window.bae?.latent().detail;
    return { axes: d?.axes ?? [], xyz: Array.from(d?.xyz?.subarray(0, 60) ?? []) };
  });
  expect(before.axes).toEqual([0, 1, 2]);
  await page.getByTestId('spectrum-bar-3').click();
  await expect
    .poll(() => page.evaluate(() => window.bae?.latent().detail?.axes.join(',')))
    .toBe('3,1,2');
  await expect(page.locator('[data-testid="latent-view"][data-state="ready"]')).toBeVisible();
  const after = await page.evaluate(() =>
    Array.from(window.bae?.latent().detail?.xyz?.subarray(0, 60) ?? []),
  );
  expect(after, 'xyz did not change with the axes').not.toEqual(before.xyz);
  // y and z kept their eigenvectors: only x (the first of each triple) changed.
  for (let i = 0; i < 20; i++) {
    expect(after[i * 3 + 1]).toBe(before.xyz[i * 3 + 1]);
    expect(after[i * 3 + 2]).toBe(before.xyz[i * 3 + 2]);
  }
  await expect(page.getByTestId('manifold-legend')).toContainText('x = u₄');
  // The picker moved on to y: the next click plots bar 4 as y.
  await page.getByTestId('spectrum-bar-4').click();
  await expect
    .poll(() => page.evaluate(() => window.bae?.latent().detail?.axes.join(',')))
    .toBe('3,4,2');
});

test('keys and neighbours move between composites; Escape returns to the atlas', async ({
  page,
}) => {
  const k = await start(page);
  const C = await page.evaluate(() => window.bae?.analysis()?.nComposites ?? 0);
  const next = k < C - 1 ? k + 1 : k - 1;
  await page.keyboard.press(next > k ? ']' : '[');
  await expect(page.getByTestId('latent-id')).toHaveText(`Composite ${next}`);
  await page.keyboard.press(next > k ? 'ArrowLeft' : 'ArrowRight');
  await expect(page.getByTestId('latent-id')).toHaveText(`Composite ${k}`);
  // Switching while the camera still eases must still frame the composite finally shown: the
  // points that fire it most (the first drawn: top by |h|) are all in the pane. (The default
  // view frames the firing points, not every outlier of the body.)
  await expect(page.locator('[data-testid="latent-view"][data-state="ready"]')).toBeVisible();
  await expect
    .poll(
      async () => {
        const stage = await page.getByTestId('manifold-stage').boundingBox();
        return page.evaluate((b) => {
          const pts = window.bae?.latent().screenPoints();
          if (!b || !pts || pts.rows.length === 0) return 'no points';
          const out = pts.x
            .slice(0, 50)
            .filter(
              (x, i) =>
                !(x >= b.x && x <= b.x + b.width) ||
                !((pts.y[i] ?? NaN) >= b.y && (pts.y[i] ?? NaN) <= b.y + b.height),
            ).length;
          return `${out} of the top 50 points outside the pane`;
        }, stage);
      },
      { message: 'the camera does not frame the composite after quick switches' },
    )
    .toBe('0 of the top 50 points outside the pane');
  // The canvas survives the change of composite (no remount).
  const canvas = await page.locator('[data-testid="manifold-canvas"] canvas').elementHandle();
  // The neighbours under the default measure; when none is close, the nearest are one click
  // away.
  const section = page.getByTestId('neighbour-section');
  if ((await section.getByTestId('no-close-neighbours').count()) > 0) {
    await section.locator('summary').click();
  }
  const neighbour = section.locator('button.neighbour').first();
  const id = Number(await neighbour.getAttribute('data-id'));
  await expect(neighbour).toContainText(/[+-]\d\.\d{3}$/);
  await neighbour.click();
  await expect(page.getByTestId('latent-id')).toHaveText(`Composite ${id}`);
  await expect(page.locator('[data-testid="latent-view"][data-state="ready"]')).toBeVisible();
  expect(await canvas?.evaluate((c) => c.isConnected), 'the canvas was remounted').toBe(true);
  // Typing in the label field does not navigate; Escape leaves the field, then the view.
  const label = page.getByTestId('latent-label');
  await label.fill('years ] [');
  await label.press('Enter');
  await expect(page.getByTestId('latent-id')).toHaveText(`Composite ${id}`);
  await expect(label).toHaveValue('years ] [');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('latent-view')).toHaveCount(0);
});

test('exports: spectrum CSV, points CSV and a PNG of the view', async ({ page }) => {
  await start(page);
  const dForm = await page.evaluate(() => window.bae?.analysis()?.dForm ?? 0);
  const save = async (testId: string) => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId(testId).click(),
    ]);
    const path = await download.path();
    return { name: download.suggestedFilename(), bytes: readFileSync(path) };
  };
  const spectrum = await save('export-spectrum');
  const lines = spectrum.bytes.toString('utf8').trim().split('\n');
  expect(lines[0]).toBe('index,eigenvalue,axis');
  expect(lines.length - 1, 'the spectrum CSV is not the full spectrum').toBe(dForm);
  expect(lines[1]).toMatch(/^0,-?[\d.e-]+,x$/);
  const points = await save('export-points');
  const rows = points.bytes.toString('utf8').trim().split('\n');
  expect(rows[0]).toBe(',x,y,z,value,token,row,context');
  const shown = Number(await page.getByTestId('manifold-stage').getAttribute('data-points'));
  expect(rows.length - 1).toBeGreaterThanOrEqual(shown); // contexts may hold newlines
  const png = await save('export-png');
  expect(png.name).toMatch(/\.png$/);
  expect(png.bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
  expect(png.bytes.length).toBeGreaterThan(2000);
});

test('a 65,536-row manifold CSV opens, renders and answers hover', async ({ page }) => {
  await page.goto('/');
  await waitAnalysed(page);
  await pickLocalFiles(page, join(FIXTURES, 'manifold-65k.csv'));
  await expect(page.getByTestId('manifold-csv-view')).toBeVisible();
  await expect(page.getByTestId('csv-name')).toHaveText('manifold-65k.csv');
  await expect(page.getByTestId('manifold-stage')).toHaveAttribute('data-points', '65536');
  await expect(page.getByTestId('point-total')).toHaveText('65,536 points');
  const { ink, total } = await inkOf(page, page.locator('[data-testid="manifold-canvas"] canvas'));
  expect(ink, `only ${ink} of ${total} pixels are drawn`).toBeGreaterThan(total * 0.03);
  const target = await isolatedManifoldPoint(page).catch(() => null);
  if (target) {
    await page.mouse.move(target.x, target.y);
    await expect(page.getByTestId('hover-card')).toHaveAttribute('data-row', String(target.row));
    await expect(page.getByTestId('hover-card')).toContainText(`row ${target.row} of`);
  }
  const pick = await page.evaluate(() => {
    const pts = window.bae?.latent().screenPoints();
    const l = window.bae?.latent();
    if (!pts || !l) throw new Error('no manifold');
    let worst = 0;
    for (let i = 0; i < 200; i++) {
      const j = (i * 7919) % pts.rows.length;
      const r = l.pickAt((pts.x[j] ?? 0) + 0.5, (pts.y[j] ?? 0) + 0.5);
      worst = Math.max(worst, r.ms);
    }
    return worst;
  });
  console.log(`65,536 points: slowest of 200 picks ${pick.toFixed(2)} ms`);
});

test('the small CSV shows hostile tokens as text; a bad CSV names the file and the line', async ({
  page,
}) => {
  let alerted = false;
  page.on('dialog', (d) => {
    alerted = true;
    void d.dismiss();
  });
  await page.goto('/');
  await waitAnalysed(page);
  await pickLocalFiles(page, join(FIXTURES, 'manifold-small.csv'));
  await expect(page.getByTestId('manifold-stage')).toHaveAttribute('data-points', '8');
  await expect(page.getByTestId('csv-top-rows')).toContainText('<img src=x onerror=alert(1)>');
  await expect
    .poll(() => page.evaluate(() => window.bae?.latent().screenOf(3) ?? null), {
      message: 'point 3 is never drawn',
    })
    .not.toBeNull();
  const p = await page.evaluate(() => window.bae?.latent().screenOf(3));
  if (!p) throw new Error('point 3 is not drawn');
  await page.mouse.move(p.x, p.y);
  const card = page.getByTestId('hover-card');
  await expect(card.locator('mark')).toHaveText('<img src=x onerror=alert(1)>');
  await expect(card).toContainText('→ <b>bold</b>');
  await expect(page.locator('.manifold-pane img, .latent-view img, .latent-view b')).toHaveCount(0);
  expect(alerted).toBe(false);

  await pickLocalFiles(page, join(FIXTURES, 'manifold-bad.csv'));
  await expect(page.getByTestId('notice-error').last()).toContainText(
    'manifold-bad.csv: line 5: column "y" is "abc", not a finite number',
  );
  // The app stays usable: the previous CSV is still shown, the model still open.
  await expect(page.getByTestId('manifold-stage')).toHaveAttribute('data-points', '8');
  await expect(page.locator('.app[data-ready="true"]')).toBeVisible();
});

test('without WebGL the pane says so instead of staying blank', async ({ page }) => {
  await disableWebGL(page);
  await page.goto('/');
  await waitAnalysed(page);
  await page.evaluate(() => window.bae?.show({ kind: 'latent', composite: 0 }));
  await expect(page.getByTestId('no-webgl')).toContainText('WebGL');
  await expect(page.getByTestId('stat-rank')).toBeVisible();
});

test('the latent view fills 1280×800 without scrolling and stays usable at 800 px', async ({
  page,
}) => {
  await start(page);
  const fits = () =>
    page.evaluate(() => {
      const s = document.scrollingElement;
      return {
        height: (s?.scrollHeight ?? 0) <= window.innerHeight,
        width: (s?.scrollWidth ?? 0) <= window.innerWidth,
      };
    });
  expect(await fits(), 'the page scrolls at 1280×800').toEqual({ height: true, width: true });
  const wide = await page.getByTestId('manifold-stage').boundingBox();
  expect(wide?.width ?? 0).toBeGreaterThan(500);
  expect(wide?.height ?? 0).toBeGreaterThan(450);

  await page.setViewportSize({ width: 800, height: 700 });
  expect(await fits(), 'the page scrolls at 800 px wide').toEqual({ height: true, width: true });
  const narrow = await page.getByTestId('manifold-stage').boundingBox();
  expect(narrow?.width ?? 0, 'the manifold is too narrow at 800 px').toBeGreaterThan(380);
  expect(narrow?.height ?? 0).toBeGreaterThan(400);
  await expect(page.getByTestId('stat-rank')).toBeInViewport();
  await expect(page.getByTestId('top-rows')).toBeAttached();
  await expect(page.getByRole('button', { name: 'Reset camera' })).toBeInViewport();
  // Still drawn after the resize.
  const { ink } = await inkOf(page, page.locator('[data-testid="manifold-canvas"] canvas'));
  expect(ink).toBeGreaterThan(200);
});
