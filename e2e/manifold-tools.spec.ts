// Working on a manifold (issue 13), in a real Chromium: the search highlights exactly the rows
// that match (counted independently from the fixture file); a lasso selects exactly the points
// inside it; the search and the selection survive a deep link; the shape panel lists the months
// composite's month tokens in the order it finds around the fitted circle.
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES } from './fixtureServer';
import { pickLocalFiles, waitAnalysed, waitReady } from './helpers';
import { MONTHS } from '../src/core/shape/cycles';

const RING = join(FIXTURES, 'manifold-ring.csv');

/** The ring fixture's token cells, read straight from the file (one per row, in order). */
function ringTokens(): string[] {
  return readFileSync(RING, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(',').slice(5).join(','));
}

async function openRing(page: Page) {
  await page.goto('/');
  await waitReady(page);
  await pickLocalFiles(page, RING);
  await expect(page.getByTestId('manifold-csv-view')).toBeVisible();
  await expect(page.getByTestId('manifold-stage')).toHaveAttribute('data-labels', 'settled');
}

/** Drags a lasso with shift held through `points` (page coordinates), closing it. */
async function lasso(page: Page, points: [number, number][]) {
  await page.keyboard.down('Shift');
  await page.mouse.move(points[0]![0], points[0]![1]);
  await page.mouse.down();
  for (const [x, y] of [...points.slice(1), points[0]!]) await page.mouse.move(x, y, { steps: 12 });
  await page.mouse.up();
  await page.keyboard.up('Shift');
}

/** Even–odd point-in-polygon, written here independently of the app's. */
function inside(x: number, y: number, poly: [number, number][]): boolean {
  let c = false;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const [xi, yi] = poly[i]!;
    const [xj, yj] = poly[j]!;
    if (yi > y !== yj > y && x < xi + ((xj - xi) * (y - yi)) / (yj - yi)) c = !c;
  }
  return c;
}

test('the search highlights exactly the matching points, and says how many', async ({ page }) => {
  await openRing(page);
  const want = ringTokens().filter((t) => /^ 1900 /i.test(t)).length;
  expect(want).toBeGreaterThan(5);
  await page.getByTestId('label-count').selectOption('100');
  await page.getByTestId('manifold-search').fill('/^ 1900 /');
  await expect(page.getByTestId('manifold-match-count')).toHaveText(`${want} of 4,096 match`);
  // Only matching points carry labels: every match, and nothing else.
  const labels = page.locator('li.point-label');
  await expect(labels).toHaveCount(want);
  for (const text of await labels.allTextContents()) expect(text.trim()).toBe('1900');
  // A bad regex says so instead of matching anything.
  await page.getByTestId('manifold-search').fill('/(1900/');
  await expect(page.getByTestId('manifold-match-count')).toContainText('not a valid regex');
});

test('a lasso selects exactly the points inside it; alt removes; Escape clears', async ({
  page,
}) => {
  await openRing(page);
  await page.getByTestId('label-count').selectOption('0');
  const box = await page.getByTestId('manifold-stage').boundingBox();
  if (!box) throw new Error('no stage');
  // A triangle over the left part of the ring, vertices on whole pixels.
  const poly: [number, number][] = [
    [Math.round(box.x + box.width * 0.15), Math.round(box.y + box.height * 0.2)],
    [Math.round(box.x + box.width * 0.55), Math.round(box.y + box.height * 0.5)],
    [Math.round(box.x + box.width * 0.15), Math.round(box.y + box.height * 0.85)],
  ];
  const expected = await page.evaluate(() => window.bae?.latent().screenPoints());
  if (!expected) throw new Error('no points');
  const want = expected.rows
    .filter((_, i) => inside(expected.x[i] ?? NaN, expected.y[i] ?? NaN, poly))
    .sort((a, b) => a - b);
  expect(want.length, 'the triangle holds part of the ring').toBeGreaterThan(50);
  await lasso(page, poly);
  await expect(page.getByTestId('selection-size')).toHaveText(
    `${want.length.toLocaleString('en')} points`,
  );
  const got = await page.evaluate(() => window.bae?.view().manifoldSelection ?? []);
  expect(got).toEqual(want);
  // The panel describes the selection: its tokens are the selected rows' tokens.
  await expect(page.getByTestId('selection-tokens').locator('li').first()).toBeVisible();
  // Alt+shift over the same triangle removes every one of them.
  await page.keyboard.down('Alt');
  await lasso(page, poly);
  await page.keyboard.up('Alt');
  await expect(page.getByTestId('selection-panel')).toHaveCount(0);
  await lasso(page, poly);
  await expect(page.getByTestId('selection-panel')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('selection-panel')).toHaveCount(0);
  // Escape with nothing selected goes back to the atlas, as before.
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('atlas')).toBeVisible();
});

test('the search and the selection survive a deep link', async ({ page, browser }) => {
  await page.goto('/#v=1&view=latent&k=57');
  await waitAnalysed(page);
  await expect(page.locator('[data-testid="latent-view"][data-state="ready"]')).toBeVisible();
  await page.getByTestId('manifold-search').fill('ber');
  const box = await page.getByTestId('manifold-stage').boundingBox();
  if (!box) throw new Error('no stage');
  await lasso(page, [
    [box.x + box.width * 0.1, box.y + box.height * 0.1],
    [box.x + box.width * 0.9, box.y + box.height * 0.1],
    [box.x + box.width * 0.9, box.y + box.height * 0.9],
    [box.x + box.width * 0.1, box.y + box.height * 0.9],
  ]);
  const want = await page.evaluate(() => window.bae?.view());
  expect(want?.manifoldSelection.length).toBeGreaterThan(10);
  await expect.poll(() => page.url()).toContain('msel=');
  await expect.poll(() => page.url()).toContain('mq=ber');
  const count = await page.getByTestId('selection-size').textContent();
  const url = page.url();
  const context = await browser.newContext();
  const fresh = await context.newPage();
  await fresh.goto(url);
  await waitAnalysed(fresh);
  await expect(fresh.locator('[data-testid="latent-view"][data-state="ready"]')).toBeVisible();
  const got = await fresh.evaluate(() => window.bae?.view());
  expect(got?.manifoldQuery).toBe('ber');
  expect(got?.manifoldSelection).toEqual(want?.manifoldSelection);
  await expect(fresh.getByTestId('manifold-search')).toHaveValue('ber');
  await expect(fresh.getByTestId('selection-size')).toHaveText(count ?? '');
  await context.close();
});

test('the shape panel lists the months composite’s month tokens by angle', async ({ page }) => {
  const query = encodeURIComponent(`/^(${MONTHS.join('|')})$/`);
  await page.goto(`/#v=1&view=latent&k=57&mq=${query}`);
  await waitAnalysed(page);
  await expect(page.locator('[data-testid="latent-view"][data-state="ready"]')).toBeVisible();
  await expect(page.getByTestId('manifold-match-count')).toHaveText('12 of 2,000 match');
  // Fit the shapes to the months only.
  await page.getByTestId('shape-fit').selectOption('focus');
  const order = page.getByTestId('shape-angular-order').locator('li');
  await expect(order).toHaveCount(12);
  const found = (await order.allTextContents()).map((t) => t.trim());
  expect([...found].sort()).toEqual([...MONTHS].sort());
  // The panel compares the found order with the calendar's (as it comes out: reported, not tuned).
  await expect(page.getByTestId('shape-cycle')).toContainText('calendar order');
  console.log(`months by angle on composite 57: ${found.join(' → ')}`);
  console.log(`  ${(await page.getByTestId('shape-cycle').textContent())?.trim()}`);
});
