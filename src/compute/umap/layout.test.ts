import { describe, expect, it } from 'vitest';
import { umapLayout } from './layout';
import { seededRandom } from '../../core/random';

/** Three well-separated Gaussian-ish clusters in 20-D (seeded). */
function clusters(n: number, dims: number, seed: number): { data: Float32Array; label: number[] } {
  const r = seededRandom(seed);
  const data = new Float32Array(n * dims);
  const label: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = i % 3;
    label.push(c);
    for (let j = 0; j < dims; j++) data[i * dims + j] = (j % 3 === c ? 5 : 0) + (r() - 0.5);
  }
  return { data, label };
}

describe('umapLayout', () => {
  it('is bit-identical for the same data and seed', () => {
    const { data } = clusters(90, 20, 7);
    const a = umapLayout(data, 90, 20, { seed: 42 });
    const b = umapLayout(data.slice(), 90, 20, { seed: 42 });
    expect(a).not.toBeNull();
    expect(Buffer.from(a!.buffer).equals(Buffer.from(b!.buffer))).toBe(true);
  });

  it('depends on the seed', () => {
    const { data } = clusters(60, 20, 7);
    const a = umapLayout(data, 60, 20, { seed: 1 });
    const b = umapLayout(data, 60, 20, { seed: 2 });
    expect(Array.from(a!)).not.toEqual(Array.from(b!));
  });

  it('keeps clusters apart and centres the map', () => {
    const { data, label } = clusters(90, 20, 3);
    const xy = umapLayout(data, 90, 20)!;
    // Each point's nearest neighbour in the map is from its own cluster.
    let same = 0;
    for (let i = 0; i < 90; i++) {
      let best = -1;
      let bestD = Infinity;
      for (let j = 0; j < 90; j++) {
        if (j === i) continue;
        const d = (xy[2 * i]! - xy[2 * j]!) ** 2 + (xy[2 * i + 1]! - xy[2 * j + 1]!) ** 2;
        if (d < bestD) [best, bestD] = [j, d];
      }
      if (label[best] === label[i]) same++;
    }
    expect(same).toBe(90);
    let minX = Infinity;
    let maxX = -Infinity;
    for (let i = 0; i < 90; i++)
      [minX, maxX] = [Math.min(minX, xy[2 * i]!), Math.max(maxX, xy[2 * i]!)];
    expect(minX + maxX).toBeCloseTo(0, 4);
  });

  it('reports the neighbour-graph phase before and after, then every epoch, and can stop', () => {
    const { data } = clusters(30, 20, 5);
    const phases: [string, number][] = [];
    umapLayout(data, 30, 20, { onProgress: (p, f) => phases.push([p, f]) });
    expect(phases[0]?.[0]).toMatch(/neighbour graph/i);
    expect(phases[1]?.[0]).toMatch(/neighbour graph built/i);
    expect(phases.at(-1)).toEqual([expect.stringMatching(/epoch 500 of 500/), 1]);
    for (let i = 1; i < phases.length; i++)
      expect(phases[i]![1]).toBeGreaterThanOrEqual(phases[i - 1]![1]);
    let calls = 0;
    expect(umapLayout(data, 30, 20, { shouldStop: () => ++calls > 10 })).toBeNull();
  });

  it('handles tiny inputs (fewer points than neighbours, 0–3 points)', () => {
    expect(umapLayout(new Float32Array(0), 0, 20)!.length).toBe(0);
    expect(Array.from(umapLayout(new Float32Array(20), 1, 20)!)).toEqual([0, 0]);
    expect(umapLayout(new Float32Array(60), 3, 20)!.length).toBe(6);
    const { data } = clusters(6, 20, 1);
    const xy = umapLayout(data, 6, 20)!;
    expect(xy.length).toBe(12);
    expect(xy.every(Number.isFinite)).toBe(true);
  });
});
