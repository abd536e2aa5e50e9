// `npm run bench`: engine benchmarks in headless Chromium (Debian's), printed as JSON. For each
// case: cold and cached time to the full analysis, each phase's GFLOP/s next to a plain
// onnxruntime-web MatMul peak measured in the same page, the longest main-thread task, and the
// peak resident memory of the browser's processes. Cases: the bundled model, a mid-size and a
// paper-size synthetic model. Flags: --quick (skip paper size), --webgpu (use WebGPU, e.g. on a
// machine with a GPU), --only <bundled|bundled-size|mid|paper>.
/* global window */
import { launchChromium, openBenchPage, startPreview } from './lib/browser.mjs';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const backend = args.includes('--webgpu') ? 'webgpu' : 'wasm';
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : null;

const PEAK = { m: 4096, k: 256, n: 2048, reps: 3 };
const cases = [
  { name: 'bundled', model: 'bundled' },
  // The bundled model's sizes with synthetic weights: comparable whatever model is bundled.
  { name: 'bundled-size', model: { d: 100, F: 1600, C: 200, n: 20000 } },
  { name: 'mid', model: { d: 256, F: 4096, C: 512, n: 4096 } },
  { name: 'paper', model: { d: 1024, F: 16384, C: 2048, n: 2048 } },
].filter((c) => (only ? c.name === only : !(quick && c.name === 'paper')));

const preview = await startPreview({ port: 4173 });
let browser;
try {
  const launched = await launchChromium();
  browser = launched.browser;
  const results = [];
  for (const c of cases) {
    const page = await openBenchPage(browser, preview.url);
    const baseline = launched.rssBytes();
    let peak = baseline;
    const timer = setInterval(() => {
      peak = Math.max(peak, launched.rssBytes());
    }, 100);
    const t0 = Date.now();
    process.stderr.write(`bench: ${c.name} on ${backend}…\n`);
    try {
      const r = await page.evaluate((spec) => window.runBench(spec), {
        backend,
        model: c.model,
        peak: PEAK,
      });
      results.push({
        case: c.name,
        ...r,
        peakBrowserRssMB: Math.round(peak / 1e6),
        rssAboveIdleMB: Math.round((peak - baseline) / 1e6),
        wallS: +((Date.now() - t0) / 1000).toFixed(1),
      });
    } catch (err) {
      results.push({ case: c.name, error: String(err).slice(0, 500) });
    } finally {
      clearInterval(timer);
      await page.close();
    }
  }
  console.log(
    JSON.stringify(
      { date: new Date().toISOString(), cores: (await import('node:os')).cpus().length, results },
      null,
      2,
    ),
  );
} finally {
  await browser?.close();
  preview.stop();
}
