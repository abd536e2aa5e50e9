// Makes sure Debian's Chromium is installed for the end-to-end tests. As root it installs the
// `chromium` package with apt-get; otherwise it stops and prints the exact command to run.
// Playwright never downloads a browser in this project (see playwright.config.ts).
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { CHROMIUM_PATH as path } from './lib/browser.mjs';

if (existsSync(path)) process.exit(0);

if (process.env.CHROMIUM_PATH) {
  console.error(`CHROMIUM_PATH=${path} does not exist. Point it at a Chromium binary.`);
  process.exit(1);
}
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
if (!isRoot) {
  console.error(
    'Chromium is needed for the end-to-end tests and is not installed.\n' +
      'Install it with:\n\n    sudo apt-get update && sudo apt-get install -y chromium\n',
  );
  process.exit(1);
}
console.log('Chromium is missing: installing Debian’s chromium package (apt-get)…');
execSync('apt-get update -qq && apt-get install -y -qq chromium', {
  stdio: 'inherit',
  env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  shell: '/bin/bash',
});
if (!existsSync(path)) {
  console.error(`apt-get finished but ${path} is still missing.`);
  process.exit(1);
}
