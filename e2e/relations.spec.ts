// Relations between composites and the token view, in a real Chromium: on the planted fixture
// the co-activation neighbours find the planted co-firing partner first; on the bundled model
// searching "blue" finds the colour composite (136) among the first three with the input and its
// value shown; the token view opens from a link, from a manifold hover card (key I), from search
// and from a list row; an activations file of 3 probe rows encodes to the analysis's h for those
// rows; the atlas's default layout, colour and point size follow the measured choices, and the
// layout is in the link.
import { expect, test, type Page } from '@playwright/test';
import {
  fixtureModel,
  isolatedManifoldPoint,
  pickLocalFiles,
  waitAnalysed,
  waitNoJob,
} from './helpers';

async function waitAtlas(page: Page) {
  await waitAnalysed(page);
  await expect(
    page.locator('[data-testid="atlas"][data-layout="ready"]'),
    'the atlas layout never finished',
  ).toBeVisible({ timeout: 120_000 });
  await waitNoJob(page);
}

/** The probe row whose word is `word` (word probe sets: one row per word). */
function rowOf(page: Page, word: string): Promise<number> {
  return page.evaluate((w) => {
    const p = window.bae!.probes()!;
    for (let r = 0; r < p.n; r++) if (p.vocab[p.tokens[r * p.window]!] === w) return r;
    throw new Error(`no probe row for ${w}`);
  }, word);
}

