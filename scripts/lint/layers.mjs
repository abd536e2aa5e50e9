// The only owner of the source tree's layers (DESIGN.md §4) as a lint rule: which folder of src/
// may import which, and which packages each may use. `core` is pure (nothing of the app, no
// DOM, no heavy packages); `compute` alone loads onnxruntime and umap-js; `state` holds stores;
// `scene` and `ui` never import `app` or `compute` (ui may name scene's types); only `app`
// composes; ui may read the project's documents (docs/*.md) as text. Test files may also use the test helpers and Node. Run by `npm run lint`.
import { dirname, relative, resolve, sep } from 'node:path';

/** Each layer: the layers it may import values from, types-only layers, and its packages. */
const LAYERS = {
  core: { imports: ['core'], types: [], packages: [] },
  compute: {
    imports: ['core', 'compute'],
    types: [],
    packages: ['onnxruntime-web', 'umap-js', 'apache-arrow'],
  },
  state: { imports: ['core', 'state'], types: [], packages: ['zustand'] },
  scene: {
    imports: ['core', 'state', 'scene'],
    types: [],
    packages: ['three', '@react-three/fiber', 'react', 'react-dom', 'zustand'],
  },
  ui: {
    imports: ['core', 'state', 'ui'],
    types: ['scene'],
    packages: ['react', 'react-dom', 'zustand'],
    // The project's own documents, as text (`docs/<name>.md?raw`), which the UI shows.
    documents: true,
  },
  app: {
    imports: ['core', 'compute', 'state', 'scene', 'ui', 'app'],
    types: [],
    packages: ['react', 'react-dom', 'zustand'],
  },
  // The headless analysis (npm run analyse): the engine's code in Node, no page.
  headless: {
    imports: ['core', 'compute', 'headless'],
    types: [],
    packages: ['onnxruntime-web', 'node:*'],
  },
  // The benchmark page drives everything directly.
  bench: {
    imports: ['core', 'compute', 'state', 'scene', 'ui', 'app', 'bench'],
    types: [],
    packages: ['*'],
  },
  // Test helpers (fixtures, references, workers in Node threads).
  test: { imports: ['core', 'compute', 'test'], types: [], packages: ['*'], outside: true },
  // src/main.tsx: the entry point mounts the app.
  root: { imports: ['app', 'ui'], types: [], packages: ['react', 'react-dom'] },
};

/** What every test file may use besides its layer's imports. */
const TEST_EXTRAS = {
  imports: ['test'],
  // three: core's projection tests check against its matrices, an independent reference.
  packages: ['vitest', 'node:*', 'onnxruntime-web', 'three'],
};

function layerOf(srcDir, file) {
  const rel = relative(srcDir, file);
  if (rel.startsWith('..')) return null;
  const parts = rel.split(sep);
  return parts.length === 1 ? 'root' : parts[0];
}

/** The package an import names: 'three' for 'three/examples/…', '@scope/pkg' for scoped ones. */
function packageOf(specifier) {
  if (specifier.startsWith('node:')) return 'node:*';
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

export default {
  meta: {
    type: 'problem',
    docs: { description: 'Enforce the import boundaries between the layers of src/' },
    schema: [],
    messages: {
      layer:
        '{{from}} must not import {{what}} from {{to}} (layers: core ← compute, state ← scene/ui ← app; see scripts/lint/layers.mjs)',
      package: '{{from}} must not use the package "{{pkg}}" (only {{allowed}} may)',
      outside: '{{from}} must not import files outside src/ ({{spec}})',
    },
  },
  create(context) {
    const file = context.filename;
    const srcDir = resolve(context.cwd, 'src');
    const from = layerOf(srcDir, file);
    if (!from || !(from in LAYERS)) return {};
    const rules = LAYERS[from];
    const isTest = /\.test\.tsx?$/.test(file);
    const imports = new Set([...rules.imports, ...(isTest ? TEST_EXTRAS.imports : [])]);
    const packages = new Set([...rules.packages, ...(isTest ? TEST_EXTRAS.packages : [])]);

    function check(node, specifier, typeOnly) {
      if (typeof specifier !== 'string') return;
      if (specifier.startsWith('.')) {
        const target = resolve(dirname(file), specifier);
        const to = layerOf(srcDir, target);
        if (to === null) {
          const isDocument =
            rules.documents &&
            relative(resolve(srcDir, '..', 'docs'), target).match(/^[\w-]+\.md\?raw$/);
          if (!rules.outside && !isTest && !isDocument) {
            context.report({ node, messageId: 'outside', data: { from, spec: specifier } });
          }
          return;
        }
        if (imports.has(to) || (typeOnly && rules.types.includes(to))) return;
        context.report({
          node,
          messageId: 'layer',
          data: { from: `src/${from}`, to: `src/${to}`, what: typeOnly ? 'types' : 'code' },
        });
        return;
      }
      const pkg = packageOf(specifier);
      if (packages.has('*') || packages.has(pkg)) return;
      const allowed = Object.entries(LAYERS)
        .filter(([, r]) => r.packages.includes(pkg))
        .map(([name]) => `src/${name}`);
      context.report({
        node,
        messageId: 'package',
        data: {
          from: `src/${from}`,
          pkg,
          allowed: allowed.length ? allowed.join(', ') : 'test files',
        },
      });
    }

    return {
      ImportDeclaration(node) {
        const typeOnly =
          node.importKind === 'type' ||
          (node.specifiers.length > 0 && node.specifiers.every((s) => s.importKind === 'type'));
        check(node, node.source.value, typeOnly);
      },
      ExportNamedDeclaration(node) {
        if (node.source) check(node, node.source.value, node.exportKind === 'type');
      },
      ExportAllDeclaration(node) {
        check(node, node.source.value, node.exportKind === 'type');
      },
      ImportExpression(node) {
        if (node.source.type === 'Literal') check(node, node.source.value, false);
      },
    };
  },
};
