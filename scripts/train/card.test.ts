// Keeps the bundled model's MODEL_CARD.md honest: it must be exactly what card.ts renders from
// the shipped training-log.json and themes.json (no hand-edited figures), and every theme label
// must name at least three of its composite's top words (renderCard throws otherwise).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadThemes, renderCard } from './card.ts';

const modelsDir = fileURLToPath(new URL('../../public/models', import.meta.url));
const index = JSON.parse(readFileSync(join(modelsDir, 'index.json'), 'utf8')) as {
  default: string;
};
const dir = join(modelsDir, index.default);

describe(`MODEL_CARD.md of the bundled model (${index.default})`, () => {
  it('is what card.ts renders from training-log.json (run `npm run train -- --card`)', () => {
    const shipped = readFileSync(join(dir, 'MODEL_CARD.md'), 'utf8');
    expect(shipped).toBe(renderCard(dir, loadThemes(index.default)));
  });

  it('labels at least ten composites with a theme', () => {
    expect(loadThemes(index.default).length).toBeGreaterThanOrEqual(10);
  });
});
