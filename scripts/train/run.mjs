// Entry point of `npm run train`: registers the TypeScript hooks (scripts/lib/ts-hooks.mjs),
// then runs the trainer's command line (cli.ts) with this process's arguments.
import '../lib/register-ts.mjs';

await import('./cli.ts');
