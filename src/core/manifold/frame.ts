// The only owner of where the 3-D manifold's camera looks: the points that carry the activation
// (weights |value|^FRAME_POWER, so the firing tip dominates as in the reference explorer's
// sampling), their weighted centre and 98 % extent, the plane the view faces (the two plotted
// axes of largest |λ|; for a CSV the weighted best-fit plane) and the camera pose that frames
// them. Pure; the manifold's camera rig and its "frame"/"view along" commands use it.
import { symmetricEigen } from '../maths/eigen';
import type { CameraPose } from '../urlState';

type V3 = [number, number, number];

/** Weights are |value| to this power: the few points that fire most carry the framing. */
export const FRAME_POWER = 4;
/** Share of the weight the framed sphere holds (the rest are outliers left out of frame). */
export const FRAME_SHARE = 0.98;
/**
 * The framed radius is at least this share of the radius that holds 98 % of all points
 * (unweighted), so one dominant point does not zoom in to nothing.
 */
export const FRAME_MIN_SHARE = 0.12;

/** Where to look and how: a centre, a radius, and the on-screen right and up directions. */
export interface Frame {
  center: V3;
  radius: number;
  /** Unit vectors: screen right and screen up (the view looks along right × up, into the screen). */
  right: V3;
  up: V3;
}

const dot = (a: V3, b: V3) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const cross = (a: V3, b: V3): V3 => [
  a[1] * b[2] - a[2] * b[1],
  a[2] * b[0] - a[0] * b[2],
  a[0] * b[1] - a[1] * b[0],
];
const norm = (a: V3) => Math.hypot(a[0], a[1], a[2]);
const unit = (a: V3): V3 => {
  const l = norm(a);
  return l > 0 ? [a[0] / l, a[1] / l, a[2] / l] : [0, 0, 1];
};

/** Framing weight of each point: |value|^FRAME_POWER (0 for non-finite); all 1 without values. */
export function frameWeights(values: ArrayLike<number> | null, count: number): Float64Array {
  const w = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const v = values ? Math.abs(values[i] ?? NaN) : 1;
    w[i] = Number.isFinite(v) ? v ** FRAME_POWER : 0;
  }
  return w;
}

/** The weighted mean of the points (their plain mean when every weight is 0). */
export function weightedCenter(xyz: ArrayLike<number>, count: number, w: ArrayLike<number>): V3 {
  let total = 0;
  const c: V3 = [0, 0, 0];
  for (let i = 0; i < count; i++) {
    const wi = w[i] ?? 0;
    const x = xyz[i * 3] ?? 0;
    const y = xyz[i * 3 + 1] ?? 0;
    const z = xyz[i * 3 + 2] ?? 0;
    if (!(wi > 0) || !Number.isFinite(x + y + z)) continue;
    total += wi;
    c[0] += wi * x;
    c[1] += wi * y;
    c[2] += wi * z;
  }
  if (total > 0) return [c[0] / total, c[1] / total, c[2] / total];
  return count > 0 && w.length > 0 && !hasWeight(w, count)
    ? weightedCenter(xyz, count, new Float64Array(count).fill(1))
    : [0, 0, 0];
}

function hasWeight(w: ArrayLike<number>, count: number): boolean {
  for (let i = 0; i < count; i++) if ((w[i] ?? 0) > 0) return true;
  return false;
}

/**
 * The distance from `center` within which points holding `share` of the total weight lie
 * (a weighted quantile of the distances). 0 for no points.
 */
export function weightedRadius(
  xyz: ArrayLike<number>,
  count: number,
  w: ArrayLike<number>,
  center: V3,
  share: number,
): number {
  const order: number[] = [];
  const dist = new Float64Array(count);
  let total = 0;
  for (let i = 0; i < count; i++) {
    const d = Math.hypot(
      (xyz[i * 3] ?? 0) - center[0],
      (xyz[i * 3 + 1] ?? 0) - center[1],
      (xyz[i * 3 + 2] ?? 0) - center[2],
    );
    const wi = w[i] ?? 0;
    if (!Number.isFinite(d) || !(wi > 0)) continue;
    dist[i] = d;
    total += wi;
    order.push(i);
  }
  if (total === 0) return 0;
  order.sort((a, b) => (dist[a] ?? 0) - (dist[b] ?? 0));
  let acc = 0;
  for (const i of order) {
    acc += w[i] ?? 0;
    if (acc >= share * total) return dist[i] ?? 0;
  }
  return dist[order[order.length - 1] ?? 0] ?? 0;
}

/**
 * The plane the view faces for plotted axes with these eigenvalues: the two axes of largest |λ|
 * (right = the larger, up = the other), so the view looks along the third. Ties keep x, y.
 */
export function axisPlane(lambdas: readonly [number, number, number]): { right: V3; up: V3 } {
  const order = [0, 1, 2].sort(
    (a, b) => Math.abs(lambdas[b] ?? 0) - Math.abs(lambdas[a] ?? 0) || a - b,
  );
  const axis = (a: number): V3 => [a === 0 ? 1 : 0, a === 1 ? 1 : 0, a === 2 ? 1 : 0];
  const [first, second] = [order[0] ?? 0, order[1] ?? 1].sort((a, b) => a - b);
  // Keep the axes' natural order on screen (x right of y, y above z) for a readable view.
  return { right: axis(first ?? 0), up: axis(second ?? 1) };
}

/**
 * The weighted best-fit plane of the points (principal axes of their weighted covariance about
 * `center`): right = the direction of largest spread, up = the second. Signs: each direction's
 * largest component is positive, so the same points always give the same view.
 */
