// The 3-D manifold pane: a @react-three/fiber canvas rendered on demand (frameloop="demand"),
// the point cloud and axis gizmo, orbit controls with store sync, hover picking through the
// screen-space grid (core/screenPick), and an HTML overlay — hover card, pinned labels, axis
// labels — positioned each rendered frame through refs. Used by the latent and manifold-CSV
// views; the canvas stays mounted while their data changes.
import { useCallback, useEffect, useMemo, useRef } from 'react';
import { Canvas, useFrame, useThree, type RootState } from '@react-three/fiber';
import { Matrix4 } from 'three';
import { probeRow } from '../../core/ids';
import { boundsOf, type Bounds } from '../../core/manifoldPoints';
import { CameraRig } from './CameraRig';
import { setManifoldHandle, type ManifoldHandle } from './handle';
import { AxisGizmo, PointCloud, axisLengths } from './ManifoldObjects';
import { fillCard, placeAt, placeCard, placeInside, projectPoint } from './overlay';
import { Picker, viewProjection } from './picker';
import { MANIFOLD_TUNING as T } from './tuning';
import type { ManifoldData } from '../../core/manifoldPoints';
import type { ManifoldCanvasProps } from './types';
import './manifold.css';

export type { ManifoldCanvasProps };

/** What the DOM side and the GL side share, mutated in place (never React state). */
interface SceneLink {
  get: (() => RootState) | null;
  data: ManifoldData | null;
  rowIndex: Map<number, number>;
  lengths: [number, number, number] | null;
  /** Hovered point index, or -1. */
  hover: number;
  card: HTMLDivElement | null;
  marker: HTMLDivElement | null;
  pins: Map<number, HTMLElement>;
  axes: (HTMLElement | null)[];
  frames: number;
}

