// The atlas in a real Chromium: one point per composite of the bundled model, colouring that
// changes the legend, search that filters the list and highlights the map, clicking a point to
// open its latent, brushing, CSV/label export and import, keyboard use, no-WebGL fallback, and a
// UMAP layout that is identical when computed twice. Counts are read from the model, so the tests
// hold for the placeholder and for the trained default model alike.
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { disableWebGL, waitAnalysed, waitNoJob } from './helpers';

async function waitAtlas(page: Page) {
  await waitAnalysed(page);
  await expect(
    page.locator('[data-testid="atlas"][data-layout="ready"]'),
    'the UMAP layout never finished',
  ).toBeVisible({ timeout: 120_000 });
  await expect(page.locator('[data-testid="atlas-map"][data-ready="true"]')).toBeVisible();
  await waitNoJob(page);
}

/** Composite count of the open model, as the engine sees it. */
function compositeCount(page: Page) {
  return page.evaluate(() => window.bae?.analysis()?.nComposites ?? -1);
}

/**
 * A composite whose point can be clicked unambiguously: the most isolated point on screen that
 * is not under the legend or another overlay. Returns its id and page position.
 */
async function clickablePoint(page: Page) {
  return page.evaluate(() => {
    const atlas = window.bae!.atlas();
    const n = atlas.pointCount;
    const pos = Array.from({ length: n }, (_, k) => atlas.clientPositionOf(k)!);
    let best = { k: -1, x: 0, y: 0, gap: -1 };
    for (let k = 0; k < n; k++) {
      const [x, y] = pos[k]!;
      const hit = document.elementFromPoint(x, y);
      if (!hit?.closest('[data-testid="atlas-map"]')) continue;
      let gap = Infinity;
      for (let j = 0; j < n; j++) {
        if (j !== k) gap = Math.min(gap, Math.hypot(pos[j]![0] - x, pos[j]![1] - y));
      }
      if (gap > best.gap) best = { k, x, y, gap };
    }
    return best;
  });
}

test('the atlas draws one point per composite; colouring changes the legend', async ({ page }) => {
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto('/');
  await waitAtlas(page);
  const C = await compositeCount(page);
  expect(C).toBeGreaterThan(0);
  await expect(
    page.getByTestId('atlas-map'),
    'the map draws a different number of points',
  ).toHaveAttribute('data-point-count', String(C));
  const atlas = await page.evaluate(() => {
    const a = window.bae!.atlas();
    return {
      points: a.pointCount,
      xy: a.xy?.length ?? 0,
      finite: Array.from(a.xy ?? []).every(Number.isFinite),
    };
  });
  expect(atlas).toEqual({ points: C, xy: 2 * C, finite: true });
  await expect(page.getByTestId('atlas-list')).toHaveAttribute('data-row-count', String(C));

  // Colour: automatic by default (the statistic with the most spread), then the one chosen.
  const legend = page.getByTestId('atlas-legend');
  const auto = await page.getByTestId('atlas-colour-by').getAttribute('data-stat');
  expect(auto).toBeTruthy();
  await expect(legend).toHaveAttribute('data-stat', auto!);
  const before = await page.getByTestId('atlas-map').screenshot();
  const other = auto === 'rank' ? 'density' : 'rank';
  await page.getByTestId('atlas-colour-by').selectOption(other);
  await expect(legend, 'the legend did not follow the colour choice').toHaveAttribute(
    'data-stat',
    other,
  );
  await expect(legend).toContainText(other);
  await expect(legend.locator('figcaption abbr')).toHaveAttribute(
    'title',
    other === 'rank' ? /Effective rank/ : /Hoyer density/,
  );
  const after = await page.getByTestId('atlas-map').screenshot();
  expect(after.equals(before), 'the points kept their colours').toBe(false);
  await page.getByTestId('atlas-colour-by').selectOption('captured');
  await expect(legend).toHaveAttribute('data-stat', 'captured');

  // Hovering a point shows its card (untrusted tokens as text only).
  const p = await clickablePoint(page);
  await page.mouse.move(p.x, p.y);
  await expect(page.getByTestId('atlas-hover')).toContainText(`#${p.k}`);
  await expect(page.locator('[data-testid="atlas"] img')).toHaveCount(0);
  expect(dialogs, 'a token or label was run as HTML').toEqual([]);
});

