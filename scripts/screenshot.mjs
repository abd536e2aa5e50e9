// `npm run screenshot`: renders the README's screenshot (docs/screenshot.png) from the production
// build in Debian's Chromium, at 1280×800, once the app signals it is ready.
import { launchChromium, startPreview } from './lib/browser.mjs';

const path = process.argv[2] ?? 'docs/screenshot.png';
const query = process.argv[3] ?? '';

const preview = await startPreview({ port: 4173 });
try {
  const { browser } = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(`${preview.url}/${query}`);
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
  preview.stop();
}