/** A .npy file (version 1.0, little-endian float32, C order) of `rows` × `d` values. */
function npyBytes(values: number[], rows: number, d: number): Buffer {
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': (${rows}, ${d}), }`;
  const total = 10 + header.length + 1;
  header += ' '.repeat((64 - (total % 64)) % 64) + '\n';
  const out = Buffer.alloc(10 + header.length + 4 * values.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  out.writeUInt16LE(header.length, 8);
  out.write(header, 10, 'latin1');
  values.forEach((v, i) => out.writeFloatLE(v, 10 + header.length + 4 * i));
  return out;
}

test('co-activation neighbours find the planted co-firing partner first', async ({ page }) => {
  await page.goto('/');
  await waitAnalysed(page);
  await pickLocalFiles(page, fixtureModel('tiny-planted', true));
  await expect.poll(() => page.evaluate(() => window.bae?.model()?.nComposites ?? 0)).toBe(8);
  await waitAnalysed(page);
  await page.evaluate(() => window.bae!.show({ kind: 'latent', composite: 2 }));
  await expect(page.getByTestId('latent-id')).toHaveText('Composite 2');
  await page.getByTestId('neighbour-measure').selectOption('coactivation');
  const first = page.getByTestId('neighbours').locator('button.neighbour').first();
  await expect(
    first,
    'the planted co-firing partner of composite 2 is not listed first',
  ).toHaveAttribute('data-id', '3');
  await expect(first).toContainText(/\+0\.\d{3}/);
  // Their forms are orthogonal: by the cosine of forms, 3 is not 2's first neighbour.
  await page.getByTestId('neighbour-measure').selectOption('forms');
  await expect(page.getByTestId('neighbour-section')).toHaveAttribute('data-measure', 'forms');
  await expect(
    page.getByTestId('neighbour-section').locator('button.neighbour').first(),
  ).not.toHaveAttribute('data-id', '3');
  await expect
    .poll(() => page.evaluate(() => new URL(location.href).hash), {
      message: 'the neighbour measure is not in the link',
    })
    .toContain('nb=forms');
});

test('searching "blue" lists composite 136 among the first three, with the input shown', async ({
  page,
}) => {
  await page.goto('/');
  await waitAtlas(page);
  test.skip(
    (await page.evaluate(() => window.bae?.model()?.name)) !== 'words-mixed',
    'needs the trained bundled model',
  );
  await expect.poll(() => page.evaluate(() => window.bae?.tokenIndex() !== null)).toBe(true);
  await page.getByTestId('atlas-search').fill('blue');
  await expect(
    page.getByTestId('atlas'),
    'the search worker never answered for "blue"',
  ).toHaveAttribute('data-input-search', 'ready');
  const list = page.getByTestId('atlas-list');
  await expect(list).toHaveAttribute('data-sort', 'relevance');
  const rows = list.getByTestId('atlas-row');
  const firstThree = await rows.evaluateAll((els) =>
    els.slice(0, 3).map((e) => e.getAttribute('data-id')),
  );
  expect(firstThree, 'composite 136 (colours) is not among the first three results').toContain(
    '136',
  );
  const row136 = list.locator('[data-testid="atlas-row"][data-id="136"]');
  await expect(row136.getByTestId('atlas-match')).toContainText('blue');
  await expect(row136.getByTestId('atlas-match')).toContainText(/\+0\.\d+/);
  // The word is in the probe set: search offers its input, and Enter opens it.
  const row = await rowOf(page, 'blue');
  await expect(page.getByTestId('atlas-inputs').locator(`[data-row="${row}"]`)).toBeVisible();
  await page.getByTestId('atlas-search').press('Enter');
  await expect(page.getByTestId('token-view')).toHaveAttribute('data-row', String(row));
  await expect(page.getByTestId('token-view')).toHaveAttribute('data-state', 'ready');
});

test('the token view opens from a link and from a manifold hover card', async ({ page }) => {
  await page.goto('/');
  await waitAnalysed(page);
  const row = await page.evaluate(() => Math.min(5, window.bae!.probes()!.n - 1));
  const name = await page.evaluate(() => window.bae!.model()!.name);
  await page.goto(`/#v=1&m=b:${name}&view=row&r=${row}`);
  await page.reload();
  await waitAnalysed(page);
  const view = page.getByTestId('token-view');
  await expect(view, 'the link did not open the token view').toHaveAttribute(
    'data-row',
    String(row),
  );
  await expect(view).toHaveAttribute('data-state', 'ready');
  const C = await page.evaluate(() => window.bae!.analysis()!.nComposites);
  await expect(page.getByTestId('token-card')).toHaveCount(Math.min(6, C));
  await expect(page.getByTestId('mini-manifold').first()).toBeVisible();
  await expect(page.getByTestId('token-h-list').locator('button.h-bar')).toHaveCount(
    Math.min(60, C),
  );
  await expect(page.getByTestId('token-error')).toHaveText(/^\d/);
  // The bars are sorted by |h|.
  const values = await page.evaluate((r) => {
    const a = window.bae!.analysis()!;
    const p = a.probes!;
    const shown = [...document.querySelectorAll('[data-testid="token-h-list"] button.h-bar')].map(
      (b) => Number(b.getAttribute('data-composite')),
    );
    return shown.map((k) => Math.abs(p.hByComposite[k * p.n + r]!));
  }, row);
  for (let i = 1; i < values.length; i++) expect(values[i]).toBeLessThanOrEqual(values[i - 1]!);
  // A card opens its composite; in the latent view, hovering a point and pressing I opens its
  // input.
  const k = Number(await page.getByTestId('token-card').first().getAttribute('data-composite'));
  await page.getByTestId('token-card').first().click();
  await expect(page.getByTestId('latent-id')).toHaveText(`Composite ${k}`);
  await expect(page.locator('[data-testid="latent-view"][data-state="ready"]')).toBeVisible();
  await expect(page.getByTestId('manifold-stage')).toHaveAttribute('data-stale', 'false');
  const target = await isolatedManifoldPoint(page);
  await page.mouse.move(target.x, target.y);
  const card = page.getByTestId('hover-card');
  await expect(card).toHaveAttribute('data-row', String(target.row));
  await expect(card, 'the hover card does not say how to open the input').toContainText(
    'I: open this input',
  );
  await page.keyboard.press('i');
  await expect(view, 'I on a hovered point did not open its input').toHaveAttribute(
    'data-row',
    String(target.row),
  );
  // Back in the latent view, a top-activation row's ↗ opens its input too.
  await page.goBack();
  await expect(page.getByTestId('latent-id')).toHaveText(`Composite ${k}`);
  const first = page.getByTestId('top-rows').locator('li').first();
  const listRow = await first.locator('button.act-row').getAttribute('data-row');
  await first.getByTestId('open-input').click();
  await expect(view).toHaveAttribute('data-row', String(listRow));
});

test('an activations file of 3 probe rows encodes to the analysis’s h for them', async ({
  page,
}) => {
  // Compare with the engine's own h: withhold the bundled analysis (its h is stored in F16).
  await page.route('**/analysis.safetensors', (r) => r.fulfill({ status: 404, body: '' }));
  await page.goto('/');
  await waitAnalysed(page);
  const rows = await page.evaluate(() => {
    const n = window.bae!.probes()!.n;
    return [0, Math.floor(n / 2), n - 1];
  });
  const { values, d } = await page.evaluate((rs) => {
    const p = window.bae!.probes()!;
    const out: number[] = [];
    for (const r of rs) out.push(...p.activations.subarray(r * p.d, (r + 1) * p.d));
    return { values: out, d: p.d };
  }, rows);
  await page.evaluate(
    (r) => window.bae!.show({ kind: 'row', input: { source: 'probe', row: r } }),
    rows[0]!,
  );
  await expect(page.getByTestId('token-view')).toHaveAttribute('data-state', 'ready');
  await page.getByTestId('encode-file').setInputFiles({
    name: 'three-rows.npy',
    mimeType: 'application/octet-stream',
    buffer: npyBytes(values, 3, d),
  });
  const view = page.getByTestId('token-view');
  await expect(view, 'the encoded rows did not open').toHaveAttribute('data-source', 'own');
  await expect(page.getByTestId('own-rows').locator('li')).toHaveCount(3);
  const worst = await page.evaluate((rs) => {
    const a = window.bae!.analysis()!;
    const p = a.probes!;
    const own = window.bae!.ownRows();
    let worstRel = 0;
    rs.forEach((r, i) => {
      const h = own[i]!.h;
      let scale = 0;
      for (let k = 0; k < a.nComposites; k++)
        scale = Math.max(scale, Math.abs(p.hByComposite[k * p.n + r]!));
      for (let k = 0; k < a.nComposites; k++) {
        const diff = Math.abs(h[k]! - p.hByComposite[k * p.n + r]!);
        worstRel = Math.max(worstRel, diff / scale);
      }
      const e = p.rowError![r]!;
      worstRel = Math.max(worstRel, Math.abs(own[i]!.error - e) / Math.max(1, e));
    });
    return worstRel;
  }, rows);
  expect(worst, 'own rows encode to a different h than the same probe rows').toBeLessThanOrEqual(
    1e-5,
  );
  // Each own row is marked on its composites' manifolds as a new point.
  await expect(
    page.locator('[data-testid="mini-manifold"] circle.mini-mark.own').first(),
  ).toBeVisible();
  // The share dialog says that a link cannot carry own rows.
  await page.getByRole('button', { name: 'Share' }).click();
  await expect(page.getByTestId('share-caveat')).toContainText('own encoded rows');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('share-caveat')).toHaveCount(0);
  // A bad file is refused with a message naming it.
  await page.getByTestId('encode-file').setInputFiles({
    name: 'bad.npy',
    mimeType: 'application/octet-stream',
    buffer: Buffer.from('not numpy'),
  });
  await expect(page.getByRole('alert').filter({ hasText: 'bad.npy' })).toBeVisible();
});

