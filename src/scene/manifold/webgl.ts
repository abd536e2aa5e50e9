// Whether this browser can draw the manifold at all (WebGL 2 or 1), checked once; the views
// show a clear message instead of a blank pane when it cannot.
let cached: boolean | null = null;

export function hasWebGL(): boolean {
  if (cached !== null) return cached;
  try {
    const c = document.createElement('canvas');
    const gl = c.getContext('webgl2') ?? c.getContext('webgl');
    cached = !!gl;
    // Give the probe context back at once: browsers cap the live contexts per page.
    gl?.getExtension('WEBGL_lose_context')?.loseContext();
  } catch {
    cached = false;
  }
  return cached;
}
