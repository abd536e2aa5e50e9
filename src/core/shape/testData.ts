// Test-only planted point clouds for the shape tests (rings, arcs, discs, lines, blobs), drawn
// from core/random's seeded generator so every run sees the same points.
// The only owner of these fixtures; nothing outside *.test.ts may import it.
import { gaussian } from '../maths/testReference';
import { seededRandom } from '../random';

export interface Planar {
  x: Float64Array;
  y: Float64Array;
  /** Interleaved [n, 2]. */
  xy: Float64Array;
  w: Float64Array;
}

function planar(x: Float64Array, y: Float64Array, w: Float64Array): Planar {
  const xy = new Float64Array(2 * x.length);
  for (let i = 0; i < x.length; i++) {
    xy[2 * i] = x[i] as number;
    xy[2 * i + 1] = y[i] as number;
  }
  return { x, y, xy, w };
}

/**
 * n points on the arc [from, to] (radians) of the circle (cx, cy, r), at uniform random angles,
 * with Gaussian radial noise of sd noise·r and weights uniform in [0.2, 1]. Also returns the
 * planted angle of each point.
 */
export function noisyArc(
  n: number,
  cx: number,
  cy: number,
  r: number,
  noise: number,
  seed: number,
  from = -Math.PI,
  to = Math.PI,
): Planar & { theta: Float64Array } {
  const rand = seededRandom(seed);
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  const w = new Float64Array(n);
  const theta = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const t = from + (to - from) * rand();
    const rr = r * (1 + noise * gaussian(rand));
    theta[i] = t;
    x[i] = cx + rr * Math.cos(t);
    y[i] = cy + rr * Math.sin(t);
    w[i] = 0.2 + 0.8 * rand();
  }
  return { ...planar(x, y, w), theta };
}

/** n points uniform in the disc (cx, cy, r), unit weights. */
export function filledDisc(n: number, cx: number, cy: number, r: number, seed: number): Planar {
  const rand = seededRandom(seed);
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const rr = r * Math.sqrt(rand());
    const t = 2 * Math.PI * rand();
    x[i] = cx + rr * Math.cos(t);
    y[i] = cy + rr * Math.sin(t);
  }
  return planar(x, y, new Float64Array(n).fill(1));
}

/** n points uniform on the segment (x0, y0)–(x1, y1), Gaussian noise of sd `noise` across it. */
export function noisySegment(
  n: number,
  x0: number,
  y0: number,
  x1: number,
  y1: number,
  noise: number,
  seed: number,
): Planar {
  const rand = seededRandom(seed);
  const len = Math.hypot(x1 - x0, y1 - y0);
  const nx = -(y1 - y0) / len;
  const ny = (x1 - x0) / len;
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const t = rand();
    const e = noise * gaussian(rand);
    x[i] = x0 + t * (x1 - x0) + e * nx;
    y[i] = y0 + t * (y1 - y0) + e * ny;
  }
  return planar(x, y, new Float64Array(n).fill(1));
}

/**
 * Gaussian blobs in `dims` dimensions: `perBlob` points around each centre (row-major
 * [blobs, dims]) with sd `sd`; weights uniform in [0.5, 1.5]. Points are interleaved blob by
 * blob (point i belongs to blob i % blobs) so no method can lean on their order.
 */
export function blobs(
  centres: number[][],
  perBlob: number,
  sd: number,
  seed: number,
): { points: Float64Array; w: Float64Array; truth: Int32Array; dims: number } {
  const rand = seededRandom(seed);
  const k = centres.length;
  const dims = (centres[0] as number[]).length;
  const n = k * perBlob;
  const points = new Float64Array(n * dims);
  const w = new Float64Array(n);
  const truth = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % k;
    truth[i] = c;
    for (let a = 0; a < dims; a++) {
      points[i * dims + a] = ((centres[c] as number[])[a] as number) + sd * gaussian(rand);
    }
    w[i] = 0.5 + rand();
  }
  return { points, w, truth, dims };
}
