// `npm run bench`: engine benchmarks in headless Chromium (Debian's), printed as JSON. For each
// case: cold and cached time to the full analysis, each phase's GFLOP/s next to a plain
// onnxruntime-web MatMul peak measured in the same page, the longest main-thread task, and the
// peak resident memory of the browser's processes. Cases: the bundled model, a mid-size and a
// paper-size synthetic model. Flags: --quick (skip paper size), --webgpu (use WebGPU, e.g. on a
// machine with a GPU), --only <bundled|mid|paper>.
/* global window */
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { chromium } from '@playwright/test';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const backend = args.includes('--webgpu') ? 'webgpu' : 'wasm';
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : null;
const BASE = 'http://localhost:4173';

const PEAK = { m: 4096, k: 256, n: 2048, reps: 3 };
const cases = [
  { name: 'bundled', model: 'bundled' },
  { name: 'mid', model: { d: 256, F: 4096, C: 512, n: 4096 } },
  { name: 'paper', model: { d: 1024, F: 16384, C: 2048, n: 2048 } },
].filter((c) => (only ? c.name === only : !(quick && c.name === 'paper')));

/** Resident memory (bytes) of a process and all its descendants, from /proc. */
function treeRss(rootPid) {
  const children = new Map();
  const rss = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const status = readFileSync(`/proc/${entry}/status`, 'utf8');
      const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      rss.set(Number(entry), kb * 1024);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  let total = 0;
  const stack = [rootPid];
  while (stack.length) {
    const pid = stack.pop();
    total += rss.get(pid) ?? 0;
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
}

/** The pid of the browser process started with our marker flag. */
function findBrowserPid() {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmd = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (cmd.includes(`--bae-bench=${process.pid}`) && !cmd.includes('--type='))
        return Number(entry);
    } catch {
      // Gone.
    }
  }
  return null;
}

const server = spawn(
  process.execPath,
  ['node_modules/vite/bin/vite.js', 'preview', '--port', '4173', '--strictPort'],
  {
    stdio: 'ignore',
  },
);
let browser;
try {
  for (let i = 0; i < 150; i++) {
    try {
      if ((await fetch(BASE)).ok) break;
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
      '--enable-unsafe-webgpu',
      // Unknown to Chromium and ignored: marks the browser process so its memory can be found.
      `--bae-bench=${process.pid}`,
    ],
  });
  const rootPid = findBrowserPid();
  const results = [];
  for (const c of cases) {
    const page = await browser.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') console.error(`[page] ${m.text()}`);
    });
    page.on('requestfailed', (r) => console.error(`[page] request failed: ${r.url()}`));
    page.on('response', (r) => {
      if (r.status() >= 400) console.error(`[page] HTTP ${r.status()}: ${r.url()}`);
    });
    await page.goto(`${BASE}/src/bench/bench.html`);
    await page.waitForFunction(() => window.benchReady === true);
    const baseline = rootPid ? treeRss(rootPid) : 0;
    let peak = baseline;
    const timer = setInterval(() => {
      if (rootPid) peak = Math.max(peak, treeRss(rootPid));
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
  server.kill();
}
