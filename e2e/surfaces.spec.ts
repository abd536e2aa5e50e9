// The surfaces at the window sizes researchers use (800×900, 1,280×800, 1,440×900): nothing of
// the top bar, the statistic cards or their tooltips leaves the window or its container, and the
// model name and size chips are never cut; the keyboard: `?` lists every shortcut of the table the
// handlers read, the spectrum is one tab stop driven by arrows and Enter, the 3-D canvas takes the
// focus (with a visible ring) and orbits, zooms and resets from the keys; the atlas's search
// continues on its first result with ↓; the share dialog offers a short link only when shorter.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { SHORTCUTS } from '../src/core/shortcuts';
import { waitAnalysed } from './helpers';

const LATENT = 57;

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Half a pixel of rounding. */
const EPS = 0.5;

function within(inner: Box, outer: Box): boolean {
  return (
    inner.x >= outer.x - EPS &&
    inner.y >= outer.y - EPS &&
    inner.x + inner.width <= outer.x + outer.width + EPS &&
    inner.y + inner.height <= outer.y + outer.height + EPS
  );
}

async function box(l: Locator): Promise<Box> {
  const b = await l.boundingBox();
  if (!b) throw new Error(`${l.toString()} has no box`);
  return b;
}

/** Every element of `items` lies inside `container` and, horizontally, inside the window. */
async function expectContained(page: Page, items: Locator, container: Locator, what: string) {
  const outer = await box(container);
  const width = page.viewportSize()?.width ?? 0;
  const count = await items.count();
  expect(count, `no ${what} found`).toBeGreaterThan(0);
  for (let i = 0; i < count; i++) {
    const item = items.nth(i);
    const b = await box(item);
    const name = `${what} ${i + 1} (${(await item.textContent())?.slice(0, 40)})`;
    expect(within(b, outer), `${name} ${JSON.stringify(b)} leaves ${JSON.stringify(outer)}`).toBe(
      true,
    );
    expect(b.x >= -EPS && b.x + b.width <= width + EPS, `${name} leaves the window`).toBe(true);
  }
}

/** No text of `items` is cut by its own box (no ellipsis, no hidden overflow). */
async function expectUncut(items: Locator, what: string) {
  const cut = await items.evaluateAll((els) =>
    els.filter((e) => e.scrollWidth > e.clientWidth + 1).map((e) => e.textContent),
  );
  expect(cut, `${what} cut short`).toEqual([]);
}

async function checkTopBar(page: Page) {
  const bar = page.getByTestId('topbar');
  await expectContained(
    page,
    bar.locator('.brand, .model-name, .badge, button'),
    bar,
    'top bar item',
  );
  const barBox = await box(bar);
  expect(barBox.width, 'the top bar is wider than the window').toBeLessThanOrEqual(
    (page.viewportSize()?.width ?? 0) + EPS,
  );
  await expectUncut(bar.locator('.model-name, .badge'), 'model name or size chip');
}

for (const [width, height] of [
  [800, 900],
  [1280, 800],
  [1440, 900],
] as const) {
  test.describe(`at ${width}×${height}`, () => {
    test.use({ viewport: { width, height } });

    test('the top bar, the statistic cards and their tooltips stay inside', async ({ page }) => {
      test.setTimeout(120_000);
      for (const theme of ['light', 'dark']) {
        await page.goto(`/#v=1&view=latent&k=${LATENT}&th=${theme}`);
        await waitAnalysed(page);
        await expect(page.locator('[data-testid="latent-view"][data-state="ready"]')).toBeVisible();
        await checkTopBar(page);
        const info = page.locator('.latent-info');
        const stats = page.locator('.latent-stat');
        await expectContained(page, stats, info, 'statistic card');
        const vw = page.viewportSize() ?? { width, height };
        for (const name of ['density', 'rank', 'importance', 'support', 'captured']) {
          await page.getByTestId(`stat-${name}`).hover();
          const tip = page.getByTestId(`stat-tip-${name}`);
          await expect(tip).toBeVisible();
          await expect(tip).toHaveCSS('visibility', 'visible');
          const b = await box(tip);
          expect(
            within(b, { x: 0, y: 0, ...vw }),
            `the ${name} tooltip ${JSON.stringify(b)} leaves the ${vw.width}×${vw.height} window`,
          ).toBe(true);
        }
      }
      await page.goto('/#v=1&view=model');
      await waitAnalysed(page);
      await checkTopBar(page);
      const card = page.locator('section[aria-labelledby="card-recon"]');
      await expectContained(page, card.locator('.stat-grid .figure'), card, 'panel figure');
      // Key results above the fold: the mean error and the PCA floor are on the first screen.
      for (const id of ['mean-error', 'pca-floor']) {
        const b = await box(page.getByTestId(id));
        expect(b.y + b.height, `${id} is below the fold`).toBeLessThanOrEqual(height);
      }
      await page.goto('/#v=1&view=atlas');
      await waitAnalysed(page);
      await checkTopBar(page);
      // Every column of the composite list sits on its row's one line (none wraps below it).
      for (const row of [
        page.locator('.atlas-list-head'),
        page.locator('.atlas-list-body [role="row"]').first(),
      ]) {
        await expectContained(
          page,
          row.locator('[role="columnheader"], [role="gridcell"]'),
          row,
          'list cell',
        );
      }
    });
  });
}

