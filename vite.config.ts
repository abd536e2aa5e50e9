/// <reference types="vitest/config" />
// Build, dev/preview servers and unit-test settings. The servers send COOP/COEP so the page is
// cross-origin isolated: onnxruntime-web's threaded WASM build needs SharedArrayBuffer.
import { copyFileSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { defaultClientConditions, defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'cross-origin',
};

/**
 * Copies onnxruntime-web's runtime (.mjs loader + .wasm) into public/ort/, which the engine
 * points `ort.env.wasm.wasmPaths` at: bundled or fetched from elsewhere, the threaded build
 * hangs. public/ort/ is generated (git-ignored) and refreshed when the package changes.
 */
function onnxRuntimeFiles(): Plugin {
  const files = ['ort-wasm-simd-threaded.jsep.mjs', 'ort-wasm-simd-threaded.jsep.wasm'];
  return {
    name: 'bae-onnxruntime-files',
    configResolved(config) {
      const from = join(config.root, 'node_modules', 'onnxruntime-web', 'dist');
      const to = join(config.root, 'public', 'ort');
      mkdirSync(to, { recursive: true });
      for (const f of files) {
        const src = join(from, f);
        const dst = join(to, f);
        if (
          !existsSync(dst) ||
          statSync(dst).mtimeMs < statSync(src).mtimeMs ||
          statSync(dst).size !== statSync(src).size
        ) {
          copyFileSync(src, dst);
        }
      }
    },
  };
}

/**
 * Keeps umap-js (and the curve fit it uses) on the portable exp/log/pow of
 * src/core/maths/portableMath.ts: the minifier rewrites `Math.pow(a, b)` as `a ** b`, which no
 * swap of `Math.pow` reaches, so the atlas would differ between the page and Node. Calls go
 * through `globalThis.__baeMath` (set to the portable functions during a layout) instead.
 */
function portableUmapMath(): Plugin {
  const packages = /node_modules[\\/](umap-js|ml-levenberg-marquardt|ml-matrix)[\\/]/;
  return {
    name: 'bae-portable-umap-math',
    transform(code, id) {
      if (!packages.test(id) || !/\bMath\.(pow|exp|log)\(/.test(code)) return null;
      return {
        code: code.replace(/\bMath\.(pow|exp|log)\(/g, '(globalThis.__baeMath || Math).$1('),
        map: null,
      };
    },
  };
}

export default defineConfig({
  plugins: [react(), onnxRuntimeFiles(), portableUmapMath()],
  server: { headers: isolationHeaders, port: 5173, strictPort: true },
  preview: { headers: isolationHeaders, port: 4173, strictPort: true },
  worker: { format: 'es', plugins: () => [portableUmapMath()] },
  // onnxruntime-web loads its own .mjs/.wasm at run time from public/ort/: pick its build that
  // does not embed them (no second 28 MB copy in dist/), and do not pre-bundle it.
  resolve: { conditions: ['onnxruntime-web-use-extern-wasm', ...defaultClientConditions] },
  optimizeDeps: { exclude: ['onnxruntime-web'] },
  build: {
    target: 'es2022',
    sourcemap: true,
    chunkSizeWarningLimit: 2048,
    // The app, and the engine benchmark page that `npm run bench` drives.
    rollupOptions: { input: { main: 'index.html', bench: 'src/bench/bench.html' } },
  },
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
  },
});
