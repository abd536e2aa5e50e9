// The 3-D manifold shows the inputs that matter (issue 12), in a real Chromium: on the bundled
// model's months composite the month names are readable labels, none overlapping; a ring of
// positive values opens square-on (a hole in the middle) on a sequential scale without blue; a
// byte-level vocabulary reads as text (⏎, ␣, ’) rather than Ġ/Ċ symbols; hovering a list row
// marks its point.
import { expect, test, type Page } from '@playwright/test';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { floatTensor, intTensor, mulberry32, safetensorsBytes } from '../scripts/fixtures/lib.mjs';
import { FIXTURES } from './fixtureServer';
import { fixtureModel, pickLocalFiles, waitAnalysed, waitReady, withPngDecoder } from './helpers';
import { MONTHS } from '../src/core/shape/cycles';

async function openLatent(page: Page, k: number) {
  await page.evaluate((c) => window.bae?.show({ kind: 'latent', composite: c }), k);
  await expect(page.getByTestId('latent-id')).toHaveText(`Composite ${k}`);
  await expect(page.locator('[data-testid="latent-view"][data-state="ready"]')).toBeVisible({
    timeout: 60_000,
  });
  await expect(page.getByTestId('manifold-stage')).toHaveAttribute('data-stale', 'false');
}

/** Visible labels in the 3-D pane: their text and page boxes, once the layout has settled. */
async function shownLabels(page: Page) {
  // Labels follow the camera: wait until its ease has ended (two reads agree).
  let last = '';
  for (let i = 0; i < 20; i++) {
    const now = await page.evaluate(() => JSON.stringify(window.bae?.latent().camera ?? null));
    if (now === last && now !== 'null') break;
    last = now;
    await page.waitForTimeout(250);
  }
  return page.evaluate(() =>
    Array.from(document.querySelectorAll<HTMLElement>('.point-label[data-shown="true"]'), (el) => {
      const r = el.getBoundingClientRect();
      return { text: el.textContent ?? '', l: r.left, t: r.top, r: r.right, b: r.bottom };
    }),
  );
}

test('the months composite shows the month names as labels, none overlapping', async ({ page }) => {
  await page.goto('/');
  await waitAnalysed(page);
  // The composite whose automatic label holds the most month names (57 on the bundled model).
  const k = await page.evaluate((months) => {
    const a = window.bae?.analysis();
    const p = window.bae?.probes();
    if (!a?.probes || !p) throw new Error('no analysis with probes');
    let best = -1;
    let bestCount = -1;
    for (let c = 0; c < a.nComposites; c++) {
      let n = 0;
      for (let r = 0; r < 12; r++) {
        const row = a.probes.topRows[c * a.probes.topK + r] ?? 0;
        const word = (p.vocab[p.tokens[row * p.window] ?? 0] ?? '').trim();
        if (months.includes(word)) n++;
      }
      if (n > bestCount) [best, bestCount] = [c, n];
    }
    return best;
  }, MONTHS);
  await openLatent(page, k);
  const stage = await page.getByTestId('manifold-stage').boundingBox();
  if (!stage) throw new Error('no stage');
  const labels = await shownLabels(page);
  const months = labels.filter((l) => MONTHS.includes(l.text.trim()));
  expect(
    months.length,
    `at least 10 month names readable on composite ${k}`,
  ).toBeGreaterThanOrEqual(10);
  for (const l of labels) {
    expect(l.l >= stage.x - 1 && l.r <= stage.x + stage.width + 1, `${l.text} inside`).toBe(true);
    expect(l.t >= stage.y - 1 && l.b <= stage.y + stage.height + 1, `${l.text} inside`).toBe(true);
  }
  for (let i = 0; i < labels.length; i++) {
    for (let j = 0; j < i; j++) {
      const a = labels[i]!;
      const b = labels[j]!;
      const overlap = a.l < b.r && a.r > b.l && a.t < b.b && a.b > b.t;
      expect(overlap, `labels "${a.text}" and "${b.text}" overlap`).toBe(false);
    }
  }
  // Labels are text in the DOM, in the accessibility tree.
  await expect(page.getByRole('list', { name: 'Labelled points' })).toBeAttached();
});

