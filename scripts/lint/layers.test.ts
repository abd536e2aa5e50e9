// The layer rule on snippets placed in each folder of src/: the wrong-way imports the rule
// exists for are reported, the allowed ones are not.
import { ESLint } from 'eslint';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const eslint = new ESLint({ cwd: ROOT });

async function problems(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(ROOT, file) });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'bae/layers' || m.ruleId === 'no-restricted-globals')
    .map((m) => m.message);
}

describe('layer boundaries (scripts/lint/layers.mjs)', () => {
  it('core imports nothing of the app, no heavy package and no DOM', async () => {
    expect(
      await problems(
        'src/core/scratch.ts',
        "import { useAppStore } from '../state/appStore';\nexport const s = useAppStore;\n",
      ),
    ).toEqual([
      'src/core must not import code from src/state (layers: core ← compute, state ← scene/ui ← app; see scripts/lint/layers.mjs)',
    ]);
    expect(
      await problems(
        'src/core/scratch.ts',
        "import { UMAP } from 'umap-js';\nexport const u = UMAP;\n",
      ),
    ).toEqual(['src/core must not use the package "umap-js" (only src/compute may)']);
    expect(await problems('src/core/scratch.ts', 'export const w = window.innerWidth;\n')).toEqual([
      'Unexpected use of \'window\'. src/core is pure: it must not use the DOM ("window").',
    ]);
  });

  it("ui may read the project's documents as text, and nothing else outside src/", async () => {
    expect(
      await problems(
        'src/ui/probes/Scratch.tsx',
        "import doc from '../../../docs/probes.md?raw';\nexport const d = doc;\n",
      ),
    ).toEqual([]);
    expect(
      await problems(
        'src/ui/probes/Scratch.tsx',
        "import pkg from '../../../package.json';\nexport const p = pkg;\n",
      ),
    ).toEqual(['ui must not import files outside src/ (../../../package.json)']);
    expect(
      await problems(
        'src/core/Scratch.ts',
        "import doc from '../../docs/probes.md?raw';\nexport const d = doc;\n",
      ),
    ).toEqual(['core must not import files outside src/ (../../docs/probes.md?raw)']);
  });

  it('only compute loads onnxruntime; ui and scene never import app or compute', async () => {
    expect(
      await problems(
        'src/ui/Scratch.tsx',
        "import * as ort from 'onnxruntime-web';\nexport const o = ort;\n",
      ),
    ).toEqual([
      'src/ui must not use the package "onnxruntime-web" (only src/compute, src/headless may)',
    ]);
    expect(
      await problems(
        'src/ui/Scratch.tsx',
        "import { openSession } from '../app/session/current';\nexport const o = openSession;\n",
      ),
    ).toHaveLength(1);
    expect(
      await problems(
        'src/scene/Scratch.ts',
        "import type { EngineClient } from '../compute/clients';\nexport type E = EngineClient;\n",
      ),
    ).toEqual([
      'src/scene must not import types from src/compute (layers: core ← compute, state ← scene/ui ← app; see scripts/lint/layers.mjs)',
    ]);
    expect(
      await problems(
        'src/state/scratch.ts',
        "import { workers } from '../app/session/workers';\nexport const w = workers;\n",
      ),
    ).toHaveLength(1);
  });

  it('allows the composition the layers are for', async () => {
    expect(
      await problems(
        'src/app/Scratch.tsx',
        "import { createEngineClient } from '../compute/clients';\nimport { ViewBoundary } from '../ui/ViewBoundary';\nexport const x = [createEngineClient, ViewBoundary];\n",
      ),
    ).toEqual([]);
    expect(
      await problems(
        'src/ui/Scratch.tsx',
        "import type { ManifoldCanvasProps } from '../scene/manifold/types';\nexport type P = ManifoldCanvasProps;\n",
      ),
    ).toEqual([]);
    expect(
      await problems(
        'src/ui/Scratch.tsx',
        "import { ManifoldCanvas } from '../scene/manifold/ManifoldCanvas';\nexport const c = ManifoldCanvas;\n",
      ),
    ).toEqual([
      'src/ui must not import code from src/scene (layers: core ← compute, state ← scene/ui ← app; see scripts/lint/layers.mjs)',
    ]);
    expect(
      await problems(
        'src/compute/scratch.ts',
        "import * as ort from 'onnxruntime-web';\nimport { abortError } from '../core/abort';\nexport const x = [ort, abortError];\n",
      ),
    ).toEqual([]);
  });
});
