// `npm run screenshot`: renders the README's screenshot (docs/screenshot.png) from the production
// build in Debian's Chromium, at 1280×800, once the app signals it is ready.
import { spawn } from 'node:child_process';
import { chromium } from '@playwright/test';

const URL_BASE = 'http://localhost:4173';
const path = process.argv[2] ?? 'docs/screenshot.png';
const query = process.argv[3] ?? '';

// Vite's own entry point (not npx), so that kill() reaches the server itself.
const server = spawn(
  process.execPath,
  ['node_modules/vite/bin/vite.js', 'preview', '--port', '4173', '--strictPort'],
  {
    stdio: 'ignore',
  },
);
try {
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(URL_BASE)).ok) break;
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
      '--enable-unsafe-webgpu',
    ],
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(`${URL_BASE}/${query}`);
  await page.locator('.app[data-ready="true"]').waitFor({ timeout: 120_000 });
  await page.waitForFunction(
    () => globalThis.document.querySelectorAll('[data-testid="job"]').length === 0,
    null,
    { timeout: 300_000 },
  );
  await page.waitForTimeout(500);
  await page.screenshot({ path });
  await browser.close();
  console.log(`wrote ${path}`);
} finally {
  server.kill();
}