test('a ring of positive values opens square-on, on a sequential scale without blue', async ({
  page,
}) => {
  await page.goto('/');
  await waitReady(page);
  await pickLocalFiles(page, join(FIXTURES, 'manifold-ring.csv'));
  await expect(page.getByTestId('manifold-csv-view')).toBeVisible();
  const legend = page.getByTestId('legend-scale');
  await expect(legend).toHaveAttribute('data-scale', 'sequential');
  await expect(legend).toContainText('sequential');
  // Labels off: only the points are measured.
  await page.getByTestId('label-count').selectOption('0');
  await page.waitForTimeout(800);
  // The projected points form a round ring around an empty middle.
  const box = await page.getByTestId('manifold-stage').boundingBox();
  if (!box) throw new Error('no stage');
  const ring = await page.evaluate(() => {
    const pts = window.bae?.latent().screenPoints();
    if (!pts) throw new Error('no points');
    const xs = pts.x.filter((x, i) => Number.isFinite(x) && Number.isFinite(pts.y[i] ?? NaN));
    const ys = pts.y.filter((y, i) => Number.isFinite(y) && Number.isFinite(pts.x[i] ?? NaN));
    const cx = xs.reduce((s, v) => s + v, 0) / xs.length;
    const cy = ys.reduce((s, v) => s + v, 0) / ys.length;
    const d = xs.map((x, i) => Math.hypot(x - cx, (ys[i] ?? 0) - cy)).sort((a, b) => a - b);
    const w = Math.max(...xs) - Math.min(...xs);
    const h = Math.max(...ys) - Math.min(...ys);
    return {
      n: xs.length,
      total: pts.x.length,
      cx,
      cy,
      inner: d[0] ?? 0,
      median: d[d.length >> 1] ?? 0,
      w,
      h,
    };
  });
  expect(ring.n, 'every point of the ring is in view').toBe(ring.total);
  expect(ring.w / ring.h, 'the ring is seen face-on (round, not an ellipse)').toBeGreaterThan(0.85);
  expect(ring.w / ring.h).toBeLessThan(1.18);
  expect(ring.inner / ring.median, 'a hole in the middle').toBeGreaterThan(0.8);
  expect(ring.median, 'the ring fills the pane').toBeGreaterThan(
    0.25 * Math.min(box.width, box.height),
  );
  // Pixels: no blue point anywhere, and the middle of the ring is empty.
  const png = await page.locator('[data-testid="manifold-canvas"] canvas').screenshot();
  await withPngDecoder(page);
  const canvasBox = await page.locator('[data-testid="manifold-canvas"] canvas').boundingBox();
  const pixels = await page.evaluate(
    async ({ b64, cx, cy, r }) => {
      const image = await window.__baeDecodePng?.(b64);
      if (!image) throw new Error('no PNG decoder');
      const d = image.data;
      let blue = 0;
      let centreInk = 0;
      let centre = 0;
      // The background: the most common colour.
      const freq = new Map<number, number>();
      for (let i = 0; i < d.length; i += 4) {
        const key = ((d[i] ?? 0) << 16) | ((d[i + 1] ?? 0) << 8) | (d[i + 2] ?? 0);
        freq.set(key, (freq.get(key) ?? 0) + 1);
      }
      let top = 0;
      let most = 0;
      for (const [key, n] of freq) if (n > most) [top, most] = [key, n];
      const bg = [(top >> 16) & 255, (top >> 8) & 255, top & 255];
      for (let y = 0; y < image.height; y++) {
        for (let x = 0; x < image.width; x++) {
          const i = (y * image.width + x) * 4;
          const [rr, g, bb] = [d[i] ?? 0, d[i + 1] ?? 0, d[i + 2] ?? 0];
          if (bb - rr > 40 && bb - g > 20) blue++;
          if (Math.hypot(x - cx, y - cy) < r) {
            centre++;
            if (Math.abs(rr - bg[0]!) + Math.abs(g - bg[1]!) + Math.abs(bb - bg[2]!) > 60)
              centreInk++;
          }
        }
      }
      return { blue, centreInk, centre };
    },
    {
      b64: png.toString('base64'),
      cx: ring.cx - (canvasBox?.x ?? 0),
      cy: ring.cy - (canvasBox?.y ?? 0),
      r: 0.4 * ring.median,
    },
  );
  expect(pixels.blue, 'blue pixels on a one-signed scale').toBe(0);
  expect(pixels.centre).toBeGreaterThan(1000);
  expect(pixels.centreInk / pixels.centre, 'ink inside the ring').toBeLessThan(0.02);
});

