// A composite's manifold in 2-D, small (token view cards): its top probe rows by |h| on its two
// largest-|λ| eigenvectors as dots coloured by h (the manifold's value scale), and one input
// marked with a ring — a new point for the user's own rows. SVG, drawn from ui/token/tokenData.
import { cssRgb } from '../../core/colorRamp';
import type { MiniProjection } from './tokenData';

/** Side of the plot in CSS pixels, padding inside it, dot and mark radii. */
const MINI = { sizePx: 128, padPx: 8, dotPx: 2, markPx: 6 } as const;

export function MiniManifold({
  projection,
  label,
  own,
}: {
  projection: MiniProjection;
  label: string;
  /** The marked input is not a probe row (drawn as a new point). */
  own: boolean;
}) {
  const { xy, rgb, marked, bounds } = projection;
  const [xmin, xmax, ymin, ymax] = bounds;
  const span = Math.max(xmax - xmin, ymax - ymin, 1e-9);
  const inner = MINI.sizePx - 2 * MINI.padPx;
  const cx = (xmin + xmax) / 2;
  const cy = (ymin + ymax) / 2;
  const sx = (x: number) => MINI.sizePx / 2 + ((x - cx) / span) * inner;
  // Screen y grows downwards: flip, so u₂ points up as in the 3-D view.
  const sy = (y: number) => MINI.sizePx / 2 - ((y - cy) / span) * inner;
  const dots = [];
  for (let i = 0; i < xy.length / 2; i++) {
    dots.push(
      <circle
        key={i}
        cx={sx(xy[2 * i] as number).toFixed(1)}
        cy={sy(xy[2 * i + 1] as number).toFixed(1)}
        r={MINI.dotPx}
        fill={cssRgb([rgb[3 * i] as number, rgb[3 * i + 1] as number, rgb[3 * i + 2] as number])}
      />,
    );
  }
  const mx = sx(marked[0]);
  const my = sy(marked[1]);
  return (
    <svg
      className="mini-manifold"
      width={MINI.sizePx}
      height={MINI.sizePx}
      viewBox={`0 0 ${MINI.sizePx} ${MINI.sizePx}`}
      role="img"
      aria-label={label}
      data-testid="mini-manifold"
      data-marked={`${marked[0].toFixed(4)},${marked[1].toFixed(4)}`}
    >
      <title>{label}</title>
      {dots}
      <circle
        className={own ? 'mini-mark own' : 'mini-mark'}
        cx={mx.toFixed(1)}
        cy={my.toFixed(1)}
        r={MINI.markPx}
      />
      <line className="mini-mark" x1={mx - 9} x2={mx - 5} y1={my} y2={my} />
      <line className="mini-mark" x1={mx + 5} x2={mx + 9} y1={my} y2={my} />
    </svg>
  );
}
