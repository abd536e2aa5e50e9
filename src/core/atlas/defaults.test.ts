// The atlas's automatic choices: the coefficient of variation on hand-worked values, the colour
// statistic with the most spread (ties to the earlier statistic), and point size off for a
// near-constant importance like the bundled model's (0.994–1.0).
import { describe, expect, it } from 'vitest';
import { coefficientOfVariation, mostSpreadStat, sizeShowsImportance } from './defaults';

const f = (xs: number[]) => Float32Array.from(xs);

describe('atlas defaults', () => {
  it('coefficient of variation: sd / |mean| over finite values', () => {
    // mean 2, population sd √(2/3)
    expect(coefficientOfVariation([1, 2, 3])).toBeCloseTo(Math.sqrt(2 / 3) / 2, 12);
    expect(coefficientOfVariation([1, NaN, 3, Infinity])).toBeCloseTo(0.5, 12);
    expect(coefficientOfVariation([-1, -3])).toBeCloseTo(0.5, 12);
    expect(coefficientOfVariation([5])).toBeNaN();
    expect(coefficientOfVariation([-1, 1])).toBeNaN();
  });

  it('colours by the statistic that spreads most', () => {
    const stats = {
      density: f([NaN, NaN, NaN]),
      rank: f([2, 3, 4]),
      importance: f([0.994, 1, 1.006]),
      support: f([10, 100, 40]),
      captured: f([0.1, 0.3, 0.5]),
    };
    expect(mostSpreadStat(stats)).toBe('support');
    expect(mostSpreadStat({ ...stats, support: f([1, 1, 1]) })).toBe('captured');
    // Circularity arrives after the analysis: the automatic colour never picks it.
    expect(mostSpreadStat({ ...stats, circularity: f([0.01, 0.9, 0.02]) })).toBe('support');
  });

  it('turns point size off when importance is near constant', () => {
    expect(sizeShowsImportance(f([0.994, 0.997, 1, 1.006]))).toBe(false);
    expect(sizeShowsImportance(f([0.2, 1, 3]))).toBe(true);
  });
});