/** A probe set for the tiny fixture model in a GPT-2-style byte-level vocabulary. */
function byteLevelProbes(d: number): string {
  // 'Ċ' = "\n", 'Ġ' = " ", 'âĢĻ' = "’" (U+2019) in GPT-2's bytes_to_unicode.
  const vocab = [
    'Ċ',
    'Ġthe',
    'âĢĻt',
    'ĠĠ',
    'Ġcat',
    'Ġsat',
    'Ġon',
    'Ġmat',
    'Ġdon',
    'ĠHe',
    'Ġsaid',
    'ĊĊ',
  ];
  const firing = [0, 1, 2, 3];
  const n = 64;
  const T = 4;
  const u = mulberry32(17);
  const tokens: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < T - 1; t++) tokens.push(4 + Math.floor(u() * 8));
    tokens.push(firing[i % firing.length]!);
  }
  const activations = Array.from({ length: n * d }, () => u() * 2 - 1);
  const bytes = safetensorsBytes(
    {
      activations: floatTensor(activations, [n, d]),
      tokens: intTensor(tokens, [n, T]),
    },
    { format: 'bae-probes', version: '1', vocab: JSON.stringify(vocab), rows: 'tokens' },
  );
  const file = join(mkdtempSync(join(tmpdir(), 'bae-bytes-')), 'probes.safetensors');
  writeFileSync(file, bytes);
  return file;
}

test('byte-level tokens read as text: ⏎ for a newline, ␣ for spaces, ’ decoded', async ({
  page,
}) => {
  await page.goto('/');
  await waitReady(page);
  const [config, weights] = fixtureModel('tiny-mixed');
  await pickLocalFiles(page, [config!, weights!, byteLevelProbes(16)]);
  // The new model is open (until then the bundled one still reads as analysed).
  await expect(page.getByTestId('model-name')).toHaveText(/^mixed-l03/);
  await waitAnalysed(page);
  await openLatent(page, 0);
  const list = page.getByTestId('top-rows');
  const text = (await list.innerText()) + (await page.getByTestId('bottom-rows').innerText());
  expect(text, 'raw byte symbols on screen').not.toMatch(/[ĠĊ]|âĢĻ/);
  const labels = (await shownLabels(page)).map((l) => l.text);
  expect(labels.length).toBeGreaterThan(4);
  expect(labels.join(' '), 'no raw byte symbols in the labels').not.toMatch(/[ĠĊ]|âĢĻ/);
  // The firing tokens are "\n", " the", "’t" and "  ": each reads visibly.
  expect(labels).toContain('⏎');
  expect(labels).toContain('␣␣');
  expect(labels).toContain('’t');
  expect(
    labels.every((l) => l.trim() !== ''),
    'an invisible label',
  ).toBe(true);
});

test('hovering a row of the top activations marks its point in the manifold', async ({ page }) => {
  await page.goto('/');
  await waitAnalysed(page);
  await openLatent(page, 75);
  const row = page.getByTestId('top-rows').locator('button').nth(2);
  const probeRow = Number(await row.getAttribute('data-row'));
  await row.hover();
  // The marker is a zero-size anchor (its ring is drawn around it) placed on the point.
  const marker = page.getByTestId('list-marker');
  await expect(marker).toHaveCSS('visibility', 'visible');
  await expect
    .poll(
      async () => {
        const at = await page.evaluate((r) => window.bae?.latent().screenOf(r) ?? null, probeRow);
        const box = await marker.boundingBox();
        if (!at || !box) return Infinity;
        return Math.hypot(box.x - at.x, box.y - at.y);
      },
      { message: 'the marker is not on the hovered row’s point' },
    )
    .toBeLessThan(3);
  // And the other way round: the point under the cursor marks its row.
  const at = await page.evaluate((r) => window.bae?.latent().screenOf(r) ?? null, probeRow);
  if (!at) throw new Error('the point is not on screen');
  await page.mouse.move(at.x, at.y);
  const hovered = await page.getByTestId('hover-card').getAttribute('data-row');
  await expect(page.locator(`.act-row.hovered[data-row="${hovered}"]`).first()).toBeVisible();
});
