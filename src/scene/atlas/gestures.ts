// The only owner of the atlas map's input gestures: drag to pan, wheel and pinch to zoom, click
// to open, shift+drag (or lasso mode) to brush, hover to inspect, and keyboard pan/zoom/fit.
// Native listeners on the map's element drive a controller (AtlasMap) through refs: no React
// state changes per pointer event.
import { panBy, zoomAbout, type AtlasViewport, type ScreenSize } from '../../core/atlas/viewport';
import { whichShortcut } from '../../core/shortcuts';
import { ATLAS_VISUALS as V } from './constants';

/** What the gestures need from the map. */
export interface GestureTarget {
  size: () => ScreenSize;
  viewport: () => AtlasViewport;
  /** Moves the camera; `commit` writes it to the view store now, 'later' after a pause. */
  setViewport: (v: AtlasViewport, commit: boolean | 'later') => void;
  fitAll: () => void;
  /** Hover at a position in element pixels (null = the pointer left or a drag began). */
  hover: (at: [number, number] | null) => void;
  /** A click (press and release without moving) at a position in element pixels. */
  click: (at: [number, number]) => void;
  /** The lasso's outline so far, in element pixels (null = hide it). */
  lasso: (polygonPx: number[] | null) => void;
  /** A finished lasso, in element pixels. */
  brush: (polygonPx: number[]) => void;
  lassoMode: () => boolean;
}

type Gesture =
  | { kind: 'pan'; start: [number, number]; last: [number, number]; moved: boolean }
  | { kind: 'pinch'; vp0: AtlasViewport; mid0: [number, number]; dist0: number }
  | { kind: 'lasso'; polygon: number[] }
  | null;