export function ManifoldCanvas(props: ManifoldCanvasProps) {
  const { data, stale, pinned, describe, pinText, onTogglePin, background, pointSizePx } = props;
  const link = useRef<SceneLink>({
    get: null,
    data: null,
    rowIndex: new Map(),
    lengths: null,
    hover: -1,
    card: null,
    marker: null,
    pins: new Map(),
    axes: [null, null, null],
    frames: 0,
  });
  const picker = useMemo(() => new Picker(T.pickCellPx), []);
  const press = useRef<{ x: number; y: number } | null>(null);
  const prebuild = useRef(0);
  const describeRef = useRef(describe);
  useEffect(() => {
    describeRef.current = describe;
  }, [describe]);

  const bounds = useMemo<Bounds | null>(
    () => (data ? boundsOf(data.positions, data.count) : null),
    [data],
  );
  const lengths = useMemo(
    () => (data && bounds ? axisLengths(data, bounds) : null),
    [data, bounds],
  );
  const rowIndex = useMemo(() => {
    const m = new Map<number, number>();
    if (data) for (let i = 0; i < data.count; i++) m.set(data.rows[i] ?? -1, i);
    return m;
  }, [data]);

  const invalidate = useCallback(() => link.current.get?.().invalidate(), []);

  const setHover = useCallback(
    (index: number) => {
      const l = link.current;
      if (l.hover === index) return;
      l.hover = index;
      const card = l.card;
      if (card && l.data && index >= 0) {
        fillCard(card, describeRef.current(probeRow(l.data.rows[index] ?? -1), index));
        card.dataset.row = String(l.data.rows[index] ?? -1);
      }
      if (index < 0) {
        card?.style.setProperty('visibility', 'hidden');
        l.marker?.style.setProperty('visibility', 'hidden');
        if (card) delete card.dataset.row;
      }
      invalidate();
    },
    [invalidate],
  );

  useEffect(() => {
    const l = link.current;
    l.data = data;
    l.rowIndex = rowIndex;
    l.lengths = lengths;
    picker.reset();
    l.hover = -2; // force a refresh below
    setHover(-1);
  }, [data, rowIndex, lengths, picker, setHover]);

  useEffect(() => invalidate(), [pinned, invalidate]);

  /** Canvas-relative CSS pixels of a client position, and the canvas size. */
  const toCanvas = useCallback((clientX: number, clientY: number) => {
    const state = link.current.get?.();
    if (!state) return null;
    const rect = state.gl.domElement.getBoundingClientRect();
    return { x: clientX - rect.left, y: clientY - rect.top, state };
  }, []);

  const pickAt = useCallback(
    (clientX: number, clientY: number): number => {
      const l = link.current;
      const at = toCanvas(clientX, clientY);
      if (!at || !l.data) return -1;
      const { size, camera } = at.state;
      const radius = Math.max(T.hitRadiusPx, pointSizePx / 2 + 2);
      return picker.pick(l.data, camera, size.width, size.height, at.x, at.y, radius);
    },
    [picker, toCanvas, pointSizePx],
  );

  // The handle for exports, window.bae and the bench.
  useEffect(() => {
    const handle: ManifoldHandle = {
      screenOfRow: (row) => {
        const l = link.current;
        const state = l.get?.();
        const i = l.rowIndex.get(row);
        if (!state || !l.data || i === undefined) return null;
        const m = viewProjection(state.camera, new Matrix4());
        const p = l.data.positions;
        const at = projectPoint(
          m,
          p[i * 3] ?? 0,
          p[i * 3 + 1] ?? 0,
          p[i * 3 + 2] ?? 0,
          state.size.width,
          state.size.height,
        );
        if (!at) return null;
        const rect = state.gl.domElement.getBoundingClientRect();
        return { x: rect.left + at[0], y: rect.top + at[1] };
      },
      screenPoints: () => {
        const l = link.current;
        const state = l.get?.();
        const out = { rows: [] as number[], x: [] as number[], y: [] as number[] };
        if (!state || !l.data) return out;
        const idx = picker.project(l.data, state.camera, state.size.width, state.size.height);
        const rect = state.gl.domElement.getBoundingClientRect();
        for (let i = 0; i < l.data.count; i++) {
          out.rows.push(l.data.rows[i] ?? -1);
          out.x.push(rect.left + (idx.points.x[i] ?? NaN));
          out.y.push(rect.top + (idx.points.y[i] ?? NaN));
        }
        return out;
      },
      pickAt: (clientX, clientY) => {
        const t0 = performance.now();
        const i = pickAt(clientX, clientY);
        const ms = performance.now() - t0;
        return { row: i >= 0 ? (link.current.data?.rows[i] ?? -1) : -1, ms };
      },
      capturePng: () => {
        const state = link.current.get?.();
        if (!state) return Promise.reject(new Error('the manifold is not ready'));
        state.gl.render(state.scene, state.camera);
        const src = state.gl.domElement;
        const out = document.createElement('canvas');
        out.width = src.width;
        out.height = src.height;
        const ctx = out.getContext('2d');
        if (!ctx) return Promise.reject(new Error('no 2-D canvas to compose the image'));
        ctx.fillStyle = background();
        ctx.fillRect(0, 0, out.width, out.height);
        ctx.drawImage(src, 0, 0);
        return new Promise((resolve, reject) =>
          out.toBlob(
            (b) => (b ? resolve(b) : reject(new Error('PNG encoding failed'))),
            'image/png',
          ),
        );
      },
      measureFrames: (count) => {
        const state = link.current.get?.();
        if (!state) return NaN;
        const gl = state.gl.getContext();
        const pixel = new Uint8Array(4);
        const t0 = performance.now();
        for (let f = 0; f < count; f++) {
          state.gl.render(state.scene, state.camera);
          gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, pixel); // waits for the GPU
        }
        return (performance.now() - t0) / count;
      },
      frames: () => link.current.frames,
      dataVersion: () => link.current.data?.version ?? null,
    };
    setManifoldHandle(handle);
    return () => setManifoldHandle(null, handle);
  }, [picker, pickAt, background]);

  const onState = useCallback((get: (() => RootState) | null) => {
    link.current.get = get;
  }, []);

  // Each rendered frame: move labels, the hover marker and the card to their points.
  const frameMatrix = useMemo(() => new Matrix4(), []);
  const onFrame = useCallback(
    (state: RootState) => {
      const l = link.current;
      l.frames++;
      // Once frames stop (the camera rests), rebuild the pick index in the background, so the
      // next hover finds it ready.
      window.clearTimeout(prebuild.current);
      prebuild.current = window.setTimeout(() => {
        const s = link.current.get?.();
        const d = link.current.data;
        if (s && d) picker.project(d, s.camera, s.size.width, s.size.height);
      }, T.pickPrebuildIdleMs);
      const { width, height } = state.size;
      const m = viewProjection(state.camera, frameMatrix);
      const data = l.data;
      const at = (i: number) => {
        const p = data?.positions;
        if (!p) return null;
        return projectPoint(m, p[i * 3] ?? 0, p[i * 3 + 1] ?? 0, p[i * 3 + 2] ?? 0, width, height);
      };
      for (const [row, el] of l.pins) {
        const i = l.rowIndex.get(row);
        placeAt(el, i === undefined ? null : at(i));
      }
      l.axes.forEach((el, a) => {
        if (!el) return;
        const L = l.lengths?.[a];
        if (!data || L === undefined) return placeAt(el, null);
        const end: [number, number, number] = [0, 0, 0];
        end[a] = L;
        placeInside(el, projectPoint(m, end[0], end[1], end[2], width, height), width, height);
      });
      if (l.hover >= 0 && l.card && l.marker) {
        const p = at(l.hover);
        placeAt(l.marker, p);
        if (p) placeCard(l.card, p, width, height);
        else l.card.style.visibility = 'hidden';
      }
    },
    [frameMatrix, picker],
  );
  useEffect(() => () => window.clearTimeout(prebuild.current), []);

  const onPointerMove = (e: React.PointerEvent) => {
    // No hover while dragging, or over the previous composite's (dimmed) points.
    if (e.buttons !== 0 || stale) {
      setHover(-1);
      return;
    }
    setHover(pickAt(e.clientX, e.clientY));
  };
  const onPointerDown = (e: React.PointerEvent) => {
    press.current = { x: e.clientX, y: e.clientY };
  };
  const onPointerUp = (e: React.PointerEvent) => {
    const p = press.current;
    press.current = null;
    if (!p || Math.hypot(e.clientX - p.x, e.clientY - p.y) > T.clickSlopPx) return;
    const i = pickAt(e.clientX, e.clientY);
    const row = i >= 0 ? link.current.data?.rows[i] : undefined;
    if (row !== undefined) onTogglePin(probeRow(row));
  };

  const shownPins = pinned.filter((r) => rowIndex.has(r));
  return (
    <div
      className="manifold-stage"
      data-testid="manifold-stage"
      data-points={data?.count ?? 0}
      data-stale={stale ? 'true' : 'false'}
      onPointerMove={onPointerMove}
      onPointerLeave={() => setHover(-1)}
      onPointerDown={onPointerDown}
      onPointerUp={onPointerUp}
    >
      <Canvas
        frameloop="demand"
        linear
        flat
        dpr={[1, 2]}
        // No MSAA: round points are cut out in the shader anyway, and multisampling multiplies
        // the fill cost of 65k points on software GL.
        gl={{ antialias: false, alpha: true }}
        camera={{ fov: T.fovDeg, near: 0.001, far: 1000, position: [2, 1.5, 3] }}
        aria-label={props.label}
        data-testid="manifold-canvas"
      >
        <Bridge onState={onState} />
        <CameraRig
          pose={props.camera}
          bounds={stale ? null : bounds}
          autoRotate={props.autoRotate}
          onCamera={props.onCamera}
          onInteract={() => setHover(-1)}
        />
        <PointCloud data={data} bounds={bounds} pointSizePx={pointSizePx} stale={stale} />
        <AxisGizmo data={data} lengths={lengths} />
        <OverlaySync onFrame={onFrame} />
      </Canvas>
      <div className="manifold-overlay" aria-hidden="true">
        {props.axisLabels.map((text, a) => (
          <div
            key={a}
            className={`axis-label sign-${signName(data?.axisSigns[a] ?? 0)}`}
            ref={(el) => {
              link.current.axes[a] = el;
            }}
          >
            {text}
          </div>
        ))}
        {shownPins.map((row) => {
          const i = rowIndex.get(row) ?? 0;
          return (
            <div
              key={row}
              className="pin-label"
              data-testid="pin-label"
              ref={(el) => {
                if (el) link.current.pins.set(row, el);
                else link.current.pins.delete(row);
              }}
            >
              <span>{pinText(row, i)}</span>
            </div>
          );
        })}
        <div
          className="hover-marker"
          ref={(el) => {
            link.current.marker = el;
          }}
        />
      </div>
      <div
        className="hover-card"
        role="status"
        data-testid="hover-card"
        ref={(el) => {
          link.current.card = el;
        }}
      />
    </div>
  );
}

function signName(s: number): string {
  return s > 0 ? 'pos' : s < 0 ? 'neg' : 'zero';
}

/**
 * Gives the DOM side access to the canvas's state (camera, size, renderer), and compiles the
 * shaders at once: on software GL that takes ~100 ms, better spent while the engine computes
 * the first points than before their first frame.
 */
function Bridge({ onState }: { onState: (get: (() => RootState) | null) => void }) {
  const get = useThree((s) => s.get);
  useEffect(() => {
    const { gl, scene, camera } = get();
    gl.compile(scene, camera);
    onState(get);
    return () => onState(null);
  }, [get, onState]);
  return null;
}

/** Calls `onFrame` each rendered frame (after the camera rig has moved the camera). */
function OverlaySync({ onFrame }: { onFrame: (state: RootState) => void }) {
  useFrame((state) => onFrame(state));
  return null;
}
