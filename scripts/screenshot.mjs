// `npm run screenshot`: renders the README's screenshot (docs/screenshot.png) from the production
// build in Debian's Chromium, at 1280×800, once the app signals it is ready. Other views:
// `node scripts/screenshot.mjs <png> [#link] [file to open]`, e.g. the latent view of a composite
// (`'#v=1&view=latent&k=57'`) or a manifold CSV (`'' e2e/fixtures/manifold-ring.csv`).
import { launchChromium, startPreview } from './lib/browser.mjs';

const path = process.argv[2] ?? 'docs/screenshot.png';
const query = process.argv[3] ?? '';
const file = process.argv[4] ?? null;

const preview = await startPreview({ port: 4173 });
try {
  const { browser } = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(`${preview.url}/${query}`);
  await page.locator('.app[data-ready="true"]').waitFor({ timeout: 120_000 });
  const idle = () =>
    page.waitForFunction(
      () => globalThis.document.querySelectorAll('[data-testid="job"]').length === 0,
      null,
      { timeout: 300_000 },
    );
  await idle();
  if (file) {
    await page.getByRole('button', { name: 'Open model' }).click();
    await page.getByRole('tab', { name: 'Local files' }).click();
    await page.getByTestId('file-input').setInputFiles(file);
    await idle();
  }
  if (query.includes('view=latent') || file) {
    await page.locator('[data-testid="manifold-stage"][data-stale="false"]').waitFor();
  }
  // Let the camera's ease and the labels' layout settle.
  await page.waitForTimeout(1500);
  await page.screenshot({ path });
  await browser.close();
  console.log(`wrote ${path}`);
} finally {
  preview.stop();
}
