// Entry point of `npm run relations`: registers the TypeScript hooks (scripts/lib/ts-hooks.mjs),
// then runs the relations evaluation (evaluate.ts) with this process's arguments.
import '../lib/register-ts.mjs';

await import('./evaluate.ts');