test('search filters the list and highlights the matches on the map', async ({ page }) => {
  await page.goto('/');
  await waitAtlas(page);
  const C = await compositeCount(page);
  // A word that fires composite k most, read from the probe set.
  const { k, token } = await page.evaluate(() => {
    const a = window.bae!.analysis()!;
    const p = window.bae!.probes()!;
    for (let k = 0; k < a.nComposites; k++) {
      const row = a.probes!.topRows[k * a.probes!.topK]!;
      const id = p.tokens[row * p.window + p.position[row]!]!;
      const token = (p.vocab[id] ?? '').trim();
      if (/^[A-Za-z]{3,}$/.test(token)) return { k, token };
    }
    throw new Error('no composite fires on a plain word');
  });
  // "/" focuses search.
  await page.locator('body').press('/');
  await expect(page.getByTestId('atlas-search')).toBeFocused();
  await page.keyboard.type(token);
  const atlas = page.getByTestId('atlas');
  await expect(atlas).not.toHaveAttribute('data-match-count', String(C));
  const matches = Number(await atlas.getAttribute('data-match-count'));
  expect(matches, `searching "${token}" found nothing`).toBeGreaterThan(0);
  await expect(
    page.getByTestId('atlas-list'),
    'the list does not show exactly the matches',
  ).toHaveAttribute('data-row-count', String(matches));
  await expect(page.getByTestId('atlas-match-count')).toHaveText(`${matches} of ${C} match`);
  await expect(page.locator(`[data-testid="atlas-row"][data-id="${k}"]`)).toBeVisible();
  // Down from the search box goes to the list; arrows highlight; Enter opens.
  await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('atlas-list')).toBeFocused();
  await page.keyboard.press('ArrowDown');
  const highlighted = page.locator('[data-testid="atlas-row"][aria-selected="true"]');
  await expect(highlighted).toHaveCount(1);
  const id = await highlighted.getAttribute('data-id');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('latent-view')).toContainText(`Composite ${id}`);
});

test('clicking a point opens that latent', async ({ page }) => {
  await page.goto('/');
  await waitAtlas(page);
  const p = await clickablePoint(page);
  expect(p.k, 'no point is clickable').toBeGreaterThanOrEqual(0);
  await page.mouse.click(p.x, p.y);
  await expect(page.getByTestId('latent-view').locator('h2')).toContainText(`Composite ${p.k}`);
});

test('wheel zooms, drag pans, Fit all shows everything again', async ({ page }) => {
  await page.goto('/');
  await waitAtlas(page);
  const viewport = () => page.evaluate(() => window.bae!.atlas().viewport!);
  const fitted = await viewport();
  const box = (await page.getByTestId('atlas-map').boundingBox())!;
  const [cx, cy] = [box.x + box.width / 2, box.y + box.height / 2];
  await page.mouse.move(cx, cy);
  await page.mouse.wheel(0, -400);
  await expect
    .poll(async () => (await viewport()).zoom, 'the wheel did not zoom in')
    .toBeGreaterThan(fitted.zoom * 1.5);
  const zoomed = await viewport();
  await page.mouse.move(cx + 3, cy + 3);
  await page.mouse.down();
  await page.mouse.move(cx + 103, cy + 3, { steps: 5 });
  await page.mouse.up();
  const panned = await viewport();
  expect(panned.zoom).toBe(zoomed.zoom);
  expect(
    (zoomed.centerX - panned.centerX) * zoomed.zoom,
    'the map did not follow the drag',
  ).toBeCloseTo(100, 0);
  await expect(page.getByTestId('latent-view'), 'a drag opened a composite').toHaveCount(0);
  await page.getByRole('button', { name: 'Fit all' }).click();
  expect(await viewport()).toEqual(fitted);
});

