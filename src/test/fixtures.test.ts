// The committed fixtures (e2e/fixtures, public/models/tiny-mixed) must be exactly what
// `npm run fixtures` writes: a stale fixture would make the other tests check the wrong bytes.
import { describe, expect, it } from 'vitest';
import { fixtureFiles, readFixture } from './fixtures';

describe('committed fixtures', () => {
  it('match the generator byte for byte (run `npm run fixtures` after changing it)', () => {
    const files = fixtureFiles();
    expect(files.size).toBeGreaterThan(10);
    for (const [path, bytes] of files) {
      const onDisk = readFixture(path);
      expect(onDisk.length, path).toBe(bytes.length);
      expect(Buffer.compare(Buffer.from(onDisk), Buffer.from(bytes)), path).toBe(0);
    }
  });
});
