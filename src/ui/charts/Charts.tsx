// Small SVG charts for panels: a histogram (linear or log counts) and a line chart with an
// optional marker. Text (axis labels, values) is rendered as SVG text, never HTML.

const W = 360;
const H = 150;
const PAD = { left: 44, right: 10, top: 10, bottom: 30 };

function ticks(lo: number, hi: number, count = 4): number[] {
  if (!(hi > lo)) return [lo];
  return Array.from({ length: count + 1 }, (_, i) => lo + ((hi - lo) * i) / count);
}

function fmt(v: number): string {
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return v.toExponential(1);
  return Number(v.toPrecision(3)).toString();
}

export interface HistogramProps {
  counts: readonly number[];
  lo: number;
  hi: number;
  xLabel: string;
  log?: boolean;
  /** Accessible name of the chart. */
  title: string;
  testId?: string;
}

/** Bars of `counts` over [lo, hi]; log counts use log10(1 + n). */
export function HistogramChart({
  counts,
  lo,
  hi,
  xLabel,
  log = false,
  title,
  testId,
}: HistogramProps) {
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const scale = (n: number) => (log ? Math.log10(1 + n) : n);
  const top = Math.max(1e-9, ...counts.map(scale));
  const bw = plotW / Math.max(1, counts.length);
  const total = counts.reduce((s, n) => s + n, 0);
  return (
    <svg
      viewBox={`0 0 ${W} ${H}`}
      className="chart"
      role="img"
      aria-label={title}
      data-testid={testId}
    >
      <title>{title}</title>
      {counts.map((n, i) => {
        const h = (scale(n) / top) * plotH;
        const from = lo + ((hi - lo) * i) / counts.length;
        return (
          <rect
            key={i}
            x={PAD.left + i * bw}
            y={PAD.top + plotH - h}
            width={Math.max(0.5, bw - 0.5)}
            height={h}
            className="bar"
          >
            <title>{`${fmt(from)} – ${fmt(from + (hi - lo) / counts.length)}: ${n} of ${total}`}</title>
          </rect>
        );
      })}
      <line
        x1={PAD.left}
        y1={PAD.top + plotH}
        x2={W - PAD.right}
        y2={PAD.top + plotH}
        className="axis"
      />
      {ticks(lo, hi).map((t) => (
        <text
          key={t}
          x={PAD.left + ((t - lo) / (hi - lo || 1)) * plotW}
          y={H - 16}
          className="tick"
          textAnchor="middle"
        >
          {fmt(t)}
        </text>
      ))}
      <text x={PAD.left + plotW / 2} y={H - 2} className="axis-label" textAnchor="middle">
        {xLabel}
      </text>
      <text x={4} y={PAD.top + 8} className="axis-label">
        {log ? 'log count' : 'count'}
      </text>
    </svg>
  );
}

export interface LineChartProps {
  xs: ArrayLike<number>;
  ys: ArrayLike<number>;
  xLabel: string;
  yLabel: string;
  title: string;
  /** x of a vertical marker (e.g. the chosen prefix length). */
  marker?: number | null;
  /** Clicking the plot picks the nearest x. */
  onPick?: (x: number) => void;
  testId?: string;
}

/** A polyline of (xs, ys) with axis ticks. */
export function LineChart({
  xs,
  ys,
  xLabel,
  yLabel,
  title,
  marker,
  onPick,
  testId,
}: LineChartProps) {
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  let x0 = Infinity;
  let x1 = -Infinity;
  let y0 = Infinity;
  let y1 = -Infinity;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i] ?? NaN;
    const y = ys[i] ?? NaN;
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    x0 = Math.min(x0, x);
    x1 = Math.max(x1, x);
    y0 = Math.min(y0, y);
    y1 = Math.max(y1, y);
  }
  if (!Number.isFinite(x0)) return <p className="muted">No data.</p>;
  if (y1 === y0) y1 = y0 + 1;
  if (x1 === x0) x1 = x0 + 1;
  const px = (x: number) => PAD.left + ((x - x0) / (x1 - x0)) * plotW;
  const py = (y: number) => PAD.top + plotH - ((y - y0) / (y1 - y0)) * plotH;
  let d = '';
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i] ?? NaN;
    const y = ys[i] ?? NaN;
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    d += `${d ? 'L' : 'M'}${px(x).toFixed(1)},${py(y).toFixed(1)}`;
  }
  return (
    <svg
      viewBox={`0 0 ${W} ${H}`}
      className={onPick ? 'chart pickable' : 'chart'}
      role="img"
      aria-label={title}
      data-testid={testId}
      onClick={(e) => {
        if (!onPick) return;
        const box = e.currentTarget.getBoundingClientRect();
        const x = ((e.clientX - box.left) / box.width) * W;
        onPick(x0 + ((x - PAD.left) / plotW) * (x1 - x0));
      }}
    >
      <title>{title}</title>
      <path d={d} className="line" fill="none" />
      {marker !== null && marker !== undefined && (
        <line
          x1={px(marker)}
          x2={px(marker)}
          y1={PAD.top}
          y2={PAD.top + plotH}
          className="marker"
        />
      )}
      <line
        x1={PAD.left}
        y1={PAD.top + plotH}
        x2={W - PAD.right}
        y2={PAD.top + plotH}
        className="axis"
      />
      <line x1={PAD.left} y1={PAD.top} x2={PAD.left} y2={PAD.top + plotH} className="axis" />
      {ticks(x0, x1).map((t) => (
        <text key={`x${t}`} x={px(t)} y={H - 16} className="tick" textAnchor="middle">
          {fmt(t)}
        </text>
      ))}
      {ticks(y0, y1, 3).map((t) => (
        <text key={`y${t}`} x={PAD.left - 4} y={py(t) + 3} className="tick" textAnchor="end">
          {fmt(t)}
        </text>
      ))}
      <text x={PAD.left + plotW / 2} y={H - 2} className="axis-label" textAnchor="middle">
        {xLabel}
      </text>
      <text x={PAD.left + 4} y={PAD.top + 8} className="axis-label">
        {yLabel}
      </text>
    </svg>
  );
}
