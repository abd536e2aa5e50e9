// The only owner of the ONNX graphs the engine runs, one builder per phase (DESIGN.md §2):
// encode+decode of probe rows, the Gram matrices M = D K Dᵀ and Msym = D Ksym Dᵀ, explicit forms
// B_k for a block of composites, matrix-free products B_k v_k for Lanczos, the PCA floor's
// fourth-moment blocks, Gram rows and block products, the cross products behind the relations
// between composites, and a plain MatMul for the benchmark's peak. Weights are initializers in the
// layout of the file (out × in), so they are uploaded once per session; products with them use
// Gemm(transB=1) instead of transposed copies.
import type { EngineWeights } from '../core/weights';
import type { MomentGroup } from '../core/pcaFloor';
import { GraphBuilder, type BuiltModel, type Val } from './onnx/graph';

/** Inputs of the encode graph's decode part, computed by the Gram phase. */
export interface DecodeTerms {
  /** [C, C] Gram matrix of the decoder atoms: gᵀKg = hᵀMh. */
  m: Float32Array;
  /**
   * [C, C] strictly lower triangle of m with rows and columns in prefix order:
   * mLower[i, j] = m[order_i, order_j] for j < i (for the prefix curve).
   */
  mLower: Float32Array;
  /** The prefix order of the composites (the curve adds them in this order). */
  order: Int32Array;
  /** ‖x̃‖⁴ of a normalised input: 1, or 4 for biased models (x̃ = [1, x̂]). */
  inputNorm4: number;
}

/** What encodeGraph always returns, and what it adds with decode terms. */
const ENCODE_OUTPUTS = ['h', 'fAbs', 'fSq', 'fMax', 'xSum', 'xGram'] as const;
const DECODE_OUTPUTS = ['err', 'prefix'] as const;
export type EncodeOutput = (typeof ENCODE_OUTPUTS)[number];
export type DecodeOutput = (typeof DECODE_OUTPUTS)[number];

/**
 * Encode (and decode) a chunk of probe rows X [n, d] (raw activations):
 * outputs h [n, C]; fAbs, fSq, fMax [F] (per-feature Σ|f|, Σf², max|f| over the chunk); and with
 * `decode`: err [n] = ‖x̃‖⁴ − 2‖h‖² + hᵀMh and prefix [C] = Σ_rows of the per-composite increments
 * whose cumulative sum is the error using only composites order_0..order_k. Also xSum [d] and
 * xGram [d, d], Σ_rows x̂ and x̂ᵀx̂ (the second moment behind the variance explained).
 */
export function encodeGraph(
  w: EngineWeights,
  decode: DecodeTerms | null,
): BuiltModel<EncodeOutput, DecodeOutput> {
  const g = new GraphBuilder('encode');
  const x = g.input('x', ['n', w.d]);
  const norm = g.sqrt(g.reduceSumSquare(x, [1], true));
  const xhat = g.div(x, norm);
  // x̂ Lᵀ as a MatMul with a transposed copy of the weights: about 20% faster than Gemm with
  // transB on onnxruntime's WASM kernels for this shape (K = d is small).
  const leftW = w.biases?.leftW ?? w.left;
  const rightW = w.biases?.rightW ?? w.right;
  let u = g.matmul(xhat, g.weight('leftT', transposeRows(leftW, w.F, w.d), [w.d, w.F]));
  let v = g.matmul(xhat, g.weight('rightT', transposeRows(rightW, w.F, w.d), [w.d, w.F]));
  if (w.biases) {
    u = g.add(u, g.weight('leftB', w.biases.leftB, [w.F]));
    v = g.add(v, g.weight('rightB', w.biases.rightB, [w.F]));
  }
  const f = g.mul(u, v);
  const h = w.down
    ? g.op('Gemm', [f, g.weight('down', w.down, [w.C, w.F])], { transB: { kind: 'int', value: 1 } })
    : f;
  g.output(h, 'h', ['n', w.C]);
  const fAbs = g.abs(f);
  g.output(g.reduceSum(fAbs, [0]), 'fAbs', [w.F]);
  g.output(g.reduceSumSquare(f, [0]), 'fSq', [w.F]);
  g.output(g.reduceMax(fAbs, [0]), 'fMax', [w.F]);
  g.output(g.reduceSum(xhat, [0]), 'xSum', [w.d]);
  g.output(g.op('Gemm', [xhat, xhat], { transA: { kind: 'int', value: 1 } }), 'xGram', [w.d, w.d]);
  if (decode) {
    const m = g.weight('m', decode.m, [w.C, w.C]);
    const mLower = g.weight('mLower', decode.mLower, [w.C, w.C]);
    const h2 = g.mul(h, h);
    const hm = g.matmul(h, m); // M symmetric: (hM)_k = Σ_i h_i M_ik
    const quad = g.reduceSum(g.mul(hm, h), [1]);
    const err = g.add(
      g.sub(g.constF([decode.inputNorm4]), g.mul(g.constF([2]), g.reduceSum(h2, [1]))),
      quad,
    );
    g.output(err, 'err', ['n']);
    // In prefix order, the increment of the i-th composite is
    // −2h_i² + 2h_i Σ_{j<i} M_ij h_j + M_ii h_i² (indices into the order).
    const hp = g.op('Gather', [h, g.constI(Array.from(decode.order))], {
      axis: { kind: 'int', value: 1 },
    });
    const hp2 = g.mul(hp, hp);
    const lowerDot = g.op('Gemm', [hp, mLower], { transB: { kind: 'int', value: 1 } });
    const diag = new Float32Array(w.C);
    for (let i = 0; i < w.C; i++) {
      const k = decode.order[i] ?? 0;
      diag[i] = decode.m[k * w.C + k] ?? 0;
    }
    const mDiag = g.weight('mDiag', diag, [w.C]);
    const inc = g.add(
      g.mul(hp2, g.sub(mDiag, g.constF([2]))),
      g.mul(g.constF([2]), g.mul(hp, lowerDot)),
    );
    g.output(g.reduceSum(inc, [0]), 'prefix', [w.C]);
  }
  return g.build(ENCODE_OUTPUTS, DECODE_OUTPUTS);
}

