// `npm run analyse`: the headless analysis (src/headless/cli.ts) under the project's TypeScript
// hooks — Node 20 cannot run TypeScript by itself.
import './lib/register-ts.mjs';

const { main } = await import('../src/headless/cli.ts');
// onnxruntime's worker threads would keep Node alive: exit when the command is done.
process.exit(await main(process.argv.slice(2)));
