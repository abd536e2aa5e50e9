// The only owner of the atlas map's live state — camera viewport, canvas size, pick grid, hover,
// the three.js handles — and the imperative operations on it (apply a viewport, fit, pick,
// brush, export). AtlasMap (the React shell) forwards props to it; gestures.ts drives it per
// pointer event; nothing here goes through React state. Hovering moves an SVG ring over the
// canvas instead of redrawing the WebGL scene, so its cost does not grow with the point count.
import type { RootState } from '@react-three/fiber';
import * as THREE from 'three';
import { sizesByImportance } from '../../core/atlas/colorScale';
import {
  buildGrid,
  pickNearest,
  pointsInPolygon,
  type SpatialGrid,
} from '../../core/atlas/spatialGrid';
import {
  fitViewport,
  screenToUmap,
  umapToScreen,
  type AtlasViewport,
  type ScreenSize,
} from '../../core/atlas/viewport';
import { AtlasScene } from './atlasScene';
import { ATLAS_VISUALS as V } from './constants';
import type { GestureTarget } from './gestures';

/** Hover: the composite under the pointer and where its point is (element pixels). */
export interface MapHover {
  index: number;
  xPx: number;
  yPx: number;
}

/** The callbacks and inputs the controller reads at event time (the shell's latest props). */
export interface ControllerInputs {
  xy: Float32Array;
  lassoMode: boolean;
  onViewportChange: (v: AtlasViewport | null) => void;
  onHover: (hover: MapHover | null) => void;
  onOpen: (index: number) => void;
  onBrush: (ids: number[]) => void;
}

type Rgb = [number, number, number];

export class MapController implements GestureTarget {
  readonly atlas = new AtlasScene();
  private state: RootState | null = null;
  private vp: AtlasViewport = { centerX: 0, centerY: 0, zoom: 1 };
  /** The store value last written or applied (to tell outside changes from our own echo). */
  private committed: AtlasViewport | null | undefined = undefined;
  private canvasSize: ScreenSize = { widthPx: 1, heightPx: 1 };
  private grid: SpatialGrid | null = null;
  private hovered = -1;
  /** The highlighted composite (-1 none; null before the first setHighlight). */
  private highlighted: number | null = null;
  private commitTimer = 0;
  private highlightRgb: Rgb = [1, 0.69, 0.13];
  private lassoPath: SVGPathElement | null = null;
  private hoverRing: SVGCircleElement | null = null;

  constructor(private inputs: ControllerInputs) {}

  setInputs(inputs: ControllerInputs): void {
    this.inputs = inputs;
  }

  /** The R3F root is ready (or gone). */
  attach(state: RootState | null): void {
    this.state = state;
    if (state) {
      this.atlas.setPixelRatio(state.gl.getPixelRatio());
      this.apply(this.vp);
    }
  }

  /** The SVG overlay's lasso outline and hover ring. */
  setOverlay(lassoPath: SVGPathElement | null, hoverRing: SVGCircleElement | null): void {
    this.lassoPath = lassoPath;
    this.hoverRing = hoverRing;
  }

  private invalidate(): void {
    this.state?.invalidate();
  }

  // --- data -------------------------------------------------------------------------------

  /** A new layout (or new sizes): rebuilds the points and the pick grid. */
  setLayout(
    xy: Float32Array,
    colours: Float32Array,
    importance: Float32Array | null,
    emphasis: Uint8Array | null,
  ): void {
    const sizes = importance
      ? sizesByImportance(importance, V.pointMinPx, V.pointMaxPx)
      : new Float32Array(xy.length / 2).fill(V.pointUniformPx);
    this.atlas.setPoints(xy, colours, sizes);
    this.atlas.setEmphasis(emphasis);
    this.grid = buildGrid(xy);
    this.hovered = -1;
    this.atlas.setHighlight(this.highlighted ?? -1, this.highlightRgb);
    this.invalidate();
  }

  setColours(colours: Float32Array): void {
    this.atlas.setColours(colours);
    this.invalidate();
  }

  setEmphasis(emphasis: Uint8Array | null): void {
    this.atlas.setEmphasis(emphasis);
    this.invalidate();
  }

  /** Background and ring colours from the element's CSS variables (after a theme change). */
  setTheme(el: HTMLElement): void {
    const css = getComputedStyle(el);
    const colour = (name: string, fallback: string) =>
      new THREE.Color(css.getPropertyValue(name).trim() || fallback);
    const rgb = (name: string, fallback: string): Rgb => {
      const out = { r: 0, g: 0, b: 0 };
      colour(name, fallback).getRGB(out, THREE.SRGBColorSpace);
      return [out.r, out.g, out.b];
    };
    this.highlightRgb = rgb('--focus', '#ffb020');
    if (this.state) this.state.scene.background = colour('--panel', '#ffffff');
    this.atlas.setHighlight(this.highlighted ?? -1, this.highlightRgb);
    this.invalidate();
  }

  /**
   * The composite highlighted from the list: ringed, and brought into view when it changes to a
   * point off screen (not on mount: coming back to the atlas keeps the user's viewport).
   */
  setHighlight(index: number): void {
    const changed = this.highlighted !== null && index !== this.highlighted;
    this.highlighted = index;
    this.atlas.setHighlight(index, this.highlightRgb);
    const xy = this.inputs.xy;
    if (
      changed &&
      this.state &&
      this.canvasSize.widthPx > 1 &&
      index >= 0 &&
      index < xy.length / 2
    ) {
      const x = xy[2 * index] ?? 0;
      const y = xy[2 * index + 1] ?? 0;
      const [sx, sy] = umapToScreen(this.vp, this.canvasSize, x, y);
      const m = V.fitPaddingPx;
      if (
        sx < m ||
        sy < m ||
        sx > this.canvasSize.widthPx - m ||
        sy > this.canvasSize.heightPx - m
      ) {
        this.setViewport({ ...this.vp, centerX: x, centerY: y }, true);
      }
    }
    this.invalidate();
  }

