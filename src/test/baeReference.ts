// The plain float64 reference for a BAE's quantities, written straight from the definitions in
// DESIGN.md §2 with loops and no tricks (no closed forms, no Gram shortcuts): features,
// composites, explicit forms, the brute-force reconstruction error and its prefix version.
// Test-only: every engine route is compared against these on small models.
import type { BaeModel } from '../core/model';

/** Augmented weight rows: l̃_j = [b_j, w_j] for biased models, else w_j. */
export function augmented(model: BaeModel): { l: number[][]; r: number[][]; dForm: number } {
  const { nFeatures: F, dModel: d } = model;
  const l: number[][] = [];
  const r: number[][] = [];
  for (let j = 0; j < F; j++) {
    const lw = Array.from(model.left.subarray(j * d, (j + 1) * d));
    const rw = Array.from(model.right.subarray(j * d, (j + 1) * d));
    if (model.biased) {
      l.push([model.leftBias?.[j] ?? 0, ...lw]);
      r.push([model.rightBias?.[j] ?? 0, ...rw]);
    } else {
      l.push(lw);
      r.push(rw);
    }
  }
  return { l, r, dForm: model.biased ? d + 1 : d };
}

/** x̃ for a raw activation row: x̂ = x/‖x‖, augmented with a leading 1 for biased models. */
export function inputVector(model: BaeModel, x: ArrayLike<number>): number[] {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (x[i] ?? 0) ** 2;
  const xhat = Array.from(x, (v) => v / Math.sqrt(s));
  return model.biased ? [1, ...xhat] : xhat;
}

function dot(a: number[], b: number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] ?? 0) * (b[i] ?? 0);
  return s;
}

/** D as rows (the identity when the model has no `down`). */
function downRows(model: BaeModel): number[][] {
  const { nFeatures: F, nComposites: C } = model;
  const rows: number[][] = [];
  for (let k = 0; k < C; k++) {
    const row = new Array<number>(F).fill(0);
    for (let j = 0; j < F; j++)
      row[j] = model.down ? (model.down[k * F + j] ?? 0) : j === k ? 1 : 0;
    rows.push(row);
  }
  return rows;
}

/** f_j = (l̃_j·x̃)(r̃_j·x̃) and h = D f for one raw activation row. */
export function encodeRow(model: BaeModel, x: ArrayLike<number>): { f: number[]; h: number[] } {
  const { l, r } = augmented(model);
  const xt = inputVector(model, x);
  const f = l.map((lj, j) => dot(lj, xt) * dot(r[j] ?? [], xt));
  const h = downRows(model).map((row) => dot(row, f));
  return { f, h };
}

/** B_k = ½ Σ_j D_kj (l̃_j r̃_jᵀ + r̃_j l̃_jᵀ), as dForm × dForm row-major. */
export function formOf(model: BaeModel, k: number): Float64Array {
  const { l, r, dForm: n } = augmented(model);
  const row = downRows(model)[k] ?? [];
  const b = new Float64Array(n * n);
  for (let j = 0; j < l.length; j++) {
    const c = row[j] ?? 0;
    if (c === 0) continue;
    const lj = l[j] ?? [];
    const rj = r[j] ?? [];
    for (let a = 0; a < n; a++) {
      for (let bb = 0; bb < n; bb++) {
        b[a * n + bb] =
          (b[a * n + bb] ?? 0) +
          0.5 * c * ((lj[a] ?? 0) * (rj[bb] ?? 0) + (rj[a] ?? 0) * (lj[bb] ?? 0));
      }
    }
  }
  return b;
}

/**
 * ‖x̃x̃ᵀ − Σ_j g_j l̃_j r̃_jᵀ‖²_F with g = D_Sᵀ h_S: the error of reconstructing from the
 * composites S only — the first `prefix` ones, or the listed ids (all by default) — by forming
 * every matrix.
 */
export function reconErrorBrute(
  model: BaeModel,
  x: ArrayLike<number>,
  prefix?: number | readonly number[],
): number {
  const { l, r, dForm: n } = augmented(model);
  const xt = inputVector(model, x);
  const { h } = encodeRow(model, x);
  const rows = downRows(model);
  const used =
    prefix === undefined
      ? rows.map((_, k) => k)
      : typeof prefix === 'number'
        ? rows.slice(0, prefix).map((_, k) => k)
        : prefix;
  const g = new Array<number>(l.length).fill(0);
  for (const k of used) {
    const row = rows[k] ?? [];
    for (let j = 0; j < l.length; j++) g[j] = (g[j] ?? 0) + (row[j] ?? 0) * (h[k] ?? 0);
  }
  let err = 0;
  for (let a = 0; a < n; a++) {
    for (let b = 0; b < n; b++) {
      let rec = 0;
      for (let j = 0; j < l.length; j++) rec += (g[j] ?? 0) * (l[j]?.[a] ?? 0) * (r[j]?.[b] ?? 0);
      err += ((xt[a] ?? 0) * (xt[b] ?? 0) - rec) ** 2;
    }
  }
  return err;
}

/** ⟨B_i, B_j⟩_F for all pairs, from explicitly formed matrices: [C, C] row-major. */
export function formGram(model: BaeModel): Float64Array {
  const C = model.nComposites;
  const forms = Array.from({ length: C }, (_, k) => formOf(model, k));
  const g = new Float64Array(C * C);
  for (let i = 0; i < C; i++) {
    for (let j = 0; j < C; j++) {
      let s = 0;
      const a = forms[i] ?? new Float64Array();
      const b = forms[j] ?? new Float64Array();
      for (let t = 0; t < a.length; t++) s += (a[t] ?? 0) * (b[t] ?? 0);
      g[i * C + j] = s;
    }
  }
  return g;
}

/** Mean over rows of ‖X_i − X̄‖²_F for X_i = x̃_i x̃_iᵀ, from the explicit matrices. */
export function quadraticVariance(model: BaeModel, rows: ArrayLike<number>[]): number {
  const xs = rows.map((x) => inputVector(model, x));
  const n = xs[0]?.length ?? 0;
  const mean = new Float64Array(n * n);
  for (const x of xs)
    for (let a = 0; a < n; a++)
      for (let b = 0; b < n; b++)
        mean[a * n + b] = (mean[a * n + b] ?? 0) + ((x[a] ?? 0) * (x[b] ?? 0)) / xs.length;
  let total = 0;
  for (const x of xs)
    for (let a = 0; a < n; a++)
      for (let b = 0; b < n; b++)
        total += ((x[a] ?? 0) * (x[b] ?? 0) - (mean[a * n + b] ?? 0)) ** 2;
  return total / xs.length;
}
