// Guards the PCA floor (the quality bar of the bundled model): its two routes — the n × n Gram
// matrix and the d(d+1)/2 second moment of the half-vectorised x̂x̂ᵀ — give the same floors,
// and the floor matches a direct fit: the residual of projecting vec(x̂x̂ᵀ) on the top
// eigenvectors of the full d² × d² second moment, computed here by brute force.
import { describe, expect, it } from 'vitest';
import { gaussian, mat, rng, symmetricEigenvalues, type Mat } from './linalg.ts';
import { pcaFloor } from './pcaFloor.ts';

function unitRows(rows: number, cols: number, seed: number): Mat {
  const normal = gaussian(rng(seed));
  const m = mat(rows, cols);
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (let c = 0; c < cols; c++) {
      // A few strong directions, so the spectrum is far from flat.
      const v = normal() * (c < 3 ? 3 : 1);
      m.data[r * cols + c] = v;
      s += v * v;
    }
    for (let c = 0; c < cols; c++) m.data[r * cols + c]! /= Math.sqrt(s);
  }
  return m;
}

describe('PCA floor of vec(x̂x̂ᵀ)', () => {
  it('gives the same floors through the Gram and the covariance routes', () => {
    for (const [n, d] of [
      [40, 6],
      [9, 6],
    ] as const) {
      const X = unitRows(n, d, n + d);
      const ranks = [1, 3, 5, 10, 21];
      const gram = pcaFloor(X, ranks, 'gram');
      const cov = pcaFloor(X, ranks, 'covariance');
      for (const r of ranks) expect(Math.abs(gram.floors[r]! - cov.floors[r]!)).toBeLessThan(1e-12);
      expect(cov.floors[21]).toBeLessThan(1e-12); // d(d+1)/2 = 21: every x̂x̂ᵀ is reproduced
    }
    expect(pcaFloor(unitRows(40, 6, 1), [1]).route).toBe('covariance');
    expect(pcaFloor(unitRows(9, 6, 1), [1]).route).toBe('gram');
  });

  it('equals 1 − Σ top-c eigenvalues of the full d² × d² second moment', () => {
    const n = 30;
    const d = 4;
    const X = unitRows(n, d, 3);
    const m = d * d;
    const S = mat(m, m);
    for (let s = 0; s < n; s++) {
      const x = X.data.subarray(s * d, (s + 1) * d);
      for (let a = 0; a < m; a++) {
        for (let b = 0; b < m; b++) {
          const va = x[Math.floor(a / d)]! * x[a % d]!;
          const vb = x[Math.floor(b / d)]! * x[b % d]!;
          S.data[a * m + b] = S.data[a * m + b]! + (va * vb) / n;
        }
      }
    }
    const eig = Array.from(symmetricEigenvalues(S)).sort((a, b) => b - a);
    const floors = pcaFloor(X, [1, 2, 5]).floors;
    for (const c of [1, 2, 5]) {
      const direct = 1 - eig.slice(0, c).reduce((s, v) => s + v, 0);
      expect(Math.abs(floors[c]! - direct)).toBeLessThan(1e-12);
    }
  });
});
