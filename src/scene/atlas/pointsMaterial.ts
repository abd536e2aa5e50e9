// The only owner of the atlas's point shaders: round, anti-aliased points sized in pixels per
// vertex, coloured per vertex (sRGB, written as is, so they match the CSS legend), dimmed or
// emphasised per vertex; and the hollow rings that mark the hovered and highlighted points.
import * as THREE from 'three';
import { ATLAS_VISUALS } from './constants';

const pointsVertex = /* glsl */ `
attribute vec3 aColor;
attribute float aSizePx;
attribute float aEmphasis;
uniform float uPixelRatio;
uniform float uDimAlpha;
uniform float uEmphasisScale;
varying vec3 vColor;
varying float vAlpha;
varying float vSizePx;
void main() {
  gl_Position = projectionMatrix * modelViewMatrix * vec4(position, 1.0);
  float size = aSizePx * (aEmphasis > 1.5 ? uEmphasisScale : 1.0);
  vSizePx = size * uPixelRatio;
  gl_PointSize = vSizePx;
  vColor = aColor;
  vAlpha = aEmphasis < 0.5 ? uDimAlpha : 1.0;
}
`;

const pointsFragment = /* glsl */ `
uniform float uRimFraction;
varying vec3 vColor;
varying float vAlpha;
varying float vSizePx;
void main() {
  float r = length(gl_PointCoord * 2.0 - 1.0);
  // One device pixel of anti-aliasing at the edge, whatever the point size.
  float aa = 2.0 / max(vSizePx, 1.0);
  float alpha = 1.0 - smoothstep(1.0 - aa, 1.0, r);
  if (alpha <= 0.0) discard;
  // A darker rim keeps overlapping points apart.
  vec3 c = mix(vColor, vColor * 0.55, smoothstep(1.0 - uRimFraction - aa, 1.0 - uRimFraction, r));
  gl_FragColor = vec4(c, alpha * vAlpha);
}
`;

/** The material of the composites' points (one draw call for all of them). */
export function createPointsMaterial(): THREE.ShaderMaterial {
  return new THREE.ShaderMaterial({
    vertexShader: pointsVertex,
    fragmentShader: pointsFragment,
    uniforms: {
      uPixelRatio: { value: 1 },
      uDimAlpha: { value: ATLAS_VISUALS.dimAlpha },
      uEmphasisScale: { value: ATLAS_VISUALS.emphasisScale },
      uRimFraction: { value: ATLAS_VISUALS.rimFraction },
    },
    transparent: true,
    depthTest: false,
    depthWrite: false,
  });
}

const ringVertex = /* glsl */ `
attribute vec3 aColor;
attribute float aSizePx;
uniform float uPixelRatio;
varying vec3 vColor;
varying float vSizePx;
void main() {
  gl_Position = projectionMatrix * modelViewMatrix * vec4(position, 1.0);
  vSizePx = aSizePx * uPixelRatio;
  gl_PointSize = vSizePx;
  vColor = aColor;
}
`;

const ringFragment = /* glsl */ `
uniform float uRingWidthPx;
uniform float uPixelRatio;
varying vec3 vColor;
varying float vSizePx;
void main() {
  float rPx = length(gl_PointCoord * 2.0 - 1.0) * vSizePx * 0.5;
  float outer = vSizePx * 0.5;
  float inner = outer - uRingWidthPx * uPixelRatio;
  float alpha = smoothstep(inner - 1.0, inner, rPx) * (1.0 - smoothstep(outer - 1.0, outer, rPx));
  if (alpha <= 0.0) discard;
  gl_FragColor = vec4(vColor, alpha);
}
`;

/** The material of the hover / highlight rings (a second, two-vertex draw). */
export function createRingMaterial(): THREE.ShaderMaterial {
  return new THREE.ShaderMaterial({
    vertexShader: ringVertex,
    fragmentShader: ringFragment,
    uniforms: {
      uPixelRatio: { value: 1 },
      uRingWidthPx: { value: ATLAS_VISUALS.ringWidthPx },
    },
    transparent: true,
    depthTest: false,
    depthWrite: false,
  });
}
