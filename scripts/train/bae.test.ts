// Guards the trainer's hand-derived gradients and its closed-form error against float64
// references: central finite differences (a factor-2 or sign slip fails by orders of
// magnitude) and the brute-force ‖x̂x̂ᵀ − Σ_j g_j l_j r_jᵀ‖²_F.
import { describe, expect, it } from 'vitest';
import { lossAndGrad, reconErrorBrute, reconErrors, zerosLike, type BaeParams } from './bae.ts';
import { gaussian, mat, rng, type Mat } from './linalg.ts';

function randomMat(rows: number, cols: number, normal: () => number, scale = 1): Mat {
  const m = mat(rows, cols);
  for (let i = 0; i < m.data.length; i++) m.data[i] = scale * normal();
  return m;
}

function unitRows(rows: number, cols: number, normal: () => number): Mat {
  const m = randomMat(rows, cols, normal);
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (let c = 0; c < cols; c++) s += m.data[r * cols + c]! ** 2;
    for (let c = 0; c < cols; c++) m.data[r * cols + c]! /= Math.sqrt(s);
  }
  return m;
}

function smallModel(seed: number, d: number, F: number, C: number): BaeParams {
  const normal = gaussian(rng(seed));
  return {
    left: randomMat(F, d, normal, 0.5),
    right: randomMat(F, d, normal, 0.5),
    down: randomMat(C, F, normal, 0.5),
  };
}

describe('mixed BAE objective', () => {
  it('closed form 1 − 2‖h‖² + gᵀKg equals the brute-force Frobenius error', () => {
    const d = 6;
    const p = smallModel(1, d, 9, 5);
    const X = unitRows(4, d, gaussian(rng(2)));
    const closed = reconErrors(p, X);
    for (let b = 0; b < X.rows; b++) {
      const brute = reconErrorBrute(p, X.data.slice(b * d, (b + 1) * d));
      expect(Math.abs(closed[b]! - brute)).toBeLessThan(1e-10 * Math.max(1, brute));
    }
  });

  it('hand-derived gradients match central finite differences (float64)', () => {
    const d = 5;
    const p = smallModel(3, d, 8, 4);
    const X = unitRows(7, d, gaussian(rng(4)));
    const alpha = 0.7;
    const grad = zerosLike(p);
    lossAndGrad(p, X, alpha, grad);
    const eps = 1e-6;
    for (const name of ['left', 'right', 'down'] as const) {
      const w = p[name].data;
      const g = grad[name].data;
      let maxRel = 0;
      for (let i = 0; i < w.length; i++) {
        const keep = w[i]!;
        w[i] = keep + eps;
        const up = lossAndGrad(p, X, alpha).loss;
        w[i] = keep - eps;
        const down = lossAndGrad(p, X, alpha).loss;
        w[i] = keep;
        const fd = (up - down) / (2 * eps);
        maxRel = Math.max(maxRel, Math.abs(fd - g[i]!) / (Math.abs(fd) + Math.abs(g[i]!) + 1e-8));
      }
      expect(maxRel, `${name} gradient`).toBeLessThan(1e-5);
    }
  });
});
