// Makes sure a Python with torch is there for the probe-set tool's tests (tools/). As root it
// installs Debian's python3-torch and python3-numpy with apt-get (running apt-get update first
// only when the plain install fails); otherwise it stops and prints the exact command to run.
import { execSync } from 'node:child_process';
import { PYTHON_CANDIDATES, findTorchPython } from './lib/python.mjs';

if (findTorchPython()) process.exit(0);

const packages = 'python3-torch python3-numpy';
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
if (!isRoot) {
  console.error(
    'The probe-set tool’s tests need Python with torch, and none of ' +
      `${PYTHON_CANDIDATES.join(', ')} can import it.\n` +
      `Install it with:\n\n    sudo apt-get install -y ${packages}\n\n` +
      `(or sudo apt-get update && sudo apt-get install -y ${packages}), or point PYTHON at a ` +
      'Python that has torch.\n',
  );
  process.exit(1);
}
const run = (command) =>
  execSync(command, {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    shell: '/bin/bash',
  });
console.log(`torch is missing: installing Debian’s ${packages} (apt-get)…`);
try {
  run(`apt-get install -y -qq ${packages}`);
} catch {
  console.log('apt-get install failed: updating the package lists and trying again…');
  run(`apt-get update -qq && apt-get install -y -qq ${packages}`);
}
if (!findTorchPython()) {
  console.error(
    `apt-get finished but none of ${PYTHON_CANDIDATES.join(', ')} can import torch ` +
      '(Debian’s packages are for /usr/bin/python3).',
  );
  process.exit(1);
}