/** The transpose of a row-major [rows, cols] matrix, as [cols, rows]. */
function transposeRows(m: Float32Array, rows: number, cols: number): Float32Array {
  const t = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < cols; c++) t[c * rows + r] = m[r * cols + c] ?? 0;
  return t;
}

/**
 * Column blocks of the Gram matrices over features [start, end): with `down`,
 * wk = D K[:, blk] and wsym = D Ksym[:, blk] ([C, Fb]); without, K[:, blk] and Ksym[:, blk]
 * ([F, Fb]). K = (LLᵀ)⊙(RRᵀ) is the decoder's Gram matrix; Ksym = ½(K + (LRᵀ)⊙(RLᵀ)) is the
 * Frobenius Gram matrix of the symmetrised atoms, so ⟨B_i, B_j⟩_F = (D Ksym Dᵀ)_ij.
 */
export function gramGraph(w: EngineWeights): BuiltModel<'wk' | 'wsym'> {
  const g = new GraphBuilder('gram');
  const start = g.inputInt('start', [1]);
  const end = g.inputInt('end', [1]);
  const L = g.weight('left', w.left, [w.F, w.dForm]);
  const R = g.weight('right', w.right, [w.F, w.dForm]);
  const Lb = g.slice(L, start, end, [0]);
  const Rb = g.slice(R, start, end, [0]);
  const t = { transB: { kind: 'int', value: 1 } } as const;
  const ll = g.op('Gemm', [L, Lb], t);
  const rr = g.op('Gemm', [R, Rb], t);
  const lr = g.op('Gemm', [L, Rb], t);
  const rl = g.op('Gemm', [R, Lb], t);
  const k = g.mul(ll, rr);
  const ksym = g.mul(g.constF([0.5]), g.add(k, g.mul(lr, rl)));
  if (w.down) {
    const D = g.weight('down', w.down, [w.C, w.F]);
    g.output(g.matmul(D, k), 'wk', [w.C, 'fb']);
    g.output(g.matmul(D, ksym), 'wsym', [w.C, 'fb']);
  } else {
    g.output(k, 'wk', [w.F, 'fb']);
    g.output(ksym, 'wsym', [w.F, 'fb']);
  }
  return g.build(['wk', 'wsym']);
}

/** M = Wk Dᵀ and Msym = Wsym Dᵀ ([C, C]) from the Gram phase's column blocks (models with down). */
export function projectGraph(w: EngineWeights & { down: Float32Array }): BuiltModel<'m' | 'msym'> {
  const g = new GraphBuilder('project');
  const wk = g.input('wk', [w.C, w.F]);
  const wsym = g.input('wsym', [w.C, w.F]);
  const D = g.weight('down', w.down, [w.C, w.F]);
  const t = { transB: { kind: 'int', value: 1 } } as const;
  g.output(g.op('Gemm', [wk, D], t), 'm', [w.C, w.C]);
  g.output(g.op('Gemm', [wsym, D], t), 'msym', [w.C, w.C]);
  return g.build(['m', 'msym']);
}

/**
 * Explicit forms of composites [start, end) (models with down): B_k = ½(Lᵀ diag(D_k) R + its
 * transpose), [Cb, d', d']. Memory per run: Cb × F × d' floats for the scaled copy of R.
 */
