// The only owner of the 3-D canvas's own keys (core/shortcuts): with the canvas focused, the
// arrows orbit the camera and + / − zoom, through CameraRig's camera steps. F (frame) and R
// (reset) work in the whole latent view: the manifold pane handles them, focused canvas or not.
import type { KeyboardEvent } from 'react';
import { whichShortcut } from '../../core/shortcuts';

/** How far one key press moves the camera. */
export const CANVAS_KEY_STEPS = {
  /** Orbit per arrow press. */
  orbitDeg: 10,
  /** Distance to the target divided by this per + press (multiplied per − press). */
  zoomFactor: 1.25,
} as const;

/** The camera steps CameraRig offers the keys. */
export interface CameraSteps {
  /** Orbits around the target: `azimuthRad` to the right, `elevationRad` up. */
  orbit: (azimuthRad: number, elevationRad: number) => void;
  /** Divides the distance to the target by `factor` (> 1 moves closer). */
  zoom: (factor: number) => void;
}

/** Handles a key pressed on the focused canvas; a used key does not reach the page's keys. */
export function onCanvasKey(e: KeyboardEvent, steps: CameraSteps | null): void {
  const key = whichShortcut(
    ['orbitLeft', 'orbitRight', 'orbitUp', 'orbitDown', 'zoomIn', 'zoomOut'],
    e,
  );
  if (!key || !steps) return;
  e.preventDefault();
  const step = (CANVAS_KEY_STEPS.orbitDeg * Math.PI) / 180;
  if (key === 'orbitLeft') steps.orbit(-step, 0);
  else if (key === 'orbitRight') steps.orbit(step, 0);
  else if (key === 'orbitUp') steps.orbit(0, step);
  else if (key === 'orbitDown') steps.orbit(0, -step);
  else if (key === 'zoomIn') steps.zoom(CANVAS_KEY_STEPS.zoomFactor);
  else steps.zoom(1 / CANVAS_KEY_STEPS.zoomFactor);
}
