// The 3-D manifold pane: a @react-three/fiber canvas rendered on demand (frameloop="demand"),
// the point cloud (styled by the view) and axis gizmo, orbit controls with store sync, framing
// commands, hover picking through the screen-space grid (core/screenPick), and an HTML overlay —
// hover card, text labels laid out without overlap (core/manifold/labels) with leader lines,
// pin rings, the list-hover marker and axis labels — positioned each rendered frame through refs.
// Used by the latent and manifold-CSV views; the canvas stays mounted while their data changes.
import { useCallback, useEffect, useMemo, useRef } from 'react';
import { Canvas, useFrame, useThree, type RootState } from '@react-three/fiber';
import { Matrix4 } from 'three';
import { probeRow } from '../../core/ids';
import {
  activationFrame,
  alongAxis,
  axisPlane,
  pointsFrame,
  type Frame,
} from '../../core/manifold/frame';
import { layoutLabels, type LabelPlacement, type LabelRequest } from '../../core/manifold/labels';
import { lassoPoints } from '../../core/manifold/select';
import { boundsOf, type Bounds } from '../../core/manifoldPoints';
import { CameraRig } from './CameraRig';
import { onCanvasKey, type CameraSteps } from './keyboard';
import { setManifoldHandle, type ManifoldHandle } from './handle';
import { AxisGizmo, PointCloud, axisLengths } from './ManifoldObjects';
import { fillCard, placeAt, placeCard, placeInside, projectPoint } from './overlay';
import { Picker, viewProjection } from './picker';
import { MANIFOLD_TUNING as T } from './tuning';
import type { ManifoldData } from '../../core/manifoldPoints';
import type { ManifoldCanvasProps, PointLabel } from './types';
import './manifold.css';

export type { ManifoldCanvasProps };

interface LabelElements {
  boxes: Map<number, HTMLElement>;
  rings: Map<number, HTMLElement>;
  lines: Map<number, SVGLineElement>;
}

interface LabelSlot {
  label: PointLabel;
  /** The element the size was measured on (a new element is measured again). */
  measured: HTMLElement | null;
  /** Measured box size (CSS px). */
  width: number;
  height: number;
  previous: number;
}

/** What the DOM side and the GL side share, mutated in place (never React state). */
interface SceneLink {
  get: (() => RootState) | null;
  data: ManifoldData | null;
  /** `data` with the points the style hides moved off-screen (what hover can pick). */
  pickData: ManifoldData | null;
  rowIndex: Map<number, number>;
  lengths: [number, number, number] | null;
  /** Hovered point index, or -1. */
  hover: number;
  card: HTMLDivElement | null;
  marker: HTMLDivElement | null;
  /** The point a list row marks, or -1. */
  mark: number;
  markEl: HTMLDivElement | null;
  labels: LabelSlot[];
  placements: LabelPlacement[];
  requests: LabelRequest[];
  axes: (HTMLElement | null)[];
  frames: number;
  /** Time the last label layout took (ms), for the bench. */
  labelMs: number;
  /** The last frame's view-projection (to tell a moving camera from a resting one). */
  lastView: number[];
  /** Timer of the frame that lays the labels out afresh once the camera rests. */
  settle: number;
}

