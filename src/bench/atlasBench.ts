// The atlas benchmark (window.runAtlasBench on the bench page, driven by scripts/bench-atlas.mjs):
// UMAP of synthetic fingerprints in the real UMAP worker (with how responsive the page stayed),
// hover picking over many points with the spatial grid against a brute-force scan, and the time
// to draw one frame of the atlas's points with three.js in this browser (what a pan or zoom
// costs; hovering does not redraw).
import * as THREE from 'three';
import { fingerprints, FINGERPRINT_DIMS } from '../core/atlas/fingerprint';
import { colours, statScale, sizesByImportance } from '../core/atlas/colorScale';
import { LAYOUT_SEED } from '../compute/umap/layout';
import { seededRandom } from '../core/random';
import { buildGrid, pickNearest, pickNearestBrute } from '../core/atlas/spatialGrid';
import { fitViewport, screenToUmap } from '../core/atlas/viewport';
import { createUmapClient } from '../compute/clients';
import { AtlasScene } from '../scene/atlas/atlasScene';
import { ATLAS_VISUALS } from '../scene/atlas/constants';

export interface AtlasBenchSpec {
  /** Composites laid out by UMAP (the target: 2,048 in ≤ 10 s). */
  umapComposites: number;
  /** Points for picking and drawing (the target: 16k with hover ≤ 50 ms). */
  points: number;
  pickQueries: number;
  renderFrames: number;
}

/**
 * Synthetic spectra [C, K]: 16 families of spectral shapes (decay rate and sign pattern) with
 * per-composite noise, so the fingerprints have structure the way a trained model's do.
 */
function syntheticSpectra(C: number, K: number, seed: number) {
  const r = seededRandom(seed);
  const spectra = new Float32Array(C * K);
  const frob2 = new Float32Array(C);
  for (let k = 0; k < C; k++) {
    const family = k % 16;
    const decay = 0.15 + 0.1 * (family % 4);
    const negativeEvery = 2 + Math.floor(family / 4);
    const scale = Math.exp(2 * (r() - 0.5));
    let f2 = 0;
    for (let i = 0; i < K; i++) {
      const v =
        scale * Math.exp(-decay * i) * (i % negativeEvery === 1 ? -1 : 1) * (1 + 0.2 * (r() - 0.5));
      spectra[k * K + i] = v;
      f2 += v * v;
    }
    frob2[k] = f2;
  }
  return { spectra, frob2 };
}

/** A clumpy 2-D cloud like a UMAP map: clusters of varied size and spread. */
function syntheticMap(n: number, seed: number): Float32Array {
  const r = seededRandom(seed);
  const xy = new Float32Array(2 * n);
  const centres = Array.from({ length: 40 }, () => [r() * 20 - 10, r() * 20 - 10, 0.2 + r()]);
  for (let i = 0; i < n; i++) {
    const [cx, cy, s] = centres[i % centres.length]!;
    const rad = Math.sqrt(-2 * Math.log(1 - r())) * s!;
    const a = 2 * Math.PI * r();
    xy[2 * i] = cx! + rad * Math.cos(a);
    xy[2 * i + 1] = cy! + rad * Math.sin(a);
  }
  return xy;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
}

