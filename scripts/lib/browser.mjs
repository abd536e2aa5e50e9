// The only owner of how the project's scripts and tests drive a browser: Debian's Chromium (never
// a downloaded one) and its flags, building the app and serving it with `vite preview` on a port,
// and the browser's resident memory. Used by playwright.config.ts, scripts/ensure-chromium.mjs,
// the benchmarks (bench.mjs, bench-atlas.mjs, bench-latent.mjs) and screenshot.mjs.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { chromium } from '@playwright/test';

/** Debian's Chromium, or the binary CHROMIUM_PATH names. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/**
 * Flags for every launch: no sandbox (containers, root), no background traffic or updates (runs
 * stay offline and quiet), and WebGPU exposed (its software adapter, or a GPU where there is one).
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--enable-unsafe-webgpu',
];

// Vite's own entry point (not npx), so that kill() reaches the server itself.
const VITE = 'node_modules/vite/bin/vite.js';

/** Builds the app into `outDir` (vite build); exits the process with vite's status on failure. */
export function buildApp(outDir) {
  const r = spawnSync(process.execPath, [VITE, 'build', '--logLevel', 'warn', '--outDir', outDir], {
    stdio: 'inherit',
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

/**
 * Serves `outDir` with `vite preview` on `port` and resolves once it answers, within `waitMs`
 * (it rejects, and stops the server, when it never does). Returns its base URL and `stop()`.
 */
export async function startPreview({ port, outDir = 'dist', waitMs = 30_000 }) {
  const server = spawn(
    process.execPath,
    [VITE, 'preview', '--outDir', outDir, '--port', String(port), '--strictPort'],
    { stdio: 'ignore' },
  );
  const url = `http://localhost:${port}`;
  const stop = () => server.kill();
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      if ((await fetch(url)).ok) return { url, stop };
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline || server.exitCode !== null) {
      stop();
      throw new Error(`vite preview of ${outDir}/ never answered on ${url}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * Launches Chromium headless with CHROMIUM_ARGS. Returns the browser and `rssBytes()`: the
 * resident memory of the browser's whole process tree now (0 when its process was not found).
 */
export async function launchChromium() {
  // Unknown to Chromium and ignored: marks the browser process so its memory can be found.
  const marker = `--bae-browser=${process.pid}-${Date.now()}`;
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS, marker],
  });
  const rootPid = findProcess(marker);
  return { browser, rssBytes: () => (rootPid ? treeRss(rootPid) : 0) };
}

/**
 * Opens the benchmark page (src/bench/bench.html) of the app served at `url` in a new page of
 * `browser`, with the page's errors, failed requests and HTTP errors printed on stderr; resolves
 * once the page says it is ready (`window.benchReady`).
 */
export async function openBenchPage(browser, url) {
  const page = await browser.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') console.error(`[page] ${m.text()}`);
  });
  page.on('requestfailed', (r) => console.error(`[page] request failed: ${r.url()}`));
  page.on('response', (r) => {
    if (r.status() >= 400) console.error(`[page] HTTP ${r.status()}: ${r.url()}`);
  });
  await page.goto(`${url}/src/bench/bench.html`);
  // Runs in the page, where `window` exists.
  await page.waitForFunction(() => globalThis.benchReady === true);
  return page;
}

/** The pid of the (browser, not child) process whose command line holds `marker`. */
function findProcess(marker) {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmd = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (cmd.includes(marker) && !cmd.includes('--type=')) return Number(entry);
    } catch {
      // Gone.
    }
  }
  return null;
}

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