export function ManifoldCanvas(props: ManifoldCanvasProps) {
  const { data, style, stale, labels, describe, onTogglePin, background, pointSizePx } = props;
  const link = useRef<SceneLink>({
    get: null,
    data: null,
    pickData: null,
    rowIndex: new Map(),
    lengths: null,
    hover: -1,
    card: null,
    marker: null,
    mark: -1,
    markEl: null,
    labels: [],
    placements: [],
    requests: [],
    axes: [null, null, null],
    frames: 0,
    labelMs: 0,
    lastView: [],
    settle: 0,
  });
  const picker = useMemo(() => new Picker(T.pickCellPx), []);
  // The label elements by row, filed by their refs whenever React attaches them.
  const els = useMemo<LabelElements>(
    () => ({ boxes: new Map(), rings: new Map(), lines: new Map() }),
    [],
  );
  const press = useRef<{ x: number; y: number } | null>(null);
  const prebuild = useRef(0);
  const describeRef = useRef(describe);
  const hoverRowRef = useRef(props.onHoverRow);
  useEffect(() => {
    describeRef.current = describe;
    hoverRowRef.current = props.onHoverRow;
  }, [describe, props.onHoverRow]);

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
  // The plane the view faces: the two plotted axes of largest |λ|, or the best-fit plane.
  const plane = useMemo(() => (data?.axisLambdas ? axisPlane(data.axisLambdas) : null), [data]);
  const frame = useMemo<Frame | null>(
    () => (data && !stale ? activationFrame(data.positions, data.count, data.values, plane) : null),
    [data, stale, plane],
  );
  // Points hidden by the style cannot be picked: the picker sees them as off-screen (NaN).
  const pickData = useMemo<ManifoldData | null>(() => {
    const sizes = style?.sizes;
    if (!data || !sizes || sizes.length !== data.count) return data;
    let hidden = false;
    for (let i = 0; i < data.count && !hidden; i++) hidden = sizes[i] === 0;
    if (!hidden) return data;
    const positions = data.positions.slice();
    for (let i = 0; i < data.count; i++) if (sizes[i] === 0) positions.fill(NaN, i * 3, i * 3 + 3);
    return { ...data, positions };
  }, [data, style]);

  const invalidate = useCallback(() => link.current.get?.().invalidate(), []);

  // Camera commands become frames here (the rig eases to them).
  const command = useMemo(() => {
    const c = props.command;
    if (!c || !data || !frame) return null;
    const facing = { right: frame.right, up: frame.up };
    let f: Frame | null = null;
    if (c.kind === 'activation') f = frame;
    else if (c.kind === 'all')
      f = pointsFrame(
        data.positions,
        Int32Array.from({ length: data.count }, (_, i) => i),
        facing,
      );
    else if (c.kind === 'points') f = pointsFrame(data.positions, c.indices, facing);
    else if (c.kind === 'row') {
      const i = rowIndex.get(c.row);
      if (i !== undefined) f = pointsFrame(data.positions, [i], facing);
    } else f = alongAxis(frame, c.axis);
    // A few points (or one) are shown with some of their surroundings.
    if (f && (c.kind === 'points' || c.kind === 'row')) {
      f = { ...f, radius: Math.max(f.radius, frame.radius * (c.kind === 'row' ? 0.4 : 0.25)) };
    }
    return f ? { seq: c.seq, frame: f } : null;
    // Only a new command runs: the frame of the points may change without re-running it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [props.command]);

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
      hoverRowRef.current(index >= 0 && l.data ? probeRow(l.data.rows[index] ?? -1) : null);
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

  useEffect(() => {
    link.current.pickData = pickData;
    picker.reset();
  }, [pickData, picker]);

  // The point a list row marks (hovered in "Top activations").
  const highlight = props.highlight;
  useEffect(() => {
    const l = link.current;
    l.mark = highlight !== null ? (rowIndex.get(highlight) ?? -1) : -1;
    if (l.mark < 0) l.markEl?.style.setProperty('visibility', 'hidden');
    invalidate();
  }, [highlight, rowIndex, invalidate]);

  // Labels: keep the slots' measured sizes and last positions across renders.
  const labelKey = labels.map((l) => `${l.row}:${l.pinned ? 1 : 0}:${l.text}`).join('|');
  useEffect(() => {
    const l = link.current;
    const old = new Map(l.labels.map((s) => [s.label.row, s]));
    l.labels = labels.map((label) => {
      const prev = old.get(label.row);
      const same = prev && prev.label.text === label.text && prev.label.pinned === label.pinned;
      return {
        label,
        // Text or style changed: measure again.
        measured: same ? prev.measured : null,
        width: same ? prev.width : 0,
        height: same ? prev.height : 0,
        previous: prev?.previous ?? -1,
      };
    });
    invalidate();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [labelKey, invalidate]);

  /** Canvas-relative CSS pixels of a client position, and the canvas size. */
  const toCanvas = useCallback((clientX: number, clientY: number) => {
    const state = link.current.get?.();
    if (!state) return null;
    const rect = state.gl.domElement.getBoundingClientRect();
    return { x: clientX - rect.left, y: clientY - rect.top, state };
  }, []);

  const pickAt = useCallback(
    (clientX: number, clientY: number): number => {
      const at = toCanvas(clientX, clientY);
      if (!at || !pickData) return -1;
      const { size, camera } = at.state;
      const radius = Math.max(T.hitRadiusPx, pointSizePx / 2 + 2);
      return picker.pick(pickData, camera, size.width, size.height, at.x, at.y, radius);
    },
    [picker, toCanvas, pointSizePx, pickData],
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
      labelLayoutMs: () => link.current.labelMs,
    };
    setManifoldHandle(handle);
    return () => setManifoldHandle(null, handle);
  }, [picker, pickAt, background]);

  const onState = useCallback((get: (() => RootState) | null) => {
    link.current.get = get;
  }, []);

  // Each rendered frame: move labels, rings, the markers and the card to their points.
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
        const d = link.current.pickData;
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
      // Axis labels first: text labels keep clear of them.
      const avoid: [number, number, number, number][] = [];
      l.axes.forEach((el, a) => {
        if (!el) return;
        const L = l.lengths?.[a];
        if (!data || L === undefined) return placeAt(el, null);
        const end: [number, number, number] = [0, 0, 0];
        end[a] = L;
        const p = placeInside(
          el,
          projectPoint(m, end[0], end[1], end[2], width, height),
          width,
          height,
        );
        if (p) avoid.push([p[0], p[1] - 8, p[0] + el.offsetWidth + 4, p[1] + el.offsetHeight]);
      });
      // While the camera moves, labels keep last frame's slots (they do not jump); once it
      // rests, one more frame lays them out afresh, so a view's labels depend on the view only.
      const view = m.elements;
      const moving = view.some((v, i) => v !== l.lastView[i]);
      l.lastView = Array.from(view);
      window.clearTimeout(l.settle);
      if (moving)
        l.settle = window.setTimeout(() => link.current.get?.().invalidate(), T.labelSettleMs);
      layoutOverlayLabels(l, els, at, width, height, avoid, moving);
      // The labels' ready signal: laid out afresh for a resting camera.
      state.gl.domElement
        .closest('.manifold-stage')
        ?.setAttribute('data-labels', moving ? 'moving' : 'settled');
      if (l.hover >= 0 && l.card && l.marker) {
        const p = at(l.hover);
        placeAt(l.marker, p);
        if (p) placeCard(l.card, p, width, height);
        else l.card.style.visibility = 'hidden';
      }
      if (l.markEl) placeAt(l.markEl, l.mark >= 0 ? at(l.mark) : null);
    },
    [frameMatrix, picker, els],
  );
  useEffect(
    () => () => {
      window.clearTimeout(prebuild.current);
      window.clearTimeout(link.current.settle);
    },
    [],
  );

  // Lasso: shift-drag draws a polygon (the orbit controls never see the drag); on release the
  // points inside it are picked — with alt held they leave the selection instead.
  const lasso = useRef<{ poly: number[]; subtract: boolean; el: SVGPolygonElement | null } | null>(
    null,
  );
  const lassoEl = useRef<SVGPolygonElement>(null);
  const onPointerDownCapture = (e: React.PointerEvent) => {
    if (!e.shiftKey || e.button !== 0 || stale || !props.onLasso) return;
    const at = toCanvas(e.clientX, e.clientY);
    if (!at) return;
    e.stopPropagation();
    e.preventDefault();
    (e.currentTarget as HTMLElement).setPointerCapture(e.pointerId);
    lasso.current = { poly: [at.x, at.y], subtract: e.altKey, el: lassoEl.current };
    setHover(-1);
  };
  const onPointerMoveCapture = (e: React.PointerEvent) => {
    const l = lasso.current;
    if (!l) return;
    e.stopPropagation();
    const at = toCanvas(e.clientX, e.clientY);
    if (!at) return;
    const n = l.poly.length;
    if (Math.hypot(at.x - (l.poly[n - 2] ?? 0), at.y - (l.poly[n - 1] ?? 0)) < T.lassoStepPx)
      return;
    l.poly.push(at.x, at.y);
    l.el?.setAttribute('points', pointsAttr(l.poly));
    l.el?.setAttribute('class', l.subtract ? 'lasso subtract' : 'lasso');
  };
  const onPointerUpCapture = (e: React.PointerEvent) => {
    const l = lasso.current;
    if (!l) return;
    lasso.current = null;
    e.stopPropagation();
    l.el?.setAttribute('points', '');
    const state = link.current.get?.();
    const d = pickData;
    if (!state || !d || l.poly.length < 6) return;
    const idx = picker.project(d, state.camera, state.size.width, state.size.height);
    const inside = lassoPoints(idx.points.x, idx.points.y, d.count, l.poly);
    props.onLasso?.(
      Array.from(inside, (i) => probeRow(d.rows[i] ?? -1)),
      l.subtract ? 'subtract' : 'add',
    );
  };

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

  const shownLabels = labels.filter((lb) => rowIndex.has(lb.row));
  const steps = useRef<CameraSteps | null>(null);
  /** A ref that files an element under its row in one of the label maps. */
  const refInto =
    <E extends Element>(map: Map<number, E>, row: number) =>
    (el: E | null) => {
      if (el) map.set(row, el);
      else map.delete(row);
    };
  return (
    <div
      className="manifold-stage"
      data-testid="manifold-stage"
      data-points={data?.count ?? 0}
      data-stale={stale ? 'true' : 'false'}
      tabIndex={0}
      role="application"
      aria-roledescription="3-D view"
      aria-label={`${props.label}: arrows orbit, + and − zoom, F frames, R resets`}
      onKeyDown={(e) => onCanvasKey(e, steps.current)}
      onPointerMove={onPointerMove}
      onPointerLeave={() => setHover(-1)}
      onPointerDown={onPointerDown}
      onPointerUp={onPointerUp}
      onPointerDownCapture={onPointerDownCapture}
      onPointerMoveCapture={onPointerMoveCapture}
      onPointerUpCapture={onPointerUpCapture}
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
          frame={stale ? null : frame}
          bounds={stale ? null : bounds}
          command={command}
          autoRotate={props.autoRotate}
          onCamera={props.onCamera}
          onInteract={() => setHover(-1)}
          stepsRef={steps}
        />
        <PointCloud
          data={data}
          style={style}
          bounds={bounds}
          pointSizePx={pointSizePx}
          stale={stale}
        />
        <AxisGizmo data={data} lengths={lengths} />
        <OverlaySync onFrame={onFrame} />
      </Canvas>
      <svg className="label-leaders" aria-hidden="true">
        <polygon className="lasso" ref={lassoEl} points="" />
        {shownLabels.map((lb) => (
          <line key={lb.row} ref={refInto(els.lines, lb.row)} />
        ))}
      </svg>
      <div className="manifold-overlay">
        {props.axisLabels.map((text, a) => (
          <div
            key={a}
            aria-hidden="true"
            className={`axis-label sign-${signName(data?.axisSigns[a] ?? 0)}`}
            ref={(el) => {
              link.current.axes[a] = el;
            }}
          >
            {text}
          </div>
        ))}
        {shownLabels
          .filter((lb) => lb.pinned)
          .map((lb) => (
            <div
              key={`ring-${lb.row}`}
              className="pin-ring"
              aria-hidden="true"
              ref={refInto(els.rings, lb.row)}
            />
          ))}
        <ul className="point-labels" aria-label="Labelled points">
          {shownLabels.map((lb) => (
            <li
              key={lb.row}
              className={lb.pinned ? 'point-label pinned' : 'point-label'}
              data-testid={lb.pinned ? 'pin-label' : 'point-label'}
              data-row={lb.row}
              title={lb.title}
              ref={refInto(els.boxes, lb.row)}
            >
              {lb.text}
            </li>
          ))}
        </ul>
        <div
          className="hover-marker"
          aria-hidden="true"
          ref={(el) => {
            link.current.marker = el;
          }}
        />
        <div
          className="list-marker"
          aria-hidden="true"
          data-testid="list-marker"
          ref={(el) => {
            link.current.markEl = el;
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

/**
 * Lays out the text labels for this frame: projects their points, measures new boxes once,
 * places them without overlap (core/manifold/labels) and draws the leader lines.
 */
function layoutOverlayLabels(
  l: SceneLink,
  els: LabelElements,
  at: (i: number) => [number, number] | null,
  width: number,
  height: number,
  avoid: [number, number, number, number][],
  keepSlots: boolean,
): void {
  const t0 = performance.now();
  const slots = l.labels.filter((s) => els.boxes.has(s.label.row) && l.rowIndex.has(s.label.row));
  const reqs = l.requests;
  reqs.length = slots.length;
  slots.forEach((s, k) => {
    const i = l.rowIndex.get(s.label.row) ?? -1;
    const p = i >= 0 ? at(i) : null;
    const box = els.boxes.get(s.label.row);
    if (box && box !== s.measured) {
      s.measured = box;
      s.width = box.offsetWidth;
      s.height = box.offsetHeight;
    }
    const r = (reqs[k] ??= { x: NaN, y: NaN, width: 0, height: 0, previous: -1 });
    r.x = p ? p[0] : NaN;
    r.y = p ? p[1] : NaN;
    r.width = s.width;
    r.height = s.height;
    r.previous = keepSlots ? s.previous : -1;
  });
  const placed = layoutLabels(reqs, width, height, avoid, l.placements);
  slots.forEach((s, k) => {
    const p = placed[k];
    const r = reqs[k];
    const box = els.boxes.get(s.label.row);
    const ring = els.rings.get(s.label.row);
    const line = els.lines.get(s.label.row);
    if (!box || !p || !r) return;
    if (ring) placeAt(ring, Number.isFinite(r.x) ? [r.x, r.y] : null);
    if (!p.visible) {
      box.style.visibility = 'hidden';
      box.dataset.shown = 'false';
      line?.setAttribute('visibility', 'hidden');
      return;
    }
    s.previous = p.slot;
    box.style.visibility = 'visible';
    box.dataset.shown = 'true';
    // Whole pixels: text stays crisp (no sub-pixel blur) and a view reads the same every time.
    box.style.transform = `translate(${Math.round(p.left)}px, ${Math.round(p.top)}px)`;
    if (!line) return;
    if (!p.leader) {
      line.setAttribute('visibility', 'hidden');
      return;
    }
    // From the point to the nearest point of the box.
    const bx = Math.max(p.left, Math.min(r.x, p.left + r.width));
    const by = Math.max(p.top, Math.min(r.y, p.top + r.height));
    line.setAttribute('x1', String(Math.round(r.x)));
    line.setAttribute('y1', String(Math.round(r.y)));
    line.setAttribute('x2', String(Math.round(bx)));
    line.setAttribute('y2', String(Math.round(by)));
    line.setAttribute('visibility', 'visible');
  });
  l.labelMs = performance.now() - t0;
}

function pointsAttr(poly: number[]): string {
  let s = '';
  for (let k = 0; k < poly.length; k += 2)
    s += `${poly[k]!.toFixed(1)},${poly[k + 1]!.toFixed(1)} `;
  return s;
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
