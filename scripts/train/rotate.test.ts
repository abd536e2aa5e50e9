// Guards the composites' basis choice (rotate.ts): the varimax rotation must leave the model's
// reconstruction error and each input's ‖h‖ exactly as they were (it is an orthogonal change of
// basis), raise the varimax criterion, and leave the composites sign-fixed and ordered.
import { describe, expect, it } from 'vitest';
import { encode, lossAndGrad, reconErrors, type BaeParams } from './bae.ts';
import { gaussian, mat, rng, type Mat } from './linalg.ts';
import { varimaxCriterion, varimaxRotate } from './rotate.ts';

function randomMat(rows: number, cols: number, normal: () => number, scale: number): Mat {
  const m = mat(rows, cols);
  for (let i = 0; i < m.data.length; i++) m.data[i] = scale * normal();
  return m;
}

function unitRows(rows: number, cols: number, normal: () => number): Mat {
  const m = randomMat(rows, cols, normal, 1);
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (let c = 0; c < cols; c++) s += m.data[r * cols + c]! ** 2;
    for (let c = 0; c < cols; c++) m.data[r * cols + c]! /= Math.sqrt(s);
  }
  return m;
}

function byRow(h: Mat): Float64Array {
  const out = new Float64Array(h.data.length);
  for (let b = 0; b < h.rows; b++)
    for (let k = 0; k < h.cols; k++) out[k * h.rows + b] = h.data[b * h.cols + k]!;
  return out;
}

describe('varimax rotation of the composites', () => {
  const normal = gaussian(rng(11));
  const d = 6;
  const F = 20;
  const C = 8;
  const p: BaeParams = {
    left: randomMat(F, d, normal, 0.5),
    right: randomMat(F, d, normal, 0.5),
    down: randomMat(C, F, normal, 0.5),
  };
  const X = unitRows(300, d, normal);
  const before = { err: reconErrors(p, X), h: encode(p, X).h, loss: lossAndGrad(p, X, 0.3).loss };
  const rotated: BaeParams = { left: p.left, right: p.right, down: mat(C, F, p.down.data.slice()) };
  const report = varimaxRotate(rotated, X, 200, 1e-10);
  const after = {
    err: reconErrors(rotated, X),
    h: encode(rotated, X).h,
    loss: lossAndGrad(rotated, X, 0.3).loss,
  };

  it('leaves the reconstruction error, ‖h‖ and the loss unchanged', () => {
    for (let b = 0; b < X.rows; b++) {
      expect(Math.abs(after.err[b]! - before.err[b]!)).toBeLessThan(1e-12);
      let n0 = 0;
      let n1 = 0;
      for (let k = 0; k < C; k++) {
        n0 += before.h.data[b * C + k]! ** 2;
        n1 += after.h.data[b * C + k]! ** 2;
      }
      expect(Math.abs(n1 - n0)).toBeLessThan(1e-12 * Math.max(1, n0));
    }
    expect(Math.abs(after.loss - before.loss)).toBeLessThan(1e-12);
    expect(rotated.left).toBe(p.left);
  });

  it('raises the varimax criterion to a converged maximum', () => {
    expect(report.converged).toBe(true);
    expect(report.criterionAfter).toBeGreaterThan(report.criterionBefore);
    expect(report.criterionBefore).toBeCloseTo(varimaxCriterion(byRow(before.h), C, X.rows), 12);
    expect(report.criterionAfter).toBeCloseTo(varimaxCriterion(byRow(after.h), C, X.rows), 12);
  });

  it('orders the composites by mean h² and gives each a positive long tail', () => {
    const Ht = byRow(after.h);
    const power: number[] = [];
    for (let k = 0; k < C; k++) {
      let s2 = 0;
      let s3 = 0;
      for (let n = 0; n < X.rows; n++) {
        s2 += Ht[k * X.rows + n]! ** 2;
        s3 += Ht[k * X.rows + n]! ** 3;
      }
      power.push(s2);
      expect(s3).toBeGreaterThanOrEqual(0);
    }
    for (let k = 1; k < C; k++) expect(power[k]!).toBeLessThanOrEqual(power[k - 1]! * (1 + 1e-12));
  });
});
