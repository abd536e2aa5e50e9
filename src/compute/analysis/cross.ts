// The only owner of how the relations phase runs its products on onnxruntime (crossGraph): the
// symmetric Gram matrix of many rows in blocks of its upper triangle (co-activation, centroid
// cosines, eigenvector overlaps), and one plain cross product (the random-projection sketch),
// both chunked over observations so no feed or output exceeds the chunk budget; the operands are
// centred, and the right one transposed, while they are copied into the feeds.
import { throwIfAborted } from '../../core/abort';
import type { Session } from '../runtime';
import { float32 } from '../runtime';
import { tick } from './options';

export interface CrossOptions {
  /** Floats one feed or output may hold. */
  chunkFloats: number;
  signal: AbortSignal | undefined;
  /** Reports each share (summing to 1 over the call) of the work done. */
  advance: (share: number) => void;
}

/**
 * Rows r0..r1 of `x` ([rows, m] row-major), columns [c0, c1), minus `shift[r]` per row (float32,
 * as onnxruntime would), into `out` as [r1 − r0, c1 − c0].
 */
function copyBlock(
  x: Float32Array,
  m: number,
  r0: number,
  r1: number,
  c0: number,
  c1: number,
  shift: Float32Array | null,
  out: Float32Array,
): Float32Array {
  const w = c1 - c0;
  const view = out.subarray(0, (r1 - r0) * w);
  for (let r = r0; r < r1; r++) {
    const at = (r - r0) * w;
    view.set(x.subarray(r * m + c0, r * m + c1), at);
    const s = shift ? (shift[r] as number) : 0;
    if (s !== 0) for (let i = at; i < at + w; i++) view[i] = (view[i] as number) - s;
  }
  return view;
}

/**
 * The transpose of copyBlock's block: [c1 − c0, r1 − r0], entry (c, r) = x[r, c] − shift[r]
 * (the [m, q] operand crossGraph multiplies by). Tiles of 64 × 64 keep reads and writes cached.
 */
function copyTransposed(
  x: Float32Array,
  m: number,
  r0: number,
  r1: number,
  c0: number,
  c1: number,
  shift: Float32Array | null,
  out: Float32Array,
): Float32Array {
  const q = r1 - r0;
  const view = out.subarray(0, (c1 - c0) * q);
  const T = 64;
  for (let rt = r0; rt < r1; rt += T) {
    const re = Math.min(r1, rt + T);
    for (let ct = c0; ct < c1; ct += T) {
      const ce = Math.min(c1, ct + T);
      for (let r = rt; r < re; r++) {
        const s = shift ? (shift[r] as number) : 0;
        const src = r * m;
        for (let c = ct; c < ce; c++) view[(c - c0) * q + (r - r0)] = (x[src + c] as number) - s;
      }
    }
  }
  return view;
}

/**
 * The Gram matrix G = (X − s1ᵀ)(X − s1ᵀ)ᵀ of the p rows of X ([p, m] row-major: variables ×
 * observations; `shift` per row, or none) in column blocks of its upper triangle: for each block
 * [start, end) of `align`-aligned width, `onBlock(start, end, block)` receives rows 0..end of
 * those columns ([end, end − start] row-major, float64, summed over every observation chunk).
 * Entry (i, j) with i < start is above the diagonal; the block's own rows start..end hold both
 * triangles of its diagonal square. Only (B + 1)/(2B) of the full product is computed for B
 * blocks. Each run feeds one copy of X's first `end` rows over a chunk of observations (the
 * block's own rows are a view of it). Returns the flops run.
 */
