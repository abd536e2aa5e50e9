// `npm run bench:atlas`: the atlas benchmark. Builds the app into its own folder, serves it, and
// runs window.runAtlasBench (src/bench/atlasBench.ts) in headless Chromium (Debian's). Prints JSON:
// UMAP time for 2,048 synthetic fingerprints in the worker (and the longest gap between the
// page's frames meanwhile), hover pick time over 16k points (grid vs brute force), and the time
// to draw one frame of 16k points. Flags: --points N, --composites N, --no-build.
/* global window */
import { cpus } from 'node:os';
import { buildApp, launchChromium, openBenchPage, startPreview } from './lib/browser.mjs';

const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const PORT = 4179;
const OUT = 'dist-bench-atlas';
const spec = {
  umapComposites: flag('--composites', 2048),
  points: flag('--points', 16384),
  pickQueries: 20000,
  renderFrames: 30,
};

if (!args.includes('--no-build')) buildApp(OUT);
const preview = await startPreview({ port: PORT, outDir: OUT });
let browser;
try {
  ({ browser } = await launchChromium());
  const page = await openBenchPage(browser, preview.url);
  process.stderr.write(`bench-atlas: ${JSON.stringify(spec)}…\n`);
  const result = await page.evaluate((s) => window.runAtlasBench(s), spec);
  console.log(
    JSON.stringify(
      { date: new Date().toISOString(), cores: cpus().length, spec, ...result },
      null,
      2,
    ),
  );
} finally {
  await browser?.close();
  preview.stop();
}
