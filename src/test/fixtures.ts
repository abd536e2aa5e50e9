// Test-only access to the fixture generator (scripts/make-fixtures.mjs) and the fixtures' own
// safetensors writer: the values every fixture file must decode to, and hostile files built in
// memory. Used by the unit tests of src/core; never imported by the app.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildFixtureModel, fixtureFiles } from '../../scripts/make-fixtures.mjs';
import { floatTensor, intTensor, safetensorsBytes } from '../../scripts/fixtures/lib.mjs';

export const REPO_ROOT = join(import.meta.dirname, '..', '..');

export type { FixtureTensor } from '../../scripts/fixtures/lib.mjs';
export { buildFixtureModel, fixtureFiles, floatTensor, intTensor, safetensorsBytes };

/** Bytes of a committed fixture file (repository-relative path). */
export function readFixture(path: string): Uint8Array {
  return new Uint8Array(readFileSync(join(REPO_ROOT, path)));
}

/** Text of a committed fixture file. */
export function readFixtureText(path: string): string {
  return readFileSync(join(REPO_ROOT, path), 'utf8');
}
