// `npm run test:tools`: the probe-set tool's Python tests (tools/test_make_probes.py), run by
// the Python that can import torch (scripts/lib/python.mjs; ensure-python-torch.mjs runs first).
import { spawnSync } from 'node:child_process';
import { findTorchPython } from './lib/python.mjs';

const python = findTorchPython();
if (!python) {
  console.error('No Python with torch: run `node scripts/ensure-python-torch.mjs` first.');
  process.exit(1);
}
const r = spawnSync(python, ['tools/test_make_probes.py', '-v'], {
  stdio: 'inherit',
  env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
});
process.exit(r.status ?? 1);