/** Longest gap between animation frames while `work` runs: how responsive the page stayed. */
async function framesDuring<T>(
  work: Promise<T>,
): Promise<{ value: T; maxFrameGapMs: number; frames: number }> {
  let last = performance.now();
  let maxGap = 0;
  let frames = 0;
  let running = true;
  const tick = () => {
    const now = performance.now();
    maxGap = Math.max(maxGap, now - last);
    last = now;
    frames++;
    if (running) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  const value = await work;
  running = false;
  return { value, maxFrameGapMs: maxGap, frames };
}

async function umapBench(C: number) {
  const K = 64;
  const { spectra, frob2 } = syntheticSpectra(C, K, 11);
  const data = fingerprints(spectra, C, K, frob2);
  let progress = 0;
  const phases = new Set<string>();
  const t0 = performance.now();
  const call = createUmapClient().call(
    'layout',
    { cacheKey: null, useCache: false, data, n: C, dims: FINGERPRINT_DIMS, seed: LAYOUT_SEED },
    {
      onProgress: (phase) => {
        progress++;
        phases.add(phase.replace(/\(epoch.*\)/, '(epoch …)'));
      },
      transfer: [data.buffer],
    },
  );
  const { value, maxFrameGapMs, frames } = await framesDuring(call);
  return {
    composites: C,
    wallMs: Math.round(performance.now() - t0),
    workerMs: Math.round(value.ms),
    progressMessages: progress,
    phases: [...phases],
    mainThread: { frames, maxFrameGapMs: Math.round(maxFrameGapMs) },
  };
}

function pickBench(n: number, queries: number) {
  const xy = syntheticMap(n, 5);
  const t0 = performance.now();
  const grid = buildGrid(xy);
  const buildMs = performance.now() - t0;
  // As on screen: the map fitted to a 1000 × 700 canvas, hit radius in pixels.
  const size = { widthPx: 1000, heightPx: 700 };
  const vp = fitViewport(xy, size, ATLAS_VISUALS.fitPaddingPx);
  const radius = ATLAS_VISUALS.hitRadiusPx / vp.zoom;
  const r = seededRandom(9);
  const at = Array.from({ length: queries }, () => screenToUmap(vp, size, r() * 1000, r() * 700));
  const times: number[] = [];
  let hits = 0;
  let agree = 0;
  for (const [x, y] of at) {
    const s = performance.now();
    const i = pickNearest(grid, x, y, radius);
    times.push(performance.now() - s);
    if (i >= 0) hits++;
  }
  // performance.now() is coarse (and jittered) in the browser: also time the batch as a whole.
  const b0 = performance.now();
  for (const [x, y] of at) pickNearest(grid, x, y, radius);
  const batchMs = performance.now() - b0;
  const bruteQueries = Math.min(500, queries);
  const c0 = performance.now();
  for (let q = 0; q < bruteQueries; q++) {
    const [x, y] = at[q]!;
    if (pickNearestBrute(xy, x, y, radius) === pickNearest(grid, x, y, radius)) agree++;
  }
  const bruteMs = (performance.now() - c0) / bruteQueries;
  times.sort((a, b) => a - b);
  return {
    points: n,
    gridBuildMs: +buildMs.toFixed(2),
    meanPickUs: +((batchMs / queries) * 1000).toFixed(2),
    p99PickMs: +percentile(times, 0.99).toFixed(3),
    maxPickMs: +(times.at(-1) ?? NaN).toFixed(3),
    bruteForcePickMs: +bruteMs.toFixed(3),
    hitRate: +(hits / queries).toFixed(2),
    agreesWithBruteForce: `${agree}/${bruteQueries}`,
  };
}

function renderBench(n: number, frames: number) {
  const canvas = document.createElement('canvas');
  const renderer = new THREE.WebGLRenderer({ canvas, antialias: false });
  renderer.setSize(1000, 700, false);
  const xy = syntheticMap(n, 5);
  const importance = Float32Array.from({ length: n }, (_, i) => Math.exp(Math.sin(i) * 2));
  const atlas = new AtlasScene();
  atlas.setPoints(
    xy,
    colours(statScale('importance', importance), importance),
    sizesByImportance(importance, ATLAS_VISUALS.pointMinPx, ATLAS_VISUALS.pointMaxPx),
  );
  const scene = new THREE.Scene();
  scene.add(atlas.root);
  const camera = new THREE.OrthographicCamera(-500, 500, 350, -350, 0.1, 100);
  const vp = fitViewport(xy, { widthPx: 1000, heightPx: 700 }, 24);
  camera.position.set(vp.centerX, vp.centerY, 10);
  camera.zoom = vp.zoom;
  camera.updateProjectionMatrix();
  const gl = renderer.getContext();
  const pixel = new Uint8Array(4);
  const frame = (highlight: number) => {
    atlas.setHighlight(highlight, [0, 0, 0]);
    renderer.render(scene, camera);
    // Reading a pixel waits for the GPU: the time is the whole frame, not just the submission.
    gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, pixel);
  };
  frame(-1);
  const times: number[] = [];
  for (let f = 0; f < frames; f++) {
    const s = performance.now();
    frame(f % n);
    times.push(performance.now() - s);
  }
  times.sort((a, b) => a - b);
  const info = renderer.info.render;
  const result = {
    points: n,
    drawCallsPerFrame: info.calls,
    medianFrameMs: +percentile(times, 0.5).toFixed(2),
    maxFrameMs: +(times.at(-1) ?? NaN).toFixed(2),
    renderer: (() => {
      const ext = gl.getExtension('WEBGL_debug_renderer_info');
      return String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
    })(),
  };
  atlas.dispose();
  renderer.dispose();
  return result;
}

export async function runAtlasBench(spec: AtlasBenchSpec) {
  const umap = await umapBench(spec.umapComposites);
  const pick = pickBench(spec.points, spec.pickQueries);
  const render = renderBench(spec.points, spec.renderFrames);
  // Hovering costs a pick plus moving an SVG ring (no WebGL frame); panning and zooming cost a
  // frame of all points.
  return { umap, pick, render };
}
