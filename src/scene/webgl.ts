// The only owner of "can this browser draw WebGL at all": a probe that the atlas map and the
// manifold views check before they mount a canvas, so a browser without WebGL gets a clear
// message instead of a blank pane.

let cached: boolean | null = null;

/** True when a WebGL (2 or 1) context can be created; probed once per page. */
export function hasWebGL(): boolean {
  if (cached !== null) return cached;
  try {
    const canvas = document.createElement('canvas');
    const gl = canvas.getContext('webgl2') ?? canvas.getContext('webgl');
    cached = gl !== null;
    // Give the probe's context back at once rather than at garbage collection: browsers cap the
    // live contexts per page.
    gl?.getExtension('WEBGL_lose_context')?.loseContext();
  } catch {
    cached = false;
  }
  return cached;
}
