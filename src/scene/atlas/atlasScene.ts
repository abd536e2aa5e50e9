// The only owner of the atlas map's three.js objects: one THREE.Points for every composite (a
// single draw call; per-vertex position, colour, size and emphasis), and a one-vertex THREE.Points
// for the ring around the highlighted composite. (The hover ring is an SVG overlay: hovering
// never redraws the WebGL scene.) Driven imperatively by the map controller; no React state.
import * as THREE from 'three';
import { ATLAS_VISUALS } from './constants';
import { EMPHASIS } from '../../core/atlas/emphasis';
import { createPointsMaterial, createRingMaterial } from './pointsMaterial';

export class AtlasScene {
  readonly root = new THREE.Group();
  private readonly points: THREE.Points<THREE.BufferGeometry, THREE.ShaderMaterial>;
  private readonly ring: THREE.Points<THREE.BufferGeometry, THREE.ShaderMaterial>;
  private n = 0;
  private xy: Float32Array = new Float32Array(0);
  private sizesPx: Float32Array = new Float32Array(0);

  constructor() {
    this.points = new THREE.Points(new THREE.BufferGeometry(), createPointsMaterial());
    // Bounds change with every layout and the camera sees everything it is pointed at:
    // skip three's per-frame frustum test (it would need a bounding sphere of 16k points).
    this.points.frustumCulled = false;
    const ringGeometry = new THREE.BufferGeometry();
    ringGeometry.setAttribute('position', new THREE.BufferAttribute(new Float32Array(3), 3));
    ringGeometry.setAttribute('aColor', new THREE.BufferAttribute(new Float32Array(3), 3));
    ringGeometry.setAttribute('aSizePx', new THREE.BufferAttribute(new Float32Array(1), 1));
    this.ring = new THREE.Points(ringGeometry, createRingMaterial());
    this.ring.frustumCulled = false;
    this.ring.renderOrder = 1;
    this.root.add(this.points, this.ring);
  }

  /** Number of composites drawn. */
  get count(): number {
    return this.n;
  }

  /** New layout: positions ([n, 2] UMAP units), colours ([n, 3] sRGB) and sizes ([n] px). */
  setPoints(xy: Float32Array, colours: Float32Array, sizesPx: Float32Array): void {
    const n = Math.floor(xy.length / 2);
    const position = new Float32Array(n * 3);
    for (let i = 0; i < n; i++) {
      position[3 * i] = xy[2 * i] ?? 0;
      position[3 * i + 1] = xy[2 * i + 1] ?? 0;
    }
    const g = new THREE.BufferGeometry();
    g.setAttribute('position', new THREE.BufferAttribute(position, 3));
    g.setAttribute('aColor', new THREE.BufferAttribute(colours.slice(0, 3 * n), 3));
    g.setAttribute('aSizePx', new THREE.BufferAttribute(sizesPx.slice(0, n), 1));
    g.setAttribute(
      'aEmphasis',
      new THREE.BufferAttribute(new Float32Array(n).fill(EMPHASIS.normal), 1),
    );
    g.setIndex(new THREE.BufferAttribute(identity(n), 1));
    this.points.geometry.dispose();
    this.points.geometry = g;
    this.n = n;
    this.xy = xy;
    this.sizesPx = sizesPx;
    this.setHighlight(-1, [0, 0, 0]);
  }

  /** New colours ([n, 3] sRGB in [0, 1]). */
  setColours(colours: Float32Array): void {
    const attr = this.points.geometry.getAttribute('aColor') as THREE.BufferAttribute | undefined;
    if (!attr || colours.length < 3 * this.n) return;
    (attr.array as Float32Array).set(colours.subarray(0, 3 * this.n));
    attr.needsUpdate = true;
  }

  /**
   * Emphasis per point (EMPHASIS values; null = all normal). Dimmed points are drawn first and
   * emphasised ones last, so what the user looks for is never hidden under the rest.
   */
  setEmphasis(emphasis: Uint8Array | null): void {
    const g = this.points.geometry;
    const attr = g.getAttribute('aEmphasis') as THREE.BufferAttribute | undefined;
    const index = g.getIndex();
    if (!attr || !index) return;
    const values = attr.array as Float32Array;
    const order = index.array as Uint32Array;
    if (!emphasis) {
      values.fill(EMPHASIS.normal);
      order.set(identity(this.n));
    } else {
      let at = 0;
      for (const level of [EMPHASIS.dimmed, EMPHASIS.normal, EMPHASIS.emphasised]) {
        for (let i = 0; i < this.n; i++)
          if ((emphasis[i] ?? EMPHASIS.normal) === level) order[at++] = i;
      }
      for (let i = 0; i < this.n; i++) values[i] = emphasis[i] ?? EMPHASIS.normal;
    }
    attr.needsUpdate = true;
    index.needsUpdate = true;
  }

  /** Diameter (CSS px) a ring around point `index` needs, at its current emphasis. */
  ringDiameterPx(index: number): number {
    const emphasis = this.points.geometry.getAttribute('aEmphasis') as
      THREE.BufferAttribute | undefined;
    const scale = (emphasis?.getX(index) ?? 1) > 1.5 ? ATLAS_VISUALS.emphasisScale : 1;
    return (
      (this.sizesPx[index] ?? 0) * scale + 2 * (ATLAS_VISUALS.ringGapPx + ATLAS_VISUALS.ringWidthPx)
    );
  }

  /** The ring around the highlighted point (-1 = none). */
  setHighlight(index: number, rgb: [number, number, number]): void {
    const g = this.ring.geometry;
    const pos = g.getAttribute('position') as THREE.BufferAttribute;
    const col = g.getAttribute('aColor') as THREE.BufferAttribute;
    const size = g.getAttribute('aSizePx') as THREE.BufferAttribute;
    const valid = index >= 0 && index < this.n;
    pos.setXYZ(
      0,
      valid ? (this.xy[2 * index] ?? 0) : 0,
      valid ? (this.xy[2 * index + 1] ?? 0) : 0,
      0,
    );
    col.setXYZ(0, rgb[0], rgb[1], rgb[2]);
    // Size 0 hides the ring (gl_PointSize 0 draws nothing). Sized for an emphasised point, so it
    // clears the point whatever the search does.
    size.setX(
      0,
      valid
        ? (this.sizesPx[index] ?? 0) * ATLAS_VISUALS.emphasisScale +
            2 * (ATLAS_VISUALS.ringGapPx + ATLAS_VISUALS.ringWidthPx)
        : 0,
    );
    pos.needsUpdate = true;
    col.needsUpdate = true;
    size.needsUpdate = true;
  }

  /** Device pixels per CSS pixel (point sizes are in CSS pixels). */
  setPixelRatio(ratio: number): void {
    const p = this.points.material.uniforms.uPixelRatio;
    const r = this.ring.material.uniforms.uPixelRatio;
    if (p) p.value = ratio;
    if (r) r.value = ratio;
  }

  dispose(): void {
    this.points.geometry.dispose();
    this.points.material.dispose();
    this.ring.geometry.dispose();
    this.ring.material.dispose();
  }
}

function identity(n: number): Uint32Array {
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}
