// The manifold shape panel's calls (core/shape's diagnostics off the UI thread): for the points
// on screen, the weighted circle fit in the plane of the two largest axes with each point's angle
// and the circularity score, the principal line, and the k-means clusters with k chosen by the
// silhouette; and the circularity of every composite (an atlas statistic). The page derives its
// call types from `ShapeHandlers`.
import { circularity } from '../../core/shape/circularity';
import {
  circularityFromVectors,
  type CircularityFromVectorsInput,
} from '../../core/shape/circularityAll';
import { chooseK } from '../../core/shape/kmeans';
import { principalLine } from '../../core/shape/pca';
import type { DiagnoseRequest, ShapeDiagnostics } from '../../core/shape/diagnostics';
import type { RpcContext } from '../rpc/types';

export const shapeHandlers = {
  /**
   * Diagnostics of points `xyz` ([count, 3]) for the fit points `fit` (indices), weighted by
   * `weights` ([count], e.g. |h|); the circle lies in the plane of axes `plane`.
   */
  async diagnose(args: DiagnoseRequest, ctx: RpcContext): Promise<ShapeDiagnostics> {
    const t0 = performance.now();
    const { xyz, fit, plane } = args;
    const m = fit.length;
    const w = Float64Array.from(fit, (i) => args.weights[i] ?? 0);
    const pts = new Float64Array(m * 3);
    const xy = new Float64Array(m * 2);
    for (let j = 0; j < m; j++) {
      const i = fit[j] ?? 0;
      for (let c = 0; c < 3; c++) pts[j * 3 + c] = xyz[i * 3 + c] ?? 0;
      xy[j * 2] = xyz[i * 3 + plane[0]] ?? 0;
      xy[j * 2 + 1] = xyz[i * 3 + plane[1]] ?? 0;
    }
    const total = w.reduce((s, v) => s + v, 0);
    let circle: ShapeDiagnostics['circle'] = null;
    let line: ShapeDiagnostics['line'] = null;
    let clusters: ShapeDiagnostics['clusters'] = null;
    if (m >= 3 && total > 0) {
      const c = circularity(xy, w);
      if (c.fit) {
        circle = {
          centre: c.fit.centre,
          radius: c.fit.radius,
          rms: c.fit.rms,
          residualShare: c.fit.residualShare,
          angles: Float32Array.from(c.fit.angles),
          score: c.score,
          thinness: c.thinness,
          coverage: c.coverage,
          hole: c.hole,
        };
      }
      ctx.progress('Principal line', 0.3);
      const l = principalLine(pts, 3, w, m);
      line = {
        direction: [l.direction[0] ?? 0, l.direction[1] ?? 0, l.direction[2] ?? 0],
        share: l.share,
        coords: Float32Array.from(l.coords),
      };
      ctx.progress('Clusters', 0.5);
      // Clusters count points, not weight: the firing tip and the body are both places.
      const ck = chooseK(pts, 3, null, { kMin: 2, kMax: Math.min(8, m), seed: args.seed });
      const best = ck.runs[ck.k - 2] ?? ck.runs[0];
      if (best) {
        const labels = new Int32Array(args.count);
        const cen = best.centres;
        for (let i = 0; i < args.count; i++) {
          let bestC = 0;
          let bestD = Infinity;
          for (let c2 = 0; c2 < best.k; c2++) {
            let d = 0;
            for (let a = 0; a < 3; a++) d += ((xyz[i * 3 + a] ?? 0) - (cen[c2 * 3 + a] ?? 0)) ** 2;
            if (d < bestD) [bestC, bestD] = [c2, d];
          }
          labels[i] = bestC;
        }
        clusters = {
          k: ck.k,
          labels,
          ks: ck.runs.map((r) => r.k),
          silhouettes: Array.from(ck.silhouettes),
        };
      }
    }
    const buffers: ArrayBuffer[] = [];
    if (circle) buffers.push(circle.angles.buffer as ArrayBuffer);
    if (line) buffers.push(line.coords.buffer as ArrayBuffer);
    if (clusters) buffers.push(clusters.labels.buffer as ArrayBuffer);
    ctx.transfer(...buffers);
    return { circle, line, clusters, ms: performance.now() - t0 };
  },

  /**
   * The circularity of every composite ([C]) from the eigenvectors the analysis holds
   * (core/shape/circularityAll): an atlas statistic, in seconds for thousands of composites.
   */
  async circularity(
    args: CircularityFromVectorsInput,
    ctx: RpcContext,
  ): Promise<{ circularity: Float32Array; ms: number }> {
    const t0 = performance.now();
    const out = circularityFromVectors(args, ctx.signal, (f) =>
      ctx.progress('Circularity of every composite', f),
    );
    ctx.transfer(out.buffer as ArrayBuffer);
    return { circularity: out, ms: performance.now() - t0 };
  },
};

export type ShapeHandlers = typeof shapeHandlers;