test('? lists every shortcut of the table the handlers read', async ({ page }) => {
  await page.goto('/');
  await waitAnalysed(page);
  await page.keyboard.press('?');
  const dialog = page.getByTestId('shortcuts-dialog');
  await expect(dialog).toBeVisible();
  for (const id of Object.keys(SHORTCUTS)) {
    await expect(dialog.getByTestId(`shortcut-${id}`), `${id} is not listed`).toHaveCount(1);
  }
  await expect(dialog.locator('[data-testid^="shortcut-"]')).toHaveCount(
    Object.keys(SHORTCUTS).length,
  );
  await expect(dialog.getByTestId('shortcut-frameAll')).toContainText('Shift+F');
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  // The top bar's button opens it too; while it is open, page keys are off.
  await page.getByTestId('shortcuts-button').click();
  await expect(dialog).toBeVisible();
  await page.keyboard.press('m');
  await expect(page.getByTestId('model-panel')).toHaveCount(0);
});

async function openComposite(page: Page, k: number) {
  await page.goto(`/#v=1&view=latent&k=${k}`);
  await waitAnalysed(page);
  await expect(page.locator('[data-testid="latent-view"][data-state="ready"]')).toBeVisible();
  await expect(page.getByTestId('manifold-stage')).toHaveAttribute('data-stale', 'false');
  await expect.poll(() => page.evaluate(() => window.bae?.latent().camera !== null)).toBe(true);
}

test('the spectrum is one tab stop: arrows move, Enter plots the eigenvector', async ({ page }) => {
  await openComposite(page, LATENT);
  const bars = page.locator('[data-testid^="spectrum-bar-"]');
  expect(await bars.count()).toBeGreaterThan(4);
  await expect(page.locator('[data-testid^="spectrum-bar-"][tabindex="0"]')).toHaveCount(1);
  // Tab from the axis picker's last button lands on the bars, once.
  await page.locator('.axis-picker button').last().focus();
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('spectrum-bar-0')).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('spectrum-bar-3')).toBeFocused();
  await page.keyboard.press('ArrowLeft');
  await expect(page.getByTestId('spectrum-bar-2')).toBeFocused();
  // The arrows stayed in the chart: still the same composite.
  await expect(page.getByTestId('latent-id')).toHaveText(`Composite ${LATENT}`);
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('spectrum-bar-3')).toBeFocused();
  // The picker is on x (focusing its buttons chose nothing): Enter plots bar 3 as x.
  await page.keyboard.press('Enter');
  await expect
    .poll(() => page.evaluate(() => window.bae?.latent().detail?.axes.join(',')))
    .toBe('3,1,2');
  // Tab leaves the chart at once (one stop, not 32).
  await page.keyboard.press('Tab');
  await expect(page.locator('[data-testid^="spectrum-bar-"]:focus')).toHaveCount(0);
});

type Pose = { position: number[]; target: number[]; up: number[] };

