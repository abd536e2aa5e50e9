// `npm run bench:relations`: the relations' figures in headless Chromium (Debian's), as JSON.
//  - co-activation neighbours (one onnxruntime Gram matrix + the neighbour lists) in the engine
//    worker: the bundled model's size (C = 200, N = 20,000) and C = 2,048, N = 65,536;
//  - token search over 65,536 synthetic rows (C = 2,048): each keystroke's ranking, and the index
//    build in the search worker;
//  - in the app on the bundled model (analysis cached): the token view's open time, from the
//    navigation to the first frame drawn with it (p50 of 5 rows), and the analysis's relations
//    phase (every measure: co-activation, centroids, overlap, forms).
// Flags: --no-build (reuse dist-4178/), --webgpu, --quick (skip the C = 2,048 product).
/* global window, document, requestAnimationFrame */
import { cpus } from 'node:os';
import { buildApp, launchChromium, openBenchPage, startPreview } from './lib/browser.mjs';

const args = process.argv.slice(2);
const PORT = 4178;
const OUT = `dist-${PORT}`;
const backend = args.includes('--webgpu') ? 'webgpu' : 'wasm';
if (!args.includes('--no-build')) buildApp(OUT);
const preview = await startPreview({ port: PORT, outDir: OUT });
let browser;
try {
  ({ browser } = await launchChromium());
  const page = await openBenchPage(browser, preview.url);
  const spec = {
    backend,
    coactivation: [
      { C: 200, N: 20000 },
      ...(args.includes('--quick') ? [] : [{ C: 2048, N: 65536 }]),
    ],
    search: { N: 65536, C: 2048, V: 20000, queries: ['blue', 'the', 'e', 'ta', 'zzzz'] },
  };
  process.stderr.write('bench-relations: engine and search…\n');
  const engine = await page.evaluate((s) => window.runRelationsBench(s), spec);
  await page.close();

  // The app on the bundled model: analyse once (cached), then time the token view and search.
  // Its analysis bundle is withheld, so the relations phase below is this page's own.
  const app = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await app.route('**/analysis.safetensors', (r) => r.fulfill({ status: 404, body: '' }));
  await app.goto(`${preview.url}/`);
  await app.waitForSelector('[data-testid="atlas"][data-layout="ready"]', { timeout: 300_000 });
  await app.waitForFunction(() => window.bae?.tokenIndex() !== null);
  process.stderr.write('bench-relations: token view and search in the app…\n');
  const inApp = await app.evaluate(async () => {
    const openRow = (row) =>
      new Promise((resolve) => {
        const t0 = performance.now();
        window.bae.show({ kind: 'row', input: { source: 'probe', row } });
        const tick = () => {
          const v = document.querySelector('[data-testid="token-view"][data-state="ready"]');
          if (v && v.getAttribute('data-row') === String(row)) {
            requestAnimationFrame(() => resolve(performance.now() - t0));
          } else requestAnimationFrame(tick);
        };
        tick();
      });
    const times = [];
    for (const row of [11, 512, 1091, 7000, 19000]) times.push(await openRow(row));
    times.sort((a, b) => a - b);
    window.bae.show({ kind: 'atlas' });
    // The global part's measures and the join's subspace overlap.
    const relations = window.bae
      .analysis()
      .timings.filter((t) => t.phase.startsWith('relations'))
      .reduce((sum, t) => ({ ms: sum.ms + t.ms }), { ms: 0 });
    return {
      tokenViewOpenMs: times.map((t) => Math.round(t)),
      p50: Math.round(times[2]),
      analysisRelationsPhaseMs: Math.round(relations?.ms ?? NaN),
    };
  });
  console.log(
    JSON.stringify(
      {
        date: new Date().toISOString(),
        cores: cpus().length,
        ...engine,
        app: inApp,
      },
      null,
      2,
    ),
  );
} finally {
  await browser?.close();
  preview.stop();
}
