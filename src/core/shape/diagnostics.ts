// The only owner of what the manifold shape panel asks for and gets back: the request (points,
// weights, the points the shapes are fitted to, the plane of the circle) and the diagnostics —
// circle, principal line, clusters — as plain data, shared by the shape worker (src/compute)
// and the panel (src/ui). Also which plane the circle lies in.

export interface DiagnoseRequest {
  /** [count, 3] the points on screen. */
  xyz: Float32Array;
  count: number;
  /** [count] weights (|value|). */
  weights: Float32Array;
  /** Indices of the points the shapes are fitted to. */
  fit: Int32Array;
  /** The two axes (0 = x, 1 = y, 2 = z) of the circle's plane. */
  plane: [number, number];
  seed: number;
}

export interface ShapeDiagnostics {
  /** The circle fitted to the fit points in the plane; null when none fits. */
  circle: {
    centre: [number, number];
    radius: number;
    rms: number;
    residualShare: number;
    /** Angle of each fit point about the centre, radians. */
    angles: Float32Array;
    score: number;
    thinness: number;
    coverage: number;
    hole: number;
  } | null;
  /** The principal line of the fit points (3-D): direction, share of variance, coordinates. */
  line: { direction: [number, number, number]; share: number; coords: Float32Array } | null;
  /** k-means of the fit points; every point (all shown) labelled by its nearest centre. */
  clusters: { k: number; labels: Int32Array; ks: number[]; silhouettes: number[] } | null;
  ms: number;
}

/**
 * The plane of the circle: the two plotted axes of largest |λ| (ties keep x, y), or — for points
 * that are not on eigenvectors (a manifold CSV) — the two coordinates of largest weighted spread.
 */
export function circlePlane(
  lambdas: readonly [number, number, number] | null,
  xyz: ArrayLike<number>,
  count: number,
  w: ArrayLike<number>,
): [number, number] {
  let score: number[];
  if (lambdas) score = lambdas.map(Math.abs);
  else {
    score = [0, 1, 2].map((a) => {
      let sw = 0;
      let s1 = 0;
      let s2 = 0;
      for (let i = 0; i < count; i++) {
        const wi = w[i] ?? 0;
        const v = xyz[i * 3 + a] ?? 0;
        sw += wi;
        s1 += wi * v;
        s2 += wi * v * v;
      }
      return sw > 0 ? s2 / sw - (s1 / sw) ** 2 : 0;
    });
  }
  const [a, b] = [0, 1, 2].sort((i, j) => (score[j] ?? 0) - (score[i] ?? 0) || i - j);
  return [Math.min(a ?? 0, b ?? 1), Math.max(a ?? 0, b ?? 1)];
}
