// The only owner of the imperative handle of the manifold on screen: where a point is on the
// page, picking at a position, a PNG of the current view and frame timing. The latent view's
// export buttons, window.bae (e2e tests) and the bench use it; one manifold is mounted at a time.

/** Page (client) coordinates in CSS pixels. */
export interface ClientPoint {
  x: number;
  y: number;
}

export interface ManifoldHandle {
  /** Client position of the point of source row `row`, or null when it is not drawn/visible. */
  screenOfRow: (row: number) => ClientPoint | null;
  /** Client positions of every drawn point (NaN when hidden), with their source rows. */
  screenPoints: () => { rows: number[]; x: number[]; y: number[] };
  /** The source row under a client position (as hover picks it), and how long the pick took. */
  pickAt: (clientX: number, clientY: number) => { row: number; ms: number };
  /** The current view as a PNG (background filled). */
  capturePng: () => Promise<Blob>;
  /** Renders `count` frames back to back (finishing each on the GPU); mean ms per frame. */
  measureFrames: (count: number) => number;
  /** Frames rendered since mount (render on demand: stays still when nothing changes). */
  frames: () => number;
  /** The version of the point set the buffers hold (ManifoldData.version), or null. */
  dataVersion: () => string | null;
  /** How long the last frame's label layout took (ms). */
  labelLayoutMs: () => number;
}

let active: ManifoldHandle | null = null;

/** The mounted manifold's handle, or null. */
export function manifoldHandle(): ManifoldHandle | null {
  return active;
}

/** Registers (or, with null, removes) the mounted manifold's handle. */
export function setManifoldHandle(h: ManifoldHandle | null, owner?: ManifoldHandle): void {
  if (h === null && owner && active !== owner) return;
  active = h;
}
