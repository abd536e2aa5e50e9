// The only owner of "can this browser draw the atlas": a WebGL probe the atlas view checks before
// it mounts the map, so a browser without WebGL gets a message instead of a blank pane.

let cached: boolean | null = null;

/** True when a WebGL (2 or 1) context can be created; probed once per page. */
export function hasWebGL(): boolean {
  if (cached !== null) return cached;
  try {
    const canvas = document.createElement('canvas');
    const gl = canvas.getContext('webgl2') ?? canvas.getContext('webgl');
    cached = gl !== null;
    // Free the probe's context now rather than at garbage collection (contexts are scarce).
    (gl as WebGLRenderingContext | null)?.getExtension('WEBGL_lose_context')?.loseContext();
  } catch {
    cached = false;
  }
  return cached;
}
