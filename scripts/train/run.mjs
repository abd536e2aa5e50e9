// Entry point of `npm run train`: registers the TypeScript hooks (ts-loader.mjs), then runs the
// trainer's command line (cli.ts) with this process's arguments.
import { register } from 'node:module';

register('./ts-loader.mjs', import.meta.url);
await import('./cli.ts');
