// `npm test`: everything CI runs, in order — typecheck, lint, format check, unit tests, the
// probe-set tool's Python tests (which first make sure a Python with torch is installed), e2e
// tests (which first make sure Chromium is installed). Stops at the first failing step.
import { spawnSync } from 'node:child_process';

const steps = [
  ['typecheck', ['run', 'typecheck']],
  ['lint', ['run', 'lint']],
  ['format', ['run', 'format:check']],
  ['unit tests', ['run', 'test:unit']],
  ['python tools', ['run', 'test:tools']],
  ['end-to-end tests', ['run', 'e2e']],
];

const results = [];
for (const [name, args] of steps) {
  console.log(`\n=== ${name}: npm ${args.join(' ')} ===`);
  const t0 = Date.now();
  const r = spawnSync('npm', args, { stdio: 'inherit' });
  const seconds = ((Date.now() - t0) / 1000).toFixed(1);
  results.push(`${r.status === 0 ? 'ok  ' : 'FAIL'} ${name} (${seconds} s)`);
  if (r.status !== 0) {
    console.log(`\n${results.join('\n')}\n\n${name} failed: see its output above.`);
    process.exit(r.status ?? 1);
  }
}
console.log(`\n${results.join('\n')}\n\nAll checks passed.`);