/** Attaches the gestures to `el`; returns a function that detaches them. */
export function attachGestures(el: HTMLElement, ctl: GestureTarget): () => void {
  const pointers = new Map<number, [number, number]>();
  let gesture: Gesture = null;

  const local = (e: { clientX: number; clientY: number }): [number, number] => {
    const r = el.getBoundingClientRect();
    return [e.clientX - r.left, e.clientY - r.top];
  };
  const pinchOf = (): { mid: [number, number]; dist: number } => {
    const [a, b] = [...pointers.values()];
    if (!a || !b) return { mid: [0, 0], dist: 1 };
    return {
      mid: [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2],
      dist: Math.max(1, Math.hypot(a[0] - b[0], a[1] - b[1])),
    };
  };

  const onDown = (e: PointerEvent) => {
    if (e.button !== 0 && e.pointerType === 'mouse') return;
    el.setPointerCapture(e.pointerId);
    pointers.set(e.pointerId, local(e));
    ctl.hover(null);
    if (pointers.size === 2) {
      // A second finger turns whatever the first began into a pinch.
      if (gesture?.kind === 'lasso') ctl.lasso(null);
      const { mid, dist } = pinchOf();
      gesture = { kind: 'pinch', vp0: ctl.viewport(), mid0: mid, dist0: dist };
    } else if (pointers.size === 1) {
      const at = local(e);
      gesture =
        e.shiftKey || ctl.lassoMode()
          ? { kind: 'lasso', polygon: [at[0], at[1]] }
          : { kind: 'pan', start: at, last: at, moved: false };
    }
  };

  const onMove = (e: PointerEvent) => {
    const at = local(e);
    if (!pointers.has(e.pointerId)) {
      if (pointers.size === 0 && e.pointerType !== 'touch') ctl.hover(at);
      return;
    }
    pointers.set(e.pointerId, at);
    if (!gesture) return;
    if (gesture.kind === 'pan') {
      const [dx, dy] = [at[0] - gesture.last[0], at[1] - gesture.last[1]];
      gesture.last = at;
      if (
        !gesture.moved &&
        Math.hypot(at[0] - gesture.start[0], at[1] - gesture.start[1]) < V.clickSlopPx
      ) {
        return;
      }
      gesture.moved = true;
      ctl.setViewport(panBy(ctl.viewport(), dx, dy), false);
    } else if (gesture.kind === 'pinch') {
      const { mid, dist } = pinchOf();
      const panned = panBy(gesture.vp0, mid[0] - gesture.mid0[0], mid[1] - gesture.mid0[1]);
      ctl.setViewport(
        zoomAbout(
          panned,
          ctl.size(),
          mid[0],
          mid[1],
          dist / gesture.dist0,
          V.minZoomPxPerUnit,
          V.maxZoomPxPerUnit,
        ),
        false,
      );
    } else {
      const p = gesture.polygon;
      const [lx, ly] = [p[p.length - 2] ?? 0, p[p.length - 1] ?? 0];
      if (Math.hypot(at[0] - lx, at[1] - ly) >= V.lassoStepPx) {
        p.push(at[0], at[1]);
        ctl.lasso(p);
      }
    }
  };

  const onUp = (e: PointerEvent) => {
    if (!pointers.has(e.pointerId)) return;
    const at = local(e);
    pointers.delete(e.pointerId);
    if (el.hasPointerCapture(e.pointerId)) el.releasePointerCapture(e.pointerId);
    const g = gesture;
    if (g?.kind === 'pinch') {
      // Lifting one finger ends the pinch; the other does nothing until lifted.
      gesture = null;
      ctl.setViewport(ctl.viewport(), true);
      return;
    }
    if (pointers.size > 0) return;
    gesture = null;
    if (e.type === 'pointercancel') {
      ctl.lasso(null);
      return;
    }
    if (g?.kind === 'pan') {
      if (g.moved) ctl.setViewport(ctl.viewport(), true);
      else ctl.click(at);
      if (e.pointerType !== 'touch') ctl.hover(at);
    } else if (g?.kind === 'lasso') {
      ctl.lasso(null);
      if (g.polygon.length >= 6) ctl.brush(g.polygon);
    }
  };

  const onLeave = () => {
    if (pointers.size === 0) ctl.hover(null);
  };

  const onWheel = (e: WheelEvent) => {
    e.preventDefault();
    // Lines and pages (rare: Firefox, some mice) to pixels.
    const dy = e.deltaY * (e.deltaMode === 1 ? 16 : e.deltaMode === 2 ? 400 : 1);
    const [x, y] = local(e);
    const factor = Math.exp(-dy * V.wheelZoomPerPx);
    ctl.setViewport(
      zoomAbout(ctl.viewport(), ctl.size(), x, y, factor, V.minZoomPxPerUnit, V.maxZoomPxPerUnit),
      'later',
    );
    ctl.hover([x, y]);
  };

  const onKey = (e: KeyboardEvent) => {
    const key = whichShortcut(
      [
        'mapFit',
        'mapZoomIn',
        'mapZoomOut',
        'mapPanLeft',
        'mapPanRight',
        'mapPanUp',
        'mapPanDown',
      ] as const,
      e,
    );
    if (!key) return;
    e.preventDefault();
    if (key === 'mapFit') {
      ctl.fitAll();
      return;
    }
    const { widthPx, heightPx } = ctl.size();
    const v = ctl.viewport();
    const zoom = (f: number) =>
      zoomAbout(
        v,
        ctl.size(),
        widthPx / 2,
        heightPx / 2,
        f,
        V.minZoomPxPerUnit,
        V.maxZoomPxPerUnit,
      );
    const next = {
      mapZoomIn: () => zoom(V.keyZoomFactor),
      mapZoomOut: () => zoom(1 / V.keyZoomFactor),
      mapPanLeft: () => panBy(v, V.keyPanPx, 0),
      mapPanRight: () => panBy(v, -V.keyPanPx, 0),
      mapPanUp: () => panBy(v, 0, V.keyPanPx),
      mapPanDown: () => panBy(v, 0, -V.keyPanPx),
    } satisfies Record<string, () => AtlasViewport>;
    ctl.setViewport(next[key](), 'later');
  };

  el.addEventListener('pointerdown', onDown);
  el.addEventListener('pointermove', onMove);
  el.addEventListener('pointerup', onUp);
  el.addEventListener('pointercancel', onUp);
  el.addEventListener('pointerleave', onLeave);
  // Not passive: the wheel zooms the map instead of scrolling the page.
  el.addEventListener('wheel', onWheel, { passive: false });
  el.addEventListener('keydown', onKey);
  return () => {
    el.removeEventListener('pointerdown', onDown);
    el.removeEventListener('pointermove', onMove);
    el.removeEventListener('pointerup', onUp);
    el.removeEventListener('pointercancel', onUp);
    el.removeEventListener('pointerleave', onLeave);
    el.removeEventListener('wheel', onWheel);
    el.removeEventListener('keydown', onKey);
  };
}
