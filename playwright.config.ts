// End-to-end tests in Debian's Chromium (never a downloaded browser), against the production
// build served by `vite preview` (which sends the COOP/COEP headers like the dev server).
import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './scripts/lib/browser.mjs';

// PREVIEW_PORT lets two test runs share a machine: each builds into its own folder and serves it.
const port = Number(process.env.PREVIEW_PORT || 4173);
const outDir = port === 4173 ? 'dist' : `dist-${port}`;
export const PREVIEW_URL = `http://localhost:${port}`;

export default defineConfig({
  testDir: 'e2e',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: PREVIEW_URL,
    viewport: { width: 1280, height: 800 },
    launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
  },
  webServer: {
    command: `npx vite build --logLevel warn --outDir ${outDir} && npx vite preview --outDir ${outDir} --port ${port} --strictPort`,
    url: PREVIEW_URL,
    reuseExistingServer: !process.env.CI,
    timeout: 180_000,
  },
});
