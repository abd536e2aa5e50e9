// What the manifold draws: the point cloud (one THREE.Points, one draw call, a colour, size and
// opacity per vertex from the view's PointStyle; with emphasis the strongest points are drawn
// last and on top), the axis gizmo through the origin (each axis coloured by the sign of its
// eigenvalue; the positive half solid, the negative half faded) and the origin ring. Positions
// are rebuilt only when the point set changes; the style's attributes when the style does.
import { useEffect, useMemo } from 'react';
import { useThree } from '@react-three/fiber';
import { BufferAttribute, BufferGeometry, LineSegments, Points, Sphere, Vector3 } from 'three';
import { NEUTRAL_RGB, divergingRgb } from '../../core/colorScale';
import { axisExtents, type Bounds } from '../../core/manifoldPoints';
import { linesMaterial, pointsMaterial, setPointStyle } from './materials';
import { MANIFOLD_TUNING as T } from './tuning';
import type { ManifoldData } from '../../core/manifoldPoints';
import type { PointStyle } from './types';

/** Draw order for `strongOnTop`: ascending |value| (the strongest are drawn last). */
function ascendingMagnitude(values: Float32Array, count: number): Uint32Array {
  const order = Uint32Array.from({ length: count }, (_, i) => i);
  return order.sort((a, b) => Math.abs(values[a] ?? 0) - Math.abs(values[b] ?? 0) || b - a);
}

export function PointCloud({
  data,
  style,
  bounds,
  pointSizePx,
  stale,
}: {
  data: ManifoldData | null;
  style: PointStyle | null;
  bounds: Bounds | null;
  pointSizePx: number;
  stale: boolean;
}) {
  const invalidate = useThree((s) => s.invalidate);
  const dpr = useThree((s) => s.viewport.dpr);
  const material = useMemo(() => pointsMaterial(), []);
  const points = useMemo(() => {
    const geometry = new BufferGeometry();
    if (data) {
      geometry.setAttribute('position', new BufferAttribute(data.positions, 3));
      geometry.setDrawRange(0, data.count);
    }
    if (bounds) geometry.boundingSphere = new Sphere(new Vector3(...bounds.center), bounds.radius);
    const p = new Points(geometry, material);
    p.frustumCulled = false;
    return p;
  }, [data, bounds, material]);
  // The style's attributes (and draw order) on the current geometry.
  useEffect(() => {
    const g = points.geometry;
    const n = data?.count ?? 0;
    const ok = style && style.colors.length === n * 3;
    g.setAttribute('aColor', new BufferAttribute(ok ? style.colors : new Float32Array(n * 3), 3));
    g.setAttribute(
      'aScale',
      new BufferAttribute(ok && style.sizes ? style.sizes : new Float32Array(n).fill(1), 1),
    );
    g.setAttribute(
      'aAlpha',
      new BufferAttribute(ok && style.alphas ? style.alphas : new Float32Array(n).fill(1), 1),
    );
    g.setIndex(
      ok && style.strongOnTop && data
        ? new BufferAttribute(ascendingMagnitude(data.values, n), 1)
        : null,
    );
    setPointStyle(material, pointSizePx, dpr, stale ? T.staleOpacity : 1, {
      perPointAlpha: Boolean(ok && style.alphas),
      depthTest: !(ok && style.strongOnTop),
    });
    invalidate();
  }, [points, data, style, material, pointSizePx, dpr, stale, invalidate]);
  useEffect(() => {
    invalidate();
    return () => points.geometry.dispose();
  }, [points, invalidate]);
  useEffect(() => () => material.dispose(), [material]);
  return <primitive object={points} />;
}

/** Half-lengths of the drawn axes: the points' extent along each, never zero. */
export function axisLengths(data: ManifoldData, bounds: Bounds): [number, number, number] {
  const e = axisExtents(data.positions, data.count);
  const floor = bounds.radius * 0.15;
  return e.map((v) => Math.max(v * T.axisOvershoot, floor)) as [number, number, number];
}

export function AxisGizmo({
  data,
  lengths,
}: {
  data: ManifoldData | null;
  lengths: [number, number, number] | null;
}) {
  const invalidate = useThree((s) => s.invalidate);
  const dpr = useThree((s) => s.viewport.dpr);
  const lineMaterial = useMemo(() => linesMaterial(), []);
  const originMaterial = useMemo(() => pointsMaterial({ ring: true }), []);
  const objects = useMemo(() => {
    const pos = new Float32Array(12 * 3);
    const col = new Float32Array(12 * 3);
    if (data && lengths) {
      for (let a = 0; a < 3; a++) {
        const sign = data.axisSigns[a] ?? 0;
        const solid = sign === 0 ? [...NEUTRAL_RGB] : divergingRgb(sign, 1);
        const faded = solid.map((c, i) => 0.45 * c + 0.55 * (NEUTRAL_RGB[i] ?? 0));
        const L = lengths[a] ?? 1;
        // Segment 1: origin → +L (solid); segment 2: origin → −L (faded).
        const ends = [L, -L];
        for (let s = 0; s < 2; s++) {
          const base = (a * 4 + s * 2) * 3;
          pos[base + 3 + a] = ends[s] ?? 0;
          const c = s === 0 ? solid : faded;
          col.set(c, base);
          col.set(c, base + 3);
        }
      }
    }
    const g = new BufferGeometry();
    g.setAttribute('position', new BufferAttribute(pos, 3));
    g.setAttribute('aColor', new BufferAttribute(col, 3));
    const lines = new LineSegments(g, lineMaterial);
    lines.frustumCulled = false;
    lines.visible = !!data;
    const og = new BufferGeometry();
    og.setAttribute('position', new BufferAttribute(new Float32Array(3), 3));
    og.setAttribute('aColor', new BufferAttribute(Float32Array.from([0.25, 0.25, 0.28]), 3));
    og.setAttribute('aScale', new BufferAttribute(Float32Array.from([1]), 1));
    og.setAttribute('aAlpha', new BufferAttribute(Float32Array.from([1]), 1));
    const origin = new Points(og, originMaterial);
    origin.frustumCulled = false;
    origin.visible = !!data;
    return { lines, origin };
  }, [data, lengths, lineMaterial, originMaterial]);
  useEffect(() => {
    invalidate();
    return () => {
      objects.lines.geometry.dispose();
      objects.origin.geometry.dispose();
    };
  }, [objects, invalidate]);
  useEffect(() => {
    setPointStyle(originMaterial, T.originSizePx, dpr);
    invalidate();
  }, [originMaterial, dpr, invalidate]);
  useEffect(
    () => () => {
      lineMaterial.dispose();
      originMaterial.dispose();
    },
    [lineMaterial, originMaterial],
  );
  return (
    <>
      <primitive object={objects.lines} />
      <primitive object={objects.origin} />
    </>
  );
}
