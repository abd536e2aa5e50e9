// Camera-pose arithmetic for the manifold: easing between two poses (the target moves in a
// straight line, the viewing direction turns on the sphere, the distance scales
// geometrically), comparing poses, and rounding them for the view store. Pure.
import type { CameraPose } from '../../state/viewStore';

type V3 = [number, number, number];

const sub = (a: V3, b: V3): V3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
const len = (a: V3) => Math.hypot(a[0], a[1], a[2]);
const lerp = (a: V3, b: V3, t: number): V3 => [
  a[0] + (b[0] - a[0]) * t,
  a[1] + (b[1] - a[1]) * t,
  a[2] + (b[2] - a[2]) * t,
];
const unit = (a: V3): V3 => {
  const l = len(a);
  return l > 0 ? [a[0] / l, a[1] / l, a[2] / l] : [0, 0, 1];
};

/** Smooth start and stop: cubic ease-in-out of t in 0..1. */
export function easeInOut(t: number): number {
  const c = Math.max(0, Math.min(1, t));
  return c < 0.5 ? 4 * c * c * c : 1 - (-2 * c + 2) ** 3 / 2;
}

/** The pose a fraction t (0..1, already eased) of the way from `a` to `b`. */
export function interpolatePose(a: CameraPose, b: CameraPose, t: number): CameraPose {
  const target = lerp(a.target, b.target, t);
  const oa = sub(a.position, a.target);
  const ob = sub(b.position, b.target);
  const la = len(oa);
  const lb = len(ob);
  const dist = la > 0 && lb > 0 ? la * (lb / la) ** t : la + (lb - la) * t;
  // Normalised lerp of the directions; nearly opposite directions fall back to a straight line.
  let dir = lerp(unit(oa), unit(ob), t);
  if (len(dir) < 1e-3) dir = lerp(oa, ob, t);
  const d = unit(dir);
  return {
    target,
    position: [target[0] + d[0] * dist, target[1] + d[1] * dist, target[2] + d[2] * dist],
    up: unit(lerp(a.up, b.up, t)),
  };
}

/** True when two poses differ by less than `tol` relative to the camera distance. */
export function posesClose(a: CameraPose, b: CameraPose, tol = 1e-4): boolean {
  const scale = Math.max(1e-9, len(sub(a.position, a.target)));
  return (
    len(sub(a.position, b.position)) <= tol * scale &&
    len(sub(a.target, b.target)) <= tol * scale &&
    len(sub(a.up, b.up)) <= tol
  );
}

/** The pose with every number rounded to `digits` significant digits (shorter deep links). */
export function roundPose(p: CameraPose, digits: number): CameraPose {
  const r = (v: V3): V3 => v.map((x) => Number(x.toPrecision(digits))) as V3;
  return { position: r(p.position), target: r(p.target), up: r(p.up) };
}
