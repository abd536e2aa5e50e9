// Test-only entry of the engine worker in a Node thread: registers the TypeScript hooks, then
// serves the real engine handlers (engineNode.ts) on this thread's port.
import '../../../scripts/lib/register-ts.mjs';

await import('./engineNode.ts');
