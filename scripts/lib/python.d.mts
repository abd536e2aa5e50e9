// Types of the Python helpers (python.mjs), for e2e/probes-tool.spec.ts.
export const PYTHON_CANDIDATES: string[];
export function findTorchPython(): string | null;