export function formsGraph(w: EngineWeights & { down: Float32Array }): BuiltModel<'forms'> {
  const g = new GraphBuilder('forms');
  const start = g.inputInt('start', [1]);
  const end = g.inputInt('end', [1]);
  const L = g.weight('left', w.left, [w.F, w.dForm]);
  const R = g.weight('right', w.right, [w.F, w.dForm]);
  const D = g.weight('down', w.down, [w.C, w.F]);
  const Db = g.slice(D, start, end, [0]);
  const scaled = g.mul(g.unsqueeze(Db, [2]), g.unsqueeze(R, [0])); // [Cb, F, d']
  const lt = g.transpose(L, [1, 0]); // [d', F], computed once per run (small next to the product)
  const b = g.matmul(lt, scaled); // [Cb, d', d']
  const sym = g.mul(g.constF([0.5]), g.add(b, g.transpose(b, [0, 2, 1])));
  g.output(sym, 'forms', ['cb', w.dForm, w.dForm]);
  return g.build(['forms']);
}

/**
 * One lock-step Lanczos product for composites [start, end): out_k = B_k v_k for V [Cb, d'],
 * B_k v = ½(Lᵀ(D_k ⊙ Rv) + Rᵀ(D_k ⊙ Lv)). Four GEMMs of Cb × F × d'.
 */
export function lanczosGraph(w: EngineWeights & { down: Float32Array }): BuiltModel<'out'> {
  const g = new GraphBuilder('lanczos');
  const v = g.input('v', ['cb', w.dForm]);
  const start = g.inputInt('start', [1]);
  const end = g.inputInt('end', [1]);
  const L = g.weight('left', w.left, [w.F, w.dForm]);
  const R = g.weight('right', w.right, [w.F, w.dForm]);
  const D = g.weight('down', w.down, [w.C, w.F]);
  const Db = g.slice(D, start, end, [0]);
  const t = { transB: { kind: 'int', value: 1 } } as const;
  const lv = g.op('Gemm', [v, L], t); // [Cb, F]
  const rv = g.op('Gemm', [v, R], t);
  const out = g.mul(g.constF([0.5]), g.add(g.matmul(g.mul(Db, rv), L), g.matmul(g.mul(Db, lv), R)));
  g.output(out, 'out', ['cb', w.dForm]);
  return g.build(['out']);
}

/**
 * Cross products of row blocks (relations between composites): out [p, q] = A B for A [p, m]
 * (rows are variables, columns observations) and B [m, q] (the other block, transposed by the
 * caller, who also centres both). One MatMul: onnxruntime-web's WASM MatMul runs several times
 * faster with B laid out [m, q] than Gemm(transB) or a Transpose in the graph (measured:
 * 23 against 9 and 6.5 GFLOP/s on one thread for [2048, 4096] × [4096, 512]). The co-activation
 * Gram matrix over a chunk of probe rows, the centroids' cosines, the eigenvector overlaps and
 * the random-projection sketch all run on it.
 */
export function crossGraph(): BuiltModel<'out'> {
  const g = new GraphBuilder('cross');
  const a = g.input('a', ['p', 'm']);
  const b = g.input('bt', ['m', 'q']);
  g.output(g.matmul(a, b), 'out', ['p', 'q']);
  return g.build(['out']);
}

/** A plain A·B MatMul ([m, k] input × [k, n] weight), for measuring the backend's peak. */
export function matmulGraph(m: number, k: number, n: number, b: Float32Array): BuiltModel<'c'> {
  const g = new GraphBuilder('matmul');
  const a = g.input('a', [m, k]);
  g.output(g.matmul(a, g.weight('b', b, [k, n])), 'c', [m, n]);
  return g.build(['c']);
}

// ---- PCA floor (core/pcaFloor.ts): the second moment of x̃x̃ᵀ over the probe rows ----

/** x̃ of raw rows x [n, d]: x̂ = x/‖x‖, or [1, x̂] for biased models ([n, d']). */
function unitRows(g: GraphBuilder, x: Val, biased: boolean): Val {
  const norm = g.sqrt(g.reduceSumSquare(x, [1], true));
  const xhat = g.div(x, norm);
  // norm/norm is a column of ones whatever n is (no row is all zeros: the probe reader refuses).
  return biased
    ? g.op('Concat', [g.div(norm, norm), xhat], { axis: { kind: 'int', value: 1 } })
    : xhat;
}

/**
 * Fourth-moment blocks of a chunk of probe rows x [n, d] (core/pcaFloor's momentGroups): output
 * `g<i>` = Σ_rows of x̃_i x̃_j x̃_k x̃_l, [pairs (i, j) of group i] × [pairs (k, l), k ≥ j0]. The
 * pair columns are built from slices (x̃[:, k:] ⊙ x̃[:, k]), not gathers: about twice as fast
 * on onnxruntime's WASM kernels.
 */