test('shift+drag brushes composites; the list shows them until cleared', async ({ page }) => {
  await page.goto('/');
  await waitAtlas(page);
  const C = await compositeCount(page);
  const box = (await page.getByTestId('atlas-map').boundingBox())!;
  const corners: [number, number][] = [
    [box.x + 5, box.y + 5],
    [box.x + box.width * 0.6, box.y + 5],
    [box.x + box.width * 0.6, box.y + box.height * 0.6],
    [box.x + 5, box.y + box.height * 0.6],
  ];
  const expected = await page.evaluate((poly) => {
    const a = window.bae!.atlas();
    const inside = (x: number, y: number) => {
      let c = false;
      for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
        const [xi, yi] = poly[i]!;
        const [xj, yj] = poly[j]!;
        if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) c = !c;
      }
      return c;
    };
    let n = 0;
    for (let k = 0; k < a.pointCount; k++) if (inside(...a.clientPositionOf(k)!)) n++;
    return n;
  }, corners);
  await page.keyboard.down('Shift');
  await page.mouse.move(...corners[0]!);
  await page.mouse.down();
  for (const c of [...corners.slice(1), corners[0]!]) await page.mouse.move(...c, { steps: 8 });
  await page.mouse.up();
  await page.keyboard.up('Shift');
  if (expected === 0) {
    await expect(page.getByTestId('atlas')).toHaveAttribute('data-selection-count', '0');
    return;
  }
  await expect(page.getByTestId('atlas'), 'the lasso selected other composites').toHaveAttribute(
    'data-selection-count',
    String(expected),
  );
  await expect(page.getByTestId('atlas-list')).toHaveAttribute('data-row-count', String(expected));
  await page.getByRole('button', { name: 'Clear the selection' }).click();
  await expect(page.getByTestId('atlas-list')).toHaveAttribute('data-row-count', String(C));
});

test('export downloads a CSV with one row per composite, and the map as a PNG', async ({
  page,
}) => {
  await page.goto('/');
  await waitAtlas(page);
  const { C, xy } = await page.evaluate(() => ({
    C: window.bae!.analysis()!.nComposites,
    xy: Array.from(window.bae!.atlas().xy!),
  }));
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export CSV' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/-atlas\.csv$/);
  const text = readFileSync((await download.path())!, 'utf8');
  const lines = text.trimEnd().split('\r\n');
  expect(lines[0]).toBe(
    'id,label,label_source,density,rank,importance,support,captured,circularity,umap_x,umap_y',
  );
  expect(lines.length, 'the CSV does not have one row per composite').toBe(C + 1);
  // Ids in order, and the last two fields are the layout (labels may hold quoted commas).
  for (let k = 0; k < C; k++) {
    const line = lines[k + 1]!;
    expect(line.startsWith(`${k},`)).toBe(true);
    const [circ, x, y] = line.split(',').slice(-3);
    // Circularity is filled in once its job has run; until then the field is empty.
    if (circ !== '') expect(Math.abs(Number(circ) - 0.5)).toBeLessThanOrEqual(0.5);
    expect(Number(x)).toBeCloseTo(xy[2 * k]!, 4);
    expect(Number(y)).toBeCloseTo(xy[2 * k + 1]!, 4);
  }
  const [png] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export PNG' }).click(),
  ]);
  expect(png.suggestedFilename()).toMatch(/-atlas\.png$/);
  const bytes = readFileSync((await png.path())!);
  expect(bytes.subarray(1, 4).toString('latin1'), 'the export is not a PNG').toBe('PNG');
  expect(bytes.length, 'the PNG is empty').toBeGreaterThan(2000);
});

