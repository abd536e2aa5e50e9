// `npm run bench:probes`: opening a real-sized probe set in headless Chromium (Debian's), printed
// as JSON. Generates (not committed) a model folder with d = 1,024 and a probe set of 65,536 rows
// in f16 — 134 MB, what tools/make_probes.py writes by default — opens it through the Open
// dialog's file picker as a researcher would, and measures the page's main thread: every task
// over 50 ms by the Long Tasks API (wall time: what a user feels), and the times from the pick to
// the model shown and to its analysis done. With --trace, a Chromium trace also gives each task's
// CPU time on the main thread (wall minus the time the OS gave the core to others: on a 2-core
// machine the engine's two threads and the layout worker compete with it; tracing itself adds
// load, so the wall times of a traced run are longer). `--rows 262144` tries the largest size the issue names (512 MB);
// the figures then say whether it opened or what the app said.
// Flags: --trace, --no-build (reuse dist-<port>/), --port <n> (default 4177), --rows <n> (default 65,536),
// --dir <folder> (where the fixture is written; default: the OS's temporary folder).
/* global window, document */
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp, launchChromium, startPreview } from './lib/browser.mjs';
import { writeLargeModelFolder } from './fixtures/largeProbes.mjs';

const args = process.argv.slice(2);
const flag = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const port = Number(flag('--port', '4177'));
const rows = Number(flag('--rows', '65536'));
const trace = args.includes('--trace');
const outDir = `dist-${port}`;
const dir = flag('--dir', join(tmpdir(), `bae-bench-probes-${rows}`));

if (!args.includes('--no-build')) {
  process.stderr.write(`bench-probes: building into ${outDir}…\n`);
  buildApp(outDir);
}
const probesPath = join(dir, 'probes.safetensors');
let genMs = 0;
if (!existsSync(probesPath)) {
  process.stderr.write(`bench-probes: writing ${rows} rows × 1024 to ${dir}…\n`);
  const t0 = Date.now();
  writeLargeModelFolder(dir, { rows });
  genMs = Date.now() - t0;
}
const files = ['config.json', 'model.safetensors', 'probes.safetensors'].map((f) => join(dir, f));

/**
 * The page's main-thread tasks in a Chromium trace: start (ms from the first event), wall time
 * and thread CPU time. The main thread is the renderer's `CrRendererMain` with the most tasks.
 */
function mainThreadTasks(path) {
  const { traceEvents } = JSON.parse(readFileSync(path, 'utf8'));
  const mains = new Set(
    traceEvents
      .filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
      .map((e) => `${e.pid}:${e.tid}`),
  );
  const byThread = new Map();
  for (const e of traceEvents) {
    const key = `${e.pid}:${e.tid}`;
    if (e.ph !== 'X' || e.name !== 'RunTask' || !mains.has(key)) continue;
    if (!byThread.has(key)) byThread.set(key, []);
    byThread.get(key).push(e);
  }
  const runs = [...byThread.values()].sort((a, b) => b.length - a.length)[0] ?? [];
  const first = Math.min(...runs.map((e) => e.ts));
  return runs.map((e) => ({
    atMs: (e.ts - first) / 1000,
    wallMs: e.dur / 1000,
    cpuMs: (e.tdur ?? e.dur) / 1000,
  }));
}

const preview = await startPreview({ port, outDir });
let browser;
try {
  let rssBytes;
  ({ browser, rssBytes } = await launchChromium());
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('console', (m) => {
    if (m.type() === 'error') console.error(`[page] ${m.text()}`);
  });
  await page.goto(preview.url);
  await page.waitForSelector('.app[data-analysis="ready"]', { timeout: 300_000 });
  const before = await page.evaluate(() => window.bae.model()?.name ?? null);

  await page.getByRole('button', { name: 'Open model' }).click();
  await page.getByRole('tab', { name: 'Local files' }).click();
  // Every main-thread task over 50 ms from here on.
  await page.evaluate(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push(e.duration);
    }).observe({ type: 'longtask' });
  });
  const tracePath = join(tmpdir(), `bae-bench-probes-${process.pid}.json`);
  if (trace) {
    await browser.startTracing(page, {
      path: tracePath,
      categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'],
    });
  }
  const t0 = await page.evaluate(() => performance.now());
  await page.getByTestId('file-input').setInputFiles(files);
  // Shown: the top bar names the new model; analysed: the analysis of it is done; or refused.
  const outcome = await page.waitForFunction(
    (name) => {
      const notice = [...document.querySelectorAll('[role="alert"]')]
        .map((e) => e.textContent ?? '')
        .find((t) => t.includes('Could not complete'));
      if (notice) return { refused: notice, at: performance.now() };
      const m = window.bae.model();
      return m && m.name !== name ? { refused: null, at: performance.now() } : false;
    },
    before,
    { timeout: 600_000, polling: 20 },
  );
  const shown = await outcome.jsonValue();
  let analysedAt = null;
  if (!shown.refused) {
    await page.waitForFunction(
      () =>
        document.querySelector('.app[data-analysis="ready"]') &&
        document.querySelectorAll('[data-testid="job"]').length === 0,
      null,
      { timeout: 600_000, polling: 50 },
    );
    analysedAt = await page.evaluate(() => performance.now());
  }
  const wall = await page.evaluate(() => window.__longTasks);
  let traced = null;
  if (trace) {
    await browser.stopTracing();
    const tasks = mainThreadTasks(tracePath);
    rmSync(tracePath, { force: true });
    const long = tasks.filter((t) => t.wallMs > 50);
    traced = {
      mostCpuInOneTaskMs: Math.round(tasks.reduce((m, t) => Math.max(m, t.cpuMs), 0)),
      longTasks: long.map((t) => ({
        atMs: Math.round(t.atMs),
        wallMs: Math.round(t.wallMs),
        cpuMs: Math.round(t.cpuMs),
      })),
    };
  }
  console.log(
    JSON.stringify(
      {
        rows,
        d: 1024,
        fileBytes: statSync(probesPath).size,
        fixtureWriteMs: genMs || undefined,
        refused: shown.refused,
        shownMs: Math.round(shown.at - t0),
        analysedMs: analysedAt === null ? null : Math.round(analysedAt - t0),
        longestTaskMs: Math.round(Math.max(0, ...wall)),
        tasksOver50ms: wall.length,
        tasksOver200ms: wall.filter((ms) => ms > 200).length,
        longTasksMs: wall.map(Math.round),
        ...(traced ? { traced } : {}),
        browserRssMiB: Math.round(rssBytes() / 2 ** 20),
      },
      null,
      2,
    ),
  );
} finally {
  await browser?.close();
  preview.stop();
}
