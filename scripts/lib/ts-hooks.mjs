// Node 20 cannot run TypeScript by itself (no --experimental-strip-types before 22.6), so entry
// points that run the app's TypeScript outside Vite (the trainer, the engine in a Node worker
// thread for tests) register these module hooks (see register-ts.mjs): every `.ts` file is
// transpiled with the project's own `typescript` devDependency (types stripped, nothing
// bundled) as it is imported, and extensionless relative imports, as the app writes them,
// resolve to `.ts` files or folders' `index.ts`.
import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const isFile = (url) => {
  const path = fileURLToPath(url);
  return existsSync(path) && statSync(path).isFile();
};

export async function resolve(specifier, context, nextResolve) {
  const relative = specifier.startsWith('./') || specifier.startsWith('../');
  if (relative && context.parentURL?.startsWith('file:') && !/\.[cm]?[jt]sx?$/.test(specifier)) {
    for (const suffix of ['.ts', '/index.ts']) {
      const url = new URL(specifier + suffix, context.parentURL);
      if (isFile(url)) return { url: url.href, shortCircuit: true };
    }
  }
  return nextResolve(specifier, context);
}

export async function load(url, context, nextLoad) {
  if (!url.endsWith('.ts')) return nextLoad(url, context);
  const source = await readFile(new URL(url), 'utf8');
  const { outputText } = ts.transpileModule(source, {
    fileName: url,
    compilerOptions: {
      module: ts.ModuleKind.ESNext,
      target: ts.ScriptTarget.ES2022,
      verbatimModuleSyntax: true,
      rewriteRelativeImportExtensions: false,
      sourceMap: false,
    },
  });
  return { format: 'module', source: outputText, shortCircuit: true };
}
