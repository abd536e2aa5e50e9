// Hover picking for the mounted manifold: keeps core/screenPick's grid index for the current
// camera and canvas size, and rebuilds it (one O(n) projection) only when either changed since
// the last pick. Owned by ManifoldCanvas; the handle's pickAt reuses it.
import { Matrix4, type Camera } from 'three';
import {
  buildScreenIndex,
  pickNearest,
  projectToScreen,
  type ScreenIndex,
  type ScreenPoints,
} from '../../core/screenPick';
import type { ManifoldData } from '../../core/manifoldPoints';

/** The camera's view-projection matrix (world → clip), fresh. */
export function viewProjection(camera: Camera, out = new Matrix4()): Matrix4 {
  camera.updateMatrixWorld();
  return out.multiplyMatrices(camera.projectionMatrix, camera.matrixWorldInverse);
}

export class Picker {
  private index: ScreenIndex | null = null;
  private builtFor: { data: ManifoldData; w: number; h: number; m: number[] } | null = null;
  private scratch: ScreenPoints | undefined;
  /** The last index's buffers, kept across reset() for the next build. */
  private spare: ScreenIndex | null = null;
  private readonly m = new Matrix4();

  constructor(private readonly cellPx: number) {}

  /** Forgets the index (the points changed). */
  reset(): void {
    this.spare = this.index ?? this.spare;
    this.index = null;
    this.builtFor = null;
  }

  /** Projects the points for this camera and canvas (CSS px), reusing the last projection. */
  project(data: ManifoldData, camera: Camera, widthPx: number, heightPx: number): ScreenIndex {
    const m = Array.from(viewProjection(camera, this.m).elements);
    const b = this.builtFor;
    const same =
      this.index &&
      b &&
      b.data === data &&
      b.w === widthPx &&
      b.h === heightPx &&
      b.m.every((v, i) => v === m[i]);
    if (same && this.index) return this.index;
    this.scratch = projectToScreen(data.positions, data.count, m, widthPx, heightPx, this.scratch);
    this.index = buildScreenIndex(
      this.scratch,
      widthPx,
      heightPx,
      this.cellPx,
      this.index ?? this.spare ?? undefined,
    );
    this.builtFor = { data, w: widthPx, h: heightPx, m };
    return this.index;
  }

  /** The point index nearest (xPx, yPx) in canvas CSS pixels within radiusPx, or -1. */
  pick(
    data: ManifoldData,
    camera: Camera,
    widthPx: number,
    heightPx: number,
    xPx: number,
    yPx: number,
    radiusPx: number,
  ): number {
    return pickNearest(this.project(data, camera, widthPx, heightPx), xPx, yPx, radiusPx);
  }
}