test('labels: edited inline, exported, and a bad import names the problem', async ({ page }) => {
  await page.goto('/');
  await waitAtlas(page);
  const row = page.getByTestId('atlas-row').first();
  const id = await row.getAttribute('data-id');
  await expect(row.locator('.atlas-auto-badge')).toBeVisible();
  await row.getByRole('button', { name: `Edit the label of composite ${id}` }).click();
  await page.getByTestId('label-input').fill('<img src=x onerror=alert(1)> my label');
  await page.getByTestId('label-input').press('Enter');
  const edited = page.locator(`[data-testid="atlas-row"][data-id="${id}"]`);
  await expect(edited).toContainText('<img src=x onerror=alert(1)> my label');
  await expect(edited.locator('.atlas-auto-badge')).toHaveCount(0);
  await expect(page.locator('[data-testid="atlas"] img')).toHaveCount(0);

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export labels' }).click(),
  ]);
  const file = JSON.parse(readFileSync((await download.path())!, 'utf8')) as {
    format: string;
    labels: Record<string, string>;
  };
  expect(file.format).toBe('bae-labels');
  expect(file.labels[id!]).toBe('<img src=x onerror=alert(1)> my label');

  await page.getByTestId('labels-file').setInputFiles({
    name: 'broken.json',
    mimeType: 'application/json',
    buffer: Buffer.from('{"format": "bae-labels", "version": 1, "labels": {"x": 3}}'),
  });
  const notice = page.getByTestId('notice-error').last();
  await expect(notice).toContainText('broken.json');
  await expect(notice).toContainText('"labels" field');
  // The bad file changed nothing.
  await expect(edited).toContainText('my label');

  await page.getByTestId('labels-file').setInputFiles({
    name: 'good.json',
    mimeType: 'application/json',
    buffer: Buffer.from(
      JSON.stringify({
        format: 'bae-labels',
        version: 1,
        model: 'x',
        labels: { [id!]: 'imported' },
      }),
    ),
  });
  await expect(edited).toContainText('imported');
  // Labels persist per model: a reload keeps them.
  await page.reload();
  await waitAtlas(page);
  await expect(page.locator(`[data-testid="atlas-row"][data-id="${id}"]`)).toContainText(
    'imported',
  );
});

test('without WebGL the map pane says so and the list still works', async ({ page }) => {
  await disableWebGL(page);
  await page.goto('/');
  await expect(page.locator('.app[data-analysis="ready"]')).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId('atlas-no-webgl')).toContainText('WebGL');
  const C = await compositeCount(page);
  await expect(page.getByTestId('atlas-list')).toHaveAttribute('data-row-count', String(C));
  await page.getByTestId('atlas-search').fill('0');
  await expect(page.getByTestId('atlas-row').first()).toBeVisible();
});

test('the UMAP layout computed in the page is the one its bundle holds (made in Node)', async ({
  page,
}) => {
  await page.goto('/');
  await waitAtlas(page);
  // The first visit shows the layout of the bundled model's analysis bundle, which the headless
  // tool computed in Node (npm run bundles).
  const first = await page.evaluate(() => Array.from(window.bae!.atlas().xy!));
  // Withhold the bundle and drop every cache, so the reload computes the analysis and the
  // layout afresh, here.
  await page.route('**/analysis.safetensors', (r) => r.fulfill({ status: 404, body: '' }));
  await page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const req = indexedDB.deleteDatabase('bae-explorer');
        req.onsuccess = () => resolve();
        req.onerror = () => reject(new Error('could not delete the cache'));
        req.onblocked = () => reject(new Error('cache deletion blocked'));
      }),
  );
  await page.reload();
  await waitAtlas(page);
  const second = await page.evaluate(() => ({
    xy: Array.from(window.bae!.atlas().xy!),
    fromCache: window.bae!.atlas().fromCache,
  }));
  expect(second.fromCache, 'the second layout came from the cache').toBe(false);
  expect(second.xy, 'the page and Node gave the same model different maps').toEqual(first);
});