  /**
   * The canvas size or the store's viewport changed: null fits everything (again, at the new
   * size); a viewport the map did not write itself (a deep link, say) is applied.
   */
  syncViewport(stored: AtlasViewport | null, size: ScreenSize): void {
    this.canvasSize = size;
    // The device pixel ratio can change with the size (a window moved to another screen).
    if (this.state) this.atlas.setPixelRatio(this.state.gl.getPixelRatio());
    if (stored === null) this.apply(fitViewport(this.inputs.xy, size, V.fitPaddingPx));
    else if (stored !== this.committed) this.apply(stored);
    this.committed = stored;
  }

  // --- camera -----------------------------------------------------------------------------

  private apply(v: AtlasViewport): void {
    this.vp = v;
    const camera = this.state?.camera;
    if (!camera) return;
    camera.position.set(v.centerX, v.centerY, 10);
    camera.zoom = v.zoom;
    camera.updateProjectionMatrix();
    this.invalidate();
  }

  private commit(v: AtlasViewport | null): void {
    window.clearTimeout(this.commitTimer);
    this.committed = v;
    this.inputs.onViewportChange(v);
  }

  size = (): ScreenSize => this.canvasSize;
  viewport = (): AtlasViewport => this.vp;

  setViewport = (v: AtlasViewport, when: boolean | 'later'): void => {
    this.apply(v);
    this.setHovered(-1);
    if (when === true) this.commit(v);
    else if (when === 'later') {
      window.clearTimeout(this.commitTimer);
      this.commitTimer = window.setTimeout(() => this.commit(this.vp), V.viewportCommitDelayMs);
    }
  };

  fitAll = (): void => {
    this.apply(fitViewport(this.inputs.xy, this.canvasSize, V.fitPaddingPx));
    this.setHovered(-1);
    this.commit(null);
  };

  // --- pointer ----------------------------------------------------------------------------

  private pick(at: [number, number]): number {
    if (!this.grid) return -1;
    const [x, y] = screenToUmap(this.vp, this.canvasSize, at[0], at[1]);
    return pickNearest(this.grid, x, y, V.hitRadiusPx / this.vp.zoom);
  }

  private setHovered(index: number): void {
    if (index === this.hovered) return;
    this.hovered = index;
    const ring = this.hoverRing;
    if (index < 0) {
      ring?.setAttribute('visibility', 'hidden');
      this.inputs.onHover(null);
      return;
    }
    const xy = this.inputs.xy;
    const [xPx, yPx] = umapToScreen(
      this.vp,
      this.canvasSize,
      xy[2 * index] ?? 0,
      xy[2 * index + 1] ?? 0,
    );
    if (ring) {
      ring.setAttribute('cx', xPx.toFixed(1));
      ring.setAttribute('cy', yPx.toFixed(1));
      ring.setAttribute('r', ((this.atlas.ringDiameterPx(index) - V.ringWidthPx) / 2).toFixed(1));
      ring.setAttribute('visibility', 'visible');
    }
    this.inputs.onHover({ index, xPx, yPx });
  }

  hover = (at: [number, number] | null): void => this.setHovered(at ? this.pick(at) : -1);

  click = (at: [number, number]): void => {
    const i = this.pick(at);
    if (i >= 0) this.inputs.onOpen(i);
  };

  lasso = (polygonPx: number[] | null): void => {
    this.lassoPath?.setAttribute('d', polygonPx ? svgPath(polygonPx) : '');
  };

  brush = (polygonPx: number[]): void => {
    const umap: number[] = [];
    for (let i = 0; i + 1 < polygonPx.length; i += 2) {
      umap.push(
        ...screenToUmap(this.vp, this.canvasSize, polygonPx[i] ?? 0, polygonPx[i + 1] ?? 0),
      );
    }
    this.inputs.onBrush(pointsInPolygon(this.inputs.xy, umap));
  };

  lassoMode = (): boolean => this.inputs.lassoMode;

  // --- export and inspection --------------------------------------------------------------

  /** The map as a PNG, rendered now (the drawing buffer is preserved, so this is what shows). */
  toPng(): Promise<Blob | null> {
    const s = this.state;
    if (!s) return Promise.resolve(null);
    s.gl.render(s.scene, s.camera);
    return new Promise((resolve) => s.gl.domElement.toBlob(resolve, 'image/png'));
  }

  /** Element pixels of composite i's point. */
  screenOf(i: number): [number, number] | null {
    const xy = this.inputs.xy;
    if (i < 0 || i >= this.atlas.count) return null;
    return umapToScreen(this.vp, this.canvasSize, xy[2 * i] ?? 0, xy[2 * i + 1] ?? 0);
  }

  dispose(): void {
    window.clearTimeout(this.commitTimer);
    this.atlas.dispose();
  }
}

function svgPath(polygon: number[]): string {
  let d = '';
  for (let i = 0; i + 1 < polygon.length; i += 2) {
    d += `${i === 0 ? 'M' : 'L'}${(polygon[i] ?? 0).toFixed(1)},${(polygon[i + 1] ?? 0).toFixed(1)}`;
  }
  return d + 'Z';
}
