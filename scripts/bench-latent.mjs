// `npm run bench:latent`: the latent view's figures in headless Chromium (Debian's) on this
// machine's software GL, printed as JSON. Drives the real app through window.bae:
//  - opening a latent of the bundled model once its analysis is cached: from the click to the
//    first frame drawn with the new points (first open of a composite, and re-open);
//  - the 3-D view with 65,536 points (e2e/fixtures/manifold-65k.csv): open time, hover pick
//    time (cached index, and after the camera moved: one O(n) re-projection + pick), frame
//    time (renders finished on the GPU), frames per second while auto-rotating, and the time the
//    per-frame layout of the point labels (24 by default) takes while the camera turns.
// Flags: --no-build (reuse dist-4176/), --port <n> (default 4176), --model <folder> (open a local
// model folder — config.json, model.safetensors, probes.safetensors — instead of the bundled one).
/* global window, document, requestAnimationFrame */
import { join } from 'node:path';
import { buildApp, launchChromium, startPreview } from './lib/browser.mjs';

const args = process.argv.slice(2);
const port = args.includes('--port') ? Number(args[args.indexOf('--port') + 1]) : 4176;
const outDir = `dist-${port}`;
const modelDir = args.includes('--model') ? args[args.indexOf('--model') + 1] : null;
const CSV = join(import.meta.dirname, '..', 'e2e', 'fixtures', 'manifold-65k.csv');

if (!args.includes('--no-build')) {
  process.stderr.write(`bench-latent: building into ${outDir}…\n`);
  buildApp(outDir);
}

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  const mean = s.reduce((a, b) => a + b, 0) / Math.max(1, s.length);
  return {
    n: s.length,
    mean: +mean.toFixed(3),
    p50: +q(0.5).toFixed(3),
    p95: +q(0.95).toFixed(3),
    max: +s[s.length - 1].toFixed(3),
  };
};

/** In the page: shows composite k and resolves with ms until a frame with its points is drawn. */
function timeOpen(page, k) {
  return page.evaluate(
    (c) =>
      new Promise((resolve, reject) => {
        const t0 = performance.now();
        window.bae.show({ kind: 'latent', composite: c });
        const deadline = t0 + 30_000;
        const tick = () => {
          const l = window.bae.latent();
          const ready = document.querySelector('[data-testid="latent-view"][data-state="ready"]');
          const drawn = l.dataVersion?.split('|')[1] === String(c);
          if (ready && drawn && l.detail?.composite === c) {
            const frames = l.frames;
            // Wait for the frame that draws the new buffers.
            const after = () =>
              window.bae.latent().frames > frames
                ? resolve({ ms: performance.now() - t0, engineMs: l.requestMs })
                : requestAnimationFrame(after);
            requestAnimationFrame(after);
          } else if (performance.now() > deadline) reject(new Error(`composite ${c} never opened`));
          else requestAnimationFrame(tick);
        };
        tick();
      }),
    k,
  );
}

