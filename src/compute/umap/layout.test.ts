import { describe, expect, it } from 'vitest';
import { knnLayout, umapLayout } from './layout';
import { knnGraph } from '../../core/relations/knnGraph';
import type { NeighbourTable } from '../../core/analysis';
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

describe('knnLayout (a relation’s neighbour graph)', () => {
  /** A table whose neighbours are the composite's own group of 10 (similarity 0.8), then others. */
  function groupedTable(C: number, k: number): NeighbourTable {
    const index = new Int32Array(C * k);
    const similarity = new Float32Array(C * k);
    for (let i = 0; i < C; i++) {
      const g = Math.floor(i / 10);
      let r = 0;
      for (let j = g * 10; j < g * 10 + 10 && r < k; j++) {
        if (j === i) continue;
        index[i * k + r] = j;
        similarity[i * k + r] = 0.8 - 0.01 * r;
        r++;
      }
      for (; r < k; r++) {
        index[i * k + r] = (i + 10 * r + 17) % C;
        similarity[i * k + r] = 0.1;
      }
    }
    return { k, index, similarity, isolated: new Uint8Array(C), approximation: null };
  }

  it('builds umap-js’s graph (self first at 0, distances 1 − s, padding as self)', () => {
    const t = groupedTable(30, 15);
    t.index[3 * 15 + 13] = -1; // the 14th neighbour: the graph's last entry
    const g = knnGraph(t, 'coactivation', 30, 15);
    expect(g.k).toBe(15);
    expect(g.indices[0]).toBe(0);
    expect(g.distances[0]).toBe(0);
    expect(g.distances[1]).toBeCloseTo(0.2, 6);
    expect(g.indices[3 * 15 + 14]).toBe(3);
    // Forms rank by |s|: an anti-parallel neighbour is close.
    const anti = { ...t, similarity: t.similarity.map((s) => -s) };
    expect(knnGraph(anti, 'forms', 30, 15).distances[1]).toBeCloseTo(0.2, 6);
    for (let i = 0; i < 30; i++)
      for (let r = 1; r < 15; r++)
        expect(g.distances[i * 15 + r]).toBeGreaterThanOrEqual(g.distances[i * 15 + r - 1]!);
  });

  it('keeps groups together, bit-identically for the same graph and seed', () => {
    const C = 60;
    const g = knnGraph(groupedTable(C, 15), 'centroid', C, 15);
    const xy = knnLayout(g, C, { seed: 3 })!;
    const again = knnLayout(g, C, { seed: 3 })!;
    expect(Buffer.from(xy.buffer).equals(Buffer.from(again.buffer))).toBe(true);
    let same = 0;
    for (let i = 0; i < C; i++) {
      let best = -1;
      let bestD = Infinity;
      for (let j = 0; j < C; j++) {
        if (j === i) continue;
        const d = (xy[2 * i]! - xy[2 * j]!) ** 2 + (xy[2 * i + 1]! - xy[2 * j + 1]!) ** 2;
        if (d < bestD) [best, bestD] = [j, d];
      }
      if (Math.floor(best / 10) === Math.floor(i / 10)) same++;
    }
    expect(same).toBeGreaterThanOrEqual(57);
    expect(
      knnLayout({ k: 1, indices: new Int32Array(3), distances: new Float32Array(3) }, 3),
    ).toHaveLength(6);
  });
});
