// Registers the TypeScript module hooks (ts-hooks.mjs) in this thread: import it first
// (`node --import ./scripts/lib/register-ts.mjs …`, or as the first import of an entry point).
import { register } from 'node:module';

register('./ts-hooks.mjs', import.meta.url);
