// Module hooks that let Node 20 import the app's TypeScript directly: `.ts` files are transpiled
// by the trainer's loader (scripts/train/ts-loader.mjs), and the app's extensionless relative
// imports (`./errors`) resolve to `./errors.ts` when the plain specifier does not exist.
// Registered by tools/read-probes.mjs.
export { load } from '../scripts/train/ts-loader.mjs';

export async function resolve(specifier, context, nextResolve) {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    const relative = specifier.startsWith('./') || specifier.startsWith('../');
    if (!relative || /\.[cm]?[jt]s$/.test(specifier)) throw error;
    return nextResolve(`${specifier}.ts`, context);
  }
}
