// The only owner of which Python runs the probe-set tool's tests (tools/test_make_probes.py):
// the first of $PYTHON, Debian's /usr/bin/python3 and the `python3` on PATH that can import
// torch. Debian's python3-torch lives in /usr/lib/python3/dist-packages, which a pyenv or
// virtualenv python3 earlier on PATH does not see, hence /usr/bin/python3 before `python3`.
// Used by scripts/ensure-python-torch.mjs, scripts/test-tools.mjs and e2e/probes-tool.spec.ts.
import { spawnSync } from 'node:child_process';

/** The Pythons tried, in order. */
export const PYTHON_CANDIDATES = [process.env.PYTHON, '/usr/bin/python3', 'python3'].filter(
  (p) => typeof p === 'string' && p.length > 0,
);

/** The first candidate that can `import torch`, or null. */
export function findTorchPython() {
  for (const python of PYTHON_CANDIDATES) {
    const r = spawnSync(python, ['-c', 'import torch'], { stdio: 'ignore' });
    if (r.status === 0) return python;
  }
  return null;
}