export function bestFitPlane(
  xyz: ArrayLike<number>,
  count: number,
  w: ArrayLike<number>,
  center: V3,
): { right: V3; up: V3 } {
  const cov = new Float64Array(9);
  for (let i = 0; i < count; i++) {
    const wi = w[i] ?? 0;
    if (!(wi > 0)) continue;
    const d: V3 = [
      (xyz[i * 3] ?? 0) - center[0],
      (xyz[i * 3 + 1] ?? 0) - center[1],
      (xyz[i * 3 + 2] ?? 0) - center[2],
    ];
    if (!Number.isFinite(d[0] + d[1] + d[2])) continue;
    for (let a = 0; a < 3; a++)
      for (let b = 0; b < 3; b++) cov[a * 3 + b] = (cov[a * 3 + b] ?? 0) + wi * d[a]! * d[b]!;
  }
  const eig = symmetricEigen(cov, 3, true);
  const vec = (j: number): V3 => {
    const v: V3 = [eig.vectors![j]!, eig.vectors![3 + j]!, eig.vectors![6 + j]!];
    let big = 0;
    for (let a = 1; a < 3; a++) if (Math.abs(v[a]!) > Math.abs(v[big]!)) big = a;
    return v[big]! < 0 ? [-v[0], -v[1], -v[2]] : v;
  };
  // Ascending eigenvalues: columns 2 and 1 are the two largest.
  if (!((eig.values[2] ?? 0) > 0)) return { right: [1, 0, 0], up: [0, 1, 0] };
  const right = unit(vec(2));
  // Make up exactly orthogonal to right, even for a degenerate second direction.
  let up = vec(1);
  up = unit([
    up[0] - dot(up, right) * right[0],
    up[1] - dot(up, right) * right[1],
    up[2] - dot(up, right) * right[2],
  ]);
  if (!(norm(up) > 0.5)) up = unit(cross(cross(right, [0, 0, 1]), right));
  return { right, up };
}

/**
 * The frame of the points that carry the activation: weights |value|^FRAME_POWER, their weighted
 * centre and FRAME_SHARE extent (at least FRAME_MIN_SHARE of the 98 % extent of all points),
 * facing `plane` — or, when null, the weighted best-fit plane.
 */
export function activationFrame(
  xyz: ArrayLike<number>,
  count: number,
  values: ArrayLike<number> | null,
  plane: { right: V3; up: V3 } | null,
): Frame {
  const w = frameWeights(values, count);
  const ones = new Float64Array(count).fill(1);
  const center = weightedCenter(xyz, count, w);
  const allCenter = weightedCenter(xyz, count, ones);
  const floor = FRAME_MIN_SHARE * weightedRadius(xyz, count, ones, allCenter, FRAME_SHARE);
  const radius = Math.max(weightedRadius(xyz, count, w, center, FRAME_SHARE), floor, 1e-6);
  return { center, radius, ...(plane ?? bestFitPlane(xyz, count, w, center)) };
}

/** The frame of a set of points with equal weights (frame all, frame pinned), facing `plane`. */
export function pointsFrame(
  xyz: ArrayLike<number>,
  indices: ArrayLike<number>,
  plane: { right: V3; up: V3 },
): Frame | null {
  const n = indices.length;
  if (n === 0) return null;
  const sub = new Float64Array(n * 3);
  for (let i = 0; i < n; i++) {
    const j = indices[i] ?? 0;
    sub[i * 3] = xyz[j * 3] ?? 0;
    sub[i * 3 + 1] = xyz[j * 3 + 1] ?? 0;
    sub[i * 3 + 2] = xyz[j * 3 + 2] ?? 0;
  }
  const ones = new Float64Array(n).fill(1);
  const center = weightedCenter(sub, n, ones);
  let r = 0;
  for (let i = 0; i < n; i++) {
    const d = Math.hypot(
      sub[i * 3]! - center[0],
      sub[i * 3 + 1]! - center[1],
      sub[i * 3 + 2]! - center[2],
    );
    if (Number.isFinite(d)) r = Math.max(r, d);
  }
  return { center, radius: Math.max(r, 1e-6), ...plane };
}

/** The same frame seen along world axis `axis` (0 = x, 1 = y, 2 = z). */
export function alongAxis(frame: Frame, axis: 0 | 1 | 2): Frame {
  const planes: { right: V3; up: V3 }[] = [
    { right: [0, 0, -1], up: [0, 1, 0] }, // along x: looking down −x … z to the left
    { right: [1, 0, 0], up: [0, 0, -1] }, // along y: from above
    { right: [1, 0, 0], up: [0, 1, 0] }, // along z: the x–y plane
  ];
  return { ...frame, ...planes[axis]! };
}

/**
 * The camera pose that frames `frame` with a vertical field of view `fovDeg` (the sphere of its
 * radius fits with `margin` to spare), looking at its centre with `right`/`up` on screen.
 */
export function framePose(frame: Frame, fovDeg: number, margin: number): CameraPose {
  const back = unit(cross(frame.right, frame.up)); // towards the viewer
  const dist = (frame.radius * margin) / Math.sin(((fovDeg / 2) * Math.PI) / 180);
  const [cx, cy, cz] = frame.center;
  return {
    position: [cx + back[0] * dist, cy + back[1] * dist, cz + back[2] * dist],
    target: [cx, cy, cz],
    up: unit(frame.up),
  };
}
