// `npm run bench:visit`: a new user's first visit, in headless Chromium (Debian's) against the
// production build, each run in a fresh browser profile (no cache, no IndexedDB), printed as JSON:
//  - first paint and first contentful paint (the index.html skeleton);
//  - atlas interactive: the map drawn with every composite and no job running, from navigation;
//  - first latent: from asking for a composite (right after the atlas is up) to the first frame
//    drawn with its points;
//  - which jobs the status area showed, and where the analysis came from (the bundle);
// for the bundled model with its analysis bundle, the same visit with the bundle withheld (the
// live analysis, and the status area's first ETA against the time the analysis really took), and
// a 2,048-composite synthetic model opened from its bundle (a deep link to it).
// Flags: --no-build (reuse dist-4177/), --port <n> (default 4177), --runs <n> (default 3).
/* global window, document, requestAnimationFrame, MutationObserver */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp, launchChromium, startPreview } from './lib/browser.mjs';
import { writeSyntheticModel } from './make-synthetic-model.mjs';

const args = process.argv.slice(2);
const flag = (name, fallback) =>
  args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback;
const port = flag('--port', 4177);
const runs = flag('--runs', 3);
const outDir = `dist-${port}`;
const ROOT = join(import.meta.dirname, '..');

if (!args.includes('--no-build')) {
  process.stderr.write(`bench-visit: building into ${outDir}…\n`);
  buildApp(outDir);
}

// A 2,048-composite model (d = 128, F = 512) and its bundle, made once by the headless tool.
const BIG = 'synthetic-c2048';
// Made again when the engine version changes (the app refuses a bundle of another version).
const engineVersion = /ENGINE_VERSION = '([^']+)'/.exec(
  readFileSync(join(ROOT, 'src/core/analysis.ts'), 'utf8'),
)?.[1];
const bigDir = join(tmpdir(), `bae-bench-${BIG}-${engineVersion}`);
if (!existsSync(join(bigDir, 'analysis.safetensors'))) {
  process.stderr.write(`bench-visit: making ${BIG} and its bundle (npm run analyse)…\n`);
  writeSyntheticModel(bigDir, { d: 128, expansion: 4, bottleneck: 16, n: 2048 });
  const r = spawnSync(
    process.execPath,
    [join(ROOT, 'scripts/analyse.mjs'), bigDir, '--out', join(bigDir, 'analysis.safetensors')],
    { stdio: 'inherit' },
  );
  if (r.status !== 0) process.exit(r.status ?? 1);
}
// Served as one more bundled model of this build (its copy of public/models/).
cpSync(bigDir, join(ROOT, outDir, 'models', BIG), { recursive: true });
const indexPath = join(ROOT, outDir, 'models', 'index.json');
const index = JSON.parse(readFileSync(indexPath, 'utf8'));
if (!index.models.some((m) => m.name === BIG)) {
  index.models.push({
    name: BIG,
    title: BIG,
    description: 'bench-visit: synthetic, 2,048 composites',
  });
  writeFileSync(indexPath, JSON.stringify(index));
}

const stats = (xs) => {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
  if (s.length === 0) return null;
  return {
    n: s.length,
    min: Math.round(s[0]),
    p50: Math.round(s[Math.floor(s.length / 2)]),
    max: Math.round(s[s.length - 1]),
  };
};

/**
 * Records, from the first paint, each job the status area shows (by label): when it appeared and
 * ended, and every time-left estimate it showed, with when.
 */
const RECORDER = () => {
  const jobs = {};
  window.__visit = jobs;
  const scan = () => {
    const now = performance.now();
    const live = new Set();
    for (const el of document.querySelectorAll('[data-testid="job"]')) {
      const label = el.querySelector('.job-label')?.textContent ?? '?';
      live.add(label);
      const job = (jobs[label] ??= { startMs: now, endMs: null, etas: [] });
      job.endMs = null;
      const eta = /about (\d+) (s|min) left|less than a second left/.exec(
        el.querySelector('[data-testid="job-phase"]')?.textContent ?? '',
      );
      if (eta && job.etas.length < 200) {
        const leftS = eta[1] ? Number(eta[1]) * (eta[2] === 'min' ? 60 : 1) : 0.5;
        if (job.etas.at(-1)?.leftS !== leftS) job.etas.push({ atMs: now, leftS });
      }
    }
    for (const [label, job] of Object.entries(jobs)) {
      if (!live.has(label) && job.endMs === null) job.endMs = now;
    }
  };
  new MutationObserver(scan).observe(document, {
    subtree: true,
    childList: true,
    characterData: true,
  });
};