test('the atlas lays out by the measured default, and the layout is in the link', async ({
  page,
}) => {
  await page.goto('/');
  await waitAtlas(page);
  const atlas = page.getByTestId('atlas');
  await expect(atlas, 'the default layout is not the firing centroid').toHaveAttribute(
    'data-layout-kind',
    'centroid',
  );
  await page.getByTestId('atlas-layout').selectOption('spectral');
  await expect(atlas).toHaveAttribute('data-layout-kind', 'spectral');
  await expect(page.locator('[data-testid="atlas"][data-layout="ready"]')).toBeVisible({
    timeout: 120_000,
  });
  await expect
    .poll(() => page.evaluate(() => new URL(location.href).hash))
    .toContain('lay=spectral');
  // Colour and size defaults: the statistic with the most spread, and one size when importance
  // is near constant (as on the bundled model).
  const { spread, constant } = await page.evaluate(() => {
    const a = window.bae!.analysis()!;
    const cv = (v: Float32Array) => {
      const f = [...v].filter(Number.isFinite);
      const m = f.reduce((s, x) => s + x, 0) / f.length;
      return Math.sqrt(f.reduce((s, x) => s + (x - m) ** 2, 0) / f.length) / Math.abs(m);
    };
    const stats = {
      density: a.probes?.density ?? new Float32Array(0),
      rank: a.rank,
      importance: a.importance,
      support: a.support,
      captured: a.captured,
    };
    let best = 'density';
    let bestCv = -Infinity;
    for (const [name, v] of Object.entries(stats)) {
      const c = cv(v);
      if (c > bestCv) [best, bestCv] = [name, c];
    }
    return { spread: best, constant: cv(a.importance) < 0.05 };
  });
  await expect(page.getByTestId('atlas-legend')).toHaveAttribute('data-stat', spread);
  await expect(page.getByTestId('legend-size-off')).toHaveCount(constant ? 1 : 0);
  // The list's default sort follows the colour.
  await expect(page.getByTestId('atlas-list')).toHaveAttribute('data-sort', `${spread}-desc`);
});
