// The manifold's shaders: round screen-sized points coloured per vertex (the whole cloud is one
// draw call), the origin ring and the axis lines. Colours are sRGB and written as is (the
// Canvas runs with `linear` and `flat`, so three adds no colour-space conversion).
import { ShaderMaterial } from 'three';

const POINT_VERTEX = /* glsl */ `
  attribute vec3 aColor;
  attribute float aScale;
  attribute float aAlpha;
  uniform float uSizePx;
  varying vec3 vColor;
  varying float vAlpha;
  void main() {
    vColor = aColor;
    vAlpha = aAlpha;
    gl_Position = projectionMatrix * modelViewMatrix * vec4(position, 1.0);
    gl_PointSize = uSizePx * aScale;
    // A hidden point (scale 0) is moved out of the clip volume: nothing is rasterised.
    if (aScale <= 0.0) gl_Position = vec4(2.0, 2.0, 2.0, 1.0);
  }
`;

// A filled disc with a thin, slightly darker rim, so overlapping points stay distinguishable.
const POINT_FRAGMENT = /* glsl */ `
  uniform float uOpacity;
  uniform float uRing;
  varying vec3 vColor;
  varying float vAlpha;
  void main() {
    vec2 c = gl_PointCoord * 2.0 - 1.0;
    float r2 = dot(c, c);
    if (r2 > 1.0) discard;
    if (uRing > 0.5 && r2 < 0.45) discard;
    float rim = smoothstep(0.72, 0.9, r2);
    gl_FragColor = vec4(mix(vColor, vColor * 0.72, rim), uOpacity * vAlpha);
  }
`;

/** Material of a point cloud: `uSizePx` is the diameter in device pixels. */
export function pointsMaterial(options: { ring?: boolean } = {}): ShaderMaterial {
  return new ShaderMaterial({
    uniforms: {
      uSizePx: { value: 4 },
      uOpacity: { value: 1 },
      uRing: { value: options.ring ? 1 : 0 },
    },
    vertexShader: POINT_VERTEX,
    fragmentShader: POINT_FRAGMENT,
    // Opaque unless dimmed: blending costs a lot of fill rate on software GL.
    transparent: false,
    depthWrite: true,
  });
}

const LINE_VERTEX = /* glsl */ `
  attribute vec3 aColor;
  varying vec3 vColor;
  void main() {
    vColor = aColor;
    gl_Position = projectionMatrix * modelViewMatrix * vec4(position, 1.0);
  }
`;

const LINE_FRAGMENT = /* glsl */ `
  varying vec3 vColor;
  void main() { gl_FragColor = vec4(vColor, 1.0); }
`;

/** Material of lines coloured per vertex (`aColor`). */
export function linesMaterial(): ShaderMaterial {
  return new ShaderMaterial({ vertexShader: LINE_VERTEX, fragmentShader: LINE_FRAGMENT });
}

/**
 * Sets a point material's size (CSS px × device pixel ratio) and opacity. `perPointAlpha` when
 * the points carry their own opacity (blended, without writing depth); `depthTest` false when
 * the draw order decides what is on top (the strongest points last).
 */
export function setPointStyle(
  m: ShaderMaterial,
  sizeCssPx: number,
  dpr: number,
  opacity = 1,
  options: { perPointAlpha?: boolean; depthTest?: boolean } = {},
) {
  const u = m.uniforms as { uSizePx: { value: number }; uOpacity: { value: number } };
  u.uSizePx.value = sizeCssPx * dpr;
  u.uOpacity.value = opacity;
  const blended = opacity < 1 || Boolean(options.perPointAlpha);
  if (m.transparent !== blended) m.needsUpdate = true;
  m.transparent = blended;
  m.depthWrite = !blended;
  m.depthTest = options.depthTest ?? true;
}