/** In the page: ms from navigation until the atlas draws all its points and no job runs. */
const ATLAS_READY = () =>
  new Promise((resolve, reject) => {
    const deadline = performance.now() + 600_000;
    const tick = () => {
      const a = window.bae?.atlas();
      const ready =
        document.querySelector('[data-layout="ready"]') &&
        a &&
        a.xy &&
        a.pointCount === a.xy.length / 2 &&
        document.querySelectorAll('[data-testid="job"]').length === 0;
      if (ready) resolve(performance.now());
      else if (performance.now() > deadline) reject(new Error('the atlas never became ready'));
      else requestAnimationFrame(tick);
    };
    tick();
  });

/** In the page: shows composite k; resolves with ms until a frame with its points is drawn. */
const OPEN_LATENT = (c) =>
  new Promise((resolve, reject) => {
    const t0 = performance.now();
    window.bae.show({ kind: 'latent', composite: c });
    const deadline = t0 + 120_000;
    let progressSeen = false;
    const tick = () => {
      const l = window.bae.latent();
      progressSeen ||= !!document.querySelector('[data-testid="manifold-progress"]');
      const ready = document.querySelector('[data-testid="latent-view"][data-state="ready"]');
      if (ready && l.dataVersion?.split('|')[1] === String(c)) {
        const frames = l.frames;
        const after = () =>
          window.bae.latent().frames > frames
            ? resolve({ ms: performance.now() - t0, progressSeen })
            : requestAnimationFrame(after);
        requestAnimationFrame(after);
      } else if (performance.now() > deadline) reject(new Error(`composite ${c} never opened`));
      else requestAnimationFrame(tick);
    };
    tick();
  });

/** One first visit in a fresh profile: `hash` picks the model; `withholdBundle` 404s bundles. */
async function visit(browser, url, { hash = '', withholdBundle = false, latent = 3 } = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    if (withholdBundle) {
      await context.route('**/analysis.safetensors', (r) => r.fulfill({ status: 404, body: '' }));
    }
    const page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') console.error(`[page] ${m.text()}`);
    });
    await page.addInitScript(RECORDER);
    await page.goto(url + '/' + hash);
    const atlasMs = await page.evaluate(ATLAS_READY);
    const paint = await page.evaluate(() =>
      Object.fromEntries(performance.getEntriesByType('paint').map((e) => [e.name, e.startTime])),
    );
    const origin = await page.evaluate(() => window.bae.analysisOrigin());
    const analysis = await page.evaluate(() => {
      const a = window.bae.analysis();
      return a ? { totalMs: a.totalMs, C: a.nComposites } : null;
    });
    const first = latent === null ? null : await page.evaluate(OPEN_LATENT, latent);
    const jobs = await page.evaluate(() => window.__visit);
    return {
      firstPaintMs: paint['first-paint'],
      firstContentfulPaintMs: paint['first-contentful-paint'],
      atlasInteractiveMs: atlasMs,
      firstLatentMs: first?.ms ?? null,
      latentProgressShown: first?.progressSeen ?? null,
      origin: origin?.kind ?? null,
      composites: analysis?.C ?? null,
      analysisMs: analysis?.totalMs ?? null,
      jobs,
    };
  } finally {
    await context.close();
  }
}

function summary(list) {
  return {
    firstPaintMs: stats(list.map((r) => r.firstPaintMs)),
    firstContentfulPaintMs: stats(list.map((r) => r.firstContentfulPaintMs)),
    atlasInteractiveMs: stats(list.map((r) => r.atlasInteractiveMs)),
    firstLatentMs: stats(list.map((r) => r.firstLatentMs ?? NaN)),
    origins: [...new Set(list.map((r) => r.origin))],
    jobsShown: [...new Set(list.flatMap((r) => Object.keys(r.jobs)))],
  };
}

const preview = await startPreview({ port, outDir });
let browser;
try {
  ({ browser } = await launchChromium());
  const bundled = [];
  for (let i = 0; i < runs; i++) bundled.push(await visit(browser, preview.url));
  const big = [];
  for (let i = 0; i < runs; i++) {
    big.push(await visit(browser, preview.url, { hash: `#v=1&m=b:${BIG}`, latent: 5 }));
  }
  // The live analysis, for comparison (one run: it is slow).
  const live = await visit(browser, preview.url, { withholdBundle: true });
  console.log(
    JSON.stringify(
      {
        machine: `${(await import('node:os')).cpus().length} cores`,
        bundledModelWithBundle: { ...summary(bundled), runs: bundled },
        composites2048FromBundle: { ...summary(big), runs: big },
        bundledModelLive: {
          ...live,
          // Each estimate the status area showed against the time its job really had left.
          etaVsActual: Object.fromEntries(
            Object.entries(live.jobs).map(([label, j]) => [
              label,
              j.etas.map((e) => ({
                atS: +(e.atMs / 1000).toFixed(1),
                shownLeftS: e.leftS,
                actualLeftS: j.endMs === null ? null : +((j.endMs - e.atMs) / 1000).toFixed(1),
              })),
            ]),
          ),
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