function distance(p: Pose): number {
  return Math.hypot(...p.position.map((v, i) => v - (p.target[i] ?? 0)));
}

test('the 3-D canvas takes the focus with a ring; arrows orbit, +/− zoom, R resets', async ({
  page,
}) => {
  await openComposite(page, LATENT);
  const camera = () => page.evaluate(() => window.bae?.latent().camera as Pose);
  const framed = await camera();
  const stage = page.getByTestId('manifold-stage');
  await page.keyboard.press('Tab'); // keyboard modality: focus rings show
  await stage.focus();
  await expect(stage).toBeFocused();
  await expect(stage).toHaveCSS('outline-style', 'solid');
  await page.keyboard.press('ArrowLeft');
  await expect
    .poll(async () => JSON.stringify(await camera()), { message: 'ArrowLeft did not orbit' })
    .not.toBe(JSON.stringify(framed));
  const orbited = await camera();
  expect(Math.abs(distance(orbited) - distance(framed)) / distance(framed)).toBeLessThan(1e-3);
  await expect(page.getByTestId('latent-id')).toHaveText(`Composite ${LATENT}`);
  await page.keyboard.press('+');
  await expect
    .poll(async () => distance(await camera()) / distance(orbited), { message: '+ did not zoom' })
    .toBeLessThan(0.9);
  await page.keyboard.press('-');
  await page.keyboard.press('-');
  await expect
    .poll(async () => distance(await camera()) / distance(orbited), { message: '− did not zoom' })
    .toBeGreaterThan(1.1);
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('r');
  await expect
    .poll(
      async () => {
        const c = await camera();
        return c
          ? Math.max(...c.position.map((v, i) => Math.abs(v - (framed.position[i] ?? 0))))
          : 1;
      },
      { message: 'R did not return to the framed view' },
    )
    .toBeLessThan(1e-3 * distance(framed));
  await expect(stage).toBeFocused();
});

test('the atlas: ↓ from the search box highlights the first result, Enter opens it; headings', async ({
  page,
}) => {
  await page.goto('/#v=1&view=atlas');
  await waitAnalysed(page);
  await expect(
    page.getByRole('heading', { level: 2, name: /^Atlas of \d+ composites$/ }),
  ).toHaveCount(1);
  await expect(page.getByRole('heading', { level: 3, name: 'Atlas map' })).toHaveCount(1);
  await expect(page.getByRole('heading', { level: 3, name: 'List of composites' })).toHaveCount(1);
  await page.keyboard.press('/');
  await expect(page.getByTestId('atlas-search')).toBeFocused();
  await page.keyboard.type('1');
  const first = page.getByTestId('atlas-row').first();
  await expect(first).toBeVisible();
  const id = await first.getAttribute('data-id');
  await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('atlas-list')).toBeFocused();
  await expect(page.locator('[data-testid="atlas-row"][aria-selected="true"]')).toHaveAttribute(
    'data-id',
    id ?? '',
  );
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('latent-id')).toHaveText(`Composite ${id}`);
});

test('the share dialog shows the whole link, and a short form only when it is shorter', async ({
  page,
}) => {
  for (const hash of ['#v=1&view=atlas', `#v=1&view=latent&k=${LATENT}&pin=3,17,250&c=rank`]) {
    await page.goto(`/${hash}`);
    await waitAnalysed(page);
    await page.getByRole('button', { name: 'Share' }).click();
    const field = page.getByTestId('share-link');
    const link = await field.inputValue();
    expect(
      await field.evaluate((el) => el.scrollHeight <= el.clientHeight + 1),
      'the link does not fit its field',
    ).toBe(true);
    expect((await box(field)).width).toBeGreaterThan(400);
    await expect(
      page.getByTestId('share-short').or(page.getByText(/^No shorter form/)),
    ).toBeVisible();
    await expect(page.getByText('Computing a short form…')).toHaveCount(0);
    if (await page.getByTestId('share-short').count()) {
      const short = await page.getByTestId('share-short').inputValue();
      expect(short.length, 'the short link is not shorter').toBeLessThan(link.length);
    } else {
      await expect(page.getByTestId('share-short-state')).toContainText('No shorter form');
    }
    await page.keyboard.press('Escape');
  }
});
