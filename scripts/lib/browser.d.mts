// Types of the browser helpers (browser.mjs), for playwright.config.ts.
import type { Browser, Page } from '@playwright/test';

export const CHROMIUM_PATH: string;
export const CHROMIUM_ARGS: string[];
export function buildApp(outDir: string): void;
export function startPreview(options: {
  port: number;
  outDir?: string;
  waitMs?: number;
}): Promise<{ url: string; stop: () => void }>;
export function launchChromium(): Promise<{ browser: Browser; rssBytes: () => number }>;
export function openBenchPage(browser: Browser, url: string): Promise<Page>;