export function momentGraph(
  d: number,
  biased: boolean,
  groups: readonly MomentGroup[],
): BuiltModel<string> {
  const g = new GraphBuilder('moment');
  const dp = biased ? d + 1 : d;
  const xt = unitRows(g, g.input('x', ['n', d]), biased);
  const col = (a: number, b: number) => g.slice(xt, g.constI([a]), g.constI([b]), [1]);
  const axis1 = { axis: { kind: 'int', value: 1 } } as const;
  const byRow: Val[] = [];
  const byCol: Val[] = [];
  for (let k = 0; k < dp; k++) byRow.push(g.mul(col(k, dp), col(k, k + 1)));
  for (let j = 0; j < dp; j++) byCol.push(g.mul(col(0, j + 1), col(j, j + 1)));
  const zRow = g.op('Concat', byRow, axis1); // pairs (k ≤ l), k outer
  const zCol = g.op('Concat', byCol, axis1); // pairs (i ≤ j), j outer
  const m = (dp * (dp + 1)) / 2;
  const names = groups.map((grp, i) => {
    const a = g.slice(zCol, g.constI([grp.rowStart]), g.constI([grp.rowEnd]), [1]);
    const b = g.slice(zRow, g.constI([grp.colStart]), g.constI([m]), [1]);
    const name = `g${i}`;
    g.output(g.op('Gemm', [a, b], { transA: { kind: 'int', value: 1 } }), name, [
      grp.rowEnd - grp.rowStart,
      m - grp.colStart,
    ]);
    return name;
  });
  return g.build(names);
}

/** Rows [n, N] of the Gram matrix (x̃_a·x̃_b)² of a chunk x [n, d] against every probe row. */
export function gramRowsGraph(
  d: number,
  biased: boolean,
  all: Float32Array,
  rows: number,
): BuiltModel<'out'> {
  const g = new GraphBuilder('gram-rows');
  const xt = unitRows(g, g.input('x', ['n', d]), biased);
  const at = unitRows(g, g.weight('all', all, [rows, d]), biased);
  const dots = g.op('Gemm', [xt, at], { transB: { kind: 'int', value: 1 } });
  g.output(g.mul(dots, dots), 'out', ['n', rows]);
  return g.build(['out']);
}

/** V·A for row vectors v [b, n] and a resident symmetric matrix A [n, n]. */
export function matrixProductGraph(a: Float32Array, n: number): BuiltModel<'out'> {
  const g = new GraphBuilder('matrix-product');
  g.output(g.matmul(g.input('v', ['b', n]), g.weight('a', a, [n, n])), 'out', ['b', n]);
  return g.build(['out']);
}

/** w − (w Qᵀ)Q for w [b, n] and orthonormal rows q [k, n], twice (Gram–Schmidt, classical). */
export function deflateGraph(n: number): BuiltModel<'out'> {
  const g = new GraphBuilder('deflate');
  const w = g.input('w', ['b', n]);
  const q = g.input('q', ['k', n]);
  const t = { transB: { kind: 'int', value: 1 } } as const;
  const once = (v: Val) => g.sub(v, g.matmul(g.op('Gemm', [v, q], t), q));
  g.output(once(once(w)), 'out', ['b', n]);
  return g.build(['out']);
}

/** Σ_a v_ta x̃_a x̃_aᵀ over a chunk x [n, d] for block rows v [b, n]: out [b, d', d']. */
export function gramFormGraph(d: number, biased: boolean): BuiltModel<'out'> {
  const g = new GraphBuilder('gram-form');
  const dp = biased ? d + 1 : d;
  const xt = unitRows(g, g.input('x', ['n', d]), biased);
  const v = g.input('v', ['b', 'n']);
  const scaled = g.mul(g.unsqueeze(g.transpose(xt, [1, 0]), [0]), g.unsqueeze(v, [1])); // [b, d', n]
  g.output(g.matmul(scaled, xt), 'out', ['b', dp, dp]);
  return g.build(['out']);
}

/** x̃_aᵀ M_t x̃_a for a chunk x [n, d] and m [b, d', d']: out [b, n]. */
export function gramApplyGraph(d: number, biased: boolean): BuiltModel<'out'> {
  const g = new GraphBuilder('gram-apply');
  const dp = biased ? d + 1 : d;
  const xt = unitRows(g, g.input('x', ['n', d]), biased);
  const m = g.input('m', ['b', dp, dp]);
  const y = g.matmul(xt, m); // [b, n, d']
  g.output(g.reduceSum(g.mul(y, g.unsqueeze(xt, [0])), [2]), 'out', ['b', 'n']);
  return g.build(['out']);
}