export async function gramBlocks(
  session: Session<'out'>,
  x: Float32Array,
  p: number,
  m: number,
  shift: Float32Array | null,
  align: number,
  o: CrossOptions,
  onBlock: (start: number, end: number, block: Float64Array) => void,
): Promise<number> {
  if (p === 0 || m === 0) return 0;
  const budget = Math.max(align, o.chunkFloats);
  // Four blocks when the product is large (62.5% of the full one), narrower when p is large
  // (each output block fits the budget); one block when it is small, where each run's fixed
  // cost (feeding the rows) outweighs the saved multiplications.
  const blocks = p * p * m < SMALL_PRODUCT ? 1 : 4;
  let width = Math.max(align, Math.ceil(p / blocks / align) * align);
  width = Math.max(align, Math.min(width, Math.floor(budget / p / align) * align));
  const cols = Math.max(1, Math.min(m, OBSERVATIONS_PER_RUN, Math.floor(budget / p)));
  const buffer = new Float32Array(p * cols);
  const bufferT = new Float32Array(width * cols);
  const total = blockWork(p, width);
  let flops = 0;
  for (let start = 0; start < p; start += width) {
    const end = Math.min(p, start + width);
    const bw = end - start;
    const acc = new Float64Array(end * bw);
    for (let c0 = 0; c0 < m; c0 += cols) {
      throwIfAborted(o.signal);
      await tick();
      const c1 = Math.min(m, c0 + cols);
      const mc = c1 - c0;
      const { out } = await session.run({
        a: float32(copyBlock(x, m, 0, end, c0, c1, shift, buffer), [end, mc]),
        bt: float32(copyTransposed(x, m, start, end, c0, c1, shift, bufferT), [mc, bw]),
      });
      for (let i = 0; i < end * bw; i++) acc[i] = (acc[i] as number) + (out[i] as number);
      flops += 2 * end * bw * mc;
      o.advance((end * bw * mc) / (total * m));
    }
    onBlock(start, end, acc);
  }
  return flops;
}

/** p²·m below which gramBlocks computes the whole product in one block (multiply-adds). */
const SMALL_PRODUCT = 2 ** 33;
/**
 * Observations per run: onnxruntime-web's MatMul ran fastest with the inner dimension in the low
 * thousands (for [200, m] × [m, 200]: 16–17 GFLOP/s at m = 1,024–4,096, 7 at m = 20,000).
 */
const OBSERVATIONS_PER_RUN = 4096;

/** Σ over blocks of end × width: the share of the product gramBlocks runs. */
function blockWork(p: number, width: number): number {
  let s = 0;
  for (let start = 0; start < p; start += width)
    s += Math.min(p, start + width) * (Math.min(p, start + width) - start);
  return s;
}

/**
 * A (B − b1ᵀ)ᵀ for A [p, m] and B [q, m] row-major (B's shift per row, or none),
 * summed over observation chunks in float64: [p, q] row-major. Returns it with the flops run.
 */
export async function crossProduct(
  session: Session<'out'>,
  a: Float32Array,
  p: number,
  b: Float32Array,
  q: number,
  m: number,
  shiftB: Float32Array | null,
  o: CrossOptions,
): Promise<{ product: Float64Array; flops: number }> {
  const product = new Float64Array(p * q);
  const cols = Math.max(
    1,
    Math.min(m, OBSERVATIONS_PER_RUN, Math.floor(Math.max(1, o.chunkFloats) / Math.max(p, q))),
  );
  const bufA = new Float32Array(p * cols);
  const bufB = new Float32Array(q * cols);
  let flops = 0;
  for (let c0 = 0; c0 < m; c0 += cols) {
    throwIfAborted(o.signal);
    await tick();
    const c1 = Math.min(m, c0 + cols);
    const mc = c1 - c0;
    const { out } = await session.run({
      a: float32(copyBlock(a, m, 0, p, c0, c1, null, bufA), [p, mc]),
      bt: float32(copyTransposed(b, m, 0, q, c0, c1, shiftB, bufB), [mc, q]),
    });
    for (let i = 0; i < p * q; i++) product[i] = (product[i] as number) + (out[i] as number);
    flops += 2 * p * q * mc;
    o.advance(mc / m);
  }
  return { product, flops };
}