const preview = await startPreview({ port, outDir });
let browser;
try {
  ({ browser } = await launchChromium());
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('console', (m) => {
    if (m.type() === 'error') console.error(`[page] ${m.text()}`);
  });
  await page.goto(preview.url);
  // First visit analyses and caches; the reload takes the analysis from the cache.
  await page.waitForSelector('.app[data-analysis="ready"]', { timeout: 300_000 });
  await page.reload();
  await page.waitForSelector('.app[data-analysis="ready"]', { timeout: 300_000 });
  if (modelDir) {
    await page.getByRole('button', { name: 'Open model' }).click();
    await page.getByRole('tab', { name: 'Local files' }).click();
    await page
      .getByTestId('file-input')
      .setInputFiles(
        ['config.json', 'model.safetensors', 'probes.safetensors'].map((f) => join(modelDir, f)),
      );
    await page.waitForFunction((name) => window.bae.model()?.name !== name, 'tiny-mixed');
    await page.waitForSelector('.app[data-analysis="ready"]', { timeout: 300_000 });
  }
  await page.waitForTimeout(1000);
  const info = await page.evaluate(() => {
    const a = window.bae.analysis();
    const order = Array.from(a.importance, (v, k) => [v, k]).sort((x, y) => y[0] - x[0]);
    return {
      model: a.modelName,
      d: a.dForm,
      C: a.nComposites,
      probes: a.probes?.n ?? 0,
      backend: window.bae.backend(),
      composites: order.slice(0, 6).map(([, k]) => k),
    };
  });
  process.stderr.write(
    `bench-latent: ${info.model} (d'=${info.d}, C=${info.C}, N=${info.probes})\n`,
  );

  // Opening latents: from the atlas (mounts the view), then between composites (no remount).
  const first = [];
  const reopen = [];
  for (const k of info.composites) {
    await page.evaluate(() => window.bae.show({ kind: 'atlas' }));
    await page.waitForTimeout(200);
    first.push(await timeOpen(page, k));
  }
  for (const k of info.composites) reopen.push(await timeOpen(page, k));
  const latentFrameMs = await page.evaluate(() => window.bae.latent().measureFrames(30));
  const latentPoints = Number(await page.getByTestId('manifold-stage').getAttribute('data-points'));

  // 65,536 points from the manifold CSV.
  await page.evaluate(() => window.bae.show({ kind: 'atlas' }));
  await page.getByRole('button', { name: 'Open model' }).click();
  await page.getByRole('tab', { name: 'Local files' }).click();
  const t0 = Date.now();
  await page.getByTestId('file-input').setInputFiles(CSV);
  await page.waitForSelector('[data-testid="manifold-stage"][data-points="65536"]');
  await page.waitForFunction(() => window.bae.latent().camera !== null);
  const csvOpenMs = Date.now() - t0;
  const box = await page.getByTestId('manifold-stage').boundingBox();
  const picks = await page.evaluate((b) => {
    const l = window.bae.latent();
    const pts = l.screenPoints();
    const out = { cached: [], hits: 0 };
    for (let i = 0; i < 2000; i++) {
      // Half the probes on points, half anywhere in the pane.
      const j = (i * 7919) % pts.rows.length;
      const onPoint = i % 2 === 0 && Number.isFinite(pts.x[j]);
      const x = onPoint ? pts.x[j] + 1 : b.x + (((i * 37) % 1000) / 1000) * b.width;
      const y = onPoint ? pts.y[j] + 1 : b.y + (((i * 53) % 1000) / 1000) * b.height;
      const r = l.pickAt(x, y);
      out.cached.push(r.ms);
      if (r.row >= 0) out.hits++;
    }
    return out;
  }, box);
  // After each small orbit drag the index is stale: the next pick re-projects all points.
  const rebuild = [];
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  for (let i = 0; i < 12; i++) {
    await page.mouse.move(cx, cy);
    await page.mouse.down();
    await page.mouse.move(cx + 15, cy + 4, { steps: 2 });
    await page.mouse.up();
    rebuild.push(await page.evaluate(([x, y]) => window.bae.latent().pickAt(x, y).ms, [cx, cy]));
  }
  const frameMs = await page.evaluate(() => window.bae.latent().measureFrames(20));
  // Auto-rotate renders continuously: frames per second as the browser schedules them.
  await page.getByRole('button', { name: /Auto-rotate/ }).click();
  await page.waitForTimeout(500);
  const f0 = await page.evaluate(() => window.bae.latent().frames);
  // Label layout time of each frame drawn while turning (sampled once per animation frame).
  const labelMs = await page.evaluate(
    () =>
      new Promise((resolve) => {
        const out = [];
        const t0 = performance.now();
        let last = -1;
        const tick = () => {
          const l = window.bae.latent();
          if (l.frames !== last) {
            last = l.frames;
            out.push(l.labelLayoutMs);
          }
          if (performance.now() - t0 < 3000) requestAnimationFrame(tick);
          else resolve(out);
        };
        tick();
      }),
  );
  const f1 = await page.evaluate(() => window.bae.latent().frames);
  const labelsShown = await page.locator('.point-label[data-shown="true"]').count();
  await page.getByRole('button', { name: /Auto-rotate/ }).click();
  const renderer = await page.evaluate(() => {
    const gl = document.createElement('canvas').getContext('webgl2');
    const ext = gl?.getExtension('WEBGL_debug_renderer_info');
    return ext ? gl.getParameter(ext.UNMASKED_RENDERER_WEBGL) : 'unknown';
  });

  console.log(
    JSON.stringify(
      {
        date: new Date().toISOString(),
        cores: (await import('node:os')).cpus().length,
        renderer,
        bundled: {
          ...info,
          pointsDrawn: latentPoints,
          // The first open of a model builds the engine's forms session and the kept canvas.
          firstOpenMs: Math.round(first[0]?.ms ?? NaN),
          openFromAtlasMs: stats(first.slice(1).map((r) => r.ms)),
          openFromAtlasSamplesMs: first.map((r) => Math.round(r.ms)),
          openBetweenCompositesMs: stats(reopen.map((r) => r.ms)),
          openBetweenSamplesMs: reopen.map((r) => Math.round(r.ms)),
          engineRoundTripMs: stats([...first, ...reopen].map((r) => r.engineMs)),
          frameMs: +latentFrameMs.toFixed(2),
        },
        points65k: {
          openCsvMs: csvOpenMs,
          pickCachedMs: stats(picks.cached),
          pickHits: picks.hits,
          pickAfterCameraMoveMs: stats(rebuild),
          frameMs: +frameMs.toFixed(2),
          autoRotateFps: +((f1 - f0) / 3).toFixed(1),
          labelsShown,
          labelLayoutMsPerFrame: stats(labelMs),
        },
      },
      null,
      2,
    ),
  );
} finally {
  await browser?.close();
  preview.stop();
}
